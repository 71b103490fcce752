r"""The 2-2-2 network stepper: one training step of R. Lamsal's network, stage by stage, again and again.

R. Lamsal's *A step by step forward pass and backpropagation example* works one step of a
2-2-2 sigmoid network (:func:`backprop_lib.pages.examples.network_222`). The stepper takes
that step, and the next ones, one stage at a time, each drawn on the network:

- **forward**: each unit's pre-activation and activation,
  :math:`z^\ell = W^\ell a^{\ell-1} + b^\ell`, :math:`a^\ell = \sigma(z^\ell)`, with :math:`a^0 = x`;
- **loss**: each output's miss :math:`\hat y_j - y_j`, its term
  :math:`\tfrac12 (\hat y_j - y_j)^2`, and their sum, the loss :math:`\mathcal L`;
- **backward**: each unit's error :math:`\delta^\ell = \partial\mathcal L/\partial z^\ell`
  (:math:`\delta^2 = (\hat y - y) \odot \hat y \odot (1 - \hat y)`,
  :math:`\delta^1 = ((W^2)^\top \delta^2) \odot a^1 \odot (1 - a^1)`), and on each edge
  :math:`\partial\mathcal L/\partial W^\ell = \delta^\ell (a^{\ell-1})^\top`;
- **update**: each weight's old and new value,
  :math:`W^\ell \leftarrow W^\ell - \eta\,\partial\mathcal L/\partial W^\ell` (and each bias that
  is not frozen likewise). The next forward pass uses the new weights.

The arithmetic runs in JavaScript (``network.js``, with the passes of ``core.js``, the library's
in JavaScript), so the stepper
works in the static book with no kernel. In Jupyter the page and Python share the state (the
traits ``stage``, ``step``, ``weights``, ``biases``), and the properties :attr:`net`,
:attr:`trace`, :attr:`loss`, :attr:`gradients` compute the same numbers with this library.
"""

from __future__ import annotations

import copy

import numpy as np
import traitlets

from .. import _validate as check_arg
from ..backprop import forward, gradients, loss_of
from ..network import Network
from ..training import sgd_step
from .base import TARGET_LIMIT, TARGET_WHY, Checked, Explorer, Fixed, choice, count, whole_in

#: The stages of one training step, in order. ``"weights"`` is the start (after a reset): the
#: network and its parameters, before any pass.
STAGES = ("weights", "forward", "loss", "backward", "update")

#: What the stage buttons that only look at the current weights may show.
LOOKING = ("forward", "loss", "backward")


def _nested(arrays) -> list:
    """Per-layer arrays (``net.W``, ``net.b``) as plain nested lists of floats, one per layer."""
    return [None if a is None else np.asarray(a, dtype=float).tolist() for a in arrays]


#: The bias variants of :func:`~backprop_lib.pages.examples.network_222`.
BIASES = ("frozen", "shared", "neuron")


def _vector(name: str, value, n: int = 2) -> list:
    """``value`` as ``n`` finite numbers (a vector ``(n,)`` or a column ``(n, 1)``), or raise naming ``name``."""
    arr = check_arg.as_array(name, value, ndim=(1, 2))
    if arr.shape not in ((n,), (n, 1)):
        raise ValueError(f"{name}: expected {n} numbers, a vector ({n},) or a column ({n}, 1), got shape {arr.shape}")
    return [float(v) for v in arr.ravel()]


def _targets(name: str, value) -> list:
    """The target: two numbers (as :func:`_vector`), each from -1000 to 1000, targets for a
    sigmoid output (beyond, the squared error would leave a double's range)."""
    values = _vector(name, value)
    for i, v in enumerate(values):
        if not -TARGET_LIMIT <= v <= TARGET_LIMIT:
            raise ValueError(f"{name}: expected numbers from {-TARGET_LIMIT:g} to {TARGET_LIMIT:g}{TARGET_WHY}, "
                             f"got {v!r} at index {i}")
    return values


