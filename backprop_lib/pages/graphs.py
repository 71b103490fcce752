"""Pictures of a computational graph: the operations of a :class:`~backprop_lib.autograd.Value`,
drawn as a circuit in the manner of CS231n's notes.

Every value flows along a wire from left to right. Above each wire stands the value it carries
(the forward pass, green). Below it, after a backward pass, the local derivative of the
operation the wire enters with respect to it (grey, "×0.2461"), and under that the gradient
that flows back along the wire (red): the local derivative times the gradient that arrived at
the operation from the right. That is the chain rule, one wire at a time. Inputs are boxes with
their names, operations circles with their symbol. Every text is tagged with a ``gid`` naming
the wire or node it belongs to, so that tests can read a picture back. Meant for small graphs:
a neuron, a gate, a few operations.
"""

from __future__ import annotations

import numpy as np

from .._validate import whole_number
from ..autograd import Value
from ._checks import axes
from .look import PALE_BLUE, PALE_ORANGE

FORWARD, LOCAL, BACKWARD = "#1b7a3a", "0.35", "#b3261e"  # green above a wire, grey and red below


def name_of(v: Value) -> str:
    """How a value is named in a picture: its label, else its operation, else its number."""
    return v.label or (v.op if v.parents else f"{v.data:g}")


def layout(output: Value) -> dict:
    """``{id(v): (column, row)}`` for every value of the graph. The *spine*, the longest chain
    of operations back from the output, runs along row 0, each operation one column right of its
    deepest input. Every other value sits in the column of the operation it feeds: an input (a
    leaf) straight above it, another operation straight below, its wire running down (or up)
    into the operation; off the spine, further out on the same side. A value that feeds several
    operations is placed by the last of them (from the output back) and wired to the others."""
    order = output.graph()
    depth = {}
    for v in order:
        depth[id(v)] = 1 + max((depth[id(p)] for p in v.parents), default=-1)
    spine, v = [], output
    while True:
        spine.append(v)
        if not v.parents:
            break
        v = max(v.parents, key=lambda p: depth[id(p)])
    place = {id(v): (depth[id(v)], 0) for v in spine}
    taken = set(place.values())
    for v in reversed(order):  # from the output back: each value's other inputs around it
        if id(v) not in place:
            continue
        column, row = place[id(v)]
        for p in v.parents:
            if id(p) in place:
                continue
            outward = (1 if row > 0 else -1) if row else (-1 if p.parents else 1)
            spot = (column, row + outward)
            while spot in taken:
                spot = (column, spot[1] + outward)
            place[id(p)] = spot
            taken.add(spot)
    return place


def _number(value: float, decimals: int) -> str:
    """``value`` with a true minus sign, as the book's other pictures write numbers."""
    text = f"{value:.{decimals}f}"
    return text if float(text) == 0 else text.replace("-", "\u2212")


#: Units of a drawing: columns of operations ``DX`` apart, rows above the spine ``DY`` apart and
#: below it ``BELOW`` (the spine's wires carry two lines of numbers under them), units of radius
#: ``R``; ``INCH`` inches a unit when the drawing makes its own figure.
DX, DY, BELOW, R, INCH = 3.0, 2.6, 3.2, 0.5, 0.4

#: Room a wrapped drawing keeps left of its rows and between them, for the wire that carries the
#: spine from the end of one row to the start of the next, in units.
RETURN = 1.1


