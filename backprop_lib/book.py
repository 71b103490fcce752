"""Tying computed numbers into the book's prose.

A lesson never types a computed number into its text: it glues the value with myst-nb and
the sentence shows it with a role such as ``{glue:text}`yhat:.4f```.
"""

from __future__ import annotations

import numpy as np

#: Glued values are rounded to this many decimals: far beyond what the prose shows, and far
#: enough from the last bits of a float that another BLAS build stores the very same text.
GLUE_DECIMALS = 12


def glue_number(name: str, value) -> float:
    """Glue ``value`` (a number or one-element array) under ``name`` for the prose, without
    displaying it, as a plain Python float. Returns the glued float."""
    from myst_nb import glue

    arr = np.asarray(value, dtype=float)
    if arr.size != 1 or not np.isfinite(arr).all():
        raise ValueError(f"value: expected one finite number for {name!r}, got {value!r}")
    number = round(float(arr.reshape(())), GLUE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    glue(name, number, display=False)
    return number


def glue_numbers(prefix: str = "", **values) -> None:
    """Glue several numbers at once: ``glue_numbers(z=z, yhat=yhat)`` glues ``z`` and ``yhat``
    (with ``prefix`` before each name)."""
    for name, value in values.items():
        glue_number(prefix + name, value)
