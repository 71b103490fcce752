"""The figures the source articles print, kept as data, and their errata.

``data/<source>.toml`` (beside this file) holds, for one source, who wrote it and what it is
called, and every figure it prints exactly as printed (a string, so that its number of
decimals is kept), with what the figure is and, where the source is wrong, why.
:func:`errata` sets them beside exact values computed by the book and gives each printed
figure one of three verdicts:

- ``rounded``: the exact value rounded to the printed places; the figure is right;
- ``truncated``: the exact value with its digits cut off after the printed places; the
  figure's digits are right, it is only not rounded;
- ``wrong``: neither, and the data file must say why.
"""

from __future__ import annotations

import tomllib
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import NamedTuple

from .._validate import number, one_of

_DATA = Path(__file__).with_name("data")

VERDICTS = ("rounded", "truncated", "wrong")


class Figure(NamedTuple):
    """One printed figure: what it is, the text as printed, why it is wrong (if it is) and a
    note for a reader checking it by hand (if any)."""

    label: str
    printed: str
    why: str = ""
    note: str = ""

    @property
    def value(self) -> float:
        return float(self.printed)

    @property
    def rounding(self) -> float:
        """Half a unit in the last printed place: how far rounding alone can move the figure."""
        exponent = Decimal(self.printed).as_tuple().exponent
        return 0.5 * 10.0 ** int(exponent)


def sources() -> dict:
    """Every source with recorded figures: ``{key: {"author": ..., "title": ..., "figures": ...}}``."""
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


def source_name(source: str) -> str:
    """How the book names a source in prose, titles and legends: its author and title,
    e.g. ``R. Lamsal, "A step by step forward pass and backpropagation example"``."""
    record = sources()[one_of("source", source, sources())]
    return f'{record["author"]}, "{record["title"]}"'


def verdict(figure: Figure, exact: float) -> str:
    """``"rounded"``, ``"truncated"`` or ``"wrong"``: how ``figure`` relates to ``exact``."""
    if abs(figure.value - exact) <= figure.rounding * (1 + 1e-9):
        return "rounded"
    places = Decimal(figure.printed)
    if Decimal(f"{exact:.15f}").quantize(places, rounding=ROUND_DOWN) == places:
        return "truncated"
    return "wrong"


def errata(source: str, exact: dict, figures: dict | None = None):
    """The errata table of ``source``: one row per figure in ``exact`` (keys as in
    ``data/<source>.toml``), in the order the source prints them, with the figure as printed,
    the exact value, the verdict (``rounded``, ``truncated`` or ``wrong``) and, for a wrong
    figure, why. A wrong figure without a recorded reason raises, so the book never shows an
    unexplained one.

    ``figures`` replaces the source's recorded figures (a dict like :func:`published` returns),
    for a variant reading of a source."""
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
        found = verdict(fig, exact[key])
        if found == "wrong" and not fig.why:
            raise ValueError(
                f"exact[{key!r}]: {source} prints {fig.printed} but the exact value is {exact[key]:.6f}; record why in "
                f"backprop_lib/pages/data/{source}.toml"
            )
        places = max(-Decimal(fig.printed).as_tuple().exponent, 0)
        rows.append({
            "figure": fig.label,
            "printed": fig.printed,
            # two places beyond the printed ones, unless the figure is the exact value itself
            "exact": fig.printed if exact[key] == fig.value else f"{exact[key]:.{places + 2}f}",
            "verdict": found,
            "why": fig.why if found == "wrong" else fig.note,
        })
    table = pd.DataFrame(rows, columns=["figure", "printed", "exact", "verdict", "why"])
    table.index = pd.RangeIndex(1, len(rows) + 1)
    return table


#: How a verdict reads in a table for the reader: a rounded or truncated figure is right, and
#: a figure printed with every digit of its value (a given input, a target) is exact.
SAY = {"rounded": "right (rounded)", "truncated": "right (cut off)", "wrong": "wrong", "exact": "right (exact)"}


def _say(verdict: str, printed: str, exact: str) -> str:
    return SAY["exact" if verdict == "rounded" and float(printed) == float(exact) else verdict]


def for_reading(table):
    """An errata table as the reader sees it: each figure, as printed, the exact value and the
    verdict in words, numbered as the source prints them; the reasons go in :func:`notes`."""
    shown = table[["figure", "printed", "exact"]].copy()
    for column in ("printed", "exact"):  # a true minus sign, as in the book's pictures
        shown[column] = shown[column].str.replace("-", "\u2212", regex=False)
    shown["verdict"] = [_say(*row) for row in zip(table["verdict"], table["printed"], table["exact"])]
    return shown


def notes(table) -> str:
    """The reasons and notes of an errata table, as a Markdown list keyed by row number: what
    would not fit a table on a phone."""
    lines = [f"- Row {row}, {fig} ({_say(verdict, printed, exact)}): {why}"
             for row, fig, printed, exact, verdict, why in zip(table.index, *(table[c] for c in table.columns))
             if why]
    return "\n".join(lines)


def glue_errata(source: str, exact: dict, name: str = "errata"):
    """Compute :func:`errata` and glue what a chapter's errata box shows: the table under
    ``name`` (figure, printed, exact, verdict; for a ``{glue}`` directive), the reasons and
    notes under ``<name>_notes`` (Markdown, for a ``{glue:md}`` directive), the counts
    ``<name>_n``, ``<name>_rounded``, ``<name>_truncated`` and ``<name>_wrong`` for the prose,
    and each exact value as ``<name>_exact_<key>`` so that the errata appendix can read them
    back. Returns the full table."""
    from IPython.display import Markdown

    from .glue import glue, glue_number

    table = errata(source, exact)
    glue(name, for_reading(table), display=False)
    glue(f"{name}_notes", Markdown(notes(table)), display=False)
    glue_number(f"{name}_n", len(table))
    for kind in VERDICTS:
        glue_number(f"{name}_{kind}", int((table["verdict"] == kind).sum()))
    for key, value in exact.items():
        glue_number(f"{name}_exact_{key}", value)
    return table


def errata_from_notebook(source: str, notebook, name: str = "errata"):
    """The errata table of ``source`` rebuilt from the exact values a stored chapter glued with
    :func:`glue_errata` under ``name``."""
    from .glue import glued_values

    prefix = f"{name}_exact_"
    exact = {key[len(prefix):]: value for key, value in glued_values(notebook).items() if key.startswith(prefix)}
    if not exact:
        raise ValueError(f"notebook: expected exact values glued as {prefix}<key>, found none in {str(notebook)!r}")
    return errata(source, exact)
