r"""The forward pass and the backward pass, keeping every intermediate.

Forward, for :math:`\ell = 1, \dots, L` with :math:`a^0 = x`:

.. math:: z^\ell = W^\ell a^{\ell-1} + b^\ell, \qquad a^\ell = f_\ell(z^\ell).

Backward, the four equations of backpropagation:

.. math::
   \text{(BP1)}\quad \delta^L = \frac{\partial L}{\partial z^L}
       \quad(\text{given by the loss: } \nabla_{a^L} L \odot f_L'(z^L) \text{ in general}),

   \text{(BP2)}\quad \delta^\ell = \bigl((W^{\ell+1})^\top \delta^{\ell+1}\bigr) \odot f_\ell'(z^\ell),

   \text{(BP3)}\quad \frac{\partial L}{\partial W^\ell} = \delta^\ell (a^{\ell-1})^\top, \qquad
   \text{(BP4)}\quad \frac{\partial L}{\partial b^\ell} = \sum_{\text{samples}} \delta^\ell
   \quad(\text{and over the layer's units too when its bias is shared}).

For softmax, whose derivative is a Jacobian matrix per sample, the product
:math:`g \odot f'(z)` of BP1 and BP2 is the Jacobian's :math:`J^\top g` instead; the code's
``g * f_prime(z, a)`` computes it (see :class:`~backprop_lib.activations.SoftmaxJacobian`), so
softmax may be used in any layer.

Shapes: the input ``x`` has one column per sample, ``(n_0, m)``; one sample may be given as a
vector ``(n_0,)`` and is then a batch of one column. Every :math:`z^\ell, a^\ell, \delta^\ell`
has shape ``(n_ℓ, m)``, every gradient its parameter's shape; a batch's gradients are summed
over its samples by the matrix products themselves. The same code runs a
:class:`~backprop_lib.stacks.Stack` of :math:`N` networks: its arrays carry the network index
first, ``(N, n_ℓ, m)``, and ``@`` and ``.mT`` act on every network at once.

Each pass is written once, on lists indexed by the layer number ℓ: :func:`feedforward` and
:func:`backpropagate` (the code chapter 6 shows). :func:`forward`, :func:`backward`,
:func:`loss_of`, :func:`~backprop_lib.train` and the gradient checks check their arguments at
the door and then run these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._blas import largest_product, one_thread
from ._validate import ANY_NDIM, as_array, describe, number, read_only
from .activations import get_activation
from .layers import Layers
from .losses import Loss, fitted, get_loss
from .network import Layered, by_parameter_name
from .stacks import Stack

#: Floating-point conditions that the passes leave to the finiteness checks: e^{-z} overflowing
#: in the sigmoid is harmless (σ rounds to 0), and a diverging run is reported by name.
QUIET = dict(over="ignore", under="ignore", invalid="ignore", divide="ignore")


@dataclass(frozen=True, eq=False)
class Trace:
    r"""Everything the forward pass computed: ``z[ℓ]`` is :math:`z^\ell` (ℓ = 1, ..., L) and
    ``a[ℓ]`` is :math:`a^\ell` (ℓ = 0, ..., L, with ``a[0]`` the input). ``net`` is the network
    that made it. Read-only.

    One made by hand is checked whole, against ``net``: ``z`` and ``a`` hold one finite array
    per layer (``z`` from layer 1, ``a`` from layer 0), ``a[0]`` of shape ``(n_0, m)`` and every
    other ``(n_ℓ, m)`` (``(N, n_ℓ, m)`` for a stack of ``N``); refused naming the field and the
    layer. Its arrays are copied, read-only; their values are taken as given."""

    z: Layers
    a: Layers
    net: Layered

    def __post_init__(self):
        _check_fields(self, "Trace", z=Layers, a=Layers, net=Layered)
        a0 = _layer_array(self, "a", 0, ndim=(2,))
        expected = {"z": lambda l: _unit_shape(self.net, l, a0.shape[1]),
                    "a": lambda l: a0.shape if l == 0 else _unit_shape(self.net, l, a0.shape[1])}
        _check_layers(self, "Trace", expected, {"z": 1, "a": 0})

    @classmethod
    def _trusted(cls, z: Layers, a: Layers, net: Layered) -> "Trace":
        """A trace from arrays the forward pass made (no copy, no check)."""
        return _made(cls, z=z, a=a, net=net)

    def __reduce__(self):
        """Copied and pickled through the constructor (checked, copied, read-only); copied
        together with its network (``copy.deepcopy((net, trace))``), ``trace.net`` is that copy."""
        return type(self), (self.z, self.a, self.net)

    @property
    def output(self) -> np.ndarray:
        r"""The network's output :math:`\hat y = a^L`, shape ``(n_L, m)``."""
        return self.a[-1]