def draw_graph(output: Value, ax=None, decimals: int = 4, title: str | None = None, backward: bool = True,
               per_row: int | None = None, phone: bool = True):
    """Draw the graph that computed ``output``: inputs as named boxes, operations as circles,
    each wire with the value it carries above it and, if ``backward`` (after
    ``output.backward()``), the local derivative and the gradient flowing back below it.
    ``decimals``: the places shown. Returns the matplotlib axes.

    ``per_row``: wrap the drawing after that many columns of operations, each row still read
    from left to right: the spine's wire leaves the end of a row with its numbers and comes in
    again at the start of the next (the graph must cross from row to row only along the spine).
    ``phone``: when the drawing makes its own figure, wider than a phone shows whole
    (:data:`~backprop_lib.pages.look.PHONE_WIDTH`), draw it wrapped to fit as well, in a second
    figure after it (pyplot's current figure then); the book shows one of the two by the screen's
    width (book.css)."""
    import matplotlib.pyplot as plt

    from .look import DRAWING_TITLE_SIZE, MAX_FIGURE_WIDTH, PHONE_WIDTH, shown_as_drawing, wrapped

    if not isinstance(output, Value):
        raise TypeError(f"output: expected a Value, got {type(output).__name__}")
    decimals = whole_number("decimals", decimals, minimum=0)
    axes("ax", ax, none=True)
    if per_row is not None:
        per_row = whole_number("per_row", per_row, minimum=1)
    if not isinstance(phone, bool):
        raise TypeError(f"phone: expected True or False, got {type(phone).__name__}")
    place = layout(output)
    order = output.graph()
    first = min(c for c, _ in place.values())
    band = {key: (c - first) // per_row if per_row else 0 for key, (c, _) in place.items()}
    crossing = set()
    for v in order:
        for p in v.parents:
            if band[id(p)] == band[id(v)]:
                continue
            if place[id(p)][1] or place[id(v)][1] or band[id(v)] != band[id(p)] + 1:
                raise ValueError(f"per_row: expected a number of columns after which only the spine's wires cross "
                                 f"to the next row, got {per_row} (the wire {name_of(p)}->{name_of(v)} would)")
            crossing.add((id(p), id(v)))
    cols = [c for c, _ in place.values()]
    span = (max(cols) - first) if not per_row else min(per_row - 1, max(cols) - first)
    # each row of the drawing as tall as its own units need, RETURN apart: its top and bottom
    # about its spine, and where its spine sits
    top, bottom, spine = [], [], [0.0]
    for k in range(max(band.values()) + 1):
        in_row = [r for key, (_, r) in place.items() if band[key] == k]
        top.append(max(in_row) * DY + 0.5)
        bottom.append(min(min(in_row) * BELOW - 0.5, -1.1 if backward else -0.5))
        if k:
            spine.append(spine[k - 1] + bottom[k - 1] - RETURN - top[k])
    xy = {key: ((c - first - band[key] * (per_row or 0)) * DX, r * (DY if r > 0 else BELOW) + spine[band[key]])
          for key, (c, r) in place.items()}

    def wrapped_width(n):
        """The width, in units, of the drawing wrapped after ``n`` columns."""
        return 0.6 + RETURN + (n - 1) * DX + R + 1.7 + 0.4

    xlim = (-0.6 - (RETURN if crossing else 0), span * DX + R + 1.7 + (0.4 if crossing else 0))
    ylim = (spine[-1] + bottom[-1], top[0])
    if ax is None:  # the drawing fills its figure, with room above it for a title
        width = min(INCH * (xlim[1] - xlim[0]), MAX_FIGURE_WIDTH)
        height = width * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
        title = wrapped(title, width, DRAWING_TITLE_SIZE) if title else title
        above = 0.15 + 0.25 * (title.count("\n") + 1) if title else 0.0
        fig, ax = plt.subplots(figsize=(width, height + above))
        fig.subplots_adjust(left=0, right=1, bottom=0, top=height / (height + above))
        if phone and width > PHONE_WIDTH and per_row is None:  # shown after the wide one: pyplot's newest figure
            fits = [n for n in range(1, max(cols) - first + 1) if INCH * wrapped_width(n) <= PHONE_WIDTH]
            for n in reversed(fits):
                try:
                    draw_graph(output, decimals=decimals, title=title and title.replace("\n", " "),
                               backward=backward, per_row=n, phone=False)
                    break
                except ValueError:
                    continue
    shown_as_drawing(ax)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    # one line of numbers, 9 pt type and its spacing, in the drawing's units: an axes of equal
    # aspect fits the limits in its box by the tighter of its two sides
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    inch = min(box.width * fig_w / (xlim[1] - xlim[0]), box.height * fig_h / (ylim[1] - ylim[0]))
    step = 12 / 72 / inch

    def fmt(value):
        return _number(value, decimals)

    text = dict(fontsize=9, zorder=3, bbox=dict(boxstyle="round,pad=0.08", fc="white", ec="none"))

    def wire(x0, y0, x1, y1, key, value, local=None, grad=None, bend=0.0, head=True):
        """An arrow from (x0, y0) to (x1, y1), bent by ``bend`` (a curved wire passes under the
        units it skips), with its numbers; ``head``: with its arrowhead."""
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=1,
                    arrowprops=dict(arrowstyle="-|>" if head else "-", color="0.4", lw=1.1, shrinkA=0, shrinkB=0,
                                    connectionstyle=f"arc3,rad={bend}"))
        level, upright = abs(y1 - y0) < 1e-9, abs(x1 - x0) < 1e-9
        # on a level wire the numbers stand above and below its middle (a curved one's lowest
        # point); on an upright one (a side input coming in), stacked to its right; on a slanting
        # one, above and below its middle, turned along it
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2 - bend * abs(x1 - x0)
        lines = [(fmt(value), FORWARD, f"value {key}")]
        if grad is not None:
            if local is not None:
                lines.append((f"\u00d7{fmt(local)}", LOCAL, f"local {key}"))
            lines.append((fmt(grad), BACKWARD, f"grad {key}"))
        if upright:  # stacked from the input's end, clear of the numbers along the spine
            down = 1 if y0 > y1 else -1
            for k, (words, colour, gid) in enumerate(lines):
                row = k if down == 1 else len(lines) - 1 - k
                ax.text(mx + 0.12, y0 - down * (0.08 + step / 2 + step * row), words, color=colour, va="center",
                        gid=gid, ha="left", **text)
            return
        if not level:  # a slanting wire's numbers sit past its middle, clear of the wires it leaves beside
            mx, my = x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0)
        angle = 0.0 if level else float(np.arctan2(y1 - y0, x1 - x0))
        across = np.array([-np.sin(angle), np.cos(angle)])  # at right angles to the wire, upwards
        turn = dict(rotation=np.degrees(angle), rotation_mode="anchor")
        ax.text(*(np.array([mx, my]) + 0.1 * across), lines[0][0], color=lines[0][1], va="bottom",
                gid=lines[0][2], ha="center", **turn, **text)
        for k, (words, colour, gid) in enumerate(lines[1:]):
            ax.text(*(np.array([mx, my]) - (0.1 + step * k) * across), words, color=colour, va="top", gid=gid,
                    ha="center", **turn, **text)

    for v in order:
        x1, y1 = xy[id(v)]
        for use, (p, local) in enumerate(zip(v.parents, v.local)):
            x0, y0 = xy[id(p)]
            key = f"{name_of(p)}->{name_of(v)}"
            if v.parents.index(p) != use:  # the same value again into the same operation
                key += f" ({use + 1})"
            bend = 0.0
            if (id(p), id(v)) in crossing:  # out of the end of a row with its numbers, into the start of the next
                out, below, start = x0 + R + 1.5, y0 + bottom[band[id(p)]] - RETURN / 2, xlim[0] + 0.3
                wire(x0 + R, y0, out, y0, key, p.data, local if backward else None,
                     local * v.grad if backward else None, head=False)
                ax.plot([out, out + 0.3, out + 0.3, start, start], [y0, y0, below, below, y1], color="0.4", lw=1.1,
                        zorder=1, solid_joinstyle="round")
                ax.annotate("", xy=(x1 - R, y1), xytext=(start, y1), zorder=1,
                            arrowprops=dict(arrowstyle="-|>", color="0.4", lw=1.1, shrinkA=0, shrinkB=0))
                continue
            if abs(x1 - x0) < 1e-9:  # a side input, straight above or below
                down = 1 if y0 > y1 else -1
                ends = (x0, y0 - (R if p.parents else 0.28) * down, x1, y1 + R * down)
            elif abs(y1 - y0) > 1e-9:  # a slanting wire leaves an input's box from its bottom (or top)
                down = 1 if y0 > y1 else -1
                ends = (x0 + (R * 0.7 if p.parents else 0), y0 - (R * 0.7 if p.parents else 0.28) * down, x1 - R, y1)
            else:
                ends = (x0 + R, y0, x1 - R, y1)
                skips = abs(x1 - x0) > DX + 1e-9 and abs(y1 - y0) < 1e-9
                repeat = v.parents.index(p) != use
                bend = 0.35 if skips else (0.25 if repeat else 0.0)  # under the units it skips
            wire(*ends, key, p.data, local if backward else None, local * v.grad if backward else None, bend)
    for v in order:
        x, y = xy[id(v)]
        if v.parents:
            ax.add_patch(plt.Circle((x, y), R, fc=PALE_ORANGE, ec="0.2", zorder=2))
            ax.text(x, y, v.op, fontsize=10 if len(v.op) < 4 else 7.5, ha="center", va="center", zorder=4,
                    gid=f"op {name_of(v)}")
        else:
            ax.add_patch(plt.Rectangle((x - R, y - 0.28), 2 * R, 0.56, fc=PALE_BLUE, ec="0.2", zorder=2))
            ax.text(x, y, name_of(v), fontsize=10, ha="center", va="center", zorder=4, gid=f"input {name_of(v)}")
    x, y = xy[id(output)]
    wire(x + R, y, x + R + 1.5, y, f"{name_of(output)}->", output.data, None, output.grad if backward else None)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=DRAWING_TITLE_SIZE)
    return ax
