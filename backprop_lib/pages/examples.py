"""The book's worked examples: each source's network, inputs, targets and learning rate, and
the sources' own names for the weights.

Given values live here once: every chapter that works an example, and the general
formulation that recomputes them all, start from the very same numbers.

Each source numbers its weights its own way. A naming ``names`` maps each of a source's
weight names to its place ``(layer, to, from)``: ``layer`` counted from 1 as in the book, and
``to``, ``from`` counted from 0 as numpy indexes ``W[layer][to, from]``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_array, number, one_of, seed as check_seed
from ..layers import Layers
from ..network import Network, check_sizes
from .sources import published


# ---- a source's own weight names -----------------------------------------------------------
def check_names(names, sizes) -> None:
    """A source's naming ``{name: (layer, to, from)}``: every place inside a network of ``sizes``, once."""
    if not isinstance(names, dict) or not names:
        raise TypeError(f"names: expected a dict name -> (layer, to, from), got {type(names).__name__}")
    seen = {}
    for name, where in names.items():
        if not (isinstance(where, tuple) and len(where) == 3
                and all(isinstance(k, int) and not isinstance(k, bool) for k in where)):
            raise ValueError(f"names[{name!r}]: expected (layer, to, from) with layer counted from 1, got {where!r}")
        layer, to, frm = where
        if not 1 <= layer < len(sizes):
            raise ValueError(f"names[{name!r}]: expected a layer from 1 to {len(sizes) - 1}, got {layer}")
        if not (0 <= to < sizes[layer] and 0 <= frm < sizes[layer - 1]):
            raise ValueError(
                f"names[{name!r}]: expected 0 <= to < {sizes[layer]} and 0 <= from < {sizes[layer - 1]} "
                f"in layer {layer}, got {where}"
            )
        if where in seen:
            raise ValueError(f"names[{name!r}]: {where} is already named {seen[where]!r}")
        seen[where] = name


