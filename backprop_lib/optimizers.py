r"""Beyond plain gradient descent: momentum, Adam, and L2 weight decay.

Plain gradient descent moves every parameter :math:`\theta` against its gradient
:math:`g = \partial L/\partial\theta`, :math:`\theta \leftarrow \theta - \eta\,g`. An optimizer
keeps, per parameter, a little memory of the gradients it has seen (its *state*) and moves by
something smarter than :math:`g`:

=============  ==============================================================================
``SGD``        :math:`\theta \leftarrow \theta - \eta\,g` (no state)
``Momentum``   :math:`v \leftarrow \beta v + g`, :math:`\theta \leftarrow \theta - \eta\,v`
``Adam``       :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`,
               :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
               :math:`\hat m = m/(1-\beta_1^t)`, :math:`\hat v = v/(1-\beta_2^t)`,
               :math:`\theta \leftarrow \theta - \eta\,\hat m/(\sqrt{\hat v} + \epsilon)`
=============  ==============================================================================

Every optimizer takes an L2 weight decay :math:`\lambda \ge 0`: before the rule above, the
gradient of every *weight* becomes :math:`g + \lambda W`, the gradient of
:math:`L + \tfrac{\lambda}{2}\sum W^2`. Biases do not decay (the usual practice: a bias
scales nothing, and pulling it to 0 only shifts the unit).

The learning rate :math:`\eta` is not part of an optimizer: it is given to each step, as to
:func:`sgd_step` (one step of plain gradient descent, ``SGD()``'s step), so that one optimizer
serves many rates and a stack may take one rate per network. An optimizer's hyperparameters are keyword
arguments, ``Adam(beta1=0.8)``: a number given first, as PyTorch takes the learning rate
(``Adam(0.01)``), is refused naming ``lr`` rather than read as a hyperparameter. The state is explicit:
:meth:`Optimizer.init` makes the state before the first step, and each step returns a new
network and a new state, leaving both of its arguments unchanged::

    adam = bl.Adam()
    state = adam.init(net)
    net, state = adam.step(net, bl.gradients(net, x, y), 0.01, state)

or, for a whole run, ``bl.train(net, x, y, 0.01, 500, optimizer=bl.Adam())``. The state is
per parameter, keyed by name like ``net.parameters()`` (``W1, b1, W2, ...``): frozen
parameters are never updated and have no state. A :class:`~backprop_lib.stacks.Stack` works
as a network does: its state arrays carry the network index first.

Every step, of every optimizer, of :func:`sgd_step` and of :func:`~backprop_lib.train` (which
builds on this module: plain gradient descent there is ``SGD()``), moves the parameters in one
place, :meth:`Run.update`: :math:`\theta \leftarrow \theta - \eta\,d`, each optimizer giving
only its direction :math:`d`.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, InitVar, dataclass
from types import MappingProxyType

import numpy as np

from ._validate import ANY_NDIM, as_array, describe, is_sequence, number, positive_number, read_only, whole_number
from .backprop import QUIET, Gradients, check_net
from .network import Layered, rebuilt
from .stacks import Stack


# ---- checks at the door of every step ---------------------------------------------------------
def check_learning_rate(net: Layered, lr):
    """``lr`` as a number > 0, or for a stack, given one rate per network, as those rates shaped
    ``(N, 1, 1)`` (each > 0); raises naming ``lr`` (or ``lr[k]``)."""
    if isinstance(net, Stack) and is_sequence(lr):
        rates = as_array("lr", lr, ndim=ANY_NDIM)
        if rates.shape != (net.n_networks,):
            raise ValueError(
                f"lr: expected one number > 0, or {net.n_networks} of them (one per network), got shape {rates.shape}"
            )
        for k, rate in enumerate(rates):
            positive_number(f"lr[{k}]", float(rate))
        return rates[:, np.newaxis, np.newaxis].copy()
    return positive_number("lr", lr)


def check_gradients(net: Layered, grads) -> Gradients:
    """``grads`` if it is the :class:`~backprop_lib.Gradients` of a backward pass of this very ``net``."""
    if not isinstance(grads, Gradients):
        raise TypeError(f"grads: expected the Gradients of a backward pass, got {type(grads).__name__}")
    if grads.net is not net:
        raise ValueError("grads: expected the gradients of this net, got the gradients of another network")
    return grads


def all_finite(W, b, state=()) -> bool:
    """Whether every parameter in the lists ``W``, ``b`` (indexed by ℓ) and every array of
    ``state`` is finite."""
    return all(np.isfinite(p).all() for p in [*W[1:], *(v for v in b[1:] if v is not None), *state])


#: The most steps a state may count: 2⁵³, the last whole number a double holds exactly, as Adam's
#: bias correction β^t needs t as a double.
MAX_STEPS = 2 ** 53

#: The per-parameter buffers an optimizer may keep: ``m`` (Adam's first moment) and ``v``
#: (the velocity of momentum, or Adam's second moment).
BUFFERS = ("m", "v")


@dataclass(frozen=True, eq=False)
class OptimizerState:
    r"""An optimizer's memory after ``t`` steps: ``m`` and ``v``, each a read-only dict from
    parameter name (``"W1"``, ``"b1"``, ...) to an array of that parameter's shape. An
    optimizer that keeps no such buffer has it empty (``SGD`` keeps neither, ``Momentum``
    only ``v``); a frozen parameter has no entry. Made by :meth:`Optimizer.init` and by every
    step; one made by hand is checked (``t``: a whole number from 0 to ``MAX_STEPS``; ``m``,
    ``v``: dicts of finite arrays) and copied. Copied and pickled through the constructor."""

    t: int
    m: dict
    v: dict

    def __post_init__(self):
        object.__setattr__(self, "t", whole_number("t", self.t, minimum=0, maximum=MAX_STEPS,
                                                   why=" (a step count that a double holds exactly)"))
        for buffer in BUFFERS:
            given = getattr(self, buffer)
            if not isinstance(given, (dict, MappingProxyType)):
                raise TypeError(f"{buffer}: expected a dict from parameter name to array, got {describe(given)}")
            for name in given:
                if not isinstance(name, str):
                    raise TypeError(f"{buffer}: expected parameter names such as 'W1' as keys, got {describe(name)}")
            arrays = {name: read_only(as_array(f"{buffer}['{name}']", value, ndim=ANY_NDIM).copy())
                      for name, value in given.items()}
            object.__setattr__(self, buffer, MappingProxyType(arrays))

    @classmethod
    def _trusted(cls, t: int, buffers: dict) -> "OptimizerState":
        """A state from arrays this module made (no copy, no check); the arrays become read-only."""
        new = object.__new__(cls)
        object.__setattr__(new, "t", t)
        for buffer in BUFFERS:
            arrays = {name: read_only(value) for name, value in buffers.get(buffer, {}).items()}
            object.__setattr__(new, buffer, MappingProxyType(arrays))
        return new

    def __reduce__(self):
        return type(self), (self.t, dict(self.m), dict(self.v))

    def __repr__(self) -> str:
        kept = [f"{buffer} for {', '.join(getattr(self, buffer))}" for buffer in BUFFERS if getattr(self, buffer)]
        return f"OptimizerState(t={self.t}{'; ' if kept else ''}{'; '.join(kept)})"


class Optimizer:
    """What every optimizer shares: :meth:`init`, :meth:`step`, weight decay. Not made
    directly: use :class:`SGD`, :class:`Momentum` or :class:`Adam`."""

    #: The buffers of :data:`BUFFERS` this optimizer keeps.
    buffers: tuple = ()
    weight_decay: float = 0.0

    def init(self, net) -> OptimizerState:
        """The state before the first step: ``t = 0`` and every buffer zero, one per parameter
        of ``net`` that is not frozen."""
        check_net(net)
        return OptimizerState._trusted(0, self._zeros(net))

    def step(self, net, grads, lr, state: OptimizerState):
        r"""One step: a new network and a new state, ``(net, state)``; the arguments are
        unchanged. ``grads``: the :class:`~backprop_lib.Gradients` of a backward pass of this
        very ``net``; ``lr``: :math:`\eta > 0` (for a stack, one number or one per network);
        ``state``: from :meth:`init` or the last step, for this ``net`` and this optimizer.
        Raises naming the argument for bad input, and naming ``lr`` when the step carries a
        parameter or the state beyond a double's range."""
        check_net(net)
        lr = check_learning_rate(net, lr)
        grads = check_gradients(net, grads)
        state = self._check_state(net, state)
        W, b, run = _stepped(self, state, net, grads, lr)
        if not all_finite(W, b, run.arrays()):
            raise ValueError(f"lr: the step carried a parameter, or the optimizer's state, beyond a double's range; "
                             f"expected a smaller learning rate than {np.max(lr):g}")
        return rebuilt(net, W, b), run.state()

    def _direction(self, g, name: str, buffers: dict, t: int):
        r"""The direction ``d`` of :math:`\theta \leftarrow \theta - \eta d` at step ``t``
        (counted from 1) for the parameter ``name``, whose (decayed) gradient is ``g``; replaces
        that parameter's arrays in ``buffers[buffer][name]``."""
        raise NotImplementedError

    def _zeros(self, net: Layered) -> dict:
        trainable = {name: p for name, p in net.parameters().items() if name not in net.frozen}
        return {buffer: {name: np.zeros_like(p) for name, p in trainable.items()} for buffer in self.buffers}

    def _check_state(self, net: Layered, state) -> OptimizerState:
        kind = type(self).__name__
        if not isinstance(state, OptimizerState):
            raise TypeError(f"state: expected the OptimizerState of {kind}().init(net) or of the last step, "
                            f"got {describe(state)}")
        if state.t >= MAX_STEPS:
            raise ValueError(f"state: expected a state of fewer than {MAX_STEPS:,} steps (the count a double holds "
                             f"exactly), got t = {state.t:,}")
        trainable = {name: p.shape for name, p in net.parameters().items() if name not in net.frozen}
        for buffer in BUFFERS:
            have = getattr(state, buffer)
            want = trainable if buffer in self.buffers else {}
            if set(have) != set(want):
                raise ValueError(f"state: expected {kind}'s state for this net, with {buffer} for "
                                 f"{sorted(want) or 'no parameter'}, got {buffer} for {sorted(have) or 'no parameter'}")
            for name, shape in want.items():
                if have[name].shape != shape:
                    raise ValueError(f"state: expected {buffer}['{name}'] of shape {shape}, the shape of {name}, "
                                     f"got {have[name].shape}")
        return state


