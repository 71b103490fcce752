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

from .._validate import ANY_NDIM, as_array, describe, number, text
from ..backprop import backward, check_net, forward
from ._checks import axes, on_log_scale, optional_text
from .look import BLUE


class LayerSpread(NamedTuple):
    r"""The size of the signal in every layer :math:`\ell = 1, \dots, L` (entry ``ℓ - 1``).

    ``a_spread``: how much :math:`a^\ell` differs from one sample to another, the standard
    deviation over the samples of each unit, averaged over the units (forward; a unit's own
    offset, the same for every input, carries nothing about the input and is left out);
    ``delta_rms``: :math:`\operatorname{rms}(\delta^\ell) = \sqrt{\operatorname{mean}\,(\delta^\ell)^2}`,
    over all units and samples (backward); ``dW_norm``: :math:`\lVert\partial\mathcal L/\partial W^\ell\rVert`,
    the Frobenius norm of the weight gradient. Each an array of shape ``(L,)``.

    Computed on values scaled by a power of two, so that squaring neither overflows nor
    underflows: the same bits as the plain formulas wherever those stay in a double's range,
    and finite where they would not (``inf`` only for a norm itself beyond that range)."""

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
        np.array([_mean(_scaled(np.std, trace.a[layer], axis=1)) for layer in layers]),
        np.array([_scaled(lambda v: np.sqrt(np.mean(np.square(v))), grads.delta[layer]) for layer in layers]),
        np.array([_scaled(np.linalg.norm, grads.dW[layer]) for layer in layers]),
    )


def _exponent(v: np.ndarray, axis=None) -> np.ndarray:
    r"""``e`` with :math:`\max |v| = m\,2^e`, :math:`m \in [1/2, 1)` (0 for zeros), along ``axis``."""
    return np.frexp(np.max(np.abs(v), axis=axis, keepdims=axis is not None))[1]


def _scaled(statistic, v: np.ndarray, axis=None):
    r"""``statistic(v)`` for a statistic :math:`s` with :math:`s(2^k v) = 2^k s(v)` (a standard
    deviation, an rms, a norm), computed on :math:`v / 2^e` with :math:`2^e` about
    :math:`\max|v|` (per row for ``axis=1``): exact scalings, so nothing overflows or
    underflows that need not."""
    e = _exponent(v, axis)
    with np.errstate(over="ignore"):  # only a result itself beyond a double's range: inf
        if axis is None:
            return float(np.ldexp(statistic(np.ldexp(v, -e)), e))
        return np.ldexp(statistic(np.ldexp(v, -e), axis=axis), e[:, 0])


def _mean(v: np.ndarray) -> float:
    """The mean of ``v`` (finite numbers), without overflowing in the sum."""
    return _scaled(np.mean, v)


def plot_per_layer(ax, curves: dict, ylabel: str, title: str | None = None, markers: str = "osD^v"):
    r"""One line per entry of ``curves`` (``{label: values}``, ``values[ℓ - 1]`` for layer ℓ, all
    > 0) against the layer number :math:`\ell = 1, 2, \dots`, on a log scale; each line tagged
    ``gid="layers <label>"``. ``ax``: matplotlib axes; ``ylabel``: what the values are.
    ``title``: ``None`` or a string; ``markers``: the markers of the lines in turn (a non-empty
    string of one-letter markers, or a list of marker names).
    Returns ``{label: values}`` as drawn (float arrays). Raises ``TypeError`` or ``ValueError``
    naming the argument (``ax``, ``curves``, ``curves[label]``, ``ylabel``, ``title``,
    ``markers``, ``markers[k]``); every argument is checked before anything is drawn."""
    from matplotlib.markers import MarkerStyle

    axes("ax", ax)
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves: expected a non-empty dict {{label: values per layer}}, got {type(curves).__name__}")
    ylabel = text("ylabel", ylabel)
    title = optional_text("title", title)
    if isinstance(markers, str):
        markers = list(markers)
    if not isinstance(markers, (list, tuple)) or not markers:
        raise TypeError(f"markers: expected a non-empty string or list of markers such as 'osD^v', "
                        f"got {describe(markers)}")
    for k, marker in enumerate(markers):
        try:
            MarkerStyle(marker)
        except (TypeError, ValueError):
            raise ValueError(f"markers[{k}]: expected a matplotlib marker such as 'o', "
                             f"got {describe(marker)}") from None
    drawn = {}
    for label, values in curves.items():
        values = as_array(f"curves[{label!r}]", values, ndim=(1,))
        on_log_scale(f"curves[{label!r}]", values)
        if str(label) in drawn:
            raise ValueError(f"curves: expected labels that differ as text, got two labels {str(label)!r}")
        drawn[str(label)] = values
    for i, (label, values) in enumerate(drawn.items()):
        layers = np.arange(1, values.size + 1)
        ax.semilogy(layers, values, marker=markers[i % len(markers)], markersize=4, label=label,
                    gid=f"layers {label}")
    ax.set_xlabel("layer ℓ")
    ax.set_ylabel(ylabel)
    ax.set_xticks(np.arange(1, max(v.size for v in drawn.values()) + 1))
    ax.grid(True, alpha=0.3)
    if title is not None:
        ax.set_title(title)
    return drawn


