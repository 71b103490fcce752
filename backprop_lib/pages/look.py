"""The book's look, set once at the top of every lesson with :func:`style`.

Figures are stored at twice their pixel size (sharp on high-density screens, and nbval, which
compares text, sees the same ``<Figure size ...>`` line), on a white ground that reads in the
dark colour mode too; tables show every column and every cell whole, never cut with "...".

Type large enough to read on a phone. A page shrinks a plot to its column, 358 px on a phone
390 px wide, so its type shows at ``points * 358 / (72 * width in inches)`` px there, whatever
the dpi: 10 pt type in a 6.4 in figure, matplotlib's default, showed at 7 px. So a plot's type
is :data:`TYPE_SIZE`, 15 pt, 10.5 px or more on a phone for a figure up to 7.2 in wide
(``tests/test_phone_figures.py`` measures it). To keep the laptop's view as it was, plots show
at :data:`PLOT_DPI`, 72 px an inch: their type shows at 15 px on a laptop, as 11 pt did at
100, and the plot is 0.72 times as wide. The drawings of networks and graphs, dense with
numbers, keep their own 9 pt type and show at :data:`DRAWING_DPI` in any figure they are drawn
in (:func:`shown_as_drawing`): a wide one scrolls on a phone at its own size (book.css, the
``wide-figure`` tag), and a computational graph is drawn a second time, wrapped to fit a phone
(:data:`PHONE_WIDTH`, ``graphs.draw_graph``).

Nothing of the reader's own reaches what a lesson prints: :func:`style` first puts matplotlib
back to its own defaults (``matplotlib.rcdefaults()``: not the ``matplotlibrc`` it read at
import, which may be one beside the lesson, in the working directory, which matplotlib reads
first), and sets every one of numpy's print options (:data:`NUMPY_PRINT`), so that a cell which
pins only its precision (``np.printoptions(precision=4)``) prints the same width, sign and
float mode everywhere.
"""

from __future__ import annotations

#: The widest figure a page shows at its own size, in inches at 100 dpi: wider ones are shrunk,
#: and their type with them.
MAX_FIGURE_WIDTH = 7.4

#: CSS px an inch of a plot shows at (matplotlib's ``figure.dpi``; stored at twice it).
PLOT_DPI = 72

#: CSS px an inch of a drawing (a network, a computational graph) shows at, in a figure it makes.
DRAWING_DPI = 100

#: A drawing's title, in points (at :data:`DRAWING_DPI`).
DRAWING_TITLE_SIZE = 12

#: The widest drawing, in inches at :data:`DRAWING_DPI`, that a phone shows whole with its 9 pt
#: numbers at 10 px or more: its 358 px column shrinks a 430 px drawing to 0.83, 9 pt to 10.4 px.
PHONE_WIDTH = 4.3

#: A plot's type, in points: every size in :data:`RC`. 10 px or more on a phone's 358 px column
#: for a figure up to ``TYPE_SIZE * 358 / 720`` = 7.45 in wide.
TYPE_SIZE = 15

#: The book's two colours, blue and orange, told apart by readers with any colour vision
#: (Okabe and Ito's blue and vermilion).
BLUE, ORANGE = "#0072B2", "#D55E00"

#: Their pale tints, to fill a unit of a network or a graph: the inputs pale blue, the others pale orange.
PALE_BLUE, PALE_ORANGE = "#e8f0fb", "#fdf0e6"



def as_at_100_dpi(points: float) -> float:
    """The type size that shows in a plot (at :data:`PLOT_DPI`) as ``points`` showed at 100 dpi,
    for type that must fit a shape drawn in the plot (a cell of a confusion matrix)."""
    return points * 100 / PLOT_DPI


def wrapped(text: str, inches: float, points: float) -> str:
    """``text`` broken into lines (at its spaces, each of its own lines apart) that fit ``inches``
    in type of ``points``, at about 0.55 em a character: a title no wider than its figure, which
    would otherwise widen the stored picture and shrink it, and its type, on a phone."""
    import textwrap

    per_line = max(1, int(inches * 72 / (0.55 * points)))
    return "\n".join(line for part in text.split("\n") for line in (textwrap.wrap(part, per_line) or [""]))


def shown_as_drawing(ax) -> None:
    """Show the figure that holds ``ax`` at :data:`DRAWING_DPI`, a drawing's 9 pt numbers at
    12.5 px on a laptop, whether the drawing made the figure or a lesson gave it the axes (a
    plot beside it in the same figure shows at that dpi too)."""
    ax.get_figure(root=True).set_dpi(DRAWING_DPI)


RC = {
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": PLOT_DPI,
    "font.size": TYPE_SIZE,
    "axes.titlesize": TYPE_SIZE + 1,
    "axes.labelsize": TYPE_SIZE,
    "xtick.labelsize": TYPE_SIZE,
    "ytick.labelsize": TYPE_SIZE,
    "legend.fontsize": TYPE_SIZE,
    "legend.framealpha": 0.95,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


#: numpy's print options, every one of them, as numpy sets them by default: a lesson's
#: ``np.printoptions(precision=...)`` changes one and inherits the rest from here.
NUMPY_PRINT = {"precision": 8, "threshold": 1000, "edgeitems": 3, "linewidth": 75, "suppress": False,
               "nanstr": "nan", "infstr": "inf", "formatter": None, "sign": "-", "floatmode": "maxprec",
               "legacy": False, "override_repr": None}


def style() -> None:
    """Set the book's look for figures (matplotlib's defaults and :data:`RC`, stored as PNG at
    twice the pixel density), tables (pandas, every column and cell shown whole) and printed
    arrays (:data:`NUMPY_PRINT`), whatever settings came before."""
    import matplotlib as mpl
    import numpy as np
    import pandas as pd
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")
    mpl.rcdefaults()  # matplotlib's own defaults, not a matplotlibrc's (the backend is kept)
    mpl.rcParams.update(RC)
    known = np.get_printoptions()  # (override_repr is numpy 2.1's)
    np.set_printoptions(**{option: value for option, value in NUMPY_PRINT.items() if option in known})
    for option, value in [("display.max_colwidth", None), ("display.max_columns", None),
                          ("display.max_rows", 500), ("display.width", 10_000)]:
        pd.set_option(option, value)