def _weights(name: str, value) -> list:
    """:math:`W^1, W^2`: a 2×2×2 nest of finite numbers, ``value[ℓ - 1][to][from]``, as lists of floats."""
    arr = check_arg.as_array(name, value, ndim=(3,))
    if arr.shape != (2, 2, 2):
        raise ValueError(f"{name}: expected W1 and W2, each 2×2 (shape (2, 2, 2)), got shape {arr.shape}")
    return arr.tolist()


def _biases(name: str, value) -> list:
    """Each layer's biases: a list of two lists, each of one finite number (a shared bias) or two
    (one per neuron), as lists of floats."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        raise TypeError(f"{name}: expected a list of two layers' biases, got {check_arg.describe(value)}")
    if len(value) != 2:
        raise ValueError(f"{name}: expected a list of two layers' biases, got {len(value)} layers")
    layers = []
    for layer, b in enumerate(value, start=1):
        arr = check_arg.as_array(f"{name}[{layer - 1}]", b, ndim=(1,))
        if arr.shape not in ((1,), (2,)):
            raise ValueError(f"{name}[{layer - 1}]: expected one bias (shared) or two (one per neuron), "
                             f"got shape {arr.shape}")
        layers.append(arr.tolist())
    return layers


def _or_none(check):
    """A check: ``[]`` (no update made yet) or what ``check`` takes."""

    def checked(name: str, value) -> list:
        if isinstance(value, (list, tuple)) and len(value) == 0:
            return []
        return check(name, value)

    checked.__doc__ = f"[] (before the first update) or {check.__doc__}"
    return checked


#: The traits checked together (:func:`check_record`).
RECORD = ("biases", "previous_weights", "previous_biases")


def check_record(name: str, state: dict) -> None:
    """The record of the last update as a whole, where ``name`` came last: ``previous_weights`` and
    ``previous_biases`` both empty (no update made) or both set, and then the biases before the
    update as many per layer as ``biases`` has (one shared, or one per neuron); else raise a
    ``ValueError`` naming ``name``. A half record would draw an update stage of old weights with
    no old biases."""
    weights, biases = state["previous_weights"], state["previous_biases"]
    if bool(weights) != bool(biases):
        given, empty = ("previous_weights", "previous_biases") if weights else ("previous_biases", "previous_weights")
        raise ValueError(f"{name}: expected previous_weights and previous_biases both set (the parameters before "
                         f"the last update) or both [] (before the first), got {given} set and {empty} []")
    if biases and [len(layer) for layer in biases] != [len(layer) for layer in state["biases"]]:
        raise ValueError(f"{name}: expected previous_biases with as many biases per layer as biases "
                         f"({[len(layer) for layer in state['biases']]}), got {[len(layer) for layer in biases]}")


class NetworkStepper(Explorer):
    r"""Step through forward pass, loss, backward pass and update of the 2-2-2 sigmoid network.

    ``NetworkStepper(bias="frozen", lr=None, x=None, y=None, decimals=4)``

    Buttons: *Next stage* (weights → forward → loss → backward → update → forward → ...),
    one button per stage (*Forward*, *Loss* and *Backward* show that stage for the current
    weights; *Update* makes one update, each press another) and *Reset* (back to the given
    weights, no update made). The methods :meth:`next`, :meth:`show`, :meth:`update` and
    :meth:`reset` do the same from Python, with this library's arithmetic.

    Parameters
    ----------
    bias : str
        Which of the chapter's variants (:func:`~backprop_lib.pages.examples.network_222`):
        ``"frozen"`` (one bias per layer, never updated, as the article has it), ``"shared"``
        (one per layer, trained) or ``"neuron"`` (one per neuron, trained).
    lr : float or None
        The learning rate :math:`\eta > 0`; ``None``: the article's 0.6.
    x, y : array-like or None
        The input :math:`x` and the target :math:`y`, two numbers each (shape ``(2,)`` or
        ``(2, 1)``); ``None``: the article's (0.1, 0.5) and (0.05, 0.95). The targets are
        from -1000 to 1000 (a sigmoid's output lies between 0 and 1).
    decimals : int
        Decimal places of every number shown, 1 to 8.

    Raises
    ------
    TypeError, ValueError
        Naming the argument, before anything is built: ``bias: expected one of [...]``,
        ``lr: expected a finite number > 0, ...``, ``x: expected 2 numbers, ...``,
        ``decimals: expected a whole number from 1 to 8, ...``. Every trait is checked the
        same way when it is set later, from Python or from the page (``_checks``), and a
        refused value leaves the stepper as it was.

    State (traits shared with the page)
    -----------------------------------
    ``stage``: one of :data:`STAGES`; ``step``: the number of updates made; ``weights``:
    :math:`W^1, W^2` as nested lists, ``weights[ℓ - 1][to][from]``; ``biases``: per layer the
    list of its biases (one number when the layer shares it); ``previous_weights``,
    ``previous_biases``: the parameters before the last update (empty before the first), which
    the update stage draws as old → new, both set or both empty (a half record is refused,
    :func:`check_record`); ``initial_weights``, ``initial_biases``: what Reset restores.
    """

    _js = "network.js"
    _style = "network.css"
    _shown = ("bias", "lr", "stage", "step")

    stage = Checked("weights").tag(sync=True)
    step = Checked(0).tag(sync=True)
    weights = Checked([]).tag(sync=True)
    biases = Checked([]).tag(sync=True)
    previous_weights = Checked([]).tag(sync=True)
    previous_biases = Checked([]).tag(sync=True)
    initial_weights = Checked([]).tag(sync=True)
    initial_biases = Checked([]).tag(sync=True)
    frozen = Checked([]).tag(sync=True)
    x = Checked([]).tag(sync=True)
    y = Checked([]).tag(sync=True)
    lr = Checked(0.6).tag(sync=True)
    decimals = Checked(4).tag(sync=True)
    names = Checked({}).tag(sync=True)
    units = Checked([]).tag(sync=True)

    #: bias (an argument, not a trait): one of BIASES; stage: one of STAGES; step: a whole
    #: number >= 0; weights, biases (and previous_*: also [] before the first update): see
    #: _weights, _biases; x: two finite numbers; y: two targets from -1000 to 1000; lr: a finite
    #: number > 0; decimals: a whole number from 1 to 8; the example's data is fixed.
    _checks = {
        "bias": choice(BIASES),
        "stage": choice(STAGES),
        "step": count,
        "weights": _weights,
        "biases": _biases,
        "previous_weights": _or_none(_weights),
        "previous_biases": _or_none(_biases),
        "initial_weights": Fixed("the weights Reset restores"),
        "initial_biases": Fixed("the biases Reset restores"),
        "frozen": Fixed("the biases the variant never updates"),
        "x": _vector,
        "y": _targets,
        "lr": check_arg.positive_number,
        "decimals": whole_in(1, 8),
        "names": Fixed("the source's weight names"),
        "units": Fixed("the units' labels"),
    }

    def __init__(self, bias: str = "frozen", lr=None, x=None, y=None, decimals: int = 4):
        from ..pages.examples import network_222

        bias = self._check("bias", bias)
        example = network_222(bias)
        lr = self._check("lr", example.lr if lr is None else lr)
        x = self._check("x", example.x if x is None else x)
        y = self._check("y", example.y if y is None else y)
        decimals = self._check("decimals", decimals)
        net = example.net
        # the source's own weight names, and which unit each number belongs to, for the labels
        names = {name: list(where) for name, where in example.names.items()}
        units = [["i1", "i2"], ["h1", "h2"], ["o1", "o2"]]
        super().__init__(stage="weights", step=0, weights=_nested(net.W), biases=_nested_biases(net),
                         previous_weights=[], previous_biases=[], initial_weights=_nested(net.W),
                         initial_biases=_nested_biases(net), frozen=sorted(net.frozen), x=x, y=y, lr=lr,
                         decimals=decimals, names=names, units=units)
        self._bias = bias

    @traitlets.validate(*RECORD)
    def _whole_record(self, proposal):
        """The record of the last update checked whole: :func:`check_record`."""
        return self._state_checked(proposal, check_record, RECORD)

    # ---- what the stepper shows, computed with the library ------------------------------------
    @property
    def bias(self) -> str:
        """The bias variant: ``"frozen"``, ``"shared"`` or ``"neuron"``."""
        return self._bias

    @property
    def inputs(self) -> np.ndarray:
        """The input :math:`x` as a column, shape ``(2, 1)``."""
        return np.array(self.x, dtype=float).reshape(-1, 1)

    @property
    def targets(self) -> np.ndarray:
        """The target :math:`y` as a column, shape ``(2, 1)``."""
        return np.array(self.y, dtype=float).reshape(-1, 1)

    @property
    def net(self) -> Network:
        """The network with the current weights and biases (those the next forward pass uses)."""
        return _network(self.weights, self.biases, self.frozen)

    @property
    def before(self) -> Network | None:
        """The network before the last update (what the update stage draws as "old"); ``None``
        before the first update."""
        if not self.previous_weights:
            return None
        return _network(self.previous_weights, self.previous_biases, self.frozen)

    @property
    def trace(self):
        r"""The forward pass of :attr:`net` on :attr:`inputs`: ``trace.z[ℓ]`` is :math:`z^\ell`,
        ``trace.a[ℓ]`` is :math:`a^\ell`, each of shape ``(2, 1)`` (:func:`backprop_lib.forward`)."""
        return forward(self.net, self.inputs)

    @property
    def loss(self) -> float:
        r""":math:`\mathcal L = \tfrac12 \sum_j (\hat y_j - y_j)^2` for the current weights
        (:func:`backprop_lib.loss_of`, loss ``"half_sse"``)."""
        return loss_of(self.net, self.inputs, self.targets, loss="half_sse")

    @property
    def gradients(self):
        r"""The backward pass for the current weights: ``delta[ℓ]`` is :math:`\delta^\ell`,
        ``dW[ℓ]`` is :math:`\partial\mathcal L/\partial W^\ell`, ``db[ℓ]`` is
        :math:`\partial\mathcal L/\partial b^\ell` (:func:`backprop_lib.gradients`)."""
        return gradients(self.net, self.inputs, self.targets, loss="half_sse")

    # ---- the buttons -----------------------------------------------------------------------------
    def next(self) -> None:
        """What *Next stage* does: weights → forward → loss → backward → update (making one
        update) → forward (with the new weights) → ..."""
        if self.stage == "backward":
            self.update()
        else:
            self.stage = STAGES[STAGES.index(self.stage) + 1] if self.stage != "update" else "forward"

    def show(self, stage: str) -> None:
        """What the *Forward*, *Loss* and *Backward* buttons do: show that stage for the current
        weights, changing no weight. (The *Update* button is :meth:`update`.)"""
        if stage == "update":
            raise ValueError(f"stage: expected one of {sorted(LOOKING)}; to make an update, call update(), "
                             f"got {stage!r}")
        check_arg.one_of("stage", stage, LOOKING)
        self.stage = stage

    def update(self) -> None:
        r"""What the *Update* button does: one step of gradient descent,
        :math:`\theta \leftarrow \theta - \eta\,\partial\mathcal L/\partial\theta` for every
        parameter not frozen (:func:`backprop_lib.sgd_step`), then show the update stage."""
        net = self.net
        stepped = sgd_step(net, gradients(net, self.inputs, self.targets, loss="half_sse"), self.lr)
        with self.hold_sync(), self.hold_trait_notifications():
            self.previous_weights, self.previous_biases = self.weights, self.biases
            self.weights, self.biases = _nested(stepped.W), _nested_biases(stepped)
            self.step += 1
            self.stage = "update"

    def reset(self) -> None:
        """What *Reset* does: the given weights and biases again (copies: changing one later leaves
        the other), no update made, the start stage."""
        with self.hold_sync(), self.hold_trait_notifications():
            self.weights, self.biases = copy.deepcopy(self.initial_weights), copy.deepcopy(self.initial_biases)
            self.previous_weights, self.previous_biases = [], []
            self.step = 0
            self.stage = "weights"


def _nested_biases(net: Network) -> list:
    """Each layer's biases as a plain list (one number when the layer shares one bias)."""
    return [None if b is None else np.asarray(b, dtype=float).ravel().tolist() for b in net.b]


def _network(weights, biases, frozen) -> Network:
    return Network(weights, biases, activation="sigmoid", frozen=tuple(frozen))
