r"""Activation functions :math:`a = f(z)` and their derivatives :math:`f'(z)`.

Each activation is an element-wise function of the pre-activation :math:`z`. The public
functions (:func:`sigmoid`, :func:`sigmoid_prime`, ...) check their argument and accept a
number or an array of any shape. The backward pass instead takes each derivative from the
activation it already computed, :math:`\sigma'(z) = a(1 - a)`, so that a layer's function is
evaluated once per step: :func:`get_activation` gives those unchecked inner forms, as an
:class:`Activation`.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validate import ANY_NDIM, as_array, one_of


# ---- the inner forms: trusted float arrays in, new arrays out ----------------------------
def _sigmoid(z: np.ndarray) -> np.ndarray:
    # For z < -709.78, e^{-z} overflows to inf and the result is 0, within 6e-309 of σ(z);
    # the caller silences that harmless overflow with np.errstate.
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_derivative(z, a):
    return a * (1.0 - a)


def _identity(z):
    return z.copy()


def _identity_derivative(z, a):
    return np.ones_like(z)


def _tanh(z):
    return np.tanh(z)


def _tanh_derivative(z, a):
    return 1.0 - a * a


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_derivative(z, a):
    return np.where(z > 0, 1.0, 0.0)


class Activation(NamedTuple):
    r"""An activation function by name: ``f(z)``; its derivative ``derivative(z, a)`` given
    both :math:`z` and :math:`a = f(z)`; and ``kinks``, the points where it is not
    differentiable. Both functions take trusted float arrays (see :func:`get_activation`)."""

    name: str
    f: Callable
    derivative: Callable
    kinks: tuple = ()


ACTIVATIONS = {
    act.name: act
    for act in (
        Activation("sigmoid", _sigmoid, _sigmoid_derivative),
        Activation("identity", _identity, _identity_derivative),
        Activation("tanh", _tanh, _tanh_derivative),
        Activation("relu", _relu, _relu_derivative, kinks=(0.0,)),
    )
}


def get_activation(name: str) -> Activation:
    """The :class:`Activation` called ``name``; raises ``ValueError`` listing the known names."""
    return ACTIVATIONS[one_of("activation", name, ACTIVATIONS)]


# ---- the public, checked forms ------------------------------------------------------------
def _elementwise(inner, z):
    """``inner`` (a function of a trusted 1-D float array) applied to ``z`` after checking it;
    a number in gives a number out, an array of any shape an array of that shape."""
    z = as_array("z", z, ndim=ANY_NDIM)
    with np.errstate(over="ignore"):
        out = inner(z.ravel()).reshape(z.shape)
    return float(out) if z.ndim == 0 else out


def _derivative(name: str, z):
    """:math:`f'(z)` of the activation ``name``, from :math:`z` and :math:`a = f(z)`, as the backward pass takes it."""
    act = ACTIVATIONS[name]
    return _elementwise(lambda v: act.derivative(v, act.f(v)), z)


def sigmoid(z):
    r"""The logistic sigmoid :math:`\sigma(z) = \dfrac{1}{1 + e^{-z}}`, element-wise.

    ``z``: a finite number or array of any shape; the result has its shape. Warns of nothing:
    for :math:`z < -709.78`, :math:`e^{-z}` is too large for a double and the result is 0,
    within :math:`6 \times 10^{-309}` of :math:`\sigma(z)`. Raises ``TypeError`` or
    ``ValueError`` naming ``z`` for anything but finite real numbers."""
    return _elementwise(_sigmoid, z)


def sigmoid_prime(z):
    r""":math:`\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)`, at most :math:`\tfrac14` (at z = 0).

    Computed from :math:`\sigma(z)` as the backward pass does, so that for :math:`z \gtrsim 37`,
    where :math:`\sigma(z)` rounds to 1, it is exactly 0."""
    return _derivative("sigmoid", z)


def identity(z):
    r"""The identity :math:`f(z) = z` (a linear neuron), element-wise."""
    return _elementwise(_identity, z)


def identity_prime(z):
    r""":math:`f'(z) = 1`, element-wise."""
    return _derivative("identity", z)


def tanh(z):
    r""":math:`\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}`, element-wise."""
    return _elementwise(_tanh, z)


def tanh_prime(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2(z)`, element-wise."""
    return _derivative("tanh", z)


def relu(z):
    r""":math:`\operatorname{ReLU}(z) = \max(0, z)`, element-wise."""
    return _elementwise(_relu, z)


def relu_prime(z):
    r""":math:`\operatorname{ReLU}'(z) = 1` for :math:`z > 0` and 0 for :math:`z < 0`. At the
    kink :math:`z = 0` there is no derivative; like most libraries we take 0 there."""
    return _derivative("relu", z)
