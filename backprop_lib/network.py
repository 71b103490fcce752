r"""A layered, fully connected network: its weights, biases and activation functions.

Layer :math:`\ell = 1, \dots, L` maps the :math:`n_{\ell-1}` activations of the layer before
to :math:`n_\ell` new ones,

.. math:: z^\ell = W^\ell a^{\ell-1} + b^\ell, \qquad a^\ell = f_\ell(z^\ell),

with :math:`a^0 = x`. ``net.W[ℓ]`` is :math:`W^\ell`, of shape ``(n_ℓ, n_{ℓ-1})``: the entry
``W[ℓ][to, from]`` is the weight from unit ``from`` of layer ℓ − 1 to unit ``to`` of layer ℓ.
``net.b[ℓ]`` is :math:`b^\ell` as a column, shape ``(n_ℓ, 1)`` (one bias per neuron) or
``(1, 1)`` (one bias shared by the layer), or ``None`` (no bias). ``net.activation[ℓ]`` is the
name of :math:`f_\ell`. Layers are numbered from 1, as in the book (see :mod:`.layers`).

A :class:`Network` is immutable: training returns a new one, so no step can leave a
half-updated network behind. Its parameters are named ``W1, b1, W2, b2, ...``, and any of
them can be frozen (never updated by training).
"""

from __future__ import annotations

import numpy as np

from collections.abc import Set

from ._validate import MAX_ENTRIES, as_array, is_sequence, one_of, read_only, seed as check_seed, whole, whole_number
from .activations import ACTIVATIONS
from .layers import Layers

