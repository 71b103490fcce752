r"""Checkers for the code a reader writes: each runs the reader's own function on random
networks (or, for the scalar autograd, random operations and expressions), compares what it
gives with the library, and says either that the two agree to round-off or exactly where they
first part: which network, which array, which entry, both values and their difference.

The reader's functions take and return plain numpy arrays, in lists indexed by the layer number
ℓ as the book's own passes are (chapter 6): ``W[l]`` is :math:`W^\ell`, shape
``(n_ℓ, n_{ℓ-1})``; ``b[l]`` is :math:`b^\ell`, a column ``(n_ℓ, 1)``; ``f[l]`` and
``f_prime[l]`` are layer ℓ's activation and its derivative, functions of :math:`Z^\ell`
(``bl.tanh`` and ``bl.tanh_prime``, ...); entry 0 of these lists is ``None``. A batch has one
column per sample: ``X`` is ``(n_0, m)`` and ``Y`` is ``(n_L, m)``; ``Z[l]``, ``A[l]`` and
``Delta[l]`` (:math:`\Delta^\ell`) are ``(n_ℓ, m)``, with ``A[0] = X``; ``dW[l]`` and ``db[l]``
have their parameter's shape. Each function returns new arrays and leaves its arguments as
they came.

=============================================================  ====================================
the reader writes                                               checked by
=============================================================  ====================================
``forward(W, b, f, X)`` returning ``(Z, A)``                    :func:`check_forward`
``backward(W, f_prime, Z, A, Y)`` returning                     :func:`check_backward`, for one
``(Delta, dW, db)``: BP1 to BP4 for one loss                    loss of ``LOSSES``
``update(W, b, dW, db, lr)`` returning ``(W, b)``, new lists    :func:`check_update`
``train(W, b, f, f_prime, X, Y, X_held, Y_held, lr, epochs,``   :func:`check_train`
``batch_size, rng)`` returning ``(W, b, held)``
a class ``Value`` (chapter 2's scalar autograd)                 :func:`check_value`
=============================================================  ====================================

``train`` draws each epoch's order of the samples as ``rng.permutation(m)`` and takes one step
per slice ``order[k:k + batch_size]``, as :func:`~backprop_lib.minibatches` does;
``held`` lists the loss on the held-out samples before the first epoch and after each
(``epochs + 1`` numbers). Then it takes the very steps of :func:`~backprop_lib.train` with
that seed, and is compared with it.

Each checker returns a :class:`Verdict`, whose text is the verdict. The random networks come
from ``seed``: the same seed, the same networks and the same verdict. Two arrays agree when
every entry is within :data:`TOLERANCE` of the library's, relative to the larger of the two
arrays' largest entries: round-off is about 1e-16 there, a mistake about 1e-3 or more.
"""

from __future__ import annotations

import html
import os
import traceback
from dataclasses import dataclass, replace

import numpy as np

from ._validate import describe, function, one_of, seed as check_seed
from .activations import identity, identity_prime, relu, relu_prime, sigmoid, sigmoid_prime, softmax, tanh, tanh_prime
from .autograd import Value as BookValue
from .backprop import forward as forward_pass, gradients, loss_of
from .losses import LOSSES
from .network import Network
from .optimizers import sgd_step
from .training import train as train_run

#: Two arrays agree when every entry is within this of the library's, relative to the larger of
#: the two arrays' largest entries (a number: relative to the larger of 1 and the library's).
TOLERANCE = 1e-10

#: The shapes of the random networks, ``(sizes, m)``: the first is chapter 6's, the rest go from
#: one layer to four, from one sample to seven, with square weight matrices among them (where a
#: transposed matrix raises no error) and a hidden layer of one unit.
SHAPES = (((3, 4, 2), 5), ((2, 3), 4), ((4, 3, 3, 2), 1), ((2, 2, 2), 3), ((3, 5, 4, 3, 2), 6), ((1, 6, 2), 7),
          ((5, 1, 4), 2), ((3, 3), 3))
#: The training runs of :func:`check_train`: ``(sizes, m, batch_size, epochs, lr)``; the last
#: batch of an epoch is smaller when ``batch_size`` does not divide ``m``.
RUNS = (((3, 4, 2), 10, 4, 3, 0.5), ((2, 5, 3, 2), 7, 3, 2, 0.3), ((4, 2), 6, 6, 3, 0.5))
HELD_OUT = 5
HIDDEN = ("sigmoid", "tanh", "relu", "identity")
#: The output layers drawn for each loss: bce needs probabilities from a sigmoid, ce from softmax.
OUTPUT = {"half_sse": ("sigmoid", "tanh", "identity"), "mse": ("sigmoid", "tanh", "identity"), "bce": ("sigmoid",),
          "ce": ("softmax",)}
#: How each loss adds up over the batch: what a gradient too large or too small by a factor misses.
ADDS_UP = {"half_sse": "sums over the samples and the outputs, ½ Σ (ŷ − y)²",
           "mse": "averages over the n_L·m entries, (1/(n_L·m)) Σ (ŷ − y)², whose derivative brings a 2",
           "bce": "averages over the n_L·m entries", "ce": "averages over the m samples"}
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _softmax_prime(z):
    raise ValueError("softmax has no element-wise derivative f'(Z) (its derivative is a Jacobian per sample): with "
                     "cross-entropy, BP1 gives the output error directly, Delta[L] = (A[L] - Y) / m")


#: The functions handed to the reader, ``f[l]`` and ``f_prime[l]``: the library's public ones.
FUNCTIONS = {"sigmoid": (sigmoid, sigmoid_prime), "tanh": (tanh, tanh_prime), "relu": (relu, relu_prime),
             "identity": (identity, identity_prime), "softmax": (softmax, _softmax_prime)}


@dataclass(frozen=True, eq=False)
class Verdict:
    """What a checker found. Its text (``repr``) is the verdict.

    ``agrees``: whether the reader's code agrees with the library everywhere it was run;
    ``largest``: the largest relative difference over the arrays compared before the verdict;
    for a disagreement, ``quantity`` names the array (``"Delta[1]"``) or the operation,
    ``entry`` its index, ``yours`` and ``library`` the two values there; ``error`` is the
    exception the reader's code raised, if it raised one (``raise verdict.error`` shows its
    traceback); ``arguments`` the arguments of the call that went wrong, to call it again:
    ``backward(*verdict.arguments)``."""

    what: str
    agrees: bool
    message: str
    largest: float = 0.0
    quantity: str | None = None
    entry: tuple | None = None
    yours: float | None = None
    library: float | None = None
    error: Exception | None = None
    arguments: tuple | None = None

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.agrees else "#cf222e"
        return (f'<pre style="white-space: pre-wrap; border-left: 4px solid {colour}; padding-left: 0.6em">'
                f"{html.escape(self.message)}</pre>")


