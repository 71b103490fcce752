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
from .network import Network


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
        grads = {}
        for i, (dw, db) in enumerate(zip(self.dW, self.db), start=1):
            grads[f"W{i}"] = dw
            if db is not None:
                grads[f"b{i}"] = db
        return grads


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

    With a sigmoid output and ``loss="bce"`` the output error uses the simplified
    :math:`\delta^L = (\hat y - y)/m`, which equals the product of the two factors but does not
    lose precision when the sigmoid saturates.
    """
    x = check_inputs(net, trace.activations[0], name="trace.activations[0]")
    y = check_targets(net, x, y)
    loss_fn = get_loss(loss)
    out, z_out = trace.output, trace.zs[-1]

    dL_da = loss_fn.grad(out, y)
    if loss == "bce" and net.activations[-1] == "sigmoid":
        m = 1 if out.ndim == 1 else out.shape[1]
        delta = (out - y) / m
    else:
        delta = dL_da * get_activation(net.activations[-1]).f_prime(z_out)

    deltas, dW, db = [None] * net.n_layers, [None] * net.n_layers, [None] * net.n_layers
    for i in reversed(range(net.n_layers)):
        if i < net.n_layers - 1:
            delta = (net.weights[i + 1].T @ deltas[i + 1]) * get_activation(net.activations[i]).f_prime(trace.zs[i])
        deltas[i] = delta
        a_prev = trace.activations[i]
        dW[i] = np.outer(delta, a_prev) if delta.ndim == 1 else delta @ a_prev.T
        b = net.biases[i]
        if b is not None:
            per_neuron = delta if delta.ndim == 1 else delta.sum(axis=1)
            db[i] = np.array([per_neuron.sum()]) if b.shape == (1,) else per_neuron
    return Gradients(loss_fn.f(out, y), dL_da, tuple(deltas), tuple(dW), tuple(db))


def loss_of(net: Network, x, y, loss: str = "sse") -> float:
    r""":math:`L(\hat y, y)` for the network's output on ``x``."""
    trace = forward(net, x)
    return get_loss(loss).f(trace.output, check_targets(net, trace.activations[0], y))


def gradients(net: Network, x, y, loss: str = "sse") -> Gradients:
    """A forward pass then a backward pass: every gradient of ``loss`` at ``(x, y)``."""
    return backward(net, forward(net, x), y, loss)