def plot_activation_ridges(ax, activations, bins, title: str | None = None, colour: str = BLUE):
    r"""The histogram of every layer's activations :math:`a^\ell` (all units and samples), one
    above the other: layer ℓ's, scaled to a common height, filled above the line
    :math:`y = \ell`, so that the eye follows the distribution from the first layer (bottom)
    to the last (top). Each histogram is tagged ``gid="layer <ℓ>"``.

    ``activations``: a list of arrays, ``activations[ℓ - 1]`` for layer ℓ (e.g.
    ``list(trace.a)[1:]``); ``bins``: the bin edges, increasing (values outside them are not
    counted); ``title``: ``None`` or a string; ``colour``: a matplotlib colour, as a string.
    Returns the share of each layer's activations in each bin, shape ``(L, n_bins)``. Raises
    ``TypeError`` or ``ValueError`` naming the argument; every argument is checked before
    anything is drawn."""
    from matplotlib.colors import is_color_like

    axes("ax", ax)
    if isinstance(activations, np.ndarray) or not isinstance(activations, (list, tuple)) or not activations:
        raise TypeError(f"activations: expected a non-empty list of arrays, one per layer, got "
                        f"{type(activations).__name__}")
    bins = as_array("bins", bins, ndim=(1,))
    if bins.size < 2 or not (bins[1:] > bins[:-1]).all():  # not np.diff: bins ±1e308 would overflow
        raise ValueError(f"bins: expected at least two increasing bin edges, got {bins!r:.60}")
    title = optional_text("title", title)
    wanted = f"colour: expected a matplotlib colour such as {BLUE!r}, got {describe(colour)}"
    if not isinstance(colour, str):
        raise TypeError(wanted)
    if not is_color_like(colour):
        raise ValueError(wanted)
    shares = []
    for layer, a in enumerate(activations, start=1):
        a = np.ravel(as_array(f"activations[{layer - 1}]", a, ndim=ANY_NDIM))
        counts, _ = np.histogram(a, bins=bins)
        shares.append(counts / a.size)
    shares = np.array(shares)
    top = shares.max() if shares.max() > 0 else 1.0
    centres = bins[:-1] / 2 + bins[1:] / 2  # the same bits as (b + b') / 2, without overflowing
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
    :math:`\#\{a \le \text{low} + \text{margin} \text{ or } a \ge \text{high} - \text{margin}\} / \#a`.

    ``a``: an array of any shape. Raises ``TypeError`` or ``ValueError`` naming ``a``, ``low``,
    ``high`` or ``margin``: not numbers, ``high`` not above ``low``, ``margin`` negative or half
    the range or more."""
    a = as_array("a", a, ndim=ANY_NDIM)
    low, high, margin = number("low", low), number("high", high), number("margin", margin)
    if not low < high:
        raise ValueError(f"high: expected more than low = {low}, got {high}")
    if not 0 <= margin < (high - low) / 2:
        raise ValueError(f"margin: expected from 0 to less than half the range, {(high - low) / 2}, got {margin}")
    return float(np.mean((a <= low + margin) | (a >= high - margin)))