class _Disagreement(Exception):
    """Where the reader's code first parts from the library: the verdict's text and fields."""

    def __init__(self, message: str, **fields):
        super().__init__(message)
        self.message, self.fields = message, fields


# ---- the random networks ----------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class _Problem:
    number: int
    count: int
    net: Network
    x: np.ndarray
    y: np.ndarray
    x_held: np.ndarray | None = None
    y_held: np.ndarray | None = None
    run: str = ""  # for a training run: its batches, epochs, rate and rng

    def __str__(self) -> str:
        acts = ", ".join(self.net.activation)
        return (f"network {self.number} of {self.count} (sizes {'-'.join(map(str, self.net.sizes))}, {acts}; "
                f"m = {self.x.shape[1]} samples{self.run})")

    def lists(self):
        """Fresh copies of ``W``, ``b``, ``f``, ``f_prime``, indexed by ℓ (entry 0 ``None``)."""
        f = [None, *(FUNCTIONS[name][0] for name in self.net.activation)]
        f_prime = [None, *(FUNCTIONS[name][1] for name in self.net.activation)]
        return [None, *(w.copy() for w in self.net.W)], [None, *(v.copy() for v in self.net.b)], f, f_prime


def _targets(loss: str, rng, n: int, m: int) -> np.ndarray:
    if loss == "ce":
        return np.eye(n)[:, rng.integers(n, size=m)]  # one class per sample
    return rng.uniform(size=(n, m))