@dataclass(frozen=True, eq=False)
class Gradients:
    r"""Everything the backward pass computed: ``loss`` is :math:`L`; ``delta[ℓ]`` is
    :math:`\delta^\ell`; ``dW[ℓ]`` and ``db[ℓ]`` are :math:`\partial L/\partial W^\ell` and
    :math:`\partial L/\partial b^\ell` (``None`` for a layer without bias); ``net`` is the network
    they belong to. Read-only.

    One made by hand is checked whole, against ``net``: ``loss`` a finite number (one per
    network of a stack); ``dW[ℓ]`` and ``db[ℓ]`` finite arrays of the shapes of ``W[ℓ]`` and
    ``b[ℓ]`` (``None`` where the layer has no bias), ``delta[ℓ]`` of shape ``(n_ℓ, m)``, one
    per layer from 1; refused naming the field and the layer, so that no step broadcasts a
    gradient of another shape or is handed a NaN. Its arrays are copied, read-only."""

    loss: float
    delta: Layers
    dW: Layers
    db: Layers
    net: Layered

    def __post_init__(self):
        _check_fields(self, "Gradients", delta=Layers, dW=Layers, db=Layers, net=Layered)
        net = self.net
        if isinstance(net, Stack):  # a stack: one loss per network
            loss = as_array("loss", self.loss, ndim=(1,))
            if loss.shape != (net.n_networks,):
                raise ValueError(f"loss: expected one loss per network, shape ({net.n_networks},), got {loss.shape}")
            object.__setattr__(self, "loss", read_only(loss.copy()))
        else:
            object.__setattr__(self, "loss", number("loss", self.loss))
        last = _layer_array(self, "delta", net.n_layers, ndim=ANY_NDIM)
        m = last.shape[-1]
        expected = {"delta": lambda l: _unit_shape(net, l, m), "dW": lambda l: net.W[l].shape,
                    "db": lambda l: None if net.b[l] is None else net.b[l].shape}
        _check_layers(self, "Gradients", expected, {"delta": 1, "dW": 1, "db": 1})

    @classmethod
    def _trusted(cls, loss, delta: Layers, dW: Layers, db: Layers, net: Layered) -> "Gradients":
        """Gradients from arrays the backward pass made (no copy, no check)."""
        return _made(cls, loss=loss, delta=delta, dW=dW, db=db, net=net)

    def __reduce__(self):
        """Copied and pickled through the constructor, as a :class:`Trace` is."""
        return type(self), (self.loss, self.delta, self.dW, self.db, self.net)

    def by_name(self) -> dict:
        """The gradients keyed like :meth:`Network.parameters`: ``{"W1": ..., "b1": ...}``."""
        return by_parameter_name(self.dW, self.db)


def _made(cls, **fields):
    """A record of ``cls`` holding ``fields`` as they are (no copy, no check)."""
    new = object.__new__(cls)
    for field, value in fields.items():
        object.__setattr__(new, field, value)
    return new


def _check_fields(record, kind: str, **types) -> None:
    """Traces and gradients are made by the passes; one built by hand must hold the right kinds."""
    for field, expected in types.items():
        value = getattr(record, field)
        if not isinstance(value, expected):
            wanted = "a Network or a Stack" if expected is Layered else "per-layer values (Layers)"
            raise TypeError(f"{field}: expected {wanted} for a {kind}, got {type(value).__name__}")


def _unit_shape(net: Layered, layer: int, m: int) -> tuple:
    """The shape of a per-unit array of layer ``layer`` for ``m`` samples: ``(n_ℓ, m)``, with the
    network index first for a stack."""
    lead = (net.n_networks,) if isinstance(net, Stack) else ()
    return (*lead, net.sizes[layer], m)


def _layer_array(record, field: str, layer: int, ndim) -> np.ndarray:
    """``record.field[layer]`` as a float array, refused naming it (its layers are checked
    whole by :func:`_check_layers`)."""
    values = getattr(record, field)
    if not values.first <= layer <= values.last:
        raise ValueError(f"{field}: expected one entry per layer, layers {_first_layer(field)} to "
                         f"{record.net.n_layers}, got layers {values.first} to {values.last}")
    return as_array(f"{field}[{layer}]", values[layer], ndim=ndim)


def _first_layer(field: str) -> int:
    return 0 if field == "a" else 1


