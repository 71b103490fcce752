r"""Many networks of one shape, side by side: one network per seed or per learning rate.

A study over hundreds of random starts trains the same small network hundreds of times. One
at a time, every step pays Python's overhead for a handful of tiny matrix products; stacked
along a new leading axis, one numpy call does the work of all of them. In a :class:`Stack`
of :math:`N` networks, ``W[ℓ]`` has shape ``(N, n_ℓ, n_{ℓ-1})`` and ``b[ℓ]`` shape
``(N, n_ℓ, 1)`` or ``(N, 1, 1)``: network :math:`k` is ``W[ℓ][k]``, ``b[ℓ][k]``.

Nothing else is particular to stacks. :func:`backprop_lib.forward`, :func:`backprop_lib.backward`,
:func:`backprop_lib.loss_of` and :func:`backprop_lib.train` take a stack wherever they take a
network, and compute with the very same lines: numpy's ``@`` multiplies every
:math:`W^\ell_k` by its own :math:`a^{\ell-1}_k`, and ``.mT`` transposes every matrix of the
stack. Every network sees the same inputs ``x``; each array of a stack's trace and gradients
has the network index first.
"""

from __future__ import annotations

import numpy as np

from ._validate import is_sequence, read_only
from .network import Layered, Network


class Stack(Layered):
    """``N`` networks of one shape, their parameters stacked along a leading axis. Make one with
    :func:`stack`; :meth:`network` and :func:`unstack` give the networks back."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        raise TypeError("Stack: make one with backprop_lib.stack([net, net, ...])")

    @property
    def n_networks(self) -> int:
        """:math:`N`, the number of stacked networks."""
        return self.W[1].shape[0]

    def network(self, k: int) -> Network:
        """Network ``k`` of the stack (``0 <= k < N``), as a :class:`~backprop_lib.Network`."""
        if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or not 0 <= k < self.n_networks:
            raise ValueError(f"k: expected a whole number from 0 to {self.n_networks - 1}, got {k!r:.40}")
        return Network(
            [w[k] for w in self.W],
            [None if b is None else b[k] for b in self.b],
            tuple(self.activation),
            self.frozen,
        )

    def __reduce__(self):
        """Copied, deep-copied and pickled as its networks, stacked again by :func:`stack`."""
        return stack, (unstack(self),)

    def __repr__(self) -> str:
        return f"Stack of {self.n_networks} × {self._describe()}"


def stack(nets) -> Stack:
    r"""Stack networks of one shape: :math:`W^\ell = [W^\ell_0, W^\ell_1, \dots, W^\ell_{N-1}]`
    along a new leading axis, and the biases likewise.

    ``nets``: a non-empty list of :class:`~backprop_lib.Network` with the same layer sizes,
    activations, bias modes and frozen parameters; otherwise ``TypeError`` or ``ValueError``
    naming the first that differs."""
    if isinstance(nets, (Network, Stack)) or not is_sequence(nets) or not len(nets):
        raise TypeError(f"nets: expected a non-empty list of Networks, got {type(nets).__name__}")
    nets = list(nets)
    for k, net in enumerate(nets):
        if not isinstance(net, Network):
            raise TypeError(f"nets[{k}]: expected a Network, got {type(net).__name__}")
    first = nets[0]
    for k, net in enumerate(nets[1:], start=1):
        if net._architecture() != first._architecture():
            raise ValueError(
                f"nets[{k}]: expected the shape of nets[0] (sizes, activations, bias modes, frozen) "
                f"{first._architecture()}, got {net._architecture()}"
            )
    weights = [np.stack([net.W[layer] for net in nets]) for layer, _ in first.W.numbered()]
    biases = [None if b is None else np.stack([net.b[layer] for net in nets]) for layer, b in first.b.numbered()]
    weights = [read_only(w) for w in weights]
    biases = [None if b is None else read_only(b) for b in biases]
    return Stack._trusted(weights, biases, first.activation, first.frozen)


def unstack(stacked: Stack) -> list:
    """The networks of a stack, ``[network 0, network 1, ...]``: the inverse of :func:`stack`."""
    if not isinstance(stacked, Stack):
        raise TypeError(f"stacked: expected a Stack (from stack), got {type(stacked).__name__}")
    return [stacked.network(k) for k in range(stacked.n_networks)]
