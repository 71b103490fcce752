r"""Checking backpropagation against finite differences.

The central difference

.. math:: \frac{\partial L}{\partial \theta} \approx \frac{L(\theta + \varepsilon) - L(\theta - \varepsilon)}{2\varepsilon}

has an error of order :math:`\varepsilon^2` where :math:`L` is smooth, so an analytic gradient
that agrees with it to many digits is almost certainly right, and one that does not is almost
certainly wrong. Where :math:`\theta - \varepsilon` and :math:`\theta + \varepsilon` fall on
two sides of a kink (a ReLU unit whose pre-activation crosses 0), the difference quotient
averages two different slopes and matches neither: such entries are reported as lying at a
kink, not compared, and never called wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ._blas import largest_product, one_thread
from ._validate import ANY_NDIM, as_array, number_in, positive_number, read_only
from .activations import ACTIVATIONS
from .backprop import QUIET, backward, check_inputs, check_loss, check_targets, feedforward, forward, layer_lists
from .network import Network

#: The steps a central difference can use in double precision: below, round-off swamps the
#: difference (its error grows like u/ε); above, truncation does (like ε²).
EPS_RANGE = (1e-10, 1e-2)


def _check_network(net) -> Network:
    if not isinstance(net, Network):
        raise TypeError(
            f"net: expected a Network (check one network of a stack with stack.network(k)), got {type(net).__name__}"
        )
    return net


def _differences(net: Network, x, y, loss, eps: float):
    """Central differences of every parameter entry, and the entries whose two evaluations
    straddle a kink of an activation."""
    W, b, f, _ = layer_lists(net)
    kinks = [None] + [ACTIVATIONS[name].kinks for name in net.activation]
    L = net.n_layers
    numeric, at_kink = {}, []
    for name, value in net.parameters().items():
        layer = int(name[1:])
        grad = np.zeros(value.shape)
        for idx in np.ndindex(value.shape):
            losses, pre = [], []
            for sign in (+1, -1):
                moved = value.copy()
                moved[idx] += sign * eps
                W_moved, b_moved = list(W), list(b)
                (W_moved if name[0] == "W" else b_moved)[layer] = moved
                z, a = feedforward(W_moved, b_moved, f, x)
                losses.append(loss.value(z[L], a[L], y))
                pre.append(z)
                if not np.isfinite(losses[-1]):
                    raise ValueError(f"x: the loss overflows a double near this net's {name}; expected smaller "
                                     "inputs or weights")
            grad[idx] = (losses[0] - losses[1]) / (2 * eps)
            if _straddles(pre[0], pre[1], kinks):
                at_kink.append(f"{name}[{', '.join(map(str, idx))}]")
        numeric[name] = grad
    return numeric, at_kink


def _straddles(z_plus, z_minus, kinks) -> bool:
    """Whether some unit's pre-activation lies strictly on two sides of a kink in the two passes.
    (Touching a kink at one end is harmless: the function is continuous, and the difference
    quotient then sees one side's slope only.)"""
    for layer in range(1, len(z_plus)):
        for k in kinks[layer]:
            above, below = z_plus[layer], z_minus[layer]
            if np.any(((above > k) & (below < k)) | ((above < k) & (below > k))):
                return True
    return False


def _checked(net, x, y, loss, eps):
    _check_network(net)
    x = check_inputs(net, x)
    found = check_loss(net, loss)
    y = check_targets(net, x, y, found)
    eps = number_in("eps", eps, *EPS_RANGE,
                    why=" (smaller drowns in round-off, larger in truncation error)")
    return x, y, found, eps


def numerical_gradients(net, x, y, loss: str = "half_sse", eps: float = 1e-6) -> dict:
    r"""Every :math:`\partial L/\partial\theta` by central differences, keyed like
    :meth:`Network.parameters`. Costs two forward passes per parameter entry, and never calls
    the backward pass: an independent reference.

    ``eps``: the step :math:`\varepsilon`, from 1e-10 to 1e-2."""
    x, y, found, eps = _checked(net, x, y, loss, eps)
    with np.errstate(**QUIET), one_thread(largest_product(net.sizes, x.shape[1])):
        numeric, _ = _differences(net, x, y, found, eps)
    return numeric


def relative_error(a, b, floor: float = 1e-8) -> np.ndarray:
    r"""Element-wise :math:`\dfrac{|a - b|}{\max(|a| + |b|,\ \text{floor})}`: 0 when equal, 1 when of
    opposite sign. ``a`` and ``b``: numbers or arrays of one shape; ``floor > 0``.

    The floor keeps two gradients that are both zero up to rounding noise (a dead ReLU, say)
    from counting as different. Computed on halves, so that numbers near a double's largest
    do not overflow."""
    a = as_array("a", a, ndim=ANY_NDIM)
    b = as_array("b", b, ndim=ANY_NDIM)
    if a.shape != b.shape:
        raise ValueError(f"b: expected the shape of a {a.shape}, got {b.shape}")
    floor = positive_number("floor", floor)
    half_a, half_b = a / 2, b / 2
    err = np.abs(half_a - half_b) / np.maximum(np.abs(half_a) + np.abs(half_b), floor / 2)
    return float(err) if err.ndim == 0 else err


@dataclass(frozen=True)
class GradientCheck:
    """What :func:`gradient_check` found.

    ``max_error``: the largest relative error between the backward pass and the central
    differences over the ``n_compared`` entries compared; ``worst``: the entry where it is
    (e.g. ``"W1[0, 1]"``); ``at_kinks``: the entries not compared because their finite
    difference straddles a kink; ``analytic`` and ``numeric``: both gradients by parameter
    name."""

    max_error: float
    worst: str
    n_compared: int
    at_kinks: tuple
    analytic: dict
    numeric: dict

    def __post_init__(self):
        for field in ("analytic", "numeric"):  # read-only, as every record of the library
            arrays = {name: read_only(as_array(f"{field}['{name}']", value, ndim=ANY_NDIM).copy())
                      for name, value in dict(getattr(self, field)).items()}
            object.__setattr__(self, field, MappingProxyType(arrays))
        object.__setattr__(self, "at_kinks", tuple(self.at_kinks))

    def __reduce__(self):
        """Copied and pickled through the constructor, read-only again."""
        return type(self), (self.max_error, self.worst, self.n_compared, self.at_kinks, dict(self.analytic),
                            dict(self.numeric))

    @property
    def agrees(self) -> bool:
        """True when some entries were compared and every one agrees to 1e-7 or better."""
        return self.n_compared > 0 and self.max_error < 1e-7

    def __repr__(self) -> str:
        kinks = f"; {len(self.at_kinks)} entries at a kink, not compared: {', '.join(self.at_kinks)}" \
            if self.at_kinks else ""
        if not self.n_compared:
            return f"GradientCheck(nothing compared: every entry lies at a kink{kinks})"
        size = "0" if self.max_error == 0 else f"1e{int(np.round(np.log10(self.max_error))):+03d}"
        verdict = ("the gradients agree" if self.agrees else
                   "suspicious: look closer" if self.max_error < 1e-2 else "one of them is wrong")
        return (f"GradientCheck(largest relative error about {size} at {self.worst}, over {self.n_compared} "
                f"entries: {verdict}{kinks})")


def gradient_check(net, x, y, loss: str = "half_sse", eps: float = 1e-6) -> GradientCheck:
    """Compare every entry of the backward pass's gradients with its central difference.

    Around 1e-7 or below, the gradients agree; around 1e-2 or above, one of them is wrong.
    Entries whose difference straddles a kink of an activation are listed in ``at_kinks``
    and left out of ``max_error`` (a kink is not a bug)."""
    x, y, found, eps = _checked(net, x, y, loss, eps)
    with np.errstate(**QUIET), one_thread(largest_product(net.sizes, x.shape[1])):
        numeric, at_kink = _differences(net, x, y, found, eps)
    analytic = backward(net, forward(net, x), y, loss).by_name()
    errors = {}
    for name, grad in analytic.items():
        error = relative_error(grad, numeric[name])
        for idx in np.ndindex(grad.shape):
            entry = f"{name}[{', '.join(map(str, idx))}]"
            if entry not in at_kink:
                errors[entry] = float(error[idx])
    worst = max(errors, key=errors.get, default="")
    return GradientCheck(errors.get(worst, 0.0), worst, len(errors), tuple(at_kink), analytic, numeric)
