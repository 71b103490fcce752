"""Pictures of what a trained network computes: its output over the input plane.

As in ``drawing.py``, every artist is tagged with a ``gid`` saying what it shows
(``"output"`` for the filled contours, ``"boundary"`` for the line ŷ = ½, ``"target 0"`` and
``"target 1"`` for the samples), and the function returns the numbers it drew, so that a
test can read the figure back against the network: nbval compares text, not images.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import positive_number, whole_number
from ..backprop import check_inputs, check_targets, forward
from ..network import Network
from ._checks import axes, optional_text

#: The colours of the samples: white for target 0, black for target 1.
SAMPLE_COLOURS = {0: "white", 1: "black"}


class DecisionBoundary(NamedTuple):
    """What :func:`plot_decision_boundary` drew: the grid ``x1``, ``x2`` (two matrices, as from
    ``np.meshgrid``), the network's output ``output`` at each grid point, the filled contour
    set ``filled`` (pass it to ``fig.colorbar``), the line ŷ = ½ ``boundary`` (``None`` when the
    output does not cross ½ in the window) and ``samples``, the dots ``{target: collection}``."""

    x1: np.ndarray
    x2: np.ndarray
    output: np.ndarray
    filled: object
    boundary: object
    samples: dict


def plot_decision_boundary(ax, net: Network, x, y, title: str | None = None, margin: float = 0.5,
                           resolution: int = 101) -> DecisionBoundary:
    r"""Draw the output :math:`\hat y = a^L(x_1, x_2)` of ``net`` over the input plane, with its
    decision boundary :math:`\hat y = \tfrac12` and the samples.

    ``net``: a :class:`~backprop_lib.Network` with two inputs and one output between 0 and 1
    (a sigmoid output unit). ``x``: the samples, one column each, shape ``(2, m)``; ``y``: their
    targets, 0 or 1, shape ``(1, m)``. The window spans the samples plus ``margin`` on every
    side, sampled at ``resolution`` points along its longer side (and as finely along the
    other). The output is shown as filled contours at 0, 0.1, ..., 1 (blue low, red high), the
    level ½ as a black line, each sample as a dot, white for target 0 and black for target 1
    (labelled for a legend). ``ax``: the matplotlib axes to draw on; ``title``: its title.

    Returns a :class:`DecisionBoundary`: the grid, the output on it and the artists."""
    from matplotlib.ticker import MultipleLocator

    axes("ax", ax)
    if not isinstance(net, Network):
        raise TypeError(f"net: expected a Network, got {type(net).__name__}")
    if net.sizes[0] != 2 or net.sizes[-1] != 1:
        raise ValueError(f"net: expected a network with 2 inputs and 1 output, got sizes {net.sizes}")
    if net.activation[-1] != "sigmoid":
        raise ValueError(f"net: expected a sigmoid output unit (an output from 0 to 1), got {net.activation[-1]!r}")
    x = check_inputs(net, x)
    y = check_targets(net, x, y)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y: expected targets 0 or 1, got {y[~np.isin(y, (0.0, 1.0))][0]}")
    title = optional_text("title", title)
    margin = positive_number("margin", margin)
    resolution = whole_number("resolution", resolution, minimum=2)

    low, high = x.min(axis=1) - margin, x.max(axis=1) + margin
    step = (high - low).max() / (resolution - 1)
    counts = [int(np.ceil((hi - lo) / step - 1e-9)) + 1 for lo, hi in zip(low, high)]
    x1, x2 = np.meshgrid(*(np.linspace(lo, hi, n) for lo, hi, n in zip(low, high, counts)))
    output = forward(net, np.vstack([x1.ravel(), x2.ravel()])).output.reshape(x1.shape)

    filled = ax.contourf(x1, x2, output, levels=np.linspace(0, 1, 11), cmap="RdBu_r")
    filled.set_gid("output")
    boundary = None
    if output.min() < 0.5 < output.max():
        boundary = ax.contour(x1, x2, output, levels=[0.5], colors="k", linewidths=2)
        boundary.set_gid("boundary")
    samples = {}
    for target, colour in SAMPLE_COLOURS.items():
        keep = y[0] == target
        samples[target] = ax.scatter(x[0, keep], x[1, keep], s=80, c=colour, edgecolors="k", linewidths=1.2,
                                     zorder=3, label=f"target {target}", gid=f"target {target}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MultipleLocator(0.5))
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return DecisionBoundary(x1, x2, output, filled, boundary, samples)
