r"""Checking backpropagation against finite differences.

The central difference

.. math:: \frac{\partial L}{\partial \theta} \approx \frac{L(\theta + \varepsilon) - L(\theta - \varepsilon)}{2\varepsilon}

has an error of order :math:`\varepsilon^2`, so an analytic gradient that agrees with it to
many digits is almost certainly right, and one that does not is almost certainly wrong.
"""

from __future__ import annotations

import numpy as np

from ._validate import positive_number
from .backprop import check_inputs, check_targets, gradients, loss_of
from .losses import get_loss
from .network import Network


def numerical_gradients(net: Network, x, y, loss: str = "sse", eps: float = 1e-6) -> dict:
    r"""Every :math:`\partial L/\partial\theta` by central differences, keyed like
    :meth:`Network.parameters`. Costs two forward passes per parameter entry."""
    x = check_inputs(net, x)
    y = check_targets(net, x, y)
    get_loss(loss)
    eps = positive_number("eps", eps)
    numeric = {}
    for name, value in net.parameters().items():
        grad = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus, minus = value.copy(), value.copy()
            plus[idx] += eps
            minus[idx] -= eps
            l_plus = loss_of(net.with_parameters(**{name: plus}), x, y, loss)
            l_minus = loss_of(net.with_parameters(**{name: minus}), x, y, loss)
            grad[idx] = (l_plus - l_minus) / (2 * eps)
        numeric[name] = grad
    return numeric


def relative_error(a, b, floor: float = 1e-8) -> np.ndarray:
    r"""Element-wise :math:`\dfrac{|a - b|}{\max(|a| + |b|,\ \text{floor})}`: 0 when equal, 1 when of opposite sign.

    The floor keeps two gradients that are both zero up to rounding noise (a dead ReLU, say)
    from counting as different."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


def gradient_check(net: Network, x, y, loss: str = "sse", eps: float = 1e-6) -> float:
    """The largest relative error between the backward pass's gradients and the central
    differences, over every entry of every parameter. Around 1e-7 or below: the gradients
    agree; around 1e-2 or above: one of them is wrong."""
    numeric = numerical_gradients(net, x, y, loss, eps)
    analytic = gradients(net, x, y, loss).by_name()
    return float(max(relative_error(analytic[k], numeric[k]).max() for k in numeric))