def _check_layers(record, kind: str, expected: dict, first: dict) -> None:
    """Each field of ``expected`` holds one finite array per layer from ``first[field]`` to
    ``L``, of the shape ``expected[field](ℓ)`` (``None``: no array, ``None`` itself); each
    becomes a read-only copy. Raises naming the field and the layer."""
    L = record.net.n_layers
    for field, shape_of in expected.items():
        values = getattr(record, field)
        if values.first != first[field] or values.last != L:
            raise ValueError(f"{field}: expected one entry per layer of the net, layers {first[field]} to {L}, for "
                             f"a {kind}, got layers {values.first} to {values.last}")
        checked = []
        for layer, value in values.numbered():
            want = shape_of(layer)
            if want is None or value is None:
                if want is not value:
                    wanted = f"None (layer {layer} has no bias)" if want is None else f"an array of shape {want}"
                    raise ValueError(f"{field}[{layer}]: expected {wanted} for a {kind} of this net, got {describe(value)}")
                checked.append(None)
                continue
            arr = as_array(f"{field}[{layer}]", value, ndim=ANY_NDIM)
            if arr.shape != want:
                raise ValueError(f"{field}[{layer}]: expected shape {want} for a {kind} of this net, got {arr.shape}")
            checked.append(read_only(arr.copy()))
        object.__setattr__(record, field, Layers(checked, first=first[field], symbol=field))


# ---- the passes themselves, on lists indexed by the layer number ℓ ------------------------------
# The inner forms that forward, backward, loss_of, train and the gradient checks all run: one
# implementation of each pass. Like the activations' and losses' inner forms (Activation.f,
# Loss.value), they take trusted arrays, as those public functions hand them after checking
# their arguments at the door, and check nothing themselves: the training loop calls them at
# every step. Call forward and backward for checked arguments.
def feedforward(W, b, f, x):
    r"""The forward pass, :math:`z^\ell = W^\ell a^{\ell-1} + b^\ell`,
    :math:`a^\ell = f_\ell(z^\ell)` for :math:`\ell = 1, \dots, L`, from :math:`a^0 = x`.

    ``W``, ``b``, ``f``: lists indexed by ℓ (entry 0 unused; ``b[ℓ]`` may be ``None``), as
    :func:`layer_lists` makes them; ``x``: a float array ``(n_0, m)``. Returns the lists ``z``
    and ``a`` indexed likewise, ``a[0] = x``. Trusted arrays: checks nothing (see
    :func:`forward`)."""
    z, a = [None], [x]
    for l in range(1, len(W)):
        z_l = W[l] @ a[l - 1]
        if b[l] is not None:
            z_l += b[l]
        z.append(z_l)
        a.append(f[l](z_l))
    return z, a


def backpropagate(W, b, f_prime, z, a, delta_L):
    r"""The four equations of backpropagation, from the output error :math:`\delta^L` (BP1,
    given by the loss) back to layer 1:
    :math:`\delta^\ell = \bigl((W^{\ell+1})^\top \delta^{\ell+1}\bigr) \odot f_\ell'(z^\ell)` (BP2),
    :math:`\partial L/\partial W^\ell = \delta^\ell (a^{\ell-1})^\top` (BP3),
    :math:`\partial L/\partial b^\ell = \sum_{\text{samples}} \delta^\ell` (BP4).

    Every argument but ``delta_L`` is a list indexed by the layer number ℓ (entry 0 unused,
    but ``a[0] = x``), as :func:`layer_lists` and :func:`feedforward` make them;
    ``f_prime[ℓ](z, a)`` is :math:`f_\ell'(z)`. Returns the lists ``delta``, ``dW``, ``db``.
    Trusted arrays: checks nothing (see :func:`backward`)."""
    L = len(W) - 1
    delta, dW, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    # (BP1) the output error, given by the loss
    delta[L] = delta_L
    for l in range(L, 0, -1):
        if l < L:
            # (BP2) this layer's error, from the next layer's
            delta[l] = (W[l + 1].mT @ delta[l + 1]) * f_prime[l](z[l], a[l])
        # (BP3) the weight gradients, summed over the samples by the product
        dW[l] = delta[l] @ a[l - 1].mT
        if b[l] is not None:
            # (BP4) the bias gradients: the errors summed over the samples,
            # and over the layer's units too when they share one bias
            db[l] = delta[l].sum(axis=-1, keepdims=True)
            if b[l].shape[-2] < db[l].shape[-2]:
                db[l] = db[l].sum(axis=-2, keepdims=True)
    return delta, dW, db