BIAS_MODES = ("neuron", "shared", "none")
INITS = ("normal", "uniform", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform")


class Layered:
    """What a network and a stack of networks share: per-layer ``W``, ``b`` and ``activation``,
    ``frozen`` parameter names, and reading them. Not made directly."""

    __slots__ = ("W", "b", "activation", "frozen")

    @classmethod
    def _trusted(cls, weights, biases, activation, frozen):
        """A new instance from arrays this library made and already checked (no copy, no check)."""
        new = object.__new__(cls)
        object.__setattr__(new, "W", Layers(weights, symbol="W"))
        object.__setattr__(new, "b", Layers(biases, symbol="b"))
        object.__setattr__(new, "activation", activation)
        object.__setattr__(new, "frozen", frozen)
        return new

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable: make a new one with with_parameters()")

    def _describe(self) -> str:
        """Each layer as ``n_in->n_out activation (bias: mode)``, and what is frozen."""
        layers = ", ".join(
            f"{n_in}->{n_out} {act} (bias: {self.bias_mode(layer)})"
            for layer, (n_in, n_out, act) in enumerate(
                zip(self.sizes[:-1], self.sizes[1:], self.activation), start=1)
        )
        frozen = f"; frozen: {', '.join(sorted(self.frozen))}" if self.frozen else ""
        return f"Network({layers}{frozen})"

    @property
    def n_layers(self) -> int:
        """:math:`L`, the number of layers with weights (the input layer is not counted)."""
        return len(self.W)

    @property
    def sizes(self) -> tuple:
        """``(n_0, n_1, ..., n_L)``: inputs, then the units of every layer."""
        return (self.W[1].shape[-1],) + tuple(w.shape[-2] for w in self.W)

    def bias_mode(self, layer: int) -> str:
        """``"neuron"``, ``"shared"`` or ``"none"`` for layer ``layer`` (numbered from 1)."""
        b = self.b[layer]
        if b is None:
            return "none"
        return "shared" if b.shape[-2] == 1 and self.sizes[layer] > 1 else "neuron"

    def parameters(self) -> dict:
        """Every parameter by name: ``{"W1": ..., "b1": ..., "W2": ...}`` (read-only arrays)."""
        return by_parameter_name(self.W, self.b)

    def _architecture(self) -> tuple:
        modes = tuple(self.bias_mode(layer) for layer in range(1, self.n_layers + 1))
        return self.sizes, tuple(self.activation), modes, self.frozen


class Network(Layered):
    """A fully connected network.

    Parameters
    ----------
    weights
        One matrix per layer, in order: :math:`W^1, \\dots, W^L`, each of shape
        ``(n_ℓ, n_{ℓ-1})`` (a list, or another network's ``net.W``).
    biases
        ``None`` for no bias anywhere, or one entry per layer: ``None`` (no bias in that
        layer), one number (a bias shared by the layer's neurons) or ``n_ℓ`` numbers (one bias
        per neuron). Stored as columns, ``(n_ℓ, 1)`` or ``(1, 1)``.
    activation
        One name for every layer, or one name per layer (see ``ACTIVATIONS``).
    frozen
        Names of parameters that training leaves unchanged, e.g. ``("b1", "b2")``.

    Every argument is checked and copied; a bad one raises ``TypeError`` or ``ValueError``
    naming it. The network's arrays are read-only.
    """

    __slots__ = ()

    def __init__(self, weights, biases=None, activation="sigmoid", frozen=()):
        if isinstance(weights, np.ndarray) or not (is_sequence(weights) or isinstance(weights, Layers)) or not len(weights):
            raise TypeError(
                f"weights: expected a non-empty list of 2-D matrices, one per layer, got {type(weights).__name__}"
            )
        W = [as_array(f"weights[{i}] (W{i + 1})", w, ndim=(2,)).copy() for i, w in enumerate(list(weights))]
        for i in range(1, len(W)):
            if W[i].shape[1] != W[i - 1].shape[0]:
                raise ValueError(
                    f"weights[{i}] (W{i + 1}): expected {W[i - 1].shape[0]} columns, one per unit of layer {i}, "
                    f"got shape {W[i].shape}"
                )
        n_layers = len(W)
        if biases is None:
            biases = [None] * n_layers
        if isinstance(biases, Layers):
            biases = list(biases)  # its columns (n, 1), or None: read as any column of biases is
        if isinstance(biases, np.ndarray) or not is_sequence(biases) or len(biases) != n_layers:
            raise ValueError(
                f"biases: expected None or a list of {n_layers} entries (one per layer), got {biases!r:.80}"
            )
        b = [None if v is None else _bias_column(f"biases[{i}] (b{i + 1})", v, W[i].shape[0])
             for i, v in enumerate(biases)]
        names = _activation_names(activation, n_layers)
        frozen = _frozen_names(frozen, W, b)
        W = [read_only(w) for w in W]
        b = [None if v is None else read_only(v) for v in b]
        object.__setattr__(self, "W", Layers(W, symbol="W"))
        object.__setattr__(self, "b", Layers(b, symbol="b"))
        object.__setattr__(self, "activation", names)
        object.__setattr__(self, "frozen", frozen)

    @classmethod
    def random(cls, sizes, activation="sigmoid", seed=0, bias="neuron", init="normal", frozen=()):
        r"""A network with layer sizes ``sizes = (n_0, n_1, ..., n_L)``, its parameters drawn from
        ``np.random.default_rng(seed)`` (``seed``: a whole number >= 0).

        ``init="normal"``: :math:`W_{jk} \sim \mathcal N(0, 1/n_{\ell-1})` and zero biases.
        ``init="uniform"``: every weight and bias uniform on :math:`[0, 1)`, like
        ``np.random.rand`` in the XOR article's code. ``bias`` is ``"neuron"``, ``"shared"`` or
        ``"none"``.

        Two initialisations that keep the signal's variance about constant from layer to layer,
        with zero biases, writing :math:`n_{in} = n_{\ell-1}` and :math:`n_{out} = n_\ell`:

        - ``"xavier_normal"``, ``"xavier_uniform"`` (Glorot & Bengio, "Understanding the
          difficulty of training deep feedforward neural networks", AISTATS 2010, eqs. 12 and 16):
          :math:`\operatorname{Var} W_{jk} = \dfrac{2}{n_{in} + n_{out}}`, the compromise between
          keeping the forward activations' variance (:math:`1/n_{in}`) and the backward
          gradients' (:math:`1/n_{out}`), for tanh or sigmoid layers. Normal:
          :math:`\mathcal N\bigl(0, \tfrac{2}{n_{in} + n_{out}}\bigr)`; uniform:
          :math:`U[-r, r]` with :math:`r = \sqrt{6/(n_{in} + n_{out})}` (variance :math:`r^2/3`).
        - ``"he_normal"``, ``"he_uniform"`` (He, Zhang, Ren & Sun, "Delving deep into rectifiers",
          ICCV 2015, eq. 10): :math:`\operatorname{Var} W_{jk} = \dfrac{2}{n_{in}}`, twice
          :math:`1/n_{in}` because a ReLU zeroes half its inputs. Normal:
          :math:`\mathcal N(0, 2/n_{in})`; uniform: :math:`U[-r, r]` with :math:`r = \sqrt{6/n_{in}}`.
        """
        sizes = check_sizes(sizes)
        one_of("bias", bias, BIAS_MODES)
        one_of("init", init, INITS)
        rng = np.random.default_rng(check_seed("seed", seed))
        weights, biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            n_b = {"neuron": n_out, "shared": 1, "none": 0}[bias]
            if init == "normal":
                weights.append(rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)))
                biases.append(np.zeros(n_b) if n_b else None)
            elif init == "uniform":
                weights.append(rng.random((n_out, n_in)))
                biases.append(rng.random(n_b) if n_b else None)
            else:
                weights.append(_scaled(rng, init, n_in, n_out))
                biases.append(np.zeros(n_b) if n_b else None)
        return cls(weights, biases, activation, frozen)

    def with_parameters(self, **updates) -> "Network":
        """A copy with the named parameters replaced, e.g. ``net.with_parameters(W1=new_W1)``.

        Each new value must have the old one's shape; a bias is read as :class:`Network` reads
        one (a number, a vector or a column), and must keep its layer's bias mode (one shared
        number, or one per neuron)."""
        current = self.parameters()
        checked = {}
        for name, value in updates.items():
            if name not in current:
                raise ValueError(f"{name}: expected a parameter name among {sorted(current)}")
            old = current[name]
            if name[0] == "b":
                value = _bias_column(name, value, self.sizes[int(name[1:])])
            else:
                value = as_array(name, value)
            if value.shape != old.shape:
                raise ValueError(f"{name}: expected shape {old.shape}, got {value.shape}")
            checked[name] = value
        weights = [checked.get(f"W{layer}", w) for layer, w in self.W.numbered()]
        biases = [None if b is None else checked.get(f"b{layer}", b) for layer, b in self.b.numbered()]
        return Network(weights, biases, tuple(self.activation), self.frozen)

    def __reduce__(self):
        """Copied, deep-copied and pickled through the constructor, which checks and copies the
        parameters and makes them read-only: the copy is equal, and as immutable."""
        return type(self), (list(self.W), list(self.b), tuple(self.activation), self.frozen)

    def __repr__(self) -> str:
        return self._describe()


