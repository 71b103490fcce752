r"""Many networks of one shape, trained at once: one network per seed, side by side.

A study over hundreds of random starts trains the same small network hundreds of times.
One at a time, every step pays Python's overhead for a handful of tiny matrix products; here
the :math:`N` networks are stacked along a new leading axis instead, so that one numpy call
does the work of all of them. Network :math:`k` of a stack has the weights
``weights[l - 1][k]`` (:math:`W^\ell_k`, shape ``(n_l, n_{l-1})``) and the biases
``biases[l - 1][k]``, and every network sees the same batch ``x`` (one column per sample).
The equations are those of :mod:`backprop_lib.backprop`, for every :math:`k` at once:

.. math::
   z^\ell_k = W^\ell_k a^{\ell-1}_k + b^\ell_k, \qquad a^\ell_k = f_\ell(z^\ell_k), \qquad
   \delta^\ell_k = (W^{\ell+1}_k)^\top \delta^{\ell+1}_k \odot f_\ell'(z^\ell_k),

   W^\ell_k \leftarrow W^\ell_k - \eta_k\, \delta^\ell_k (a^{\ell-1}_k)^\top, \qquad
   b^\ell_k \leftarrow b^\ell_k - \eta_k \sum_{\text{samples}} \delta^\ell_k .

The activations and losses are those of :mod:`backprop_lib.activations` and
:mod:`backprop_lib.losses`; nothing here computes one of them afresh. Training a stack gives,
to rounding, the very numbers :func:`backprop_lib.train` gives network by network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import positive_int, positive_number
from .activations import get_activation
from .backprop import Trace, check_inputs, check_targets
from .losses import get_loss
from .network import Network


@dataclass(frozen=True, eq=False)
class Stack:
    """``N`` networks of one shape, their parameters stacked along a leading axis.

    ``weights[l - 1]`` has shape ``(N, n_l, n_{l-1})``; ``biases[l - 1]`` has shape
    ``(N, n_l)`` (a bias per neuron), ``(N, 1)`` (one shared by the layer) or is ``None``.
    Build one with :func:`stack`; :func:`unstack` gives the networks back.
    """

    weights: tuple
    biases: tuple
    activations: tuple
    frozen: frozenset

    @property
    def n_networks(self) -> int:
        """:math:`N`, the number of stacked networks."""
        return self.weights[0].shape[0]

    @property
    def sizes(self) -> tuple:
        """``(n_0, n_1, ..., n_L)``, the layer sizes every stacked network shares."""
        return (self.weights[0].shape[2],) + tuple(w.shape[1] for w in self.weights)

    def network(self, k: int) -> Network:
        """Network ``k`` of the stack, as a :class:`~backprop_lib.network.Network`."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < self.n_networks:
            raise ValueError(f"k: expected a whole number from 0 to {self.n_networks - 1}, got {k!r}")
        return Network(
            [w[k] for w in self.weights],
            [None if b is None else b[k] for b in self.biases],
            self.activations,
            self.frozen,
        )


def _architecture(net: Network) -> tuple:
    return net.sizes, net.activations, tuple(net.bias_mode(i) for i in range(1, net.n_layers + 1)), net.frozen


def stack(nets) -> Stack:
    r"""Stack networks of one shape: :math:`W^\ell = [W^\ell_0, W^\ell_1, \dots, W^\ell_{N-1}]`
    along a new leading axis (and the biases likewise).

    Every network must have the same layer sizes, activations, bias modes and frozen
    parameters.
    """
    if isinstance(nets, (Network, Stack, str, bytes)) or not isinstance(nets, (list, tuple)) or not nets:
        raise TypeError(f"nets: expected a non-empty list of Networks, got {type(nets).__name__}")
    for k, net in enumerate(nets):
        if not isinstance(net, Network):
            raise TypeError(f"nets[{k}]: expected a Network, got {type(net).__name__}")
    first = _architecture(nets[0])
    for k, net in enumerate(nets[1:], start=1):
        if _architecture(net) != first:
            raise ValueError(
                f"nets[{k}]: expected the shape of nets[0] (sizes, activations, bias modes, frozen) {first}, "
                f"got {_architecture(net)}"
            )
    weights = tuple(np.stack([net.weights[i] for net in nets]) for i in range(nets[0].n_layers))
    biases = tuple(
        None if nets[0].biases[i] is None else np.stack([net.biases[i] for net in nets])
        for i in range(nets[0].n_layers)
    )
    return Stack(weights, biases, nets[0].activations, nets[0].frozen)


