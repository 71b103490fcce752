r"""A layered, fully connected network: its weights, biases and activations.

Layer :math:`\ell = 1, \dots, L` maps the :math:`n_{\ell-1}` activations of the layer before
to :math:`n_\ell` new ones,

.. math:: z^\ell = W^\ell a^{\ell-1} + b^\ell, \qquad a^\ell = f_\ell(z^\ell),

with :math:`a^0 = x`. ``W^\ell`` has shape ``(n_\ell, n_{\ell-1})``: the entry ``W[to, from]``
is the weight of the connection from unit ``from`` of layer ``\ell - 1`` to unit ``to`` of
layer ``\ell``. A layer's bias is one number per neuron (shape ``(n_\ell,)``), one number
shared by the whole layer (shape ``(1,)``), or absent (``None``).

A :class:`Network` is immutable: training returns a new network, so no step can leave a
half-updated one behind. Its parameters are named ``W1, b1, W2, b2, ...`` (layer numbers
start at 1, as in the book), and any of them can be frozen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_finite_array, one_of, positive_int
from .activations import ACTIVATIONS

BIAS_MODES = ("neuron", "shared", "none")
INITS = ("normal", "uniform")


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, eq=False)
class Network:
    """A fully connected network.

    Parameters
    ----------
    weights
        One matrix per layer, ``weights[l - 1]`` being :math:`W^l` of shape ``(n_l, n_{l-1})``.
    biases
        ``None`` for no bias anywhere, or one entry per layer: ``None`` (no bias in that
        layer), a number (one bias shared by the layer) or a vector of ``n_l`` numbers
        (one bias per neuron).
    activations
        One name for every layer, or one name per layer (see ``ACTIVATIONS``).
    frozen
        Names of parameters that training leaves unchanged, e.g. ``("b1", "b2")``.
    """

    weights: tuple
    biases: tuple | None = None
    activations: tuple | str = "sigmoid"
    frozen: frozenset | tuple = ()

    def __post_init__(self):
        if isinstance(self.weights, np.ndarray) or not isinstance(self.weights, (list, tuple)) or not self.weights:
            raise TypeError(f"weights: expected a non-empty list of 2-D matrices, one per layer, got {type(self.weights).__name__}")
        weights = tuple(
            _read_only(as_finite_array(f"weights[{i}] (W{i + 1})", w, ndim=(2,))) for i, w in enumerate(self.weights)
        )
        for i in range(1, len(weights)):
            if weights[i].shape[1] != weights[i - 1].shape[0]:
                raise ValueError(
                    f"weights[{i}] (W{i + 1}): expected {weights[i - 1].shape[0]} columns, one per unit of layer {i}, "
                    f"got shape {weights[i].shape}"
                )
        n_layers = len(weights)

        biases = (None,) * n_layers if self.biases is None else self.biases
        if not isinstance(biases, (list, tuple)) or len(biases) != n_layers:
            raise ValueError(f"biases: expected None or a list of {n_layers} entries (one per layer), got {biases!r}")
        checked = []
        for i, (w, b) in enumerate(zip(weights, biases)):
            if b is None:
                checked.append(None)
                continue
            b = as_finite_array(f"biases[{i}] (b{i + 1})", b, ndim=(0, 1)).reshape(-1)
            if b.shape not in ((1,), (w.shape[0],)):
                raise ValueError(
                    f"biases[{i}] (b{i + 1}): expected one shared number or {w.shape[0]} numbers (one per neuron), "
                    f"got shape {b.shape}"
                )
            checked.append(_read_only(b))

        acts = (self.activations,) * n_layers if isinstance(self.activations, str) else tuple(self.activations)
        if len(acts) != n_layers:
            raise ValueError(f"activations: expected one name or {n_layers} names (one per layer), got {len(acts)}")
        for i, a in enumerate(acts):
            one_of(f"activations[{i}]", a, ACTIVATIONS)

        frozen = frozenset([self.frozen] if isinstance(self.frozen, str) else self.frozen)
        names = {f"W{i + 1}" for i in range(n_layers)} | {f"b{i + 1}" for i, b in enumerate(checked) if b is not None}
        unknown = frozen - names
        if unknown:
            raise ValueError(f"frozen: expected names among {sorted(names)}, got unknown {sorted(unknown)}")

        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", tuple(checked))
        object.__setattr__(self, "activations", acts)
        object.__setattr__(self, "frozen", frozen)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def random(cls, sizes, activations="sigmoid", seed=0, bias="neuron", init="normal", frozen=()):
        r"""A network with layer sizes ``sizes = (n_0, n_1, ..., n_L)`` drawn from
        ``np.random.default_rng(seed)``.

        ``init="normal"``: :math:`W_{jk} \sim \mathcal N(0, 1/n_{\ell-1})` and zero biases.
        ``init="uniform"``: every weight and bias uniform on :math:`[0, 1)`, like
        ``np.random.rand`` in seed 002's XOR code. ``bias`` is ``"neuron"``, ``"shared"`` or
        ``"none"``.
        """
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes: expected at least two layer sizes (inputs, ..., outputs), got {sizes!r}")
        sizes = [positive_int(f"sizes[{i}]", n) for i, n in enumerate(sizes)]
        one_of("bias", bias, BIAS_MODES)
        one_of("init", init, INITS)
        rng = np.random.default_rng(seed)
        weights, biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            n_b = {"neuron": n_out, "shared": 1, "none": 0}[bias]
            if init == "normal":
                weights.append(rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in)))
                biases.append(np.zeros(n_b) if n_b else None)
            else:
                weights.append(rng.random((n_out, n_in)))
                biases.append(rng.random(n_b) if n_b else None)
        return cls(weights, biases, activations, frozen)

    # ---- reading ----------------------------------------------------------------------
    @property
    def sizes(self) -> tuple:
        """``(n_0, n_1, ..., n_L)``: inputs, then the units of every layer."""
        return (self.weights[0].shape[1],) + tuple(w.shape[0] for w in self.weights)

    @property
    def n_layers(self) -> int:
        """:math:`L`, the number of layers with weights (the input layer is not counted)."""
        return len(self.weights)

    def bias_mode(self, layer: int) -> str:
        """``"neuron"``, ``"shared"`` or ``"none"`` for layer ``layer`` (1-based)."""
        b = self.biases[layer - 1]
        if b is None:
            return "none"
        return "shared" if b.shape == (1,) and self.sizes[layer] > 1 else "neuron"

    def parameters(self) -> dict:
        """Every parameter by name: ``{"W1": ..., "b1": ..., "W2": ...}`` (read-only arrays)."""
        return by_parameter_name(self.weights, self.biases)

    def with_parameters(self, **updates) -> "Network":
        """A copy with the named parameters replaced, e.g. ``net.with_parameters(W1=new_W1)``.

        Each new value must have the old one's shape."""
        current = self.parameters()
        for name, value in updates.items():
            if name not in current:
                raise ValueError(f"{name}: expected a parameter name among {sorted(current)}")
            value = as_finite_array(name, value, ndim=(current[name].ndim,))
            if value.shape != current[name].shape:
                raise ValueError(f"{name}: expected shape {current[name].shape}, got {value.shape}")
        weights = [updates.get(f"W{i + 1}", w) for i, w in enumerate(self.weights)]
        biases = [updates.get(f"b{i + 1}", b) for i, b in enumerate(self.biases)]
        return Network(weights, biases, self.activations, self.frozen)

    def __repr__(self) -> str:
        layers = ", ".join(
            f"{n_in}->{n_out} {act} (bias: {self.bias_mode(i)})"
            for i, (n_in, n_out, act) in enumerate(zip(self.sizes[:-1], self.sizes[1:], self.activations), start=1)
        )
        frozen = f"; frozen: {', '.join(sorted(self.frozen))}" if self.frozen else ""
        return f"Network({layers}{frozen})"