def _scaled(rng, init: str, n_in: int, n_out: int) -> np.ndarray:
    r"""Weights ``(n_out, n_in)`` of variance :math:`2/(n_{in} + n_{out})` (Xavier/Glorot) or
    :math:`2/n_{in}` (He), drawn from a normal or a uniform distribution as ``init`` says."""
    scheme, shape = init.split("_")
    variance = 2.0 / (n_in + n_out) if scheme == "xavier" else 2.0 / n_in
    if shape == "normal":
        return rng.normal(0.0, np.sqrt(variance), size=(n_out, n_in))
    r = np.sqrt(3.0 * variance)  # U[-r, r] has variance r²/3
    return rng.uniform(-r, r, size=(n_out, n_in))


def check_sizes(sizes, name: str = "sizes") -> list:
    """Layer sizes ``(n_0, ..., n_L)``: a sequence (a list, tuple, range, 1-D array) of at least
    two whole numbers >= 1, whose weights number at most ``MAX_ENTRIES`` in all (a network that
    would not fit in memory is refused naming ``sizes``, before numpy fails to allocate it)."""
    if not is_sequence(sizes) or np.ndim(sizes) != 1 or len(sizes) < 2:
        raise ValueError(f"{name}: expected at least two layer sizes (inputs, ..., outputs), got {sizes!r:.80}")
    sizes = [whole_number(f"{name}[{i}]", n) for i, n in enumerate(sizes)]
    n_weights = sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    if n_weights > MAX_ENTRIES:
        raise ValueError(f"{name}: expected a network of at most {MAX_ENTRIES:,} weights (8 GB of doubles), got "
                         f"{whole(n_weights)} weights for sizes {sizes!r:.80}")
    return sizes