class Run:
    r"""An optimizer stepping a network's parameters, from :func:`start`: the step count ``t``
    and the buffers, replaced step by step (never written into).

    :meth:`update` is the one place where any parameter moves, plain gradient descent included
    (``SGD``, whose direction is the gradient itself): :func:`sgd_step`, :meth:`Optimizer.step`
    and :func:`~backprop_lib.train` all step through it."""

    def __init__(self, optimizer: Optimizer, state: OptimizerState, net: Layered):
        self.optimizer, self.t = optimizer, state.t
        self.buffers = {buffer: dict(getattr(state, buffer)) for buffer in optimizer.buffers}
        # the parameters a step moves, in the order W1, b1, W2, b2, ...: (a weight?, ℓ, name)
        self.moves = [(name[0] == "W", int(name[1:]), name) for name in net.parameters() if name not in net.frozen]

    def update(self, W, b, dW, db, lr) -> None:
        r"""Step :math:`t + 1`: :math:`\theta \leftarrow \theta - \eta\,d` for every parameter
        :math:`\theta` not frozen, with :math:`d` the optimizer's direction for the gradient
        :math:`g = \partial L/\partial\theta` (plus :math:`\lambda W` for a weight under weight
        decay): :math:`d = g` for plain gradient descent. ``W``, ``b``, ``dW``, ``db``: lists
        indexed by ℓ; each parameter's entry is replaced by a new array. ``lr``: :math:`\eta`,
        a number or one per network of a stack, ``(N, 1, 1)``. Trusted arrays: checks nothing
        (its callers check at their door)."""
        self.t += 1
        t, buffers, decay, direction = self.t, self.buffers, self.optimizer.weight_decay, self.optimizer._direction
        for weight, l, name in self.moves:
            P, G = (W, dW) if weight else (b, db)
            g = G[l] + decay * P[l] if weight and decay else G[l]  # L2 decay: weights only
            P[l] = P[l] - lr * direction(g, name, buffers, t)

    def arrays(self) -> list:
        """Every array of the buffers."""
        return [value for arrays in self.buffers.values() for value in arrays.values()]

    def state(self) -> OptimizerState:
        """The state after the last step, as an :class:`OptimizerState`."""
        return OptimizerState._trusted(self.t, self.buffers)


