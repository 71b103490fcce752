r"""Loss functions :math:`L(\hat y, y)`, and the output error :math:`\delta^L` each one gives.

Outputs :math:`\hat y = a^L` and targets :math:`y` have one row per output unit and one column
per sample: shape ``(n_L, m)``. Every loss states how it adds up over the output units and
the samples (the book's notation page lists them side by side):

=============  =======================================================================  ==================================
name           :math:`L`                                                                 as elsewhere
=============  =======================================================================  ==================================
``half_sse``   :math:`\tfrac12 \sum_{j,n} (\hat y_{jn} - y_{jn})^2`, a sum over both     the sources' "error"
``mse``        :math:`\frac{1}{n_L m} \sum_{j,n} (\hat y_{jn} - y_{jn})^2`, a mean        PyTorch ``MSELoss``,
                                                                                         Keras ``mse``
``bce``        :math:`-\frac{1}{n_L m} \sum_{j,n} \bigl[y \ln \hat y + (1-y)\ln(1-\hat y)\bigr]`  PyTorch ``BCELoss``
``ce``         mean over samples: :math:`-\frac{1}{m} \sum_{k,n} y_{kn} \ln \hat y_{kn}`   PyTorch ``CrossEntropyLoss``,
                                                                                         Keras ``categorical_crossentropy``
=============  =======================================================================  ==================================

Each loss also gives the output error :math:`\delta^L = \partial L/\partial z^L`, the first of
the four equations of backpropagation (as the cost classes of Nielsen's ``network2.py`` do),
so that the backward pass needs no case for any loss. For ``half_sse`` and ``mse`` it is
:math:`\nabla_{\hat y} L \odot f_L'(z^L)`. Binary cross-entropy is paired with a sigmoid output layer:
then :math:`\sigma'` cancels and :math:`\delta^L = (\hat y - y)/(n_L m)`, and the loss itself is
computed from :math:`z^L` as :math:`\operatorname{softplus}(z) - y z`, exact even where
:math:`\hat y` rounds to 0 or 1.

Categorical cross-entropy, ``ce``, scores a probability vector over :math:`n_L` classes (each
target column non-negative and summing to 1: a one-hot column, or any distribution). Its
outputs must be such a vector too, which only a softmax output layer gives: after independent
sigmoid units, :math:`-\sum_k y_k \ln \hat y_k` is smallest when every :math:`\hat y_k` is 1,
so it would reward saying yes to every class. With softmax the Jacobian cancels the same way,
:math:`\delta^L = (\hat y - y)/m`, and the loss is computed from :math:`z^L` through
:math:`\ln \hat y_k = z_k - \ln\sum_j e^{z_j}`. The general path,
:math:`\delta^L = f_L'(z^L)^\top \nabla_{\hat y} L` with :math:`\nabla_{\hat y} L = -y/(m\,\hat y)`,
is kept as ``LOSSES["ce"]`` (the tests check the softmax form against it); :func:`fitted`
picks the form for an output layer.

Each loss declares the output layers it is meaningful for (``Loss.output``) and why
(``Loss.output_why``); the passes refuse any other pairing, naming ``loss``, before computing
anything: ``ce`` needs a softmax output layer, ``bce`` a sigmoid one, ``half_sse`` and ``mse``
take any.

Each loss owns what else it needs: the targets it accepts (``Loss.check_targets``: numbers from
0 to 1 for ``bce``, a probability vector per column for ``ce``, any finite numbers for the
others), which the backward pass, the training loop and the gradient checks call through the
registry with no case for any loss; and its form as a graph of scalar operations
(``Loss.scalar``), which :func:`~backprop_lib.autograd.network_graph` builds.

The module-level functions :func:`half_sse`, :func:`mse`, :func:`bce` and :func:`ce` check their
arguments; the :class:`Loss` objects of :func:`get_loss` are the unchecked inner forms the
backward pass and the training loop use.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ._validate import as_array, one_of


def _sum(v: np.ndarray):
    """Sum over units and samples: a float for one network, one number per network (shape
    ``(N,)``) for a stack."""
    total = v.sum(axis=(-2, -1))
    return float(total) if total.ndim == 0 else total


def _count(a: np.ndarray) -> int:
    return a.shape[-2] * a.shape[-1]


# ---- inner forms: (z, a, y) of the output layer, trusted arrays ------------------------------
def _half_sse_value(z, a, y):
    d = a - y
    return 0.5 * _sum(d * d)


def _half_sse_grad(a, y):
    return a - y


def _mse_value(z, a, y):
    d = a - y
    return _sum(d * d) / _count(a)


def _mse_grad(a, y):
    return 2.0 * (a - y) / _count(a)


def _bce_value(z, a, y):
    # -[y ln σ(z) + (1 - y) ln(1 - σ(z))] = softplus(z) - y z, with no logarithm of a rounded σ.
    # softplus(z) = max(z, 0) + ln(1 + e^{-|z|}); taking y z from max(z, 0) first leaves the small
    # ln(1 + e^{-|z|}) whole when y is 0 or 1, so a saturated unit's tiny loss keeps its digits.
    return _sum((np.maximum(z, 0.0) - y * z) + np.log1p(np.exp(-np.abs(z)))) / _count(a)


def _half_sse_output_error(z, a, y, derivative):
    return (a - y) * derivative(z, a)  # (BP1): ∇_a L ⊙ f'(z^L)


def _mse_output_error(z, a, y, derivative):
    return _mse_grad(a, y) * derivative(z, a)  # (BP1): ∇_a L ⊙ f'(z^L)


def _bce_grad(a, y):
    return (a - y) / (a * (1.0 - a)) / _count(a)


def _bce_output_error(z, a, y, derivative):
    return (a - y) / _count(a)  # σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a


def _samples(a: np.ndarray) -> int:
    return a.shape[-1]


def _ce_value(z, a, y):
    # -Σ y ln ŷ / m, from ŷ: an entry whose target is 0 adds 0 whatever ŷ is (no ln 0 taken there)
    return -_sum(y * np.log(np.where(y > 0, a, 1.0))) / _samples(a)


def _ce_grad(a, y):
    return np.where(y > 0, -y / np.where(y > 0, a, 1.0), 0.0) / _samples(a)


def _ce_output_error(z, a, y, derivative):
    return _ce_grad(a, y) * derivative(z, a)  # (BP1): f'(z^L)ᵀ ∇_a L, by any output layer's derivative


def _log_softmax(z):
    r""":math:`\ln \operatorname{softmax}(z)_k = (z_k - M) - \ln\bigl(1 + s\bigr)`, per column, with
    :math:`M = \max_j z_j` and :math:`s` the sum of :math:`e^{z_j - M}` over every entry but one
    largest (whose term is exactly 1). ``log1p(s)`` keeps the digits of a tiny :math:`s`, the
    loss of a confident, correct output."""
    shifted = z - z.max(axis=-2, keepdims=True)
    e = np.exp(shifted)
    np.put_along_axis(e, shifted.argmax(axis=-2)[..., np.newaxis, :], 0.0, axis=-2)
    return shifted - np.log1p(e.sum(axis=-2, keepdims=True))


def _ce_softmax_value(z, a, y):
    return -_sum(y * _log_softmax(z)) / _samples(a)  # no logarithm of a rounded ŷ


def _ce_softmax_output_error(z, a, y, derivative):
    return (a - y) / _samples(a)  # Jᵀ(-y/(m ŷ)) = (ŷ Σ_k y_k - y)/m, and Σ_k y_k = 1


# ---- the targets each loss accepts: check_targets(name, y), y trusted (n_L, m) or (N, n_L, m) ---
def _any_targets(name: str, y: np.ndarray) -> None:
    """Any finite numbers (the door's check, ``as_array``, has made sure of that)."""


def _targets_from_0_to_1(name: str, y: np.ndarray) -> None:
    """Binary cross-entropy's targets: numbers from 0 to 1."""
    outside = ~((y >= 0) & (y <= 1))
    if outside.any():
        raise ValueError(f"{name}: expected targets from 0 to 1 for cross-entropy, got {y[outside][0]}")


#: How far a target column's sum may be from 1: a few thousand roundings of a double, and
#: float32 probabilities of a few dozen classes.
SUM_TOLERANCE = 1e-6


def check_distributions(name: str, y: np.ndarray) -> None:
    """Raise naming ``name`` unless every column of ``y`` (shape ``(n, m)``, or ``(..., n, m)``)
    is a probability vector: non-negative, summing to 1 within ``SUM_TOLERANCE``."""
    if (y < 0).any():
        bad = tuple(int(i) for i in np.argwhere(y < 0)[0])
        raise ValueError(f"{name}: expected probability vectors for cross-entropy (one-hot or any distribution, each "
                         f"column non-negative and summing to 1), got {y[bad]} at index {bad}")
    sums = y.sum(axis=-2)
    off = np.abs(sums - 1.0) > SUM_TOLERANCE
    if off.any():
        col = tuple(int(i) for i in np.argwhere(off)[0])
        raise ValueError(f"{name}: expected probability vectors for cross-entropy (each column summing to 1), got a "
                         f"column summing to {float(sums[col])!r} (sample {col[-1]})")


# ---- each loss as a graph of scalar operations (autograd.network_graph) ---------------------------
class ScalarLoss(NamedTuple):
    r"""A loss written with scalar operations on :class:`~backprop_lib.autograd.Value` nodes:
    :math:`L = \text{scale}(c) \sum_{j,n} \text{term}(z_{jn}, \hat y_{jn}, y_{jn})`, summed over
    every output unit :math:`j` and sample :math:`n`; ``term(z, a, t)`` takes the output unit's
    pre-activation and output Values and a float target (a loss computed from :math:`z`, as
    binary cross-entropy is, reads ``z``), ``scale(c)`` the number :math:`c = n_L m` of terms."""

    term: Callable
    scale: Callable


def _squared_error_term(z, a, t):
    return (a - t) ** 2


def _bce_term(z, a, t):
    # softplus(z) - t z, as the matrix code computes it: (1 - t) softplus(z) + t softplus(-z),
    # exact where σ(z) rounds to 0 or 1 (no logarithm of a rounded output)
    return z.softplus() * (1 - t) + (-z).softplus() * t


def _half(count: int) -> float:
    return 0.5


def _mean(count: int) -> float:
    return 1.0 / count


class Loss(NamedTuple):
    r"""A loss by name. ``value(z, a, y)`` is :math:`L`; ``grad(a, y)`` is
    :math:`\nabla_{\hat y} L`; ``output_error(z, a, y, derivative)`` is
    :math:`\delta^L = \partial L/\partial z^L`, given the output layer's activation derivative
    ``derivative(z, a)``. ``output`` names the activation the loss needs at the output layer,
    or a tuple of those it accepts (``None``: any), and ``output_why`` why, with what to use
    instead (said when another output layer is refused). ``check_targets(name, y)`` raises, naming
    ``name``, unless the loss accepts the targets ``y`` (one column per sample); ``scalar`` is
    the loss as a graph of scalar operations (a :class:`ScalarLoss`), or ``None`` for a loss
    that has none (``ce``, whose outputs come from a softmax over a whole column)."""

    name: str
    value: Callable
    grad: Callable
    output_error: Callable
    output: str | tuple | None = None
    check_targets: Callable = _any_targets
    scalar: ScalarLoss | None = None
    output_why: str = ""


LOSSES = {
    loss.name: loss
    for loss in (
        Loss("half_sse", _half_sse_value, _half_sse_grad, _half_sse_output_error,
             scalar=ScalarLoss(_squared_error_term, _half)),
        Loss("mse", _mse_value, _mse_grad, _mse_output_error, scalar=ScalarLoss(_squared_error_term, _mean)),
        Loss("bce", _bce_value, _bce_grad, _bce_output_error, output="sigmoid", check_targets=_targets_from_0_to_1,
             scalar=ScalarLoss(_bce_term, _mean),
             output_why="binary cross-entropy reads each output as the probability of a yes, in (0, 1), as a sigmoid "
                        "unit gives it (and computes its loss exactly from z after one); for outputs that are not "
                        "probabilities, use 'mse' or 'half_sse'"),
        Loss("ce", _ce_value, _ce_grad, _ce_output_error, output="softmax", check_targets=check_distributions,
             output_why="categorical cross-entropy scores a probability vector over the classes, each column "
                        "summing to 1, as a softmax layer gives it; after independent sigmoid units it is smallest "
                        "when every output is 1, rewarding a yes to every class; for independent yes/no outputs, "
                        "use 'bce' after a sigmoid layer"),
    )
}

#: The forms of a loss for one output layer, where the pair simplifies: cross-entropy after
#: softmax, whose δᴸ is (ŷ − y)/m and whose loss is computed from zᴸ (its targets checked as
#: the loss's own).
SHORTCUTS = {
    ("ce", "softmax"): LOSSES["ce"]._replace(value=_ce_softmax_value, output_error=_ce_softmax_output_error,
                                             output="softmax"),
}


def get_loss(name: str) -> Loss:
    """The :class:`Loss` called ``name``; raises naming ``loss`` and listing the known names."""
    return LOSSES[one_of("loss", name, LOSSES)]


def fitted(loss: Loss, output: str) -> Loss:
    """``loss`` as computed after an output layer ``output`` (an activation name): its shortcut
    in ``SHORTCUTS`` when the pair has one, else ``loss`` itself."""
    return SHORTCUTS.get((loss.name, output), loss)


# ---- the public, checked forms ------------------------------------------------------------
def _checked(output, target, probabilities: bool = False, distributions: bool = False):
    output = as_array("output", output)
    target = as_array("target", target)
    if output.shape != target.shape:
        raise ValueError(
            f"target: expected the shape of output {output.shape} (one row per output unit, one column "
            f"per sample), got {target.shape}"
        )
    if probabilities:
        if not ((output > 0) & (output < 1)).all():
            bad = tuple(int(i) for i in np.argwhere(~((output > 0) & (output < 1)))[0])
            raise ValueError(
                f"output: expected probabilities strictly between 0 and 1, got {output[bad]} at index {bad}"
            )
        if not ((target >= 0) & (target <= 1)).all():
            bad = tuple(int(i) for i in np.argwhere(~((target >= 0) & (target <= 1)))[0])
            raise ValueError(f"target: expected numbers from 0 to 1, got {target[bad]} at index {bad}")
    # one sample may come as a vector of the output units: make it one column
    if distributions:
        check_distributions("target", target if target.ndim == 2 else target[:, None])
    return (output[:, None], target[:, None]) if output.ndim == 1 else (output, target)


def _finite(value: float) -> float:
    if not np.isfinite(value):
        raise ValueError("output: expected outputs and targets close enough that the loss fits a double, "
                         "got a loss beyond a double's range")
    return value


def half_sse(output, target) -> float:
    r"""Half the sum of squared errors, the sources' loss,
    :math:`L = \tfrac12 \sum_{j} \sum_{n} (\hat y_{jn} - y_{jn})^2`, summed over the output units
    :math:`j` and the samples :math:`n`.

    ``output`` and ``target``: the same shape, ``(n_L,)`` for one sample or ``(n_L, m)``."""
    output, target = _checked(output, target)
    with np.errstate(over="ignore"):
        return _finite(_half_sse_value(None, output, target))


def mse(output, target) -> float:
    r"""The mean squared error, :math:`L = \dfrac{1}{n_L m}\sum_{j}\sum_{n} (\hat y_{jn} - y_{jn})^2`,
    the mean over every output unit and sample (as PyTorch's ``MSELoss`` and Keras' ``mse``)."""
    output, target = _checked(output, target)
    with np.errstate(over="ignore"):
        return _finite(_mse_value(None, output, target))


def bce(output, target) -> float:
    r"""Binary cross-entropy, the mean over every output unit and sample (as PyTorch's ``BCELoss``),
    :math:`L = -\dfrac{1}{n_L m}\sum_{j}\sum_{n} \bigl[y_{jn}\ln \hat y_{jn} + (1 - y_{jn})\ln(1 - \hat y_{jn})\bigr]`.

    ``output``: probabilities strictly between 0 and 1; ``target``: numbers from 0 to 1.
    Given a network instead, :func:`backprop_lib.loss_of` computes the same loss from the
    pre-activation, exact where :math:`\hat y` rounds to 0 or 1."""
    output, target = _checked(output, target, probabilities=True)
    total = -(target * np.log(output) + (1 - target) * np.log1p(-output))
    return _sum(total) / _count(output)


def ce(output, target) -> float:
    r"""Categorical cross-entropy, summed over the classes and averaged over the samples (as
    PyTorch's ``CrossEntropyLoss`` on probabilities and Keras' ``categorical_crossentropy``),
    :math:`L = -\dfrac{1}{m}\sum_{n}\sum_{k} y_{kn}\ln \hat y_{kn}`.

    ``output``: probabilities strictly between 0 and 1, one row per class and one column per
    sample (``(n_L,)`` for one sample); ``target``: the same shape, each column a probability
    vector (non-negative, summing to 1 within ``SUM_TOLERANCE``), such as a one-hot column.
    Raises naming ``output`` or ``target``. Given a softmax network instead,
    :func:`backprop_lib.loss_of` computes the same loss from the pre-activation, exact where
    :math:`\hat y` rounds to 0 or 1."""
    output, target = _checked(output, target, probabilities=True, distributions=True)
    return _ce_value(None, output, target)