def _bias_column(name: str, value, n_units: int) -> np.ndarray:
    b = as_array(name, value, ndim=(0, 1, 2))
    if b.ndim == 2 and b.shape[1] != 1:
        raise ValueError(f"{name}: expected a number, a vector or a column of biases, got shape {b.shape}")
    b = b.ravel()
    if b.shape not in ((1,), (n_units,)):
        raise ValueError(
            f"{name}: expected one shared number or {n_units} numbers (one per neuron), got shape {np.shape(value)}"
        )
    return b[:, np.newaxis].copy()


def _activation_names(activation, n_layers: int) -> Layers:
    if isinstance(activation, str):
        names = (activation,) * n_layers
    elif is_sequence(activation) or isinstance(activation, Layers):
        names = tuple(activation)
    else:
        raise TypeError(f"activation: expected one name or a list of names, got {type(activation).__name__}")
    if len(names) != n_layers:
        raise ValueError(f"activation: expected one name or {n_layers} names (one per layer), got {len(names)}")
    for i, name in enumerate(names):
        one_of(f"activation[{i}]", name, ACTIVATIONS)
    return Layers(names, symbol="activation")


def _frozen_names(frozen, W, b) -> frozenset:
    if isinstance(frozen, str):
        frozen = [frozen]
    if not (is_sequence(frozen) or isinstance(frozen, Set)):
        raise TypeError(f"frozen: expected parameter names such as ('b1', 'b2'), got {type(frozen).__name__}")
    for i, name in enumerate(frozen):
        if not isinstance(name, str):
            raise TypeError(f"frozen[{i}]: expected a parameter name such as 'b1', got {type(name).__name__}")
    frozen = frozenset(frozen)
    names = {f"W{i + 1}" for i in range(len(W))} | {f"b{i + 1}" for i, v in enumerate(b) if v is not None}
    unknown = frozen - names
    if unknown:
        raise ValueError(f"frozen: expected names among {sorted(names)}, got unknown {sorted(map(str, unknown))}")
    return frozen


def rebuilt(net: Layered, W, b) -> Layered:
    """A new network of ``net``'s kind (a Network or a Stack), with its activations and frozen
    names, whose parameters are the arrays in ``W`` and ``b``, lists indexed by the layer number
    ℓ (entry 0 unused), as a step left them: arrays this library made, taken as they are (no
    copy, no check) and made read-only."""
    return type(net)._trusted([read_only(w) for w in W[1:]], [None if v is None else read_only(v) for v in b[1:]],
                              net.activation, net.frozen)


def by_parameter_name(W, b) -> dict:
    """Per-layer weights and biases (or their gradients) keyed by parameter name,
    ``{"W1": W[1], "b1": b[1], "W2": ...}``; a layer without bias has no ``b``."""
    named = {}
    for layer, (w, v) in enumerate(zip(W, b), start=1):
        named[f"W{layer}"] = w
        if v is not None:
            named[f"b{layer}"] = v
    return named