def start(optimizer, net: Layered) -> Run:
    """The :class:`Run` that :func:`~backprop_lib.train` steps with, from ``optimizer.init(net)``;
    raises naming ``optimizer`` unless it is an optimizer (an instance, not the class)."""
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise TypeError(f"optimizer: expected an optimizer, got the class {optimizer.__name__}; "
                        f"make one with {optimizer.__name__}()")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer: expected None (plain gradient descent) or an optimizer such as SGD(), "
                        f"Momentum() or Adam(), got {describe(optimizer)}")
    return Run(optimizer, optimizer.init(net), net)


def _stepped(optimizer: Optimizer, state: OptimizerState, net: Layered, grads: Gradients, lr):
    """One step of ``optimizer`` from checked arguments: the lists ``W``, ``b`` after it, and
    the :class:`Run` that holds the state after it."""
    run = Run(optimizer, state, net)
    W, b = [None, *net.W], [None, *net.b]
    with np.errstate(**QUIET):
        run.update(W, b, [None, *grads.dW], [None, *grads.db], lr)
    return W, b, run


# ---- checks of the hyperparameters --------------------------------------------------------------
def _no_lr(kind: str, lr) -> None:
    """Refuse ``lr`` given to an optimizer (as PyTorch's take it), by name or as the first
    positional argument (``Adam(0.01)``, which would otherwise be read as a hyperparameter): here
    it is the step's. The hyperparameters are keyword arguments."""
    if lr is not None:
        raise TypeError(f"lr: expected the learning rate as an argument of step or train, not of the optimizer: "
                        f"{kind}().step(net, grads, lr, state) or train(net, x, y, lr, ..., optimizer={kind}())")


