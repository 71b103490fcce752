"""The figures the source articles print, kept as data, and the published-vs-exact table.

``data/<source>.toml`` (beside this file) holds, for one source, every figure it prints
exactly as printed (a string, so that its number of decimals is kept), with what the
figure is and, where the source is wrong, why. :func:`compare` sets them beside exact values
computed by the book and flags each one that is off by more than its own rounding.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from .._validate import number, one_of

_DATA = Path(__file__).with_name("data")


class Figure(NamedTuple):
    """One printed figure: what it is, the text as printed, and (if recorded) why it is off."""

    label: str
    printed: str
    why: str = ""

    @property
    def value(self) -> float:
        return float(self.printed)

    @property
    def rounding(self) -> float:
        """Half a unit in the last printed place: how far rounding alone can move the figure."""
        exponent = Decimal(self.printed).as_tuple().exponent
        return 0.5 * 10.0 ** int(exponent)


def sources() -> dict:
    """Every source with recorded figures: ``{key: {"citation": ..., "title": ..., "figures": ...}}``."""
    found = {}
    for path in sorted(_DATA.glob("*.toml")):
        with path.open("rb") as fh:
            found[path.stem] = tomllib.load(fh)
    return found


def published(source: str) -> dict:
    """The figures one source prints: ``{key: Figure}``, in the order the source prints them."""
    all_sources = sources()
    one_of("source", source, all_sources)
    return {key: Figure(**fig) for key, fig in all_sources[source]["figures"].items()}


def is_off(figure: Figure, exact: float) -> bool:
    """True when ``figure`` is further from ``exact`` than rounding to its printed places explains."""
    return abs(figure.value - exact) > figure.rounding * (1 + 1e-9)


def compare(source: str, exact: dict, figures: dict | None = None):
    """The published-vs-exact table for ``source``: one row per figure in ``exact`` (keys as in
    ``data/<source>.toml``), with the printed value, the exact one, their difference, the rounding
    the printed places allow, and a verdict. A row that is off must have its reason recorded
    in ``data/<source>.toml``: an unexplained discrepancy raises, so the book never shows one.

    ``figures`` replaces the source's recorded figures (a dict like :func:`published` returns),
    for a variant reading of a source.
    """
    import pandas as pd

    recorded = published(source)  # checks source
    if figures is None:
        figures = recorded
    elif not isinstance(figures, dict) or not all(isinstance(f, Figure) for f in figures.values()):
        raise TypeError(f"figures: expected a dict key -> Figure, like published() returns, got {type(figures).__name__}")
    if not isinstance(exact, dict):
        raise TypeError(f"exact: expected a dict figure key -> exact value, got {type(exact).__name__}")
    exact = {key: number(f"exact[{key!r}]", value) for key, value in exact.items()}
    unknown = set(exact) - set(figures)
    if unknown:
        raise ValueError(f"exact: expected keys among the figures of {source} {sorted(figures)}, got {sorted(unknown)}")
    rows = []
    for key, fig in figures.items():
        if key not in exact:
            continue
        value = exact[key]
        off = is_off(fig, value)
        if off and not fig.why:
            raise ValueError(
                f"exact[{key!r}]: {source} prints {fig.printed} but the exact value is {value:.6f}; record why in "
                f"backprop_lib/pages/data/{source}.toml"
            )
        rows.append(
            {
                "quantity": fig.label,
                "published": fig.printed,
                "exact": f"{value:.6f}",
                # rounded first, and + 0.0, so that a difference of rounding noise prints
                # as +0.000000 on every machine, never as -0.000000
                "difference": f"{round(fig.value - value, 6) + 0.0:+.6f}",
                "rounding allows": f"±{fig.rounding:g}",
                "verdict": "OFF" if off else "ok",
                "why": fig.why if off else "",
            }
        )
    return pd.DataFrame(rows).set_index("quantity")
