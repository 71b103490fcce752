"""The library's matrix products, on one BLAS thread.

numpy hands every matrix product to its BLAS (OpenBLAS in the book's environment), which
splits a product of ``SPLIT_AT`` multiply-adds or more over threads, up to as many as the
machine has cores, and waits for the last of them. The products of this library are small: the
largest of the digits chapter, the whole training set's forward pass that ``train`` records
once an epoch, is 32 × 64 × 1,077 ≈ 2.2 million multiply-adds, a fifth of a millisecond on one
core. When other work keeps the cores busy, the second thread waits for a core, and the
product waits for it: on the project's 2-core machine under load, that product took about
23 ms on two threads and 0.19 ms on one, and the chapter's whole training run three to five
times as long as on one thread (``benchmarks/speed.py`` measures the library on a pinned
number of threads). On an idle machine a second thread can at best halve a product's time:
a tenth of a millisecond for the book's largest.

So the passes (``forward``, ``backward``, ``loss_of``, ``train``, the gradient checks) run
their products on one thread when any of them is large enough to be split, through
threadpoolctl, and give BLAS its threads back when they return. All of them, so that a pass
gives the same numbers wherever it is called: the loss ``train`` records is the one
``loss_of`` gives for the same network, to the last bit.

The numbers are one thread's. A product that OpenBLAS splits differs from one thread's in the
last bit of a few entries of its last columns (measured: 96 of the 34,464 entries of the
digits chapter's 32 × 64 × 1,077 product, and the same on two, three or four threads); so a
loss of a whole large set can differ by a unit in its last place from the same loss computed
before this limit, and a gradient summed over it in its last digits (up to 3.5e-14 relative,
over the digits' whole training set). Nothing a lesson stores changed (nbval compares them
all), and no network the book trains did: its steps' products, a mini-batch's or a small full
batch's, are too small to be split, on one thread before as now. (A full batch large enough
to be split now steps with one thread's numbers too.)

While a pass runs, the limit holds for the whole process (OpenBLAS keeps one pool of threads):
a product another thread computes then runs on one thread too, and so do the products of
``train``'s ``on_record`` during the run.
"""

from __future__ import annotations

from contextlib import nullcontext

from threadpoolctl import ThreadpoolController

#: The size from which OpenBLAS splits a matrix product over threads, in multiply-adds: it gives
#: each thread at least ``SMP_THRESHOLD_MIN`` × ``GEMM_MULTITHREAD_THRESHOLD`` = 65,536 × 4 of
#: them, so it splits over two from twice that (measured here: 64·64·128 multiply-adds on two
#: threads, 64·64·80 on one). Below it every product runs on one thread already, and limiting
#: would only cost time (about 30 µs a pass).
SPLIT_AT = 2 * 65_536 * 4

_controller: ThreadpoolController | None = None  # the process's BLAS libraries, found once


def largest_product(sizes, m: int) -> int:
    r"""The multiply-adds of the largest matrix product of a pass over ``m`` samples through
    layers of ``sizes`` :math:`(n_0, \dots, n_L)`: :math:`m \max_\ell n_\ell n_{\ell-1}` (the
    forward product :math:`W^\ell a^{\ell-1}` and the backward ones, :math:`(W^\ell)^\top
    \delta^\ell` and :math:`\delta^\ell (a^{\ell-1})^\top`, all have it). A stack multiplies
    each network's matrices apart: the same count."""
    return m * max(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def one_thread(multiply_adds: int):
    """A context in which BLAS computes on one thread, for work whose largest product has
    ``multiply_adds`` multiply-adds; nothing at all below ``SPLIT_AT``. On leaving, BLAS has
    the threads it had before."""
    global _controller
    if multiply_adds < SPLIT_AT:
        return nullcontext()
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
