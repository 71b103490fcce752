r"""Activation functions :math:`a = f(z)` and their derivatives :math:`f'(z)`.

Every activation but one is an element-wise function of the pre-activation :math:`z`. The
public functions (:func:`sigmoid`, :func:`sigmoid_prime`, ...) check their argument and accept
a number or an array of any shape. The backward pass instead takes each derivative from the
activation it already computed, :math:`\sigma'(z) = a(1 - a)`, so that a layer's function is
evaluated once per step: :func:`get_activation` gives those unchecked inner forms, as an
:class:`Activation`.

The exception is :func:`softmax`, which turns a layer's whole column :math:`z` into
probabilities: each :math:`a_k` depends on every :math:`z_j`, so its derivative is a matrix,
the Jacobian :math:`J = \operatorname{diag}(a) - a a^\top`, one per sample. The backward pass
multiplies a gradient :math:`g = \partial L/\partial a` by the derivative, ``g * f'(z)``; for
an element-wise activation that is :math:`g \odot f'(z)`, and for softmax the same ``*`` is the
product :math:`J^\top g` (see :class:`SoftmaxJacobian`), so BP1 and BP2 need no case for it.
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


def _softmax(z):
    # Shifting every column by its largest entry changes nothing (the factor e^{-max} cancels)
    # and keeps every exponent <= 0: no overflow, and the largest term is exactly e^0 = 1.
    e = np.exp(z - z.max(axis=-2, keepdims=True))
    return e / e.sum(axis=-2, keepdims=True)


class SoftmaxJacobian:
    r"""The Jacobian of softmax, :math:`J = \partial a/\partial z = \operatorname{diag}(a) - a a^\top`
    (:math:`J_{kj} = a_k(\delta_{kj} - a_j)`), for every column of ``a`` at once, kept as ``a``
    itself rather than as :math:`m` matrices of :math:`n \times n`.

    Multiplying a gradient by it, ``g * J`` (``g``: :math:`\partial L/\partial a`, shaped like
    ``a``), gives :math:`\partial L/\partial z = J^\top g` per column,

    .. math:: (J^\top g)_j = a_j \Bigl(g_j - \sum_k a_k g_k\Bigr),

    which is what ``g * f'(z)``, :math:`g \odot f'(z)`, gives for an element-wise activation.
    """

    __slots__ = ("a",)
    __array_ufunc__ = None  # numpy hands ``array * J`` to J.__rmul__ instead of multiplying entries

    def __init__(self, a: np.ndarray):
        self.a = a

    def __rmul__(self, g):
        a = self.a
        return a * (g - (a * g).sum(axis=-2, keepdims=True))  # J is symmetric: Jᵀg = Jg

    __mul__ = __rmul__

    def matrices(self) -> np.ndarray:
        """:math:`J` written out: shape ``(..., m, n, n)``, one matrix per column of ``a``."""
        cols = np.moveaxis(self.a, -1, -2)[..., :, :, np.newaxis]  # (..., m, n, 1)
        return cols * np.eye(cols.shape[-2]) - cols @ np.swapaxes(cols, -1, -2)


def _softmax_derivative(z, a):
    return SoftmaxJacobian(a)


# ---- each element-wise activation on one scalar node (autograd.network_graph) ------------------
def _sigmoid_scalar(v):
    return v.sigmoid()


def _identity_scalar(v):
    return v


def _tanh_scalar(v):
    return v.tanh()


def _relu_scalar(v):
    return v.relu()


class Activation(NamedTuple):
    r"""An activation function by name: ``f(z)``; its derivative ``derivative(z, a)`` given
    both :math:`z` and :math:`a = f(z)`; ``kinks``, the points where it is not
    differentiable; ``elementwise``: whether each :math:`a_j` depends on :math:`z_j` alone
    (False for softmax, whose ``derivative`` is a :class:`SoftmaxJacobian`). Both functions take
    trusted float arrays, one column per sample (see :func:`get_activation`). ``scalar(v)``:
    the same function of one :class:`~backprop_lib.autograd.Value` node, as one operation of a
    graph of scalar operations (``None`` for softmax, a function of a whole column)."""

    name: str
    f: Callable
    derivative: Callable
    kinks: tuple = ()
    elementwise: bool = True
    scalar: Callable | None = None


ACTIVATIONS = {
    act.name: act
    for act in (
        Activation("sigmoid", _sigmoid, _sigmoid_derivative, scalar=_sigmoid_scalar),
        Activation("identity", _identity, _identity_derivative, scalar=_identity_scalar),
        Activation("tanh", _tanh, _tanh_derivative, scalar=_tanh_scalar),
        Activation("relu", _relu, _relu_derivative, kinks=(0.0,), scalar=_relu_scalar),
        Activation("softmax", _softmax, _softmax_derivative, elementwise=False),
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


def _per_column(z):
    """``z`` checked: one sample as a vector ``(n,)`` or one per column ``(n, m)``."""
    return as_array("z", z)  # as_array's default: 1-D or 2-D


def softmax(z):
    r"""Softmax, per sample: :math:`a_k = \dfrac{e^{z_k - \max_j z_j}}{\sum_i e^{z_i - \max_j z_j}}`,
    probabilities that sum to 1 (the same as :math:`e^{z_k} / \sum_i e^{z_i}`).

    ``z``: a vector ``(n,)`` (one sample) or ``(n, m)``, one column per sample, as a layer's
    pre-activations; the result has its shape, each column summing to 1. Subtracting the
    column's largest entry first keeps every exponent <= 0: nothing overflows, at
    :math:`|z| = 1000` or beyond, and nothing warns (an entry more than about 745 below the
    largest becomes exactly 0). Raises ``TypeError`` or ``ValueError`` naming ``z`` for
    anything but a 1-D or 2-D array of finite real numbers."""
    z = _per_column(z)
    with np.errstate(over="ignore", under="ignore"):  # z - max(z) may pass -1.8e308: then e^{-inf} = 0
        a = _softmax(z if z.ndim == 2 else z[:, np.newaxis])
    return a if z.ndim == 2 else a[:, 0]


def softmax_jacobian(z) -> np.ndarray:
    r"""The Jacobian of :func:`softmax`, :math:`J = \partial a/\partial z = \operatorname{diag}(a) - a a^\top`,
    :math:`J_{kj} = a_k(\delta_{kj} - a_j)`: symmetric, each row and column summing to 0.

    ``z``: a vector ``(n,)``, giving one matrix ``(n, n)``, or ``(n, m)``, giving one per column,
    ``(m, n, n)``. The backward pass never writes :math:`J` out: it takes the product
    :math:`J^\top g` directly (see :class:`SoftmaxJacobian`)."""
    a = softmax(z)
    J = SoftmaxJacobian(a if a.ndim == 2 else a[:, np.newaxis]).matrices()
    return J if a.ndim == 2 else J[0]
