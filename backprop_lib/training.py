r"""Gradient descent: one step, and a loop that records the loss.

One step of stochastic gradient descent with learning rate :math:`\eta` moves every
parameter that is not frozen against its gradient:

.. math:: \theta \leftarrow \theta - \eta\,\frac{\partial L}{\partial \theta}.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import positive_int, positive_number
from .backprop import Gradients, check_inputs, check_targets, gradients, loss_of
from .losses import get_loss
from .network import Network


def sgd_step(net: Network, grads: Gradients, lr: float) -> Network:
    r"""A new network with :math:`\theta - \eta\,\partial L/\partial\theta` for every parameter
    :math:`\theta` not in ``net.frozen``; ``net`` itself is unchanged."""
    lr = positive_number("lr", lr)
    if not isinstance(grads, Gradients):
        raise TypeError(f"grads: expected the Gradients of a backward pass, got {type(grads).__name__}")
    params, by_name = net.parameters(), grads.by_name()
    if set(by_name) != set(params) or any(by_name[k].shape != params[k].shape for k in params):
        got = {k: v.shape for k, v in by_name.items()}
        want = {k: v.shape for k, v in params.items()}
        raise ValueError(f"grads: expected gradients shaped like the parameters {want}, got {got}")
    return net.with_parameters(
        **{name: params[name] - lr * by_name[name] for name in params if name not in net.frozen}
    )


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` returns: the trained network, and ``losses[k]``, the loss on the whole
    training set after ``k`` steps (``losses[0]`` before any)."""

    net: Network
    losses: np.ndarray


def train(net: Network, x, y, lr: float, steps: int, loss: str = "sse", batch_size: int | None = None, seed: int = 0):
    """Run ``steps`` steps of gradient descent and record the loss after each.

    With ``batch_size=None`` every step uses all samples (full-batch gradient descent).
    Otherwise each step uses the next ``batch_size`` columns of a shuffle of the samples
    drawn from ``np.random.default_rng(seed)``, reshuffled after every pass.
    """
    x = check_inputs(net, x)
    y = check_targets(net, x, y)
    lr = positive_number("lr", lr)
    steps = positive_int("steps", steps)
    get_loss(loss)
    m = 1 if x.ndim == 1 else x.shape[1]
    if batch_size is not None:
        batch_size = positive_int("batch_size", batch_size)
        if x.ndim == 1 or batch_size > m:
            raise ValueError(f"batch_size: expected at most the {m} samples of x, got {batch_size}")

    rng = np.random.default_rng(seed)
    order, start = np.arange(m), m
    losses = [loss_of(net, x, y, loss)]
    for step in range(1, steps + 1):
        if batch_size is None:
            xb, yb = x, y
        else:
            if start + batch_size > m:
                order, start = rng.permutation(m), 0
            cols = order[start : start + batch_size]
            start += batch_size
            xb, yb = x[:, cols], y[:, cols]
        # A learning rate that is too large makes the parameters grow without bound: say so
        # clearly, instead of overflow warnings and a network of infinities.
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                net = sgd_step(net, gradients(net, xb, yb, loss), lr)
                losses.append(loss_of(net, x, y, loss))
            except ValueError:
                losses.append(np.inf)
        if not np.isfinite(losses[-1]):
            raise ValueError(
                f"lr: training diverged at step {step} (the loss went from {losses[0]:.6g} to "
                f"{losses[-2]:.6g} and then overflowed); expected a learning rate smaller than {lr}"
            )
    return TrainingRun(net, np.array(losses))