def _problems(loss: str, seed: int, shapes=SHAPES, held: int = 0) -> list:
    """One :class:`_Problem` per shape, drawn from ``np.random.default_rng(seed)``: activations
    (the first network tanh, then the loss's first output layer, as chapter 6's), weights,
    biases (not zero: a forgotten bias must show), inputs and targets, and ``held`` held-out
    samples."""
    rng = np.random.default_rng(seed)
    problems = []
    for number, (sizes, m) in enumerate(shapes, start=1):
        L = len(sizes) - 1
        if number == 1:
            acts = ["tanh"] * (L - 1) + [OUTPUT[loss][0]]
        else:
            acts = [str(rng.choice(HIDDEN)) for _ in range(L - 1)] + [str(rng.choice(OUTPUT[loss]))]
        weights = [rng.normal(0.0, 1.5 / np.sqrt(n_in), (n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        biases = [rng.normal(0.0, 0.5, n_out) for n_out in sizes[1:]]
        x, y = rng.normal(size=(sizes[0], m)), _targets(loss, rng, sizes[-1], m)
        x_held = y_held = None
        if held:
            x_held, y_held = rng.normal(size=(sizes[0], held)), _targets(loss, rng, sizes[-1], held)
        problems.append(_Problem(number, len(shapes), Network(weights, biases, acts), x, y, x_held, y_held))
    return problems


# ---- calling the reader's code ----------------------------------------------------------------
def _where(error: BaseException) -> str:
    """The line of the reader's code where ``error`` was raised (numpy's and this library's own
    frames left out), as `` (in backward: `line`)``."""
    skip = (os.path.dirname(os.path.abspath(__file__)), os.path.dirname(os.path.abspath(np.__file__)))
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not os.path.abspath(f.filename).startswith(skip)]
    if not frames:
        return ""
    last = frames[-1]
    return f" (in {last.name}: `{last.line}`)" if last.line else f" (in {last.name})"


def _copied(value):
    """A copy of an argument: a list (its arrays copied) or an array; anything else itself."""
    if isinstance(value, list):
        return [v.copy() if isinstance(v, np.ndarray) else v for v in value]
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def _first_change(name: str, now: np.ndarray, was: np.ndarray) -> str | None:
    if now.shape != was.shape:
        return f"{name} (its shape was {was.shape}, is now {now.shape})"
    if np.array_equal(now, was, equal_nan=True):
        return None
    idx = tuple(int(i) for i in np.argwhere(~((now == was) | (np.isnan(now) & np.isnan(was))))[0])
    return f"{name}: {name}{list(idx)} was {was[idx]:.6g}, is now {now[idx]:.6g}"


def _change(name: str, value, before) -> str | None:
    """How argument ``name`` differs from its copy ``before``: a list that holds other objects
    or other numbers, or an array with other numbers; ``None`` if it is as it came."""
    if isinstance(before, np.ndarray):
        return _first_change(name, value, before)
    if isinstance(before, tuple):  # a list: (its entries, copies of them)
        items, copies = before
        if len(value) != len(items):
            return f"{name} (the list: it held {len(items)} entries, now {len(value)})"
        for l, (v, w) in enumerate(zip(value, items)):
            if v is not w:
                return f"{name} (the list: {name}[{l}] is now another object than the one passed in)"
        for l, (v, was) in enumerate(zip(value, copies)):
            if isinstance(was, np.ndarray):
                found = _first_change(f"{name}[{l}]", v, was)
                if found:
                    return found
    return None


def _call(problem, what: str, fn, args: dict, called: list, again=None):
    """``fn(*args.values())``, the reader's function; raises a :class:`_Disagreement` if it
    raises, or changes an argument. Copies of the arguments (``again``, if given) go into
    ``called``, for the verdict to keep."""
    kept = tuple(_copied(v) for v in args.values()) if again is None else again
    called.append(kept)
    before = {name: (list(v), [_copied(w) for w in v]) if isinstance(v, list) else _copied(v)
              for name, v in args.items() if isinstance(v, (list, np.ndarray))}
    try:
        result = fn(*args.values())
    except Exception as err:  # the reader's code: any error is the verdict
        first_line = str(err).splitlines()[0] if str(err) else ""
        raise _Disagreement(f"✗ {what} raised {type(err).__name__} on {problem}: {first_line}{_where(err)}.",
                            error=err) from None
    for name, was in before.items():
        found = _change(name, args[name], was)
        if found:
            raise _Disagreement(
                f"✗ {what} changed its argument {found}, on {problem}. Leave the arguments as they came: make "
                f"new arrays and lists (W[l] - lr * dW[l] is a new array; W[l] -= lr * dW[l] changes W[l]).",
                quantity=name)
    return result


def _unpack(result, what: str, names: tuple, problem):
    """The reader's result as the tuple ``names`` it should be, or a :class:`_Disagreement`."""
    wanted = f"the {len(names)} values ({', '.join(names)}), as `return {', '.join(names)}`"
    if isinstance(result, list) and any(isinstance(v, np.ndarray) for v in result):
        raise _Disagreement(f"✗ {what} returned one list of {len(result)} arrays on {problem}; expected {wanted}.")
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        got = describe(result) if not isinstance(result, (tuple, list)) else f"{len(result)} values"
        raise _Disagreement(f"✗ {what} returned {got} on {problem}; expected {wanted}.")
    return result


def _layers(value, what: str, name: str, L: int, problem) -> list:
    """``value``, a list indexed by the layer number (entry 0 unused, or ``A[0] = X``)."""
    first = f"{name}[0] = X" if name == "A" else f"{name}[0] = None"
    wanted = f"a list of L + 1 = {L + 1} entries, {name}[0] to {name}[{L}], indexed by the layer number ({first})"
    if not isinstance(value, (list, tuple)):
        raise _Disagreement(f"✗ {what} returned {name} as {describe(value)} on {problem}; expected {wanted}.")
    if len(value) != L + 1:
        hint = f": start the list with {'X' if name == 'A' else 'None'}" if len(value) == L else ""
        raise _Disagreement(f"✗ {what} returned {name} with {len(value)} entries on {problem}; expected {wanted}{hint}.")
    return list(value)


# ---- comparing ---------------------------------------------------------------------------------
def _ratio(c: float) -> str:
    """A factor in words: ``"-1 times"``, ``"5 times"``, ``"1/5 of"``, ``"0.3 times"``."""
    if round(c) != 0 and np.isclose(c, round(c), rtol=1e-9):
        return f"{round(c)} times"
    if round(1 / c) != 0 and np.isclose(1 / c, round(1 / c), rtol=1e-9):
        return f"{'-' if c < 0 else ''}1/{abs(round(1 / c))} of"
    return f"{c:.6g} times"


def _factor(yours: np.ndarray, library: np.ndarray) -> float | None:
    """``c`` if ``yours`` is ``c`` times ``library`` everywhere (c ≠ 1), else ``None``."""
    big = np.abs(library) > 1e-8 * np.abs(library).max()
    if not big.any():
        return None
    ratios = yours[big] / library[big]
    c = float(ratios[0])
    if c == 0 or np.isclose(c, 1, rtol=1e-9) or not np.allclose(ratios, c, rtol=1e-9, atol=0):
        return None
    if not np.allclose(yours[~big], c * library[~big], rtol=0, atol=1e-9 * np.abs(yours).max()):
        return None
    return c


def _compare(problem, what: str, name: str, symbol: str, yours, library: np.ndarray, explain=None,
             baseline=None) -> float:
    """The largest relative difference of ``yours`` from ``library``, or a :class:`_Disagreement`
    naming ``name`` (``symbol``: its name in the book), the first entry that differs, both values
    and their difference; if every entry is the library's times one factor, it says so, and
    ``explain(c)`` adds what that factor may mean. With ``baseline``, the factor is looked for
    in the differences from it (a step: ``W_new - W``)."""
    shape = library.shape
    label = f"{name} ({symbol})"
    if yours is None:
        raise _Disagreement(f"✗ {what}: {label} is None on {problem}; expected an array of shape {shape}.",
                            quantity=name)
    try:
        arr = np.asarray(yours, dtype=float)
    except (TypeError, ValueError):
        raise _Disagreement(f"✗ {what}: {label} is {describe(yours)} on {problem}; expected an array of numbers of "
                            f"shape {shape}.", quantity=name) from None
    if arr.shape != shape:
        hint = ""
        if len(shape) == 2 and arr.shape == shape[::-1]:
            hint = ": transposed?"
        elif len(shape) == 2 and shape[1] == 1 and arr.shape == (shape[0],):
            hint = ": a column is wanted (keepdims=True keeps the summed axis)"
        elif name.startswith("db") and arr.shape == (shape[0], problem.x.shape[1]):
            hint = ": one column per sample; BP4 sums the errors over the batch"
        raise _Disagreement(f"✗ {what}: {label} has shape {arr.shape} on {problem}; expected {shape}{hint}.",
                            quantity=name)
    if not np.isfinite(arr).all():
        idx = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise _Disagreement(f"✗ {what}: {label} holds {arr[idx]} at {name}{list(idx)} on {problem}; the library's "
                            f"is {library[idx]:.6g}.", quantity=name, entry=idx, yours=float(arr[idx]),
                            library=float(library[idx]))
    scale = max(float(np.abs(library).max()), float(np.abs(arr).max()))
    diff = np.abs(arr - library) / scale if scale > 0 else np.zeros(shape)
    if diff.max() <= TOLERANCE:
        return float(diff.max())
    bad = np.argwhere(diff > TOLERANCE)
    idx = tuple(int(i) for i in bad[0])
    others = (f"; {len(bad) - 1} more of its {arr.size} entries {'differs' if len(bad) == 2 else 'differ'}"
              if len(bad) > 1 else
              "; its other entries agree" if arr.size > 1 else "")
    message = (f"✗ {what}: {label} disagrees with the library on {problem}: {name}{list(idx)} is {arr[idx]:.6g} in "
               f"yours and {library[idx]:.6g} in the library's, a difference of {arr[idx] - library[idx]:.3g}{others}.")
    base = 0.0 if baseline is None else baseline
    c = _factor(arr - base, library - base)
    if c is not None:
        what_step = "of the step (new minus old) " if baseline is not None else ""
        message += f" Every entry {what_step}is {_ratio(c)} the library's{explain(c) if explain else ''}."
    elif len(shape) == 2 and shape[0] == shape[1] > 1 and np.allclose(arr, library.T, rtol=0, atol=TOLERANCE * scale):
        message += " It is the library's transposed."
    raise _Disagreement(message, quantity=name, entry=idx, yours=float(arr[idx]), library=float(library[idx]))


def _run(what: str, problems, one, passed: str) -> Verdict:
    """``one(problem, called)`` on every problem (each returns its largest relative difference,
    and puts the arguments it called the reader's function with into the list ``called``); the
    first :class:`_Disagreement` is the verdict, with those arguments, else ``passed``."""
    largest = 0.0
    for problem in problems:
        called = []
        try:
            largest = max(largest, one(problem, called))
        except _Disagreement as found:
            return Verdict(what, False, found.message, largest, arguments=called[-1] if called else None,
                           **found.fields)
    return Verdict(what, True, passed, largest)


def _agreed(what: str, problems, extra: str = "", batches: str = "batches") -> str:
    layers = sorted(p.net.n_layers for p in problems)
    samples = sorted(p.x.shape[1] for p in problems)
    return (f"✓ {what} agrees with the library to round-off on {len(problems)} random networks ({layers[0]} to "
            f"{layers[-1]} layers, {batches} of {samples[0]} to {samples[-1]} samples{extra}): every entry within "
            f"{TOLERANCE:g} of the library's, relative to its array's largest.")


# ---- the checkers ------------------------------------------------------------------------------
def check_forward(forward, seed: int = 0) -> Verdict:
    r"""Check the reader's ``forward(W, b, f, X)``, which returns the lists ``(Z, A)`` of the
    forward pass, :math:`Z^\ell = W^\ell A^{\ell-1} + b^\ell`, :math:`A^\ell = f_\ell(Z^\ell)`
    (``A[0] = X``), against :func:`~backprop_lib.forward` on :data:`SHAPES`' random networks
    (half-squared-error networks drawn from ``np.random.default_rng(seed)``), ``A[0]``,
    ``Z[1]``, ``A[1]``, ``Z[2]``, ... in turn."""
    function("forward", forward, "your function forward(W, b, f, X), returning (Z, A)")
    seed = check_seed("seed", seed)
    problems = _problems("half_sse", seed)

    def one(problem, called):
        W, b, f, _ = problem.lists()
        result = _call(problem, "forward", forward, dict(W=W, b=b, f=f, X=problem.x.copy()), called)
        Z, A = _unpack(result, "forward", ("Z", "A"), problem)
        L = problem.net.n_layers
        Z, A = _layers(Z, "forward", "Z", L, problem), _layers(A, "forward", "A", L, problem)
        trace = forward_pass(problem.net, problem.x)
        largest = _compare(problem, "forward", "A[0]", "A⁰ = X", A[0], problem.x)
        for l in range(1, L + 1):
            sup = str(l).translate(SUPERSCRIPT)
            largest = max(largest, _compare(problem, "forward", f"Z[{l}]", f"Z{sup}", Z[l], trace.z[l]),
                          _compare(problem, "forward", f"A[{l}]", f"A{sup}", A[l], trace.a[l]))
        return largest

    return _run("forward", problems, one, _agreed("forward", problems))


def check_backward(backward, loss: str = "half_sse", seed: int = 0) -> Verdict:
    r"""Check the reader's ``backward(W, f_prime, Z, A, Y)``, which returns the lists
    ``(Delta, dW, db)`` of the four equations for the loss ``loss`` (a name in ``LOSSES``:
    ``"half_sse"``, the book's :math:`\tfrac12\sum(\hat y - y)^2`, by default), given the library's
    forward pass ``Z``, ``A`` of :data:`SHAPES`' random networks (``np.random.default_rng(seed)``).

    Compared with :func:`~backprop_lib.gradients` in the order the equations run: ``Delta[L]``
    (BP1), ``dW[L]`` (BP3), ``db[L]`` (BP4), ``Delta[L-1]`` (BP2), ``dW[L-1]``, ... so the first
    array that disagrees names the first equation that goes wrong. For ``"ce"`` the output layer
    is softmax, whose ``f_prime[L]`` refuses to be called (BP1 needs no :math:`f_L'` there), for
    ``"bce"`` sigmoid."""
    function("backward", backward, "your function backward(W, f_prime, Z, A, Y), returning (Delta, dW, db)")
    loss = one_of("loss", loss, LOSSES)
    seed = check_seed("seed", seed)
    problems = _problems(loss, seed)

    def one(problem, called):
        W, _, _, f_prime = problem.lists()
        trace = forward_pass(problem.net, problem.x)
        Z, A = [None, *(z.copy() for z in trace.z)], [a.copy() for a in trace.a]
        result = _call(problem, "backward", backward, dict(W=W, f_prime=f_prime, Z=Z, A=A, Y=problem.y.copy()),
                       called)
        L, m = problem.net.n_layers, problem.x.shape[1]
        Delta, dW, db = (_layers(v, "backward", name, L, problem)
                         for v, name in zip(_unpack(result, "backward", ("Delta", "dW", "db"), problem),
                                            ("Delta", "dW", "db")))
        grads = gradients(problem.net, problem.x, problem.y, loss)

        def explain(c):
            if np.isclose(c, -1):
                return ": the opposite sign"
            return (f" (here m = {m} samples and n_L·m = {problem.net.sizes[-1] * m} outputs; the {loss} loss "
                    f"{ADDS_UP[loss]})")

        largest = 0.0
        for l in range(L, 0, -1):
            sup = str(l).translate(SUPERSCRIPT)
            largest = max(
                largest,
                _compare(problem, "backward", f"Delta[{l}]", f"Δ{sup}, BP{1 if l == L else 2}", Delta[l],
                         grads.delta[l], explain),
                _compare(problem, "backward", f"dW[{l}]", f"∂L/∂W{sup}, BP3", dW[l], grads.dW[l], explain),
                _compare(problem, "backward", f"db[{l}]", f"∂L/∂b{sup}, BP4", db[l], grads.db[l], explain))
        return largest

    return _run("backward", problems, one, _agreed("backward", problems, f", the {loss} loss"))


#: The learning rates of :func:`check_update`, in turn: none of them 1, so a step that leaves
#: out the rate shows.
RATES = (0.5, 0.1, 0.3)


def check_update(update, seed: int = 0) -> Verdict:
    r"""Check the reader's ``update(W, b, dW, db, lr)``, which returns new lists ``(W, b)``, one
    step of gradient descent :math:`W^\ell - \eta\,\partial L/\partial W^\ell`,
    :math:`b^\ell - \eta\,\partial L/\partial b^\ell`, leaving its arguments as they came, against
    :func:`~backprop_lib.sgd_step` with the gradients of :data:`SHAPES`' random networks
    (``np.random.default_rng(seed)``) and the rates :data:`RATES` in turn."""
    function("update", update, "your function update(W, b, dW, db, lr), returning the new (W, b)")
    seed = check_seed("seed", seed)
    problems = _problems("half_sse", seed)

    def one(problem, called):
        lr = RATES[(problem.number - 1) % len(RATES)]
        W, b, _, _ = problem.lists()
        grads = gradients(problem.net, problem.x, problem.y)
        dW, db = [None, *(g.copy() for g in grads.dW)], [None, *(g.copy() for g in grads.db)]
        result = _call(problem, "update", update, dict(W=W, b=b, dW=dW, db=db, lr=lr), called)
        L = problem.net.n_layers
        W_new, b_new = (_layers(v, "update", name, L, problem)
                        for v, name in zip(_unpack(result, "update", ("W", "b"), problem), ("W", "b")))
        after = sgd_step(problem.net, grads, lr)

        def explain(c):
            if np.isclose(c, -1):
                return ": a step up the gradient (+ lr * dW) where descent steps down (- lr * dW)"
            if np.isclose(c, 1 / lr):
                return f": a step without the learning rate, lr = {lr:g}"
            return f" (lr = {lr:g})"

        largest = 0.0
        for l in range(1, L + 1):
            sup = str(l).translate(SUPERSCRIPT)
            largest = max(largest,
                          _compare(problem, "update", f"W[{l}]", f"W{sup} after the step", W_new[l], after.W[l],
                                   explain, baseline=problem.net.W[l]),
                          _compare(problem, "update", f"b[{l}]", f"b{sup} after the step", b_new[l], after.b[l],
                                   explain, baseline=problem.net.b[l]))
        return largest

    return _run("update", problems, one, _agreed("update", problems, ", learning rates 0.1 to 0.5"))


def _orders_drawn(rng, m: int, seed: int, most: int) -> int | None:
    """How many orders ``rng.permutation(m)`` a generator made as ``np.random.default_rng(seed)``
    has drawn to be where ``rng`` is now (up to ``most``); ``None`` if none of those counts."""
    probe = np.random.default_rng(seed)
    for k in range(most + 1):
        if probe.bit_generator.state == rng.bit_generator.state:
            return k
        probe.permutation(m)
    return None


def check_train(train, loss: str = "half_sse", seed: int = 0) -> Verdict:
    r"""Check the reader's training loop ``train(W, b, f, f_prime, X, Y, X_held, Y_held, lr,
    epochs, batch_size, rng)``, which returns ``(W, b, held)``: the trained parameters, and the
    loss ``loss`` on the held-out samples before the first epoch and after each (``epochs + 1``
    numbers). Each epoch draws a fresh order of the ``m`` samples, ``order =
    rng.permutation(m)``, and takes one step of gradient descent per mini-batch
    ``order[k:k + batch_size]``, the last one smaller when ``batch_size`` does not divide ``m``.

    Run on the three small problems of :data:`RUNS` (``np.random.default_rng(seed)``), each with
    a fresh ``rng``, and compared with :func:`~backprop_lib.train` given the same seed, which
    visits the same batches, and its held-out loss after each epoch (``on_record``). When the
    weights differ, the verdict says how many orders the loop drew from ``rng``."""
    function("train", train, "your function train(W, b, f, f_prime, X, Y, X_held, Y_held, lr, epochs, batch_size, "
                             "rng), returning (W, b, held)")
    loss = one_of("loss", loss, LOSSES)
    seed = check_seed("seed", seed)
    problems = _problems(loss, seed, [(sizes, m) for sizes, m, *_ in RUNS], held=HELD_OUT)

    def one(problem, called):
        _, _, batch_size, epochs, lr = RUNS[problem.number - 1]
        run_seed, m = 1000 * seed + problem.number, problem.x.shape[1]  # a short seed to read in the verdict
        described = replace(problem, run=f", in batches of {batch_size} for {epochs} epochs at lr = {lr:g}, "
                                         f"{HELD_OUT} held out, rng = np.random.default_rng({run_seed})")
        W, b, f, f_prime = problem.lists()
        rng = np.random.default_rng(run_seed)
        args = dict(W=W, b=b, f=f, f_prime=f_prime, X=problem.x.copy(), Y=problem.y.copy(),
                    X_held=problem.x_held.copy(), Y_held=problem.y_held.copy(), lr=lr, epochs=epochs,
                    batch_size=batch_size, rng=rng)
        again = (*problem.lists(), problem.x.copy(), problem.y.copy(), problem.x_held.copy(), problem.y_held.copy(),
                 lr, epochs, batch_size, np.random.default_rng(run_seed))
        result = _call(described, "train", train, args, called, again)
        L = problem.net.n_layers
        W_new, b_new, held = _unpack(result, "train", ("W", "b", "held"), described)
        W_new, b_new = _layers(W_new, "train", "W", L, described), _layers(b_new, "train", "b", L, described)
        run = train_run(problem.net, problem.x, problem.y, lr, epochs=epochs, loss=loss, batch_size=batch_size,
                        seed=run_seed, on_record=lambda step, net: loss_of(net, problem.x_held, problem.y_held, loss))
        library_held = np.array(run.records)
        largest = 0.0
        try:
            for l in range(1, L + 1):
                sup = str(l).translate(SUPERSCRIPT)
                largest = max(largest,
                              _compare(described, "train", f"W[{l}]", f"W{sup} after training", W_new[l], run.net.W[l]),
                              _compare(described, "train", f"b[{l}]", f"b{sup} after training", b_new[l], run.net.b[l]))
        except _Disagreement as found:
            drawn = _orders_drawn(rng, m, run_seed, 2 * epochs + 2)
            if drawn == epochs:
                why = (f" The loop drew one order per epoch from rng, as it should: look at the batches it cut from "
                       f"each order (order[k:k + {batch_size}] for k = 0, {batch_size}, ...) and at the steps.")
            elif drawn is None:
                why = (f" The loop used rng otherwise than one rng.permutation(m) per epoch (m = {m}): draw each "
                       f"epoch's order as order = rng.permutation(m).")
            else:
                why = (f" The loop drew {drawn} order{'' if drawn == 1 else 's'} from rng (rng.permutation(m)) in "
                       f"{epochs} epochs: draw a fresh one at the start of each epoch.")
            raise _Disagreement(found.message + why, **found.fields) from None
        n_held = epochs + 1
        if not isinstance(held, (list, tuple, np.ndarray)) or np.ndim(held) != 1 or len(held) != n_held:
            got = f"{np.size(held)} numbers" if isinstance(held, (list, tuple, np.ndarray)) else describe(held)
            raise _Disagreement(f"✗ train returned held as {got} on {described}; expected {n_held} held-out losses, "
                                f"the loss on X_held, Y_held before the first epoch and after each of the {epochs}.",
                                quantity="held")
        def explain(c):
            return (f" (here {HELD_OUT} held-out samples and n_L·m = {problem.net.sizes[-1] * HELD_OUT} outputs; the "
                    f"{loss} loss {ADDS_UP[loss]})")

        try:
            largest = max(largest, _compare(described, "train", "held", "the held-out losses", held, library_held,
                                            explain))
        except _Disagreement as found:
            on_training = loss_of(problem.net, problem.x, problem.y, loss)
            why = ""
            if found.fields.get("entry") == (0,) and np.isclose(float(np.asarray(held, dtype=float)[0]), on_training,
                                                                 rtol=1e-9):
                why = " held[0] is the loss on the training samples X, Y: measure it on X_held, Y_held."
            raise _Disagreement(found.message + why, **found.fields) from None
        return largest

    return _run("train", problems, one, _agreed("train", problems, f", the {loss} loss, mini-batches and a held-out "
                                                                  f"loss after every epoch", "training sets"))


# ---- the scalar autograd (chapter 2) -------------------------------------------------------------
#: The operations of the book's :class:`~backprop_lib.autograd.Value`, each ``(text, the
#: methods it needs, the call, how many Values it takes, its domain, its local derivatives)``.
#: ``domain``: ``"any"``; ``"positive"``, a > 0; ``"divisor"``, the last input not 0; ``"kink"``, an
#: input not at the kink (ReLU's 0, a tie of max).
OPERATIONS = (
    ("{a} + {b}", ("__add__",), lambda a, b: a + b, 2, "any", ("1", "1")),
    ("{a} - {b}", ("__sub__",), lambda a, b: a - b, 2, "any", ("1", "-1")),
    ("{a} * {b}", ("__mul__",), lambda a, b: a * b, 2, "any", ("b", "a")),
    ("{a} / {b}", ("__truediv__",), lambda a, b: a / b, 2, "divisor", ("1/b", "-a/b²")),
    ("-{a}", ("__neg__",), lambda a, b: -a, 1, "any", ("-1",)),
    ("{a} ** 2", ("__pow__",), lambda a, b: a ** 2, 1, "any", ("2a",)),
    ("{a} ** 3", ("__pow__",), lambda a, b: a ** 3, 1, "any", ("3a²",)),
    ("{a} ** 0.5", ("__pow__",), lambda a, b: a ** 0.5, 1, "positive", ("0.5 a^(-0.5)",)),
    ("{a} ** -1", ("__pow__",), lambda a, b: a ** -1, 1, "positive", ("-a^(-2)",)),
    ("{a} + 2.0", ("__add__",), lambda a, b: a + 2.0, 1, "any", ("1",)),
    ("2.0 + {a}", ("__radd__",), lambda a, b: 2.0 + a, 1, "any", ("1",)),
    ("{a} - 2.0", ("__sub__",), lambda a, b: a - 2.0, 1, "any", ("1",)),
    ("2.0 - {a}", ("__rsub__",), lambda a, b: 2.0 - a, 1, "any", ("-1",)),
    ("{a} * 3.0", ("__mul__",), lambda a, b: a * 3.0, 1, "any", ("3",)),
    ("3.0 * {a}", ("__rmul__",), lambda a, b: 3.0 * a, 1, "any", ("3",)),
    ("{a} / 4.0", ("__truediv__",), lambda a, b: a / 4.0, 1, "any", ("1/4",)),
    ("4.0 / {a}", ("__rtruediv__",), lambda a, b: 4.0 / a, 1, "divisor", ("-4/a²",)),
    ("{a}.exp()", ("exp",), lambda a, b: a.exp(), 1, "any", ("exp(a)",)),
    ("{a}.log()", ("log",), lambda a, b: a.log(), 1, "positive", ("1/a",)),
    ("{a}.sigmoid()", ("sigmoid",), lambda a, b: a.sigmoid(), 1, "any", ("σ(a)(1 - σ(a))",)),
    ("{a}.tanh()", ("tanh",), lambda a, b: a.tanh(), 1, "any", ("1 - tanh(a)²",)),
    ("{a}.relu()", ("relu",), lambda a, b: a.relu(), 1, "kink", ("1 if a > 0, else 0",)),
    ("{a}.max({b})", ("max",), lambda a, b: a.max(b), 2, "kink", ("1 if a >= b, else 0", "1 if b > a, else 0")),
    ("{a}.half_square()", ("half_square",), lambda a, b: a.half_square(), 1, "any", ("a",)),
)
#: The signs of the two inputs at each of an operation's points: both signs of each input, and
#: a point where they differ (a ReLU on and off, a max won by either side).
SIGNS = ((1, -1), (-1, 1), (1, 1))
EXPRESSIONS, EXPRESSION_LENGTH = 6, 6


def _written(cls, needs) -> bool:
    return all(callable(getattr(cls, name, None)) for name in needs)


def _number(value) -> float | None:
    """``value`` as a float, or ``None`` when it is no real number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _close(yours: float, library: float) -> float:
    """Their relative difference: relative to the larger of 1 and the library's value."""
    return abs(yours - library) / max(1.0, abs(library))


def _value_of(result, cls, text: str, at: str) -> float:
    """``result.data`` of the reader's Value, or a :class:`_Disagreement`."""
    if not isinstance(result, cls):
        raise _Disagreement(f"✗ Value: {text} returned {describe(result)} {at}; expected a Value.", quantity=text)
    data = _number(getattr(result, "data", None))
    if data is None:
        raise _Disagreement(f"✗ Value: {text} gave a Value whose .data is {describe(getattr(result, 'data', None))} "
                            f"{at}; expected a number.", quantity=text)
    return data


def _grad_of(v, name: str, text: str, at: str) -> float:
    grad = _number(getattr(v, "grad", None))
    if grad is None:
        raise _Disagreement(f"✗ Value: after backward() on {text} {at}, {name}.grad is "
                            f"{describe(getattr(v, 'grad', None))}; expected a number.", quantity=text)
    return grad


def _apply(op, inputs, text: str, at: str):
    """``op`` on the reader's Values, or a :class:`_Disagreement` if it raises."""
    try:
        return op(*inputs)
    except Exception as err:  # the reader's code: any error is the verdict
        raise _Disagreement(f"✗ Value: {text} raised {type(err).__name__} {at}: {err}{_where(err)}.", quantity=text,
                            error=err) from None


def _backward(out, text: str, at: str) -> None:
    try:
        out.backward()
    except Exception as err:  # the reader's code: any error is the verdict
        raise _Disagreement(f"✗ Value: backward() on {text} raised {type(err).__name__} {at}: {err}{_where(err)}.",
                            quantity="backward", error=err) from None


def _check_operation(cls, text, op, arity, local, values, has_backward) -> float:
    """One operation of the reader's class at one point (``values``): its value, then (with
    ``has_backward``) the gradient ``backward()`` hands each input, against the book's
    :class:`~backprop_lib.autograd.Value`; the largest relative difference, or a
    :class:`_Disagreement` naming the operation and, for a gradient, its local derivative
    ``local``."""
    names = "ab"[:arity]
    at = "at " + ", ".join(f"{n} = {v:g}" for n, v in zip(names, values))
    shown = text.format(a="a", b="b")
    mine = _made(cls, values)
    book = [BookValue(v) for v in values]
    out, ref = _apply(op, mine + [None] * (2 - arity), shown, at), op(*book, *[None] * (2 - arity))
    data = _value_of(out, cls, shown, at)
    largest = _close(data, ref.data)
    if largest > TOLERANCE:
        raise _Disagreement(f"✗ Value: {shown} gives {data:.6g} {at}, the library's {ref.data:.6g}, a difference of "
                            f"{data - ref.data:.3g}.", quantity=shown, yours=data, library=ref.data)
    if not has_backward:
        return largest
    _backward(out, shown, at)
    ref.backward()
    own = _grad_of(out, "the result's", shown, at)
    if own != 1.0:
        raise _Disagreement(f"✗ Value: backward() on {shown} left the result's own grad at {own:g} {at}; expected 1 "
                            f"(∂out/∂out): backward() starts there.", quantity="backward", yours=own, library=1.0)
    for name, v, r, derivative in zip(names, mine, book, local):
        grad = _grad_of(v, name, shown, at)
        if _close(grad, r.grad) > TOLERANCE:
            raise _Disagreement(
                f"✗ Value: {shown} hands back a wrong gradient to {name} {at}: {name}.grad is {grad:.6g} in yours and "
                f"{r.grad:.6g} in the library's, a difference of {grad - r.grad:.3g}. Its local derivative "
                f"∂({shown})/∂{name} is {derivative}.", quantity=shown, yours=grad, library=r.grad)
        largest = max(largest, _close(grad, r.grad))
    return largest


def _made(cls, values) -> list:
    """The reader's ``Value`` of each number, or a :class:`_Disagreement` if the class raises."""
    try:
        return [cls(v) for v in values]
    except Exception as err:  # the reader's code: any error is the verdict
        raise _Disagreement(f"✗ Value: Value({values[0]:g}) raised {type(err).__name__}: {err}{_where(err)}.",
                            quantity="Value", error=err) from None


def _check_one_input_twice(cls, text, op, value: float) -> float:
    """A two-input operation with one value as both inputs (``a + a``, ``a * a``, ...): the
    value's grad must be the sum of the two gradients it is handed. A ``backward`` that sets a
    parent's grad (``=``) where it should add (``+=``) keeps only one of them, and a random
    expression may not use a value twice in one operation."""
    shown = text.format(a="a", b="a")
    at = f"at a = {value:g}"
    (a,) = _made(cls, [value])
    out = _apply(op, (a, a), shown, at)
    _value_of(out, cls, shown, at)
    ref_a = BookValue(value)
    op(ref_a, ref_a).backward()
    _backward(out, shown, at)
    grad = _grad_of(a, "a", shown, at)
    if _close(grad, ref_a.grad) > TOLERANCE:
        raise _Disagreement(
            f"✗ Value: {shown}, one value used as both inputs, hands back a wrong gradient {at}: a.grad is {grad:.6g} "
            f"in yours and {ref_a.grad:.6g} in the library's, a difference of {grad - ref_a.grad:.3g}. A value used "
            f"twice gets the sum of the two gradients: add each to its grad (+=), never set it (=).",
            quantity=shown, yours=grad, library=ref_a.grad)
    return _close(grad, ref_a.grad)


def _fits(domain: str, values) -> bool:
    """Whether an expression's intermediate ``values`` suit an operation of ``domain``, kept away
    from its edges: a divisor or a log's argument not near 0, no tie at a kink."""
    if domain == "positive":
        return values[0] > 0.2
    if domain == "divisor":
        return abs(values[-1]) > 0.2
    if domain == "kink":  # ReLU at 0, max at a tie
        return abs(values[0] - (values[1] if len(values) > 1 else 0.0)) > 1e-3
    return True


def _expression(rng, operations) -> tuple:
    """A random expression: three leaves, then up to ``EXPRESSION_LENGTH`` operations, each on
    the value made last (or, when no operation suits it, any value) and, for two inputs, any
    value before it, so values are used more than once. Returns the leaves' values and the steps
    ``(operation, input indices)``."""
    leaves = list(rng.choice((-1, 1), 3) * rng.uniform(0.3, 1.5, 3))
    book = [BookValue(v) for v in leaves]
    steps = []
    for tries in range(50 * EXPRESSION_LENGTH):
        if len(steps) == EXPRESSION_LENGTH:
            break
        operation = operations[rng.integers(len(operations))]
        _, _, op, arity, domain, _ = operation
        first = len(book) - 1 if tries < 20 * EXPRESSION_LENGTH else int(rng.integers(len(book)))
        inputs = [first, int(rng.integers(len(book)))][:arity]
        if not _fits(domain, [book[i].data for i in inputs]):
            continue
        out = op(*(book[i] for i in inputs), *[None] * (2 - arity))
        if abs(out.data) > 50:
            continue
        book.append(out)
        steps.append((operation, inputs))
    return leaves, steps


def _replay(cls, leaves, steps, text: str, mine=None):
    """The expression on the reader's Values (built on ``mine``, the reader's leaves, when
    given), and on the library's: (leaves, output) of each."""
    mine, book = list(mine) if mine else [cls(v) for v in leaves], [BookValue(v) for v in leaves]
    for (form, _, op, arity, _, _), inputs in steps:
        mine.append(_apply(op, [mine[i] for i in inputs] + [None] * (2 - arity), text, "in this expression"))
        book.append(op(*(book[i] for i in inputs), *[None] * (2 - arity)))
    return mine, book


def check_value(Value, seed: int = 0) -> Verdict:
    r"""Check the reader's scalar autograd, a class ``Value`` built as ``Value(data)``, with
    ``.data``, ``.grad`` and ``backward()``, against the book's
    :class:`~backprop_lib.autograd.Value`.

    First each operation the class has (of :data:`OPERATIONS`: ``+ - * /``, ``-a``, ``**`` a
    number, with plain numbers on either side, ``exp log sigmoid tanh relu max half_square``),
    alone, at three points drawn from ``np.random.default_rng(seed)``: its value, and the
    gradient ``backward()`` hands each input, its local derivative; a wrong one is named with
    what it should be. Then ``backward()`` on random expressions of those operations that use
    values more than once; then ``backward()`` again on the same graph, and on the expression
    built anew from the same leaves, as a training loop does. ``backward()`` may set every grad
    in its graph to 0 first, as the book's does, or add to the grads the values hold, as
    micrograd's does (its training loop sets them to 0, ``zero_grad()``): the verdict says which
    the class does, and refuses a third way. An operation the class does not have yet is listed,
    not counted against it; without ``backward``, only the operations' values are checked."""
    function("Value", Value, "your class Value, as check_value(Value)")
    if not isinstance(Value, type):
        raise TypeError(f"Value: expected your class Value itself, as check_value(Value), got {describe(Value)}")
    seed = check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    twice = np.random.default_rng([seed, 2])  # its own stream: the other points stay as they were
    written = [o for o in OPERATIONS if _written(Value, o[1])]
    missing = [o[0].format(a="a", b="b") for o in OPERATIONS if not _written(Value, o[1])]
    has_backward = _written(Value, ("backward",))
    largest = 0.0
    try:
        for text, _, op, arity, domain, local in written:
            for signs in SIGNS:
                values = [s * rng.uniform(0.3, 1.8) for s in signs[:arity]]
                if domain == "positive":
                    values[0] = abs(values[0])
                largest = max(largest, _check_operation(Value, text, op, arity, local, values, has_backward))
            if arity == 2 and domain in ("any", "divisor") and has_backward:
                largest = max(largest, _check_one_input_twice(Value, text, op, twice.uniform(0.3, 1.8)))
        n_steps, adds = 0, False
        if has_backward:
            found, n_steps, adds = _check_expressions(Value, rng, written)
            largest = max(largest, found)
    except _Disagreement as found:
        return Verdict("Value", False, found.message, largest, **found.fields)
    skipped = f" Not written yet, so not checked: {', '.join(missing)}." if missing else ""
    if not written:
        return Verdict("Value", False, f"✗ Value has none of the operations to check.{skipped}", largest)
    if not has_backward:
        return Verdict("Value", True, f"✓ Value: the {len(written)} operations written give the library's values to "
                                      f"round-off, each at {len(SIGNS)} points; backward() is not written yet, so no "
                                      f"gradient was checked.{skipped}", largest)
    convention = (" Your backward() adds to the grads the values already hold, as micrograd's does (the book's sets "
                  "every grad in the graph to 0 first): in a training loop, set every parameter's grad to 0 before "
                  "each backward(), as micrograd's zero_grad() does." if adds else
                  " Your backward() sets every grad in the graph to 0 first, as the book's does.")
    return Verdict("Value", True, f"✓ Value agrees with the library to round-off: {len(written)} operations, each at "
                                  f"{len(SIGNS)} points (its value, and the gradient backward() hands each input), and "
                                  f"backward() on {EXPRESSIONS} random expressions ({n_steps} operations in all), each "
                                  f"three times: once, again on the same graph, and on the expression built anew from "
                                  f"the same leaves.{convention}{skipped}", largest)


def _check_expressions(cls, rng, written) -> tuple:
    """``backward()`` on random expressions of the operations ``written``, compared leaf by leaf
    with the library's; then again on the same graph, and on the expression built anew from the
    same leaves (their grads as the second call left them). Each leaf must then hold the
    gradient again (a backward() that sets every grad in its graph to 0 first, the book's), or
    the second call's grad plus the gradient (one that adds, micrograd's), the same way for
    every expression. Returns the largest relative difference, the number of operations and
    whether the class adds."""
    names = "abcdefghijklmnopqrstuvwxyz"
    largest, n_steps, adds = 0.0, 0, False
    for _ in range(EXPRESSIONS):
        leaves, steps = _expression(rng, written)
        n_steps += len(steps)
        lines = [f"{n} = {v:.4g}" for n, v in zip(names, leaves)]
        lines += [f"{names[3 + k]} = {form.format(a=names[i[0]], b=names[i[-1]])}"
                  for k, ((form, *_), i) in enumerate(steps)]
        text = "the expression " + "; ".join(lines)
        mine, book = _replay(cls, leaves, steps, text)
        book[-1].backward()
        out_name = names[len(book) - 1]
        wanted = [r.grad for r in book[:3]]
        _backward(mine[-1], text, "")
        first = [_grad_of(v, name, text, "") for name, v in zip(names, mine[:3])]
        for name, grad, want in zip(names, first, wanted):
            if _close(grad, want) > TOLERANCE:
                raise _Disagreement(
                    f"✗ Value: backward() on {text}: ∂{out_name}/∂{name} is {grad:.6g} in yours and {want:.6g} in the "
                    f"library's, a difference of {grad - want:.3g}. Each operation passed alone, so look at backward(): "
                    f"it must hand gradients on in reverse topological order (a value after every value computed from "
                    f"it), and add them up (+=), since a value used twice receives a gradient from each use.",
                    quantity="backward", yours=grad, library=want)
            largest = max(largest, _close(grad, want))
        _backward(mine[-1], text, "the second time, on the same graph")
        second = [_grad_of(v, name, text, "") for name, v in zip(names, mine[:3])]
        again, _ = _replay(cls, leaves, steps, text, mine[:3])
        _backward(again[-1], text, "on the expression built anew from the same leaves")
        third = [_grad_of(v, name, text, "") for name, v in zip(names, mine[:3])]
        clears = all(_close(s, w) <= TOLERANCE and _close(t, w) <= TOLERANCE for s, t, w in zip(second, third, wanted))
        added = all(_close(t, s + w) <= TOLERANCE for s, t, w in zip(second, third, wanted))
        if not (clears or added):
            wrong = [k for k, (s, t, w) in enumerate(zip(second, third, wanted)) if _close(t, s + w) > TOLERANCE]
            k = next((k for k in wrong if _close(second[k], wanted[k]) > TOLERANCE or
                      _close(third[k], wanted[k]) > TOLERANCE), wrong[0])
            name = names[k]
            raise _Disagreement(
                f"✗ Value: backward() a second time on the same graph, {text}: ∂{out_name}/∂{name} is {second[k]:.6g} "
                f"in yours, the first time {wanted[k]:.6g}, and then on the expression built anew from the same leaves "
                f"{third[k]:.6g}. A backward() that sets every grad in its graph to 0 first (the book's) gives "
                f"{wanted[k]:.6g} each time; one that sets none (micrograd's) hands each leaf the gradient again on "
                f"top of what it holds, {second[k] + wanted[k]:.6g} the third time. Yours does neither: set the grad "
                f"of every value in the graph to 0 before the walk, or of none.",
                quantity="backward", yours=second[k], library=wanted[k])
        adds = adds or not clears
    return largest, n_steps, adds
