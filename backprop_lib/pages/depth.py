r"""Pictures of a deep network's signal, layer by layer: how far the activations spread going
forward, how much of the error survives going back.

The numbers come from one forward and one backward pass (:func:`layer_spread`); the pictures
(:func:`plot_per_layer`, :func:`plot_activation_ridges`) tag every artist with a ``gid`` saying
what it shows and return the numbers they drew, so that a test can read them back: nbval
compares text, not images.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import ANY_NDIM, as_array, number
from ..backprop import backward, check_net, forward


class LayerSpread(NamedTuple):
    r"""The size of the signal in every layer :math:`\ell = 1, \dots, L` (entry ``ℓ - 1``).

    ``a_spread``: how much :math:`a^\ell` differs from one sample to another, the standard
    deviation over the samples of each unit, averaged over the units (forward; a unit's own
    offset, the same for every input, carries nothing about the input and is left out);
    ``delta_rms``: :math:`\operatorname{rms}(\delta^\ell) = \sqrt{\operatorname{mean}\,(\delta^\ell)^2}`,
    over all units and samples (backward); ``dW_norm``: :math:`\lVert\partial\mathcal L/\partial W^\ell\rVert`,
    the Frobenius norm of the weight gradient. Each an array of shape ``(L,)``."""

    a_spread: np.ndarray
    delta_rms: np.ndarray
    dW_norm: np.ndarray


def layer_spread(net, x, y, loss: str = "half_sse") -> LayerSpread:
    r"""One forward and one backward pass of ``net`` on the batch ``x`` (shape ``(n_0, m)``, one
    column per sample) with targets ``y`` (``(n_L, m)``) and ``loss``, summarised per layer:

    .. math:: \tfrac{1}{n_\ell}\textstyle\sum_j \operatorname{std}_n(a^\ell_{jn}), \qquad
              \operatorname{rms}(\delta^\ell) = \Bigl(\tfrac{1}{n_\ell m}\textstyle\sum_{j,n} (\delta^\ell_{jn})^2\Bigr)^{1/2},
              \qquad \lVert \partial\mathcal L/\partial W^\ell \rVert_F .

    ``net``: a :class:`~backprop_lib.Network`. Raises as :func:`~backprop_lib.forward` and
    :func:`~backprop_lib.backward` do, naming the bad argument."""
    from ..network import Network

    check_net(net)
    if not isinstance(net, Network):
        raise TypeError(f"net: expected a Network (summarise one network of a stack at a time), got {type(net).__name__}")
    trace = forward(net, x)
    grads = backward(net, trace, y, loss)
    layers = range(1, net.n_layers + 1)
    return LayerSpread(
        np.array([float(np.mean(np.std(trace.a[layer], axis=1))) for layer in layers]),
        np.array([float(np.sqrt(np.mean(np.square(grads.delta[layer])))) for layer in layers]),
        np.array([float(np.linalg.norm(grads.dW[layer])) for layer in layers]),
    )


def plot_per_layer(ax, curves: dict, ylabel: str, title: str | None = None, markers: str = "osD^v"):
    r"""One line per entry of ``curves`` (``{label: values}``, ``values[ℓ - 1]`` for layer ℓ, all
    > 0) against the layer number :math:`\ell = 1, 2, \dots`, on a log scale; each line tagged
    ``gid="layers <label>"``. ``ax``: matplotlib axes; ``ylabel``: what the values are.
    Returns ``{label: values}`` as drawn (float arrays)."""
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax: expected matplotlib axes, got {type(ax).__name__}")
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves: expected a non-empty dict {{label: values per layer}}, got {type(curves).__name__}")
    drawn = {}
    for i, (label, values) in enumerate(curves.items()):
        values = as_array(f"curves[{label!r}]", values, ndim=(1,))
        if not (values > 0).all():
            raise ValueError(f"curves[{label!r}]: expected values > 0 for a log scale, got {values.min()}")
        layers = np.arange(1, values.size + 1)
        ax.semilogy(layers, values, marker=markers[i % len(markers)], markersize=4, label=str(label),
                    gid=f"layers {label}")
        drawn[str(label)] = values
    ax.set_xlabel("layer ℓ")
    ax.set_ylabel(ylabel)
    ax.set_xticks(np.arange(1, max(v.size for v in drawn.values()) + 1))
    ax.grid(True, alpha=0.3)
    if title is not None:
        ax.set_title(title)
    return drawn


def plot_activation_ridges(ax, activations, bins, title: str | None = None, colour: str = "#0072B2"):
    r"""The histogram of every layer's activations :math:`a^\ell` (all units and samples), one
    above the other: layer ℓ's, scaled to a common height, filled above the line
    :math:`y = \ell`, so that the eye follows the distribution from the first layer (bottom)
    to the last (top). Each histogram is tagged ``gid="layer <ℓ>"``.

    ``activations``: a list of arrays, ``activations[ℓ - 1]`` for layer ℓ (e.g.
    ``trace.a[1:]``); ``bins``: the bin edges, increasing (values outside them are not
    counted). Returns the share of each layer's activations in each bin, shape ``(L, n_bins)``."""
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax: expected matplotlib axes, got {type(ax).__name__}")
    if isinstance(activations, np.ndarray) or not isinstance(activations, (list, tuple)) or not activations:
        raise TypeError(f"activations: expected a non-empty list of arrays, one per layer, got "
                        f"{type(activations).__name__}")
    bins = as_array("bins", bins, ndim=(1,))
    if bins.size < 2 or not (np.diff(bins) > 0).all():
        raise ValueError(f"bins: expected at least two increasing bin edges, got {bins!r:.60}")
    shares = []
    for layer, a in enumerate(activations, start=1):
        a = as_array(f"activations[{layer - 1}]", np.ravel(a), ndim=(1,))
        counts, _ = np.histogram(a, bins=bins)
        shares.append(counts / a.size)
    shares = np.array(shares)
    top = shares.max() if shares.max() > 0 else 1.0
    centres = (bins[:-1] + bins[1:]) / 2
    for layer, share in enumerate(shares, start=1):
        height = 0.9 * share / top
        ax.fill_between(centres, layer, layer + height, step="mid", color=colour, alpha=0.55, linewidth=0,
                        gid=f"layer {layer}")
        ax.plot(centres, layer + height, drawstyle="steps-mid", color=colour, linewidth=0.8)
    ax.set_yticks(np.arange(1, len(shares) + 1))
    ax.set_ylim(0.8, len(shares) + 1)
    ax.set_ylabel("layer ℓ")
    ax.set_xlim(bins[0], bins[-1])
    if title is not None:
        ax.set_title(title)
    return shares


def saturated_share(a, low: float, high: float, margin: float = 0.01) -> float:
    r"""The share of the entries of ``a`` within ``margin`` of the ends ``low`` or ``high`` of an
    activation's range (sigmoid: 0 and 1; tanh: −1 and 1), where its slope is nearly 0:
    :math:`\#\{a \le \text{low} + \text{margin} \text{ or } a \ge \text{high} - \text{margin}\} / \#a`."""
    a = as_array("a", a, ndim=ANY_NDIM)
    low, high, margin = number("low", low), number("high", high), number("margin", margin)
    if not low < high:
        raise ValueError(f"high: expected more than low = {low}, got {high}")
    if not 0 <= margin < (high - low) / 2:
        raise ValueError(f"margin: expected from 0 to less than half the range, {(high - low) / 2}, got {margin}")
    return float(np.mean((a <= low + margin) | (a >= high - margin)))