def _decay(value) -> float:
    value = number("weight_decay", value)
    if value < 0:
        raise ValueError(f"weight_decay: expected a number >= 0 (λ of L + λ/2 Σ W²), got {value!r}")
    return value


def _fraction(name: str, value) -> float:
    value = number(name, value)
    if not 0 <= value < 1:
        raise ValueError(f"{name}: expected a number from 0 up to but not including 1, got {value!r}")
    return value


# ---- the optimizers -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SGD(Optimizer):
    r"""Plain gradient descent, :math:`\theta \leftarrow \theta - \eta\,g`, with
    :math:`g = \partial L/\partial\theta` (plus :math:`\lambda W` for a weight). Keeps no
    buffer (its state counts the steps). Without weight decay, its steps are those of
    :func:`~backprop_lib.sgd_step`, bit for bit.

    ``weight_decay``: :math:`\lambda \ge 0`, for the weights only (default 0). Raises
    ``TypeError``/``ValueError`` naming it (and naming ``lr`` if given one: the learning rate
    is the step's)."""

    lr: InitVar[None] = None  # the one positional argument: refused (the learning rate is the step's)
    _: KW_ONLY
    weight_decay: float = 0.0

    def __post_init__(self, lr):
        _no_lr("SGD", lr)
        object.__setattr__(self, "weight_decay", _decay(self.weight_decay))

    def _direction(self, g, name, buffers, t):
        return g


def sgd_step(net, grads: Gradients, lr):
    r"""A new network with :math:`\theta - \eta\,\partial L/\partial\theta` for every parameter
    :math:`\theta` not in ``net.frozen``; ``net`` itself is unchanged. One step of
    :class:`SGD` without weight decay: the same arithmetic, through the same update.

    ``grads``: the :class:`~backprop_lib.Gradients` of a backward pass of this very ``net``;
    ``lr``: :math:`\eta > 0` (for a stack, one number or one per network). Raises naming ``lr``
    when a step so large would carry a parameter beyond a double's range."""
    check_net(net)
    lr = check_learning_rate(net, lr)
    grads = check_gradients(net, grads)
    plain = SGD()
    W, b, _ = _stepped(plain, plain.init(net), net, grads, lr)
    if not all_finite(W, b):
        raise ValueError(f"lr: the step carried a parameter beyond a double's range; expected a smaller learning "
                         f"rate than {np.max(lr):g}")
    return rebuilt(net, W, b)