def layer_lists(net: Layered):
    """The lists the passes take, indexed by the layer number ℓ (entry 0 ``None``): ``W``,
    ``b``, ``f`` and ``f_prime``, the weights, biases, activations and their derivatives of
    ``net`` (a Network or a Stack), read from the registry
    :data:`~backprop_lib.activations.ACTIVATIONS` (a name it does not know is refused there,
    naming ``activation``)."""
    acts = [get_activation(name) for name in net.activation]
    return ([None, *net.W], [None, *net.b], [None, *(act.f for act in acts)],
            [None, *(act.derivative for act in acts)])


# ---- checks at the door ---------------------------------------------------------------------
def check_net(net, name: str = "net") -> Layered:
    """``net`` if it is a Network or a Stack, else ``TypeError``."""
    if not isinstance(net, Layered):
        raise TypeError(f"{name}: expected a Network (or a Stack of them), got {type(net).__name__}")
    return net


def check_inputs(net: Layered, x, name: str = "x") -> np.ndarray:
    """``x`` as a float array with one column per sample, ``(n_0, m)``; a vector ``(n_0,)`` is one
    sample. Raises naming ``name``, and says to pass ``x.T`` when the samples came as rows."""
    check_net(net)
    raw = as_array(name, x)
    n0 = net.sizes[0]
    if raw.shape[0] != n0:
        hint = ""
        if raw.ndim == 2 and raw.shape[1] == n0:
            hint = f", which looks like one sample per row: pass {name}.T"
        elif raw.ndim == 1 and n0 == 1:
            hint = f"; for {raw.size} samples of one input, pass {name}.reshape(1, {raw.size})"
        raise ValueError(
            f"{name}: expected shape ({n0},) for one sample or ({n0}, m) for m samples "
            f"(one column each), got {raw.shape}{hint}"
        )
    return raw if raw.ndim == 2 else raw[:, np.newaxis]


def check_targets(net: Layered, x: np.ndarray, y, loss: Loss | None = None, name: str = "y") -> np.ndarray:
    """``y`` as a float array shaped like the output for ``x``, ``(n_L, m)`` (a vector ``(n_L,)``
    when ``x`` is one sample), and, given a ``loss``, targets that loss accepts: each loss
    checks its own (``Loss.check_targets``: within [0, 1] for binary cross-entropy, a
    probability vector per column for categorical cross-entropy, ``ce``)."""
    raw = as_array(name, y)
    n_out, m = net.sizes[-1], x.shape[1]
    if raw.shape != (n_out, m) and not (m == 1 and raw.shape == (n_out,)):
        hint = ""
        if raw.ndim == 2 and raw.shape == (m, n_out):
            hint = f", which looks like one target per row: pass {name}.T"
        elif raw.ndim == 1 and raw.size == m * n_out:
            hint = (f": make it one row per output unit, {name}.reshape(1, {m})" if n_out == 1 else
                    f": make it one row per output unit and one column per sample, shape ({n_out}, {m})")
        raise ValueError(
            f"{name}: expected shape ({n_out}, {m}), one row per output unit and one column per sample, "
            f"got {raw.shape}{hint}"
        )
    y = raw if raw.ndim == 2 else raw[:, np.newaxis]
    if loss is not None:
        loss.check_targets(name, y)
    return y


def check_loss(net: Layered, loss) -> Loss:
    """The :class:`Loss` named ``loss`` as computed after the network's output layer (its
    shortcut there, if any: see :func:`~backprop_lib.losses.fitted`), refused when that layer
    does not fit it."""
    found = get_loss(loss)
    needs = (found.output,) if isinstance(found.output, str) else found.output
    if needs is not None and net.activation[-1] not in needs:
        raise ValueError(f"loss: {loss!r} needs a {' or '.join(needs)} output layer, got a network whose last layer is "
                         f"{net.activation[-1]!r}: {found.output_why}")
    return fitted(found, net.activation[-1])


def check_trace(net: Layered, trace) -> "Trace":
    """``trace`` if it is the forward pass of this very ``net``."""
    if not isinstance(trace, Trace):
        raise TypeError(f"trace: expected the Trace of forward(net, x), got {type(trace).__name__}")
    if trace.net is not net:
        raise ValueError("trace: expected the forward pass of this net, got the trace of another network")
    return trace


