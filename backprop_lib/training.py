r"""Gradient descent: mini-batches, and a training loop that records the loss.

One step of gradient descent with learning rate :math:`\eta` moves every parameter that is
not frozen against its gradient,

.. math:: \theta \leftarrow \theta - \eta\,\frac{\partial L}{\partial \theta}:

:func:`~backprop_lib.optimizers.sgd_step` (``bl.sgd_step``, also found here), the step of
``SGD()``. The loop steps with an optimizer of :mod:`~backprop_lib.optimizers`, ``SGD()`` for
plain gradient descent, through the one update there (``Run.update``).

Full-batch gradient descent takes the gradient over all :math:`m` samples at every step.
Mini-batch gradient descent cuts each *epoch* (one pass over the samples, in a fresh random
order) into batches of ``batch_size`` samples and takes one step per batch.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from ._blas import largest_product, one_thread
from ._validate import MAX_ENTRIES, as_array, describe, read_only, seed as check_seed, whole_number
from .backprop import QUIET, backpropagate, check_inputs, check_loss, check_net, check_targets, feedforward, layer_lists
from .network import Layered, by_parameter_name, rebuilt
from .optimizers import MAX_STEPS, SGD, OptimizerState, all_finite, check_learning_rate, start
from .optimizers import sgd_step  # noqa: F401  (one step: SGD()'s, in optimizers; still found here, as before)
from .stacks import Stack, unstack


def minibatches(m: int, batch_size: int, seed: int = 0):
    """The samples of each mini-batch, epoch after epoch, without end: each epoch is a fresh
    random order of the ``m`` samples (drawn from ``np.random.default_rng(seed)``) cut into
    batches of ``batch_size``, the last one smaller when ``batch_size`` does not divide ``m``.
    So every epoch visits every sample exactly once. An iterator of arrays of column indices."""
    m = whole_number("m", m, maximum=MAX_ENTRIES, why=" (the samples' order is an array of m entries)")
    batch_size = whole_number("batch_size", batch_size)
    if batch_size > m:
        raise ValueError(f"batch_size: expected at most the {m} samples, got {batch_size}")
    return _minibatches(m, batch_size, np.random.default_rng(check_seed("seed", seed)))


def _minibatches(m: int, batch_size: int, rng):
    while True:
        order = rng.permutation(m)
        for first in range(0, m, batch_size):
            yield order[first:first + batch_size]


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """What :func:`train` returns.

    ``net``: the trained network (or stack); ``losses[r]``: the loss on the whole training set
    after ``steps[r]`` steps (for a stack, ``losses[k, r]`` for network ``k``), recorded before
    the first step, every ``record_every`` steps and after the last; ``ended_higher``: whether
    the last loss is above the first, which a good run never is (one flag per network of a
    stack); ``state``: the optimizer's state after the last step, when ``train`` was given an
    ``optimizer`` (else ``None``); ``records``: when ``train`` was given ``on_record``, what it
    returned at each record, ``records[r]`` for the network after ``steps[r]`` steps (a tuple as
    long as ``losses``; else ``None``).

    One made by hand (or copied, deep-copied, pickled: they go through the constructor) is
    checked whole: ``net`` a network or stack, ``losses`` finite, one row per network of a
    stack, ``steps`` one whole number per loss, ``ended_higher`` a bool (one per network of a
    stack), ``state`` ``None`` or an ``OptimizerState``, ``records`` ``None`` or one entry per
    loss; the arrays are copied, read-only."""

    net: Layered
    losses: np.ndarray
    steps: np.ndarray
    ended_higher: bool | np.ndarray
    state: object = None  # with an optimizer: its OptimizerState after the last step
    records: tuple | None = None  # with on_record: what it returned at each record

    def __post_init__(self):
        net = check_net(self.net)
        stacked = isinstance(net, Stack)
        losses = as_array("losses", self.losses, ndim=(2,) if stacked else (1,))
        lead = (net.n_networks,) if stacked else ()
        if losses.shape[:-1] != lead:
            raise ValueError(f"losses: expected shape {(*lead, 'R')} (one row per network), got {losses.shape}")
        steps = np.asarray(self.steps)
        if steps.dtype.kind not in "iu" or steps.shape != losses.shape[-1:]:
            raise ValueError(f"steps: expected {losses.shape[-1]} whole numbers, one per loss, got {describe(self.steps)} "
                             f"of dtype {steps.dtype} and shape {steps.shape}")
        higher = np.asarray(self.ended_higher)
        if higher.dtype != bool or higher.shape != lead:
            raise TypeError(f"ended_higher: expected {'one bool per network' if stacked else 'a bool'}, "
                            f"got {describe(self.ended_higher)}")
        if self.state is not None and not isinstance(self.state, OptimizerState):
            raise TypeError(f"state: expected None or an OptimizerState, got {describe(self.state)}")
        if self.records is not None and (not isinstance(self.records, (tuple, list)) or len(self.records) != steps.size):
            raise ValueError(f"records: expected None or {steps.size} records, one per loss, got {describe(self.records)}")
        object.__setattr__(self, "losses", read_only(losses.copy()))
        object.__setattr__(self, "steps", read_only(steps.copy()))
        object.__setattr__(self, "ended_higher", read_only(higher.copy()) if stacked else bool(higher))
        object.__setattr__(self, "records", None if self.records is None else tuple(self.records))

    def __reduce__(self):
        return type(self), (self.net, self.losses, self.steps, self.ended_higher, self.state, self.records)

    @property
    def nets(self) -> list:
        """The trained networks of a stack, as a list (a one-network list for a network)."""
        return unstack(self.net) if isinstance(self.net, Stack) else [self.net]

    def __repr__(self) -> str:
        rose = np.atleast_1d(self.ended_higher)
        note = f"; the loss ended ABOVE where it started for {int(rose.sum())} of {rose.size}" if rose.any() else ""
        return f"TrainingRun({int(self.steps[-1])} steps, {self.losses.shape[-1]} losses recorded{note})"


def _steps(steps, epochs, per_epoch: int) -> int:
    if (steps is None) == (epochs is None):
        raise ValueError(f"steps: expected either steps or epochs, got steps={steps!r} and epochs={epochs!r}")
    if epochs is None:
        return whole_number("steps", steps, maximum=MAX_STEPS, why=STEPS_WHY)
    return whole_number("epochs", epochs, maximum=MAX_STEPS // per_epoch,
                        why=f" (at {per_epoch} steps an epoch, at most 2**53 steps, a count a double holds exactly)") * per_epoch


#: Why a run takes at most ``MAX_STEPS`` steps.
STEPS_WHY = " (a step count that a double holds exactly, as an optimizer's state counts it)"


def _diverged(lr, losses, W, b, step: int, stacked: bool, state, decay: float) -> ValueError:
    """The error for a run whose loss, parameters or optimizer ``state`` (arrays shaped like
    parameters) left a double's range by ``step``; with weight decay ``decay`` > 0, that may be
    the cause as much as the learning rate."""
    bad = ~np.isfinite(np.atleast_1d(losses[-1]))
    for p in [*by_parameter_name(W[1:], b[1:]).values(), *state]:
        bad = bad | ~np.isfinite(p).reshape(bad.size, p.size // bad.size).all(axis=1)
    which = f" for {int(bad.sum())} network(s), first network {int(np.argmax(bad))}," if stacked else ""
    return ValueError(
        f"lr: training diverged{which} by step {step} (from a loss of {np.max(losses[0]):.6g}, the loss or the "
        f"parameters grew beyond a double's range); expected a smaller learning rate than {np.max(lr):g}"
        + (f" or a smaller weight_decay than {decay:g}" if decay > 0 else "")
    )


def _check_on_record(on_record, net) -> None:
    """Refuse an ``on_record`` that is not a function ``on_record(step, net)``, before any step."""
    if not callable(on_record):
        raise TypeError(f"on_record: expected None or a function on_record(step, net), got {describe(on_record)}")
    deferred = _deferred_kind(on_record)
    if deferred:
        raise TypeError(f"on_record: expected a plain function (def), whose body runs when it is called, got the "
                        f"{deferred} {_name(on_record)}: train never awaits or iterates what it returns")
    try:
        signature = inspect.signature(on_record)
    except (TypeError, ValueError):  # some built-ins have none: called as they are
        return
    try:
        signature.bind(0, net)
    except TypeError:
        raise TypeError(f"on_record: expected a function called as on_record(step, net), with two arguments, "
                        f"got {_name(on_record)}{signature}") from None


def _name(function) -> str:
    return getattr(function, "__qualname__", type(function).__name__)


def _deferred_kind(function) -> str:
    """What kind of function ``function`` is when calling it runs none of its body (an ``async
    def``, an async generator, a generator; or an object whose ``__call__`` is one), else ''."""
    for target in (function, getattr(function, "__call__", None)):
        if inspect.iscoroutinefunction(target):
            return "async function"
        if inspect.isasyncgenfunction(target):
            return "async generator function"
        if inspect.isgeneratorfunction(target):
            return "generator function"
    return ""


def _recorder(on_record, net, x, y):
    """``on_record`` checked, and a function ``call(step, net)`` that calls it under the
    caller's floating-point settings, keeps what it returns in the list it is returned with, and
    raises naming ``on_record`` if the call changed the samples ``x`` or ``y`` the run trains on."""
    _check_on_record(on_record, net)
    before, caller, records = (x.copy(), y.copy()), np.geterr(), []

    def call(step: int, current) -> None:
        with np.errstate(**caller):
            record = on_record(step, current)
        if inspect.isawaitable(record) or inspect.isgenerator(record) or inspect.isasyncgen(record):
            getattr(record, "close", lambda: None)()  # never run: no "never awaited" warning later
            raise TypeError(f"on_record: expected a function whose body runs when it is called, got one that returned "
                            f"{describe(record)} at step {step}, which train would never await or iterate")
        records.append(record)
        for name, now, was in zip("xy", (x, y), before):
            if not np.array_equal(now, was):
                raise ValueError(f"on_record: expected a function that leaves the samples unchanged, got one that "
                                 f"changed {name} at step {step}; the run stopped there (copy {name} to change it)")

    return call, records


def train(net, x, y, lr, steps: int | None = None, *, epochs: int | None = None, loss: str = "half_sse",
          batch_size: int | None = None, seed: int = 0, record_every: int | None = None,
          optimizer=None, on_record=None) -> TrainingRun:
    r"""Gradient descent, :math:`\theta \leftarrow \theta - \eta\,\partial L/\partial\theta`, for
    ``steps`` steps (or ``epochs`` passes over the samples), recording the loss on the whole
    training set as it goes.

    ``net``: a :class:`~backprop_lib.Network`, or a :class:`~backprop_lib.stacks.Stack` trained
    network by network at once (then ``lr`` may give one rate per network). ``x``, ``y``: the
    samples, one column each. ``loss``: a name in ``LOSSES``. ``batch_size=None``: every step
    uses all samples (full batch); otherwise each epoch is a fresh shuffle from
    ``np.random.default_rng(seed)`` cut into mini-batches (see :func:`minibatches`).
    ``record_every``: record the loss every so many steps (default: every step for a full
    batch, every epoch for mini-batches), always before the first step and after the last.
    With a full batch the recorded loss is the one the step's own forward pass computed.
    ``optimizer``: ``None`` for plain gradient descent, or an optimizer from
    :mod:`~backprop_lib.optimizers` (``SGD()``, ``Momentum()``, ``Adam()``, with or without
    weight decay) stepping from its ``init(net)`` state with rate ``lr``; ``run.state`` is then
    its state after the last step.

    ``on_record``: ``None``, or a function called as ``on_record(step, net)`` at every record,
    with ``step`` the number of steps taken so far and ``net`` the network (or stack) as it is
    then: before the first step, every ``record_every`` steps, and after the last, the moments
    whose training loss ``losses`` holds. What it returns is kept, in order, in ``run.records``;
    with mini-batches and the default ``record_every``, that is once an epoch, which is how a
    learning curve of held-out loss or accuracy, :math:`L_{\text{test}}(\theta_{\text{epoch } e})`
    for :math:`e = 0, \dots, E`, is recorded during one run (the run itself is the same, step
    for step, with or without it). An error raised by ``on_record`` stops the run and is passed
    on; ``net`` is unchanged, as always. ``on_record`` runs under the caller's floating-point
    settings (``np.errstate``), not the quiet ones of the training itself; one that cannot be
    called as ``on_record(step, net)`` is refused before the first step, and one that changes
    the samples ``x`` or ``y`` stops the run, naming ``on_record``, before a step uses them
    (or, at the last record, before the run is returned). To tell, the run keeps a copy of
    ``x`` and ``y`` and compares it at every record: memory for a second copy of the samples,
    and time in proportion to them at each record.

    Raises naming the argument for bad input; naming ``lr`` when the loss overflows (checked
    at every record, and the parameters at the end). A run whose loss ends above where it
    started says so in ``ended_higher``.

    BLAS computes the run's matrix products on one thread when it would otherwise split them
    (the loss of a large training set), as every pass of the library does, without waiting for
    a second core on a busy machine (see ``backprop_lib._blas``). The limit holds for the
    process while the run lasts, ``on_record``'s calls before the last included."""
    check_net(net)
    x = check_inputs(net, x)
    found = check_loss(net, loss)
    y = check_targets(net, x, y, found)
    lr = check_learning_rate(net, lr)
    m = x.shape[1]
    per_epoch = 1
    if batch_size is not None:
        batch_size = whole_number("batch_size", batch_size)
        if batch_size > m:
            raise ValueError(f"batch_size: expected at most the {m} samples of x, got {batch_size}")
        per_epoch = -(-m // batch_size)
    n_steps = _steps(steps, epochs, per_epoch)
    record_every = per_epoch if record_every is None else whole_number("record_every", record_every)
    seed = check_seed("seed", seed)
    call_on_record, records = (None, None) if on_record is None else _recorder(on_record, net, x, y)
    batches = None if batch_size is None else minibatches(m, batch_size, seed)
    run = start(SGD() if optimizer is None else optimizer, net)  # plain gradient descent is SGD()'s step
    update, decay = run.update, run.optimizer.weight_decay

    W, b, f, f_prime = layer_lists(net)
    L = net.n_layers
    losses, recorded = [], []
    with np.errstate(**QUIET), one_thread(largest_product(net.sizes, m)):  # (see _blas: the same numbers, sooner)
        for step in range(n_steps):
            record = step % record_every == 0
            if batches is None:  # full batch: the step's own forward pass gives the loss
                z, a = feedforward(W, b, f, x)
                xb, yb = x, y
                if record:
                    losses.append(found.value(z[L], a[L], y))
            else:
                if record:
                    z, a = feedforward(W, b, f, x)
                    losses.append(found.value(z[L], a[L], y))
                cols = next(batches)
                xb, yb = x[:, cols], y[:, cols]
                z, a = feedforward(W, b, f, xb)
            if record:
                recorded.append(step)
                if not np.isfinite(losses[-1]).all():
                    if step == 0:
                        raise ValueError("x: the loss of the untrained network overflows a double; expected smaller "
                                         "inputs or weights, or nearer targets")
                    raise _diverged(lr, losses, W, b, step, isinstance(net, Stack), run.arrays(), decay)
                if call_on_record is not None:  # rebuilt: W[1:], b[1:] as new lists; it makes the live arrays
                    # read-only, safe as every update replaces its arrays (W[l] = W[l] - ...)
                    call_on_record(step, rebuilt(net, W, b))
            _, dW, db = backpropagate(W, b, f_prime, z, a, found.output_error(z[L], a[L], yb, f_prime[L]))
            update(W, b, dW, db, lr)
        z, a = feedforward(W, b, f, x)
        final = found.value(z[L], a[L], y)
    losses.append(final)
    recorded.append(n_steps)
    state = run.arrays()
    if not np.isfinite(final).all() or not all_finite(W, b, state):
        raise _diverged(lr, losses, W, b, n_steps, isinstance(net, Stack), state, decay)
    trained = rebuilt(net, W, b)
    if call_on_record is not None:
        call_on_record(n_steps, trained)
    history = read_only(np.array(losses).T)  # (R,), or (N, R) for a stack
    ended_higher = history[..., -1] > history[..., 0]
    return TrainingRun(trained, history, read_only(np.array(recorded)),
                       bool(ended_higher) if ended_higher.ndim == 0 else read_only(ended_higher),
                       None if optimizer is None else run.state(), None if records is None else tuple(records))
