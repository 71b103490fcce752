r"""Loss functions :math:`L(\hat y, y)` and their gradients :math:`\partial L / \partial \hat y`.

``output`` (:math:`\hat y`) and ``target`` (:math:`y`) have the same shape: one sample as a
vector of the output units, or a batch as a matrix with one column per sample
(shape ``(n_outputs, m)``). Look a loss up by name with :func:`get_loss`.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validate import one_of

#: Outputs are clipped into ``[EPS, 1 - EPS]`` before a logarithm is taken.
EPS = 1e-12


def _n_samples(output: np.ndarray) -> int:
    return 1 if output.ndim == 1 else output.shape[1]


def sse(output, target):
    r"""Half the sum of squared errors, the sources' loss:
    :math:`L = \tfrac12 \sum_i (y_i - \hat y_i)^2`, summed over output units and samples."""
    output, target = np.asarray(output, float), np.asarray(target, float)
    return 0.5 * float(np.sum((target - output) ** 2))


def sse_grad(output, target):
    r""":math:`\partial L / \partial \hat y_i = -(y_i - \hat y_i) = \hat y_i - y_i`."""
    return np.asarray(output, float) - np.asarray(target, float)


def mse(output, target):
    r"""The mean form of :func:`sse`, averaged over the :math:`m` samples:
    :math:`L = \dfrac{1}{m} \sum_{n=1}^{m} \tfrac12 \lVert y_n - \hat y_n \rVert^2`."""
    output = np.asarray(output, float)
    return sse(output, target) / _n_samples(output)


def mse_grad(output, target):
    r""":math:`\partial L / \partial \hat y_{in} = (\hat y_{in} - y_{in}) / m`."""
    output = np.asarray(output, float)
    return sse_grad(output, target) / _n_samples(output)


def bce(output, target):
    r"""Binary cross-entropy, averaged over the :math:`m` samples:
    :math:`L = -\dfrac1m \sum_{n} \sum_i \bigl[y_{in}\ln \hat y_{in} + (1 - y_{in})\ln(1 - \hat y_{in})\bigr]`.

    Outputs are clipped into ``[EPS, 1 - EPS]`` so that a saturated output costs a large
    but finite amount instead of ``inf``."""
    output = np.clip(np.asarray(output, float), EPS, 1 - EPS)
    target = np.asarray(target, float)
    total = -np.sum(target * np.log(output) + (1 - target) * np.log(1 - output))
    return float(total) / _n_samples(output)


def bce_grad(output, target):
    r""":math:`\partial L / \partial \hat y_{in} = \dfrac{1}{m}\,\dfrac{\hat y_{in} - y_{in}}{\hat y_{in}(1 - \hat y_{in})}`."""
    raw = np.asarray(output, float)
    output = np.clip(raw, EPS, 1 - EPS)
    return (output - np.asarray(target, float)) / (output * (1 - output)) / _n_samples(raw)


class Loss(NamedTuple):
    """A loss by name, with its gradient with respect to the network's output."""

    name: str
    f: Callable
    grad: Callable


LOSSES = {
    loss.name: loss
    for loss in (
        Loss("sse", sse, sse_grad),
        Loss("mse", mse, mse_grad),
        Loss("bce", bce, bce_grad),
    )
}


def get_loss(name: str) -> Loss:
    """The :class:`Loss` called ``name``; raises ``ValueError`` listing the known names."""
    return LOSSES[one_of("loss", name, LOSSES)]