def _finite_or_raise(z, what: str, loss=None) -> None:
    for layer in range(1, len(z)):
        if not np.isfinite(z[layer]).all():
            raise ValueError(
                f"{what}: the forward pass overflowed a double in layer {layer}; expected smaller inputs or weights"
            )
    if loss is not None and not np.isfinite(loss).all():
        raise ValueError(f"{what}: the loss overflowed a double; expected smaller inputs or weights, or nearer targets")


def _read_only_layers(arrays, symbol: str, first: int = 1) -> Layers:
    """Per-layer arrays (a list indexed by ℓ) as read-only :class:`Layers` from layer ``first``."""
    return Layers([None if v is None else read_only(v) for v in arrays[first:]], first=first, symbol=symbol)


# ---- the public passes -----------------------------------------------------------------------
def forward(net, x) -> Trace:
    r"""The forward pass :math:`z^\ell = W^\ell a^{\ell-1} + b^\ell`, :math:`a^\ell = f_\ell(z^\ell)`,
    layer by layer, keeping every :math:`z^\ell` and :math:`a^\ell` in a read-only :class:`Trace`.

    ``net``: a :class:`~backprop_lib.Network` (or a :class:`~backprop_lib.stacks.Stack`);
    ``x``: shape ``(n_0, m)``, one column per sample, or ``(n_0,)`` for one sample. Raises
    ``TypeError``/``ValueError`` naming ``net`` or ``x``."""
    x = check_inputs(net, x).copy()
    W, b, f, _ = layer_lists(net)
    with np.errstate(**QUIET), one_thread(largest_product(net.sizes, x.shape[1])):
        z, a = feedforward(W, b, f, x)
    _finite_or_raise(z, "x")
    return Trace._trusted(_read_only_layers(z, "z"), _read_only_layers(a, "a", first=0), net)


def backward(net, trace: Trace, y, loss: str = "half_sse") -> Gradients:
    r"""Backpropagate :math:`L(\hat y, y)` through ``trace``, the forward pass of ``net``: the four
    equations BP1–BP4, every :math:`\delta^\ell` and gradient kept in a read-only
    :class:`Gradients`.

    ``y``: the targets, shaped like ``trace.output``; ``loss``: a name in ``LOSSES``
    (``"half_sse"``, the sources' ½ Σ (ŷ − y)², by default). The output error
    :math:`\delta^L` comes from the loss. Raises naming ``trace`` when it was made by another
    network, ``y`` for targets of the wrong shape, ``loss`` for an unknown loss or one that
    does not fit the output layer."""
    check_net(net)
    check_trace(net, trace)
    loss = check_loss(net, loss)
    x = trace.a[0]
    y = check_targets(net, x, y, loss)
    W, b, _, f_prime = layer_lists(net)
    z, a = [None, *trace.z], list(trace.a)
    L = net.n_layers
    with np.errstate(**QUIET), one_thread(largest_product(net.sizes, x.shape[1])):
        value = loss.value(z[L], a[L], y)
        _finite_or_raise([], "trace", value)
        delta, dW, db = backpropagate(W, b, f_prime, z, a, loss.output_error(z[L], a[L], y, f_prime[L]))
    for name, grad in by_parameter_name(dW[1:], db[1:]).items():
        if not np.isfinite(grad).all():
            raise ValueError(f"trace: the gradient of {name} overflowed a double; expected smaller inputs or weights")
    if isinstance(value, np.ndarray):
        value = read_only(value)
    return Gradients._trusted(value, _read_only_layers(delta, "delta"), _read_only_layers(dW, "dW"),
                     _read_only_layers(db, "db"), net)


def gradients(net, x, y, loss: str = "half_sse") -> Gradients:
    """A forward pass then a backward pass: every gradient of ``loss`` at ``(x, y)``."""
    return backward(net, forward(net, x), y, loss)


def loss_of(net, x, y, loss: str = "half_sse"):
    r""":math:`L(\hat y, y)` for the network's output on ``x``: a float, or one per network of a
    stack (shape ``(N,)``). Cross-entropy is computed from :math:`z^L`, exact where
    :math:`\hat y` rounds to 0 or 1."""
    x = check_inputs(net, x)
    found = check_loss(net, loss)
    y = check_targets(net, x, y, found)
    W, b, f, _ = layer_lists(net)
    with np.errstate(**QUIET), one_thread(largest_product(net.sizes, x.shape[1])):
        z, a = feedforward(W, b, f, x)
    _finite_or_raise(z, "x")
    L = net.n_layers
    with np.errstate(**QUIET):
        value = found.value(z[L], a[L], y)
    _finite_or_raise([], "x", value)
    return read_only(value) if isinstance(value, np.ndarray) else value

