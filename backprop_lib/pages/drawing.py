"""Pictures with the actual numbers: the network diagram and the loss curve.

Every artist that carries a number is tagged with a ``gid`` saying what it shows
(``"W2[0, 1]"`` for the label of that weight and ``"edge W2[0, 1]"`` for its line,
``"b1[0]"``, ``"unit 1.0"`` for unit 0 of layer 1), so that tests can read a figure's text
back against the values it was drawn from: nbval compares text, not images.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_array, whole_number
from ..layers import Layers
from ..network import Network
from .examples import check_names
from .look import MAX_FIGURE_WIDTH

DX, DY, R = 3.0, 1.6, 0.42  # distance between layers, between units, and a unit's radius


def label_position(to: int, n_to: int) -> float:
    """Where along its edge (0 at the unit it leaves, 1 at the unit it enters) a weight's label
    sits: edges into the first unit of a layer carry theirs 32% of the way, edges into the last
    68% of the way, the others in between. So two edges that cross, which always
    enter different units, carry their labels at different places, away from the crossing and
    clear of the units."""
    return 0.5 if n_to == 1 else 0.32 + 0.36 * to / (n_to - 1)


def unit_positions(sizes) -> list:
    """(x, y) of every unit: ``positions[ℓ][j]`` for unit ``j`` of layer ``ℓ`` (layer 0 the
    inputs), layer ℓ at x = ℓ·DX, its units DY apart and centred on y = 0."""
    return [[(layer * DX, ((n - 1) / 2 - j) * DY) for j in range(n)] for layer, n in enumerate(sizes)]


def _per_unit(arg: str, value, sizes) -> list | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, Layers)):
        raise TypeError(f"{arg}: expected one list per layer, inputs first, got {type(value).__name__}")
    got = [len(np.atleast_1d(np.asarray(v, dtype=object).reshape(-1))) for v in value]
    if got != list(sizes):
        raise ValueError(f"{arg}: expected one entry per unit of layers sized {sizes}, got sizes {got}")
    return [np.asarray(v, dtype=object).reshape(-1) for v in value]


def draw_network(net: Network, ax=None, names: dict | None = None, node_labels=None, node_values=None,
                 decimals: int = 2, title: str | None = None, value_decimals: int | None = None):
    """Draw ``net`` with every weight and bias written on it.

    ``names`` (a source's ``{name: (layer, to, from)}``) labels each weight with the source's
    own name; ``node_labels`` (one list of strings per layer, inputs first) names the units;
    ``node_values`` (one vector per layer, e.g. ``trace.a``) writes a value inside each unit;
    ``decimals``: the places shown for weights and biases, ``value_decimals`` for the units'
    values (by default the same). Frozen parameters are drawn grey. Returns the matplotlib
    axes."""
    import matplotlib.pyplot as plt

    from matplotlib.axes import Axes

    if not isinstance(net, Network):
        raise TypeError(f"net: expected a Network, got {type(net).__name__}")
    decimals = whole_number("decimals", decimals, minimum=0)
    value_decimals = decimals if value_decimals is None else whole_number("value_decimals", value_decimals, minimum=0)
    sizes = net.sizes
    if names is not None:
        check_names(names, sizes)
    node_labels = _per_unit("node_labels", node_labels, sizes)
    if node_values is not None:
        node_values = [as_array(f"node_values[{layer}]", np.asarray(v).reshape(-1).tolist(), ndim=(1,))
                       for layer, v in enumerate(_per_unit("node_values", node_values, sizes))]
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax: expected matplotlib axes or None, got {type(ax).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(min(2.3 * len(sizes) + 0.5, MAX_FIGURE_WIDTH), 1.25 * max(sizes) + 1.5))
    pos = unit_positions(sizes)
    where = {v: k for k, v in (names or {}).items()}
    fmt = f"{{:.{decimals}f}}"

    for layer in range(1, len(sizes)):
        w = net.W[layer]
        colour = "0.6" if f"W{layer}" in net.frozen else "C0"
        for to in range(sizes[layer]):
            for frm in range(sizes[layer - 1]):
                key = f"W{layer}[{to}, {frm}]"
                (x0, y0), (x1, y1) = pos[layer - 1][frm], pos[layer][to]
                ax.plot([x0, x1], [y0, y1], color=colour, lw=1.2, zorder=1, gid=f"edge {key}")
                t = label_position(to, sizes[layer])
                name = where.get((layer, to, frm))
                text = (f"{name} = " if name else "") + fmt.format(w[to, frm])
                angle = np.degrees(np.arctan2(y1 - y0, x1 - x0))  # the label runs along its edge
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), text, fontsize=9, ha="center", va="center",
                        rotation=angle, rotation_mode="anchor", color=colour,
                        bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none"), zorder=3, gid=key)
        b = net.b[layer]
        if b is None:
            continue
        b_colour = "0.6" if f"b{layer}" in net.frozen else "C3"
        frozen_note = " (frozen)" if f"b{layer}" in net.frozen else ""
        if net.bias_mode(layer) == "shared":
            bx, by = (layer - 0.5) * DX, ((max(sizes) - 1) / 2) * DY + 1.0
            for to in range(sizes[layer]):
                ax.plot([bx, pos[layer][to][0]], [by, pos[layer][to][1]], ls="--", color=b_colour, lw=1, zorder=1)
            ax.text(bx, by, f"b{layer} = {fmt.format(b[0, 0])}{frozen_note}", fontsize=9, ha="center", va="center",
                    color=b_colour, bbox=dict(boxstyle="square,pad=0.3", fc="white", ec=b_colour), zorder=3,
                    gid=f"b{layer}[0]")
        else:
            for to, (x, y) in enumerate(pos[layer]):
                ax.text(x, y - R - 0.14, f"b = {fmt.format(b[to, 0])}{frozen_note}", fontsize=9, ha="center",
                        va="top", color=b_colour, zorder=3, gid=f"b{layer}[{to}]")

    for layer, units in enumerate(pos):
        for j, (x, y) in enumerate(units):
            fill = "#e8f0fb" if layer == 0 else "#fdf0e6"
            ax.add_patch(plt.Circle((x, y), R, fc=fill, ec="0.2", zorder=2, gid=f"circle {layer}.{j}"))
            inside = []
            if node_labels is not None:
                inside.append(str(node_labels[layer][j]))
            if node_values is not None:
                inside.append(f"{node_values[layer][j]:.{value_decimals}f}")
            ax.text(x, y, "\n".join(inside), fontsize=9, ha="center", va="center", zorder=4, gid=f"unit {layer}.{j}",
                    linespacing=1.1)
        act = "input" if layer == 0 else net.activation[layer]
        ax.text(layer * DX, -(max(sizes) - 1) / 2 * DY - 0.9, f"layer {layer}\n{act}", ha="center", va="top",
                fontsize=9, color="0.3")

    half_height = (max(sizes) - 1) / 2 * DY
    ax.set_xlim(-0.8, (len(sizes) - 1) * DX + 0.8)
    ax.set_ylim(-half_height - 1.7, half_height + 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_losses(losses, ax=None, log: bool = True, title: str | None = None, xlabel: str = "step", steps=None):
    """Plot one loss curve (an array) or several (a dict ``{label: array}``) against the step
    (``steps``: the step of each loss, by default 0, 1, 2, ...). Returns the matplotlib axes."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    curves = losses if isinstance(losses, dict) else {"loss": losses}
    if not isinstance(log, bool):
        raise TypeError(f"log: expected True or False, got {type(log).__name__}")
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax: expected matplotlib axes or None, got {type(ax).__name__}")
    checked = {}
    for label, values in curves.items():
        values = as_array(f"losses[{label!r}]", values, ndim=(1,))
        if log and not (values > 0).all():
            bad = int(np.argmax(values <= 0))
            raise ValueError(f"losses[{label!r}]: expected losses > 0 on a log scale, got {values[bad]} at step "
                             f"index {bad}; pass log=False")
        x = np.arange(values.size) if steps is None else as_array("steps", steps, ndim=(1,))
        if x.shape != values.shape:
            raise ValueError(f"steps: expected one step per loss, {values.shape}, got {x.shape}")
        checked[label] = (x, values)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    for label, (x, values) in checked.items():
        ax.plot(x, values, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.grid(True, alpha=0.3)
    if len(curves) > 1:
        ax.legend()
    if title:
        ax.set_title(title)
    return ax
