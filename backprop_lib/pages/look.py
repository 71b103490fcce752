"""The book's look, set once at the top of every lesson with :func:`style`.

Figures are stored at twice their pixel size (sharp on high-density screens, and nbval, which
compares text, sees the same ``<Figure size ...>`` line), on a white ground that reads in the
dark colour mode too, with type large enough to read where the page shows them at their
width; tables show every column and every cell whole, never cut with "...".

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

#: The book's two colours, blue and orange, told apart by readers with any colour vision
#: (Okabe and Ito's blue and vermilion).
BLUE, ORANGE = "#0072B2", "#D55E00"

#: Their pale tints, to fill a unit of a network or a graph: the inputs pale blue, the others pale orange.
PALE_BLUE, PALE_ORANGE = "#e8f0fb", "#fdf0e6"

RC = {
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
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
