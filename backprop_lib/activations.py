r"""Activation functions :math:`a = f(z)` and their derivatives :math:`f'(z)`.

Each activation is a pair of element-wise functions of the pre-activation ``z``.
Look one up by name with :func:`get_activation`; ``ACTIVATIONS`` lists them all.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validate import one_of


def sigmoid(z):
    r"""The logistic sigmoid :math:`\sigma(z) = \dfrac{1}{1 + e^{-z}}`.

    Computed without overflow: for :math:`z \ge 0` as :math:`1 / (1 + e^{-z})`, for
    :math:`z < 0` as :math:`e^{z} / (1 + e^{z})`, so the exponent is never positive.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    r""":math:`\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)`, at most :math:`\tfrac14` (at z = 0)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def identity(z):
    r"""The identity :math:`f(z) = z` (a linear neuron)."""
    return np.asarray(z, dtype=float).copy()


def identity_prime(z):
    r""":math:`f'(z) = 1`."""
    return np.ones_like(np.asarray(z, dtype=float))


def tanh(z):
    r""":math:`\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}`."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2(z)`."""
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2


def relu(z):
    r""":math:`\operatorname{ReLU}(z) = \max(0, z)`."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_prime(z):
    r""":math:`\operatorname{ReLU}'(z) = 1` for :math:`z > 0`, else 0 (we take 0 at the kink)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)


class Activation(NamedTuple):
    """An activation function by name, with its derivative."""

    name: str
    f: Callable
    f_prime: Callable


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_prime),
        Activation("identity", identity, identity_prime),
        Activation("tanh", tanh, tanh_prime),
        Activation("relu", relu, relu_prime),
    )
}


def get_activation(name: str) -> Activation:
    """The :class:`Activation` called ``name``; raises ``ValueError`` listing the known names."""
    return ACTIVATIONS[one_of("activation", name, ACTIVATIONS)]