def by_parameter_name(weights, biases) -> dict:
    """Per-layer weights and biases (or their gradients) keyed by parameter name,
    ``{"W1": weights[0], "b1": biases[0], "W2": ...}``; a layer without bias has no ``b``."""
    named = {}
    for i, (w, b) in enumerate(zip(weights, biases), start=1):
        named[f"W{i}"] = w
        if b is not None:
            named[f"b{i}"] = b
    return named


# ---- a source's own weight names ----------------------------------------------------------
def _check_names(names: dict, sizes) -> None:
    if not isinstance(names, dict) or not names:
        raise TypeError(f"names: expected a dict name -> (layer, to, from), got {type(names).__name__}")
    seen = {}
    for name, where in names.items():
        if not (isinstance(where, tuple) and len(where) == 3 and all(isinstance(k, int) for k in where)):
            raise ValueError(f"names[{name!r}]: expected (layer, to, from) with layer counted from 1, got {where!r}")
        layer, to, frm = where
        if not 1 <= layer < len(sizes):
            raise ValueError(f"names[{name!r}]: expected a layer from 1 to {len(sizes) - 1}, got {layer}")
        if not (0 <= to < sizes[layer] and 0 <= frm < sizes[layer - 1]):
            raise ValueError(
                f"names[{name!r}]: expected to < {sizes[layer]} and from < {sizes[layer - 1]} in layer {layer}, got {where}"
            )
        if where in seen:
            raise ValueError(f"names[{name!r}]: {where} is already named {seen[where]!r}")
        seen[where] = name