def from_named_weights(sizes, names: dict, values: dict, biases=None, activation="sigmoid", frozen=()) -> Network:
    """A :class:`~backprop_lib.Network` built from a source's own numbered weights.

    ``sizes``: ``(n_0, ..., n_L)``; ``names``: ``{name: (layer, to, from)}`` naming every weight
    exactly once; ``values``: ``{name: value}`` for the same names. ``biases``, ``activation``
    and ``frozen`` as for :class:`~backprop_lib.Network`."""
    sizes = tuple(check_sizes(sizes))
    check_names(names, sizes)
    if not isinstance(values, dict) or set(values) != set(names):
        got = sorted(values) if isinstance(values, dict) else type(values).__name__
        raise ValueError(f"values: expected a value for exactly the names {sorted(names)}, got {got}")
    n_weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if len(names) != n_weights:
        raise ValueError(f"names: expected all {n_weights} weights of a {sizes} network named, got {len(names)}")
    weights = [np.zeros((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    for name, (layer, to, frm) in names.items():
        weights[layer - 1][to, frm] = number(f"values[{name!r}]", values[name])
    return Network(weights, biases, activation, frozen)


def named_values(per_layer, names: dict) -> dict:
    """Per-layer matrices (``net.W``, ``grads.dW``, or a dict keyed ``"W1"``, ``"W2"``, ... such as
    ``numerical_gradients`` returns) read back by a source's names: ``{name: float}``."""
    if isinstance(per_layer, dict):
        keys = [k for k in per_layer if isinstance(k, str) and k[:1] == "W" and k[1:].isdigit()]
        if not keys:
            raise ValueError(f"per_layer: expected a dict with keys 'W1', 'W2', ..., got keys {sorted(map(str, per_layer))}")
        keys.sort(key=lambda k: int(k[1:]))
        per_layer = Layers([as_array(f"per_layer[{k!r}]", per_layer[k], ndim=(2,)) for k in keys])
    if not isinstance(per_layer, Layers) or per_layer.first != 1:
        raise TypeError(
            f"per_layer: expected per-layer matrices such as net.W or grads.dW, got {type(per_layer).__name__}"
        )
    matrices = [m for m in per_layer]
    chained = all(isinstance(m, np.ndarray) and m.ndim == 2 for m in matrices) and all(
        later.shape[1] == earlier.shape[0] for earlier, later in zip(matrices, matrices[1:]))
    if not chained:
        raise ValueError(
            "per_layer: expected the weight matrices of one network, W[l] of shape (n_l, n_(l-1)), got shapes "
            f"{[np.shape(m) for m in matrices]}"
        )
    sizes = (matrices[0].shape[1],) + tuple(m.shape[0] for m in matrices)
    check_names(names, sizes)
    return {name: float(per_layer[layer][to, frm]) for name, (layer, to, frm) in names.items()}


def weight_map(names: dict, net: Network):
    """A table of where each of a source's weight names sits in ``net``'s matrices, and its
    value there."""
    import pandas as pd

    if not isinstance(net, Network):
        raise TypeError(f"net: expected a Network, got {type(net).__name__}")
    check_names(names, net.sizes)
    rows = [
        {
            "source name": name,
            "matrix entry": f"W{layer}[{to}, {frm}]",
            "connection": f"unit {frm} of layer {layer - 1} -> unit {to} of layer {layer}",
            "value": f"{net.W[layer][to, frm]:.4f}",
        }
        for name, (layer, to, frm) in names.items()
    ]
    table = pd.DataFrame(rows).set_index("source name")
    table.index.name = None  # the names head their rows; no extra header row
    return table


# ---- the worked examples -------------------------------------------------------------------
@dataclass(frozen=True)
class WorkedExample:
    """One worked example: ``net`` trained on inputs ``x`` towards targets ``y`` (one column per
    sample) with learning rate ``lr`` and loss ``loss``; ``names`` maps the source's weight names
    to ``(layer, to, from)``; ``source`` is the source's key in ``references.bib``."""

    title: str
    source: str
    net: Network
    x: np.ndarray
    y: np.ndarray
    lr: float
    names: dict
    loss: str = "half_sse"

    def named(self, per_layer) -> dict:
        """``per_layer`` (``net.W``, ``grads.dW``, ...) read back by the source's weight names."""
        return named_values(per_layer, self.names)


def _column(values) -> np.ndarray:
    arr = np.array(values, dtype=float).reshape(-1, 1)
    arr.flags.writeable = False
    return arr


def _single_neuron_target(target: str) -> float:
    """The single-neuron article's text states y = 1 (``"stated"``); its arithmetic uses
    y = 1.5 (``"used"``)."""
    return {"stated": 1.0, "used": 1.5}[one_of("target", target, ("stated", "used"))]


def single_neuron(target: str = "used") -> WorkedExample:
    """One sigmoid neuron, x = 0.5, w = 0.3, b = 0.1, learning rate 0.1 (pumaline, "Backpropagation
    Step by Step"). Its text states y = 1 (``target="stated"``); its arithmetic uses y = 1.5
    (``target="used"``)."""
    names = {"w": (1, 0, 0)}
    net = from_named_weights((1, 1), names, {"w": 0.3}, biases=[0.1])
    return WorkedExample("A single neuron", "pumaline2024", net, _column([0.5]),
                         _column([_single_neuron_target(target)]), 0.1, names)


def two_neurons(target: str = "stated") -> WorkedExample:
    """The same article's announced second example, two sigmoid neurons in a chain: the first is
    :func:`single_neuron`'s (w1 = 0.3, b1 = 0.1), the second chosen by the book (w2 = 0.5,
    b2 = 0.2), since the article leaves that section empty."""
    first = single_neuron(target)
    names = {"w1": (1, 0, 0), "w2": (2, 0, 0)}
    values = {"w1": first.net.W[1].item(), "w2": 0.5}
    net = from_named_weights((1, 1, 1), names, values, biases=[first.net.b[1].item(), 0.2])
    return WorkedExample("Two neurons in a chain", first.source, net, first.x, first.y, first.lr, names)


def linear_221() -> WorkedExample:
    """A 2-2-1 linear network without biases (hmkcode, "Backpropagation Step by Step"):
    h1 = i1·w1 + i2·w2, h2 = i1·w3 + i2·w4, prediction = h1·w5 + h2·w6; inputs (2, 3),
    target 1, learning rate 0.05."""
    names = {"w1": (1, 0, 0), "w2": (1, 0, 1), "w3": (1, 1, 0), "w4": (1, 1, 1), "w5": (2, 0, 0), "w6": (2, 0, 1)}
    values = {"w1": 0.22, "w2": 0.15, "w3": 0.03, "w4": 0.11, "w5": 0.1, "w6": 0.19}
    net = from_named_weights((2, 2, 1), names, values, biases=None, activation="identity")
    return WorkedExample("The 2-2-1 linear network", "hmkcode", net, _column([2.0, 3.0]), _column([1.0]), 0.05, names)


BIAS_VARIANTS = ("frozen", "shared", "neuron")


def network_222(bias: str = "frozen") -> WorkedExample:
    """A 2-2-2 sigmoid network (R. Lamsal, "A step by step forward pass and backpropagation
    example"): sum_h1 = i1·w1 + i2·w3 + b1, sum_h2 = i1·w2 + i2·w4 + b1,
    sum_o1 = out_h1·w5 + out_h2·w6 + b2, sum_o2 = out_h1·w7 + out_h2·w8 + b2; w1…w8 = 0.1…0.8,
    b1 = 0.25, b2 = 0.35; inputs (0.1, 0.5), targets (0.05, 0.95), learning rate 0.6.

    ``bias="frozen"``: one bias per layer, never updated, as the article has it;
    ``"shared"``: one bias per layer, trained; ``"neuron"``: one bias per neuron, trained,
    starting from the layer's value."""
    one_of("bias", bias, BIAS_VARIANTS)
    names = {"w1": (1, 0, 0), "w2": (1, 1, 0), "w3": (1, 0, 1), "w4": (1, 1, 1),
             "w5": (2, 0, 0), "w6": (2, 0, 1), "w7": (2, 1, 0), "w8": (2, 1, 1)}
    values = {f"w{i}": i / 10 for i in range(1, 9)}
    biases = [[0.25, 0.25], [0.35, 0.35]] if bias == "neuron" else [0.25, 0.35]
    frozen = ("b1", "b2") if bias == "frozen" else ()
    net = from_named_weights((2, 2, 2), names, values, biases=biases, frozen=frozen)
    return WorkedExample("The 2-2-2 network", "lamsal", net, _column([0.1, 0.5]), _column([0.05, 0.95]), 0.6, names)


#: XOR's truth table, one column per sample: inputs (0, 0), (0, 1), (1, 0), (1, 1).
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])
XOR_X.flags.writeable = XOR_Y.flags.writeable = False

#: The XOR article trains for this many full-batch steps.
XOR_EPOCHS = 10_000


def xor(data: str = "source", seed: int = 0, hidden: int = 2) -> WorkedExample:
    """A 2-2-1 sigmoid network trained on XOR with learning rate 0.1 for 10,000 full-batch
    steps (Karobben, "Backpropagation Hand by Hand"). The article draws its weights with
    ``np.random.rand`` unseeded; here they are uniform on [0, 1) from ``seed``.

    ``data="source"``: the article's data set, read from its recorded figures (its fourth
    input is (-1, 1)); ``"xor"``: XOR's truth table. ``hidden``: the number of hidden units."""
    one_of("data", data, ("source", "xor"))
    net = Network.random((2, hidden, 1), "sigmoid", seed=check_seed("seed", seed), init="uniform")
    if data == "xor":
        x, y = XOR_X, XOR_Y
    else:
        fig = published("karobben2025")
        x = np.array([[fig[f"x{n}_{i}"].value for n in range(1, 5)] for i in (1, 2)])
        y = np.array([[fig[f"y{n}"].value for n in range(1, 5)]])
        x.flags.writeable = y.flags.writeable = False
    names = {f"W1[{to}, {frm}]": (1, to, frm) for to in range(hidden) for frm in range(2)}
    names.update({f"W2[0, {frm}]": (2, 0, frm) for frm in range(hidden)})
    return WorkedExample("XOR", "karobben2025", net, x, y, 0.1, names)
