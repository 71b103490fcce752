r"""The forward pass and the backward pass, keeping every intermediate.

Forward, for :math:`\ell = 1, \dots, L` with :math:`a^0 = x`:

.. math:: z^\ell = W^\ell a^{\ell-1} + b^\ell, \qquad a^\ell = f_\ell(z^\ell).

Backward, the four equations of backpropagation:

.. math::
   \delta^L = \nabla_{a^L} L \odot f_L'(z^L), \qquad
   \delta^\ell = (W^{\ell+1})^\top \delta^{\ell+1} \odot f_\ell'(z^\ell),

   \frac{\partial L}{\partial W^\ell} = \delta^\ell (a^{\ell-1})^\top, \qquad
   \frac{\partial L}{\partial b^\ell} = \sum_{\text{samples}} \delta^\ell
   \quad(\text{and also summed over the layer's neurons when its bias is shared}).

Inputs are one sample as a vector of ``n_0`` numbers, or a batch as a matrix with one
column per sample, shape ``(n_0, m)``. Every kept array has the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_finite_array
from .activations import get_activation
from .losses import get_loss
from .network import Network, by_parameter_name


@dataclass(frozen=True)
class Trace:
    """Everything the forward pass computed: ``zs[l - 1]`` is :math:`z^l` and
    ``activations[l]`` is :math:`a^l`, with ``activations[0]`` the input :math:`x`."""

    zs: tuple
    activations: tuple

    @property
    def output(self) -> np.ndarray:
        r"""The network's output :math:`\hat y = a^L`."""
        return self.activations[-1]


@dataclass(frozen=True)
class Gradients:
    r"""Everything the backward pass computed.

    ``dL_doutput`` is :math:`\nabla_{a^L} L`; ``deltas[l - 1]`` is :math:`\delta^l`;
    ``dW[l - 1]`` and ``db[l - 1]`` are :math:`\partial L/\partial W^l` and
    :math:`\partial L/\partial b^l` (``None`` for a layer without bias); ``loss`` is :math:`L`.
    """

    loss: float
    dL_doutput: np.ndarray
    deltas: tuple
    dW: tuple
    db: tuple

    def by_name(self) -> dict:
        """The gradients keyed like :meth:`Network.parameters`: ``{"W1": ..., "b1": ...}``."""
        return by_parameter_name(self.dW, self.db)


def check_inputs(net: Network, x, name: str = "x") -> np.ndarray:
    """``x`` as a float array with ``net.sizes[0]`` rows, or an error saying what came."""
    if not isinstance(net, Network):
        raise TypeError(f"net: expected a Network, got {type(net).__name__}")
    x = as_finite_array(name, x)
    if x.shape[0] != net.sizes[0]:
        raise ValueError(
            f"{name}: expected shape ({net.sizes[0]},) for one sample or ({net.sizes[0]}, m) for m samples "
            f"(one column each), got {x.shape}"
        )
    return x


def check_targets(net: Network, x: np.ndarray, y, name: str = "y") -> np.ndarray:
    """``y`` as a float array shaped like the network's output for ``x``."""
    y = as_finite_array(name, y)
    expected = (net.sizes[-1],) + x.shape[1:]
    if y.shape != expected:
        raise ValueError(f"{name}: expected shape {expected}, one target per output unit and sample, got {y.shape}")
    return y


def _column(v: np.ndarray, like: np.ndarray) -> np.ndarray:
    """A bias vector shaped to broadcast over the samples of ``like``."""
    return v if like.ndim == 1 else v[:, None]


def forward(net: Network, x) -> Trace:
    r"""Run :math:`z^\ell = W^\ell a^{\ell-1} + b^\ell`, :math:`a^\ell = f_\ell(z^\ell)` layer by layer."""
    a = check_inputs(net, x)
    zs, acts = [], [a]
    for w, b, name in zip(net.weights, net.biases, net.activations):
        z = w @ a
        if b is not None:
            z = z + _column(b, z)
        a = get_activation(name).f(z)
        zs.append(z)
        acts.append(a)
    return Trace(tuple(zs), tuple(acts))


def backward(net: Network, trace: Trace, y, loss: str = "sse") -> Gradients:
    r"""Backpropagate :math:`L(\hat y, y)` through ``trace``, a forward pass of ``net``.

    With a sigmoid output and ``loss="bce"`` the output error is the simplified
    :math:`\delta^L = (\hat y - y)/m`: equal to the product of equation 1's two
    factors, but without losing precision when the sigmoid saturates.
    """
    x = check_inputs(net, trace.activations[0], name="trace.activations[0]")
    y = check_targets(net, x, y)
    loss_fn = get_loss(loss)
    out, n = trace.output, net.n_layers
    dL_da = loss_fn.grad(out, y)
    f_prime = [get_activation(name).f_prime for name in net.activations]

    # Equation 1: the error of the output layer.
    if loss == "bce" and net.activations[-1] == "sigmoid":
        delta = (out - y) / (1 if out.ndim == 1 else out.shape[1])
    else:
        delta = dL_da * f_prime[-1](trace.zs[-1])

    deltas, dW, db = [None] * n, [None] * n, [None] * n
    for i in reversed(range(n)):  # layer i + 1, from the output back
        if i < n - 1:
            # Equation 2: this layer's error from the next layer's.
            delta = (net.weights[i + 1].T @ deltas[i + 1]) * f_prime[i](trace.zs[i])
        deltas[i] = delta
        # Equation 3: the weight gradients (summed over a batch's samples).
        a_prev = trace.activations[i]
        dW[i] = np.outer(delta, a_prev) if delta.ndim == 1 else delta @ a_prev.T
        # Equation 4: the bias gradients; a shared bias sums over its layer too.
        if net.biases[i] is not None:
            per_unit = delta if delta.ndim == 1 else delta.sum(axis=1)
            shared = net.biases[i].shape == (1,)
            db[i] = np.array([per_unit.sum()]) if shared else per_unit
    loss_value = loss_fn.f(out, y)
    return Gradients(loss_value, dL_da, tuple(deltas), tuple(dW), tuple(db))


def loss_of(net: Network, x, y, loss: str = "sse") -> float:
    r""":math:`L(\hat y, y)` for the network's output on ``x``."""
    trace = forward(net, x)
    return get_loss(loss).f(trace.output, check_targets(net, trace.activations[0], y))


def gradients(net: Network, x, y, loss: str = "sse") -> Gradients:
    """A forward pass then a backward pass: every gradient of ``loss`` at ``(x, y)``."""
    return backward(net, forward(net, x), y, loss)