def unstack(stacked: Stack) -> list:
    """The networks of a stack, as a list ``[network 0, network 1, ...]`` (the inverse of :func:`stack`)."""
    if not isinstance(stacked, Stack):
        raise TypeError(f"stacked: expected a Stack (from stack), got {type(stacked).__name__}")
    return [stacked.network(k) for k in range(stacked.n_networks)]


def _as_stack(nets) -> Stack:
    return nets if isinstance(nets, Stack) else stack(nets)


def _as_batch(stacked: Stack, x, y=None):
    """``x`` (and ``y``) checked against network 0 of the stack, one sample made a one-column batch."""
    net = stacked.network(0)
    x = check_inputs(net, x)
    y = None if y is None else check_targets(net, x, y)
    if x.ndim == 1:
        x = x[:, None]
        y = None if y is None else y[:, None]
    return x, y


def forward_stack(nets, x) -> Trace:
    r"""The forward pass of every network at once: :math:`z^\ell_k = W^\ell_k a^{\ell-1}_k + b^\ell_k`,
    :math:`a^\ell_k = f_\ell(z^\ell_k)`.

    ``nets`` is a :class:`Stack` or a list of networks; ``x`` has shape ``(n_0, m)`` (one column
    per sample) or ``(n_0,)``. In the returned :class:`~backprop_lib.backprop.Trace`,
    ``activations[0]`` is ``x`` as a ``(n_0, m)`` batch and every other array has shape
    ``(N, n_l, m)``.
    """
    stacked = _as_stack(nets)
    x, _ = _as_batch(stacked, x)
    return _forward(stacked, x)


def _forward(stacked: Stack, x: np.ndarray) -> Trace:
    a, zs, acts = x, [], [x]
    for w, b, name in zip(stacked.weights, stacked.biases, stacked.activations):
        z = w @ a  # (N, n_l, n_{l-1}) @ (N or none, n_{l-1}, m) -> (N, n_l, m)
        if b is not None:
            z = z + b[:, :, None]
        a = get_activation(name).f(z)
        zs.append(z)
        acts.append(a)
    return Trace(tuple(zs), tuple(acts))


def outputs(nets, x) -> np.ndarray:
    r"""Every network's output :math:`\hat y_k = a^L_k` for the batch ``x``: shape ``(N, n_L, m)``."""
    return forward_stack(nets, x).output


def _losses(loss: str, out: np.ndarray, y: np.ndarray) -> np.ndarray:
    f = get_loss(loss).f
    return np.array([f(out_k, y) for out_k in out])


def losses_of(nets, x, y, loss: str = "sse") -> np.ndarray:
    r"""Every network's loss :math:`L(\hat y_k, y)` on ``(x, y)``: an array of ``N`` numbers."""
    get_loss(loss)
    stacked = _as_stack(nets)
    x, y = _as_batch(stacked, x, y)
    return _losses(loss, _forward(stacked, x).output, y)


