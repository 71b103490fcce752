"""Pictures with the actual numbers: the network diagram and the loss curve.

Every artist that carries a number is tagged with a ``gid`` saying what it shows
(``"W2[0, 1]"`` for the label of that weight and ``"edge W2[0, 1]"`` for its line,
``"b1[0]"``, ``"unit 1.0"`` for unit 0 of layer 1), so that tests can read a figure's text
back against the values it was drawn from: nbval compares text, not images.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_array, number, one_of, whole_number
from ..layers import Layers
from ..network import Network
from ._checks import axes, on_log_scale
from .examples import check_names
from .look import BLUE, DRAWING_TITLE_SIZE, MAX_FIGURE_WIDTH, ORANGE, PALE_BLUE, PALE_ORANGE, shown_as_drawing, wrapped

DX, DY, R = 3.0, 1.6, 0.42  # distance between layers, between units, and a unit's radius


def label_position(y_from: float, y_to: float, steepest: float) -> float:
    """Where along its edge (0 at the unit it leaves, 1 at the unit it enters) a weight's label
    sits: an edge that climbs carries it before the middle, one that falls after it, the
    steepest edges of the layer (rising or falling by ``steepest``) at 32% and 68%, a level
    one half way. Two edges that cross always run one up and one down, so their labels sit
    apart, away from the crossing and clear of the units; edges that leave or meet a unit at
    different slopes spread their labels along the way."""
    rise = 0.0 if steepest == 0 else (y_to - y_from) / steepest
    return 0.5 - 0.18 * rise


#: A picture of one stage of a step writes more in and around each unit: more room for it.
ROOMY = {"DX": 3.6, "DY": 2.1, "R": 0.62}


def unit_positions(sizes, dx: float = DX, dy: float = DY) -> list:
    """(x, y) of every unit: ``positions[ℓ][j]`` for unit ``j`` of layer ``ℓ`` (layer 0 the
    inputs), layer ℓ at x = ℓ·dx, its units dy apart and centred on y = 0."""
    return [[(layer * dx, ((n - 1) / 2 - j) * dy) for j in range(n)] for layer, n in enumerate(sizes)]


def _per_unit(arg: str, value, sizes) -> list | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, Layers)):
        raise TypeError(f"{arg}: expected one list per layer, inputs first, got {type(value).__name__}")
    got = [len(np.atleast_1d(np.asarray(v, dtype=object).reshape(-1))) for v in value]
    if got != list(sizes):
        raise ValueError(f"{arg}: expected one entry per unit of layers sized {sizes}, got sizes {got}")
    return [np.asarray(v, dtype=object).reshape(-1) for v in value]


STAGES = ("weights", "forward", "backward", "update")

#: Colours for a gradient's sign, the book's two: orange for a positive gradient (the step
#: lowers the weight), blue for a negative one (it raises it).
POSITIVE, NEGATIVE = ORANGE, BLUE


def _signed(value: float, decimals: int) -> str:
    """``value`` with its sign and a true minus sign; a value that rounds to zero has none."""
    text = f"{value:+.{decimals}f}"
    if float(text) == 0:
        return text[1:]
    return text.replace("-", "\u2212")


def draw_network(net: Network, ax=None, names: dict | None = None, node_labels=None, node_values=None,
                 decimals: int = 2, title: str | None = None, value_decimals: int | None = None,
                 stage: str = "weights", trace=None, grads=None, updated=None, sample: int = 0):
    """Draw ``net`` with its numbers written on it, at one stage of a training step.

    ``stage="weights"`` (the default): every weight on its edge and every bias by its unit.
    ``"forward"``: also each unit's pre-activation :math:`z` and activation :math:`a`, from
    ``trace`` (a forward pass of ``net``; ``sample`` picks its column). ``"backward"``: each
    unit's error :math:`\\delta` (of sample ``sample``), and on each edge the gradient :math:`\\partial\\mathcal L/\\partial w`,
    from ``grads`` (a backward pass of ``net``), each edge coloured by the gradient's sign
    (orange positive, blue negative, grey zero or frozen) and as thick as its size. ``"update"``: each weight's old
    and new value, from ``updated`` (the network after the step).

    ``names`` (a source's ``{name: (layer, to, from)}``) labels each weight with the source's
    own name; ``node_labels`` (one list of strings per layer, inputs first) names the units;
    ``node_values`` (one vector per layer, e.g. ``trace.a``) writes a value inside each unit;
    ``decimals``: the places shown on edges and biases, ``value_decimals`` inside the units (by
    default the same). Frozen parameters are drawn grey. Returns the matplotlib axes."""
    import matplotlib.pyplot as plt

    from ..backprop import Gradients, Trace

    if not isinstance(net, Network):
        raise TypeError(f"net: expected a Network, got {type(net).__name__}")
    decimals = whole_number("decimals", decimals, minimum=0)
    value_decimals = decimals if value_decimals is None else whole_number("value_decimals", value_decimals, minimum=0)
    one_of("stage", stage, STAGES)
    sizes = net.sizes
    if names is not None:
        check_names(names, sizes)
    node_labels = _per_unit("node_labels", node_labels, sizes)
    if node_values is not None:
        node_values = [as_array(f"node_values[{layer}]", np.asarray(v).reshape(-1).tolist(), ndim=(1,))
                       for layer, v in enumerate(_per_unit("node_values", node_values, sizes))]
    needs = {"forward": ("trace", trace, Trace), "backward": ("grads", grads, Gradients),
             "update": ("updated", updated, Network)}
    if stage in needs:
        arg, value, kind = needs[stage]
        if not isinstance(value, kind):
            raise TypeError(f"{arg}: expected the {kind.__name__} of {stage} stage's pass of net, got "
                            f"{type(value).__name__}")
        if kind is not Network and value.net is not net:
            raise ValueError(f"{arg}: expected the {kind.__name__} of this net, got one of another network")
        if kind is Network and value.sizes != net.sizes:
            raise ValueError(f"updated: expected a network of sizes {net.sizes}, got {value.sizes}")
        if kind is not Network:
            sample = whole_number("sample", sample, minimum=0)
            columns = (trace.a[0] if kind is Trace else grads.delta[1]).shape[-1]
            if sample >= columns:
                raise ValueError(f"sample: expected a column of the {arg}, from 0 to {columns - 1}, got {sample}")
    axes("ax", ax, none=True)
    dx, dy, R = (DX, DY, globals()["R"]) if stage == "weights" else (ROOMY["DX"], ROOMY["DY"], ROOMY["R"])
    half_height = (max(sizes) - 1) / 2 * dy
    xlim = (-R - 0.4, (len(sizes) - 1) * dx + R + 0.4)
    shared = any(net.bias_mode(layer) == "shared" for layer in range(1, len(sizes)))
    ylim = (-half_height - R - (1.75 if stage == "update" else 1.3), half_height + R + (1.3 if shared else 0.3))
    # room under the units for the layer captions, and above them for a shared bias's box
    if ax is None:
        width = min(2.3 * len(sizes) + 0.5, MAX_FIGURE_WIDTH)
        height = width * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]) + (0.4 if title else 0.1)
        _, ax = plt.subplots(figsize=(width, height))
    shown_as_drawing(ax)
    pos = unit_positions(sizes, dx, dy)
    where = {v: k for k, v in (names or {}).items()}

    def number(value, places=decimals):
        """A number as the picture writes it: ``places`` decimals and a true minus sign."""
        text = f"{value:.{places}f}"
        return text if float(text) == 0 else text.replace("-", "\u2212")

    largest = max(float(np.abs(g).max()) for g in grads.dW) if stage == "backward" else 1.0

    def edge_look(layer, value, grad):
        """(text, colour, width) of an edge at this stage."""
        frozen = f"W{layer}" in net.frozen
        if stage == "backward":
            colour = "0.6" if frozen or grad == 0 else (POSITIVE if grad > 0 else NEGATIVE)
            width = 0.8 + 3.2 * abs(grad) / largest if largest > 0 else 0.8
            return _signed(grad, decimals), colour, width
        return None, "0.6" if frozen else "C0", 1.2

    for layer in range(1, len(sizes)):
        w = net.W[layer]
        steepest = max(abs(pos[layer][to][1] - pos[layer - 1][frm][1])
                       for to in range(sizes[layer]) for frm in range(sizes[layer - 1]))
        for to in range(sizes[layer]):
            for frm in range(sizes[layer - 1]):
                key = f"W{layer}[{to}, {frm}]"
                (x0, y0), (x1, y1) = pos[layer - 1][frm], pos[layer][to]
                grad = grads.dW[layer][to, frm] if stage == "backward" else None
                text, colour, width = edge_look(layer, w[to, frm], grad)
                ax.plot([x0, x1], [y0, y1], color=colour, lw=width, zorder=1, gid=f"edge {key}")
                name = where.get((layer, to, frm))
                if stage == "update":
                    text = f"{number(w[to, frm])}\n\u2192 {number(updated.W[layer][to, frm], value_decimals)}"
                elif text is None:
                    text = number(w[to, frm])
                if name and stage in ("weights", "forward"):  # the other stages' pictures carry numbers only
                    text = f"{name} = {text}"
                t = label_position(y0, y1, steepest)
                angle = np.degrees(np.arctan2(y1 - y0, x1 - x0))  # the label runs along its edge
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), text, fontsize=9, ha="center", va="center",
                        rotation=angle, rotation_mode="anchor", color=colour, linespacing=1.0,
                        bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none"), zorder=3, gid=key)
        b = net.b[layer]
        if b is None:
            continue
        b_colour = "0.6" if f"b{layer}" in net.frozen else "C3"
        frozen_note = " (frozen)" if f"b{layer}" in net.frozen else ""

        def bias_text(j, name):
            if stage == "backward":
                return f"\u2202{name} {_signed(grads.db[layer][j, 0], decimals)}{frozen_note}"
            if stage == "update":  # on two lines, as narrow as the weights' labels
                return f"{name} {number(b[j, 0])}\n\u2192 {number(updated.b[layer][j, 0], value_decimals)}"
            return f"{name} = {number(b[j, 0])}{frozen_note}"

        if net.bias_mode(layer) == "shared":
            bx, by = (layer - 0.5) * dx, ((max(sizes) - 1) / 2) * dy + 1.0
            for to in range(sizes[layer]):
                ax.plot([bx, pos[layer][to][0]], [by, pos[layer][to][1]], ls="--", color=b_colour, lw=1, zorder=1)
            ax.text(bx, by, bias_text(0, f"b{layer}"), fontsize=9, ha="center", va="center", color=b_colour,
                    bbox=dict(boxstyle="square,pad=0.3", fc="white", ec=b_colour), zorder=3, gid=f"b{layer}[0]")
        else:
            for to, (x, y) in enumerate(pos[layer]):
                # a layer of one unit names its bias by the layer (b1, b2, ...); others by place
                name = f"b{layer}" if sizes[layer] == 1 else "b"
                ax.text(x, y - R - 0.14, bias_text(to, name), fontsize=9, ha="center", va="top", color=b_colour,
                        zorder=3, gid=f"b{layer}[{to}]")

    for layer, units in enumerate(pos):
        for j, (x, y) in enumerate(units):
            fill = PALE_BLUE if layer == 0 else PALE_ORANGE
            ax.add_patch(plt.Circle((x, y), R, fc=fill, ec="0.2", zorder=2, gid=f"circle {layer}.{j}"))
            inside = []
            if node_labels is not None:
                inside.append(str(node_labels[layer][j]))
            if stage == "forward":
                if layer:
                    inside.append(f"z {number(trace.z[layer][j, sample], value_decimals)}")
                inside.append(f"{'a' if layer else 'x'} {number(trace.a[layer][j, sample], value_decimals)}")
            elif stage == "backward" and layer:
                inside.append(_signed(grads.delta[layer][j, sample], value_decimals))
            elif node_values is not None:
                inside.append(number(node_values[layer][j], value_decimals))
            ax.text(x, y, "\n".join(inside), fontsize=9, ha="center", va="center", zorder=4, gid=f"unit {layer}.{j}",
                    linespacing=1.1)
        act = "input" if layer == 0 else net.activation[layer]
        below = R + (0.95 if stage == "update" else 0.5)  # under the bias labels, two lines deep in an update
        ax.text(layer * dx, -(max(sizes) - 1) / 2 * dy - below, f"layer {layer}\n{act}", ha="center", va="top",
                fontsize=9, color="0.3", gid=f"layer {layer}")

    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=DRAWING_TITLE_SIZE)
    return ax


def plot_losses(losses, ax=None, log: bool = True, title: str | None = None, xlabel: str = "step", steps=None,
                levels: dict | None = None):
    """Plot one loss curve (an array) or several (a dict ``{label: array}``) against the step
    (``steps``: the step of each loss, by default 0, 1, 2, ...). ``levels`` (``{loss: label}``)
    marks losses worth seeing, such as the floor a run cannot go below, with a dotted line
    labelled at its right end (tagged ``gid="level <label>"``). Returns the matplotlib axes."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    curves = losses if isinstance(losses, dict) else {"loss": losses}
    if not isinstance(log, bool):
        raise TypeError(f"log: expected True or False, got {type(log).__name__}")
    axes("ax", ax, none=True)
    checked = {}
    for label, values in curves.items():
        values = as_array(f"losses[{label!r}]", values, ndim=(1,))
        if log:
            on_log_scale(f"losses[{label!r}]", values, "losses", at="step index", then="; pass log=False")
        x = np.arange(values.size) if steps is None else as_array("steps", steps, ndim=(1,))
        if x.shape != values.shape:
            raise ValueError(f"steps: expected one step per loss, {values.shape}, got {x.shape}")
        checked[label] = (x, values)
    if levels is not None and not isinstance(levels, dict):
        raise TypeError(f"levels: expected a dict {{loss: label}} or None, got {type(levels).__name__}")
    levels = {number(f"levels key {label!r}", level): str(label) for level, label in (levels or {}).items()}
    for level in levels:
        if log:
            on_log_scale("levels", level, "losses")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    for label, (x, values) in checked.items():
        ax.plot(x, values, label=label)
    if log:
        ax.set_yscale("log")
    right = max(float(x[-1]) for x, _ in checked.values() if x.size)
    for level, label in levels.items():
        ax.axhline(level, color="0.35", ls=":", lw=1.2, gid=f"level {label}")
        ax.annotate(label, (right, level), xytext=(0, 2), textcoords="offset points", color="0.25", ha="right",
                    va="bottom", gid=f"level {label}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    ax.grid(True, alpha=0.3)
    if len(curves) > 1:
        ax.legend()
    if title:  # no wider than its figure
        ax.set_title(wrapped(title, ax.get_figure(root=True).get_size_inches()[0],
                             FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()))
    return ax