@dataclass(frozen=True)
class Momentum(Optimizer):
    r"""Gradient descent with momentum (the heavy ball), in PyTorch's convention:

    .. math:: v \leftarrow \beta v + g, \qquad \theta \leftarrow \theta - \eta\,v,

    with :math:`v = 0` before the first step, so the first step is plain gradient descent.
    The other common convention, :math:`v \leftarrow \beta v - \eta g,\ \theta \leftarrow
    \theta + v` (Sutskever et al. 2013, CS231n), makes the same steps for a constant
    :math:`\eta`: its :math:`v` is :math:`-\eta` times this one. With :math:`\beta = 0` the
    steps are those of plain gradient descent. State: ``v``, one array per parameter.

    ``beta``: :math:`0 \le \beta < 1` (default 0.9); ``weight_decay``: :math:`\lambda \ge 0`,
    for the weights only. Raises ``TypeError``/``ValueError`` naming the argument (and naming
    ``lr`` if given one: the learning rate is the step's)."""

    lr: InitVar[None] = None  # the one positional argument: refused (the learning rate is the step's)
    _: KW_ONLY
    beta: float = 0.9
    weight_decay: float = 0.0
    buffers = ("v",)

    def __post_init__(self, lr):
        _no_lr("Momentum", lr)
        object.__setattr__(self, "beta", _fraction("beta", self.beta))
        object.__setattr__(self, "weight_decay", _decay(self.weight_decay))

    def _direction(self, g, name, buffers, t):
        v = buffers["v"][name] = self.beta * buffers["v"][name] + g
        return v


@dataclass(frozen=True)
class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015): a running mean of the gradients and of their squares, each
    corrected for starting at 0, and a step of about :math:`\eta` in every coordinate:

    .. math::
       m \leftarrow \beta_1 m + (1-\beta_1)\,g, \qquad v \leftarrow \beta_2 v + (1-\beta_2)\,g^2,

       \hat m = \frac{m}{1-\beta_1^t}, \qquad \hat v = \frac{v}{1-\beta_2^t}, \qquad
       \theta \leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon},

    with :math:`t = 1, 2, \dots` the step and :math:`m = v = 0` before the first. So the first
    step moves every parameter by :math:`\eta\,g/(|g| + \epsilon) \approx \eta\,\mathrm{sign}(g)`.
    Weight decay here is L2 (the gradient :math:`g + \lambda W` enters :math:`m` and :math:`v`,
    as PyTorch's ``Adam(weight_decay=...)``), not AdamW's decoupled decay. State: ``m`` and
    ``v``, one array each per parameter.

    ``beta1``, ``beta2``: in :math:`[0, 1)` (defaults 0.9, 0.999); ``eps``: :math:`\epsilon > 0`
    (default 1e-8); ``weight_decay``: :math:`\lambda \ge 0`, for the weights only. Raises
    ``TypeError``/``ValueError`` naming the argument (and naming ``lr`` if given one: the
    learning rate is the step's)."""

    lr: InitVar[None] = None  # the one positional argument: refused (the learning rate is the step's)
    _: KW_ONLY
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.0
    buffers = ("m", "v")

    def __post_init__(self, lr):
        _no_lr("Adam", lr)
        object.__setattr__(self, "beta1", _fraction("beta1", self.beta1))
        object.__setattr__(self, "beta2", _fraction("beta2", self.beta2))
        object.__setattr__(self, "eps", positive_number("eps", self.eps))
        object.__setattr__(self, "weight_decay", _decay(self.weight_decay))

    def _direction(self, g, name, buffers, t):
        beta1, beta2 = self.beta1, self.beta2
        m = buffers["m"][name] = beta1 * buffers["m"][name] + (1 - beta1) * g
        v = buffers["v"][name] = beta2 * buffers["v"][name] + (1 - beta2) * (g * g)
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2 ** t)
        return m_hat / (np.sqrt(v_hat) + self.eps)
