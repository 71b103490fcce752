"""The book's worked examples: each source's network, inputs, targets and learning rate.

Given values live here once, so that every chapter that works an example, and the general
formulation that recomputes them all, start from the very same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import one_of
from .network import Network, from_named_weights


@dataclass(frozen=True)
class WorkedExample:
    """One worked example: ``net`` trained on input ``x`` towards target ``y`` with learning
    rate ``lr`` and loss ``loss``; ``names`` maps the source's weight names to ``(layer, to, from)``."""

    title: str
    source: str
    net: Network
    x: np.ndarray
    y: np.ndarray
    lr: float
    names: dict
    loss: str = "sse"


def _seed000_target(target: str) -> float:
    """Seed 000's text states y = 1 (``"stated"``); its arithmetic uses y = 1.5 (``"used"``)."""
    return {"stated": 1.0, "used": 1.5}[one_of("target", target, ("stated", "used"))]


def single_neuron(target: str = "used") -> WorkedExample:
    """Seed 000: one sigmoid neuron, x = 0.5, w = 0.3, b = 0.1, learning rate 0.1. The text
    states y = 1 (``target="stated"``); its arithmetic uses y = 1.5 (``target="used"``)."""
    y = _seed000_target(target)
    names = {"w": (1, 0, 0)}
    net = from_named_weights((1, 1), names, {"w": 0.3}, biases=[0.1])
    return WorkedExample("A single neuron", "seed000", net, np.array([0.5]), np.array([y]), 0.1, names)


def two_neurons(target: str = "stated") -> WorkedExample:
    """Seed 000's announced second example, two sigmoid neurons in a chain: the first as in
    :func:`single_neuron` (w1 = 0.3, b1 = 0.1), the second chosen by the book (w2 = 0.5, b2 = 0.2)."""
    y = _seed000_target(target)
    names = {"w1": (1, 0, 0), "w2": (2, 0, 0)}
    net = from_named_weights((1, 1, 1), names, {"w1": 0.3, "w2": 0.5}, biases=[0.1, 0.2])
    return WorkedExample("Two neurons in a chain", "seed000", net, np.array([0.5]), np.array([y]), 0.1, names)


def linear_221() -> WorkedExample:
    """Seed 003: a 2-2-1 linear network without biases; h1 = i1·w1 + i2·w2,
    h2 = i1·w3 + i2·w4, prediction = h1·w5 + h2·w6; inputs (2, 3), target 1, learning rate 0.05."""
    names = {"w1": (1, 0, 0), "w2": (1, 0, 1), "w3": (1, 1, 0), "w4": (1, 1, 1), "w5": (2, 0, 0), "w6": (2, 0, 1)}
    values = {"w1": 0.22, "w2": 0.15, "w3": 0.03, "w4": 0.11, "w5": 0.1, "w6": 0.19}
    net = from_named_weights((2, 2, 1), names, values, biases=None, activations="identity")
    return WorkedExample("The 2-2-1 linear network", "seed003", net, np.array([2.0, 3.0]), np.array([1.0]), 0.05, names)


BIAS_VARIANTS = ("frozen", "shared", "neuron")


def network_222(bias: str = "frozen") -> WorkedExample:
    """Seed 001: a 2-2-2 sigmoid network, sum_h1 = i1·w1 + i2·w3 + b1, sum_h2 = i1·w2 + i2·w4 + b1,
    sum_o1 = out_h1·w5 + out_h2·w6 + b2, sum_o2 = out_h1·w7 + out_h2·w8 + b2; w1…w8 = 0.1…0.8,
    b1 = 0.25, b2 = 0.35; inputs (0.1, 0.5), targets (0.05, 0.95), learning rate 0.6.

    ``bias="frozen"``: one bias per layer, never updated, as the source has it;
    ``"shared"``: one bias per layer, trained; ``"neuron"``: one bias per neuron, trained,
    starting from the layer's value."""
    one_of("bias", bias, BIAS_VARIANTS)
    names = {"w1": (1, 0, 0), "w2": (1, 1, 0), "w3": (1, 0, 1), "w4": (1, 1, 1),
             "w5": (2, 0, 0), "w6": (2, 0, 1), "w7": (2, 1, 0), "w8": (2, 1, 1)}
    values = {f"w{i}": i / 10 for i in range(1, 9)}
    biases = [[0.25, 0.25], [0.35, 0.35]] if bias == "neuron" else [0.25, 0.35]
    frozen = ("b1", "b2") if bias == "frozen" else ()
    net = from_named_weights((2, 2, 2), names, values, biases=biases, frozen=frozen)
    return WorkedExample("The 2-2-2 network", "seed001", net, np.array([0.1, 0.5]), np.array([0.05, 0.95]), 0.6, names)