def _gradients(stacked: Stack, trace: Trace, y: np.ndarray, loss: str):
    r""":math:`\partial L/\partial W^\ell_k = \delta^\ell_k (a^{\ell-1}_k)^\top` and
    :math:`\partial L/\partial b^\ell_k = \sum_{\text{samples}} \delta^\ell_k` for every ``k``."""
    out, m = trace.output, trace.output.shape[2]
    if loss == "bce" and stacked.activations[-1] == "sigmoid":
        delta = (out - y) / m  # the simplified output error of backprop.backward
    else:
        # The loss functions take (n_outputs, m) and read m from axis 1: give them the
        # networks on a trailing axis, (n_outputs, m, N), so that m stays where they look.
        dL_da = np.moveaxis(get_loss(loss).grad(np.moveaxis(out, 0, -1), y[:, :, None]), -1, 0)
        delta = dL_da * get_activation(stacked.activations[-1]).f_prime(trace.zs[-1])
    n_layers = len(stacked.weights)
    dW, db = [None] * n_layers, [None] * n_layers
    for i in reversed(range(n_layers)):
        if i < n_layers - 1:
            back = np.swapaxes(stacked.weights[i + 1], 1, 2) @ delta
            delta = back * get_activation(stacked.activations[i]).f_prime(trace.zs[i])
        dW[i] = delta @ np.swapaxes(trace.activations[i], -1, -2)
        if stacked.biases[i] is not None:
            per_neuron = delta.sum(axis=2)
            shared = stacked.biases[i].shape[1] == 1
            db[i] = per_neuron.sum(axis=1, keepdims=True) if shared else per_neuron
    return dW, db


def _step(stacked: Stack, dW, db, lr: np.ndarray) -> Stack:
    r""":math:`\theta_k \leftarrow \theta_k - \eta_k\,\partial L/\partial\theta_k` for every parameter not frozen."""
    weights = tuple(
        w if f"W{i}" in stacked.frozen else w - lr[:, None, None] * g
        for i, (w, g) in enumerate(zip(stacked.weights, dW), start=1)
    )
    biases = tuple(
        b if b is None or f"b{i}" in stacked.frozen else b - lr[:, None] * g
        for i, (b, g) in enumerate(zip(stacked.biases, db), start=1)
    )
    return Stack(weights, biases, stacked.activations, stacked.frozen)


def _learning_rates(lr, n: int) -> np.ndarray:
    """``lr`` as one rate per network: a number > 0 for all, or ``n`` numbers > 0."""
    if not isinstance(lr, (list, tuple, np.ndarray)):
        return np.full(n, positive_number("lr", lr))
    if np.ndim(lr) != 1 or len(lr) != n:
        raise ValueError(f"lr: expected one number > 0, or {n} of them (one per network), got shape {np.shape(lr)}")
    return np.array([positive_number(f"lr[{k}]", v) for k, v in enumerate(lr)])


@dataclass(frozen=True)
class EnsembleRun:
    """What :func:`train_ensemble` returns: the trained networks, and ``losses[k, r]``, the loss
    of network ``k`` on the whole training set after ``steps[r]`` steps."""

    nets: list
    losses: np.ndarray
    steps: np.ndarray


def train_ensemble(nets, x, y, lr, steps: int, loss: str = "sse", record_every: int = 1) -> EnsembleRun:
    r"""Full-batch gradient descent on every network at once,
    :math:`\theta_k \leftarrow \theta_k - \eta_k\,\partial L(\hat y_k, y)/\partial\theta_k`, for ``steps`` steps.

    ``nets`` is a list of networks of one shape (or a :class:`Stack`); ``lr`` one learning rate
    for all, or one per network. The loss of every network is recorded before the first step,
    every ``record_every`` steps, and after the last (``record_every=1`` records every step, as
    :func:`backprop_lib.train` does; a larger one saves the time the recording takes).
    """
    stacked = _as_stack(nets)
    x, y = _as_batch(stacked, x, y)
    rates = _learning_rates(lr, stacked.n_networks)
    steps = positive_int("steps", steps)
    get_loss(loss)
    record_every = positive_int("record_every", record_every)

    recorded, history = [], []
    for step in range(steps + 1):
        trace = _forward(stacked, x)
        if step % record_every == 0 or step == steps:
            recorded.append(step)
            history.append(_losses(loss, trace.output, y))
        if step == steps:
            break
        dW, db = _gradients(stacked, trace, y, loss)
        stacked = _step(stacked, dW, db, rates)
    return EnsembleRun(unstack(stacked), np.stack(history, axis=1), np.array(recorded))
