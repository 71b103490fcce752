"""Argument checks the page helpers share, in the manner of ``backprop_lib._validate``: each
names the argument and says what was expected and what came. matplotlib is imported only when
a check runs, as the pictures import it."""

from __future__ import annotations

import numpy as np

from .._validate import text


def axes(name: str, value, none: bool = False):
    """``value`` if it is a matplotlib ``Axes`` (or ``None``, where ``none``), else a
    ``TypeError`` naming ``name``."""
    from matplotlib.axes import Axes

    if isinstance(value, Axes) or (none and value is None):
        return value
    raise TypeError(f"{name}: expected matplotlib axes{' or None' if none else ''}, got {type(value).__name__}")


def axes_array(name: str, value) -> list:
    """``value``: matplotlib axes, one or an array (or nest of lists) of them, as from
    ``plt.subplots``, as a flat list; else a ``TypeError`` naming ``name``."""
    from matplotlib.axes import Axes

    try:
        flat = list(np.ravel(np.asarray(value, dtype=object)))
    except ValueError:  # a ragged nest of lists
        flat = []
    if not flat or not all(isinstance(ax, Axes) for ax in flat):
        raise TypeError(f"{name}: expected matplotlib axes (one, or an array of them), got {type(value).__name__}")
    return flat


def one_axes(name: str, value):
    """The matplotlib axes ``value`` is, or the one an array of them holds; a ``ValueError``
    naming ``name`` for an array of more."""
    flat = axes_array(name, value)
    if len(flat) != 1:
        raise ValueError(f"{name}: expected one matplotlib axes, got {len(flat)} of them")
    return flat[0]


def optional_text(name: str, value) -> str | None:
    """``None``, or ``value`` as a plain ``str`` (see ``_validate.text``)."""
    return None if value is None else text(name, value)


def on_log_scale(name: str, values: np.ndarray, what: str = "values", at: str = "index", then: str = "") -> None:
    """Raise a ``ValueError`` naming ``name`` unless every entry of ``values`` (a number, or an
    array of them) is > 0, as a log scale needs: the message gives the first entry that is not,
    and for an array its ``at`` (``"index"``: its index, a tuple beyond one dimension), then
    ``then`` (say, what to do instead)."""
    values = np.asarray(values)
    bad = values <= 0
    if not bad.any():
        return
    if values.ndim == 0:
        raise ValueError(f"{name}: expected {what} > 0 on a log scale, got {float(values)!r}{then}")
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    shown = index[0] if len(index) == 1 else index
    raise ValueError(f"{name}: expected {what} > 0 on a log scale, got {float(values[index])!r} at {at} {shown}{then}")