def from_named_weights(sizes, names: dict, values: dict, biases=None, activations="sigmoid", frozen=()) -> Network:
    """Build a :class:`Network` from a source's own numbered weights.

    ``names`` maps each source name to its place ``(layer, to, from)``, ``layer`` counted
    from 1 and ``to``/``from`` from 0 as numpy indexes ``W[to, from]``; ``values`` maps
    each name to its value. Every weight of every layer must be named exactly once.
    """
    sizes = tuple(sizes)
    _check_names(names, sizes)
    if set(values) != set(names):
        raise ValueError(
            f"values: expected exactly the names {sorted(names)}, got missing {sorted(set(names) - set(values))} "
            f"and unknown {sorted(set(values) - set(names))}"
        )
    n_weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if len(names) != n_weights:
        raise ValueError(f"names: expected all {n_weights} weights of a {sizes} network named, got {len(names)}")
    weights = [np.zeros((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    for name, (layer, to, frm) in names.items():
        weights[layer - 1][to, frm] = values[name]
    return Network(weights, biases, activations, frozen)


def named_values(matrices, names: dict) -> dict:
    """Read a list of per-layer matrices (weights, or their gradients) back by the source's
    names: ``{name: float(matrices[layer - 1][to, from])}``."""
    sizes = (matrices[0].shape[1],) + tuple(m.shape[0] for m in matrices)
    _check_names(names, sizes)
    return {name: float(matrices[layer - 1][to, frm]) for name, (layer, to, frm) in names.items()}


def weight_map(names: dict, net: Network | None = None):
    """A table showing where each of a source's weight names sits in the matrices
    (and, given ``net``, its value there)."""
    import pandas as pd

    rows = []
    for name, (layer, to, frm) in names.items():
        row = {
            "source name": name,
            "matrix entry": f"W{layer}[{to}, {frm}]",
            "connection": f"unit {frm} of layer {layer - 1} -> unit {to} of layer {layer}",
        }
        if net is not None:
            row["value"] = f"{net.weights[layer - 1][to, frm]:.4f}"
        rows.append(row)
    return pd.DataFrame(rows).set_index("source name")
