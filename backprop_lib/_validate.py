"""Argument checks, made once at the door of every public function.

A bad argument raises at once: a ``TypeError`` when it is not the kind of thing expected
(``None``, a string, booleans), a ``ValueError`` when it is the right kind but the wrong
value (a shape that would broadcast, a number out of range). Every message starts with the
argument's name, then says what was expected and what came. A check never changes its
argument: arrays are read, never written.
"""

from __future__ import annotations

import numbers

import numpy as np


class LayerIndexError(IndexError, ValueError):
    """A layer number outside ``first, ..., L``: both an ``IndexError`` (it is an index) and a
    ``ValueError`` (it is a bad argument), as numpy's ``AxisError`` is."""


def _describe(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, (str, bytes)):
        return f"{type(value).__name__} {value!r:.40}"
    return type(value).__name__


def as_array(name: str, value, ndim: tuple[int, ...] = (1, 2), finite: bool = True) -> np.ndarray:
    """``value`` as a float array, or raise naming ``name``.

    Refuses ``None``, strings, booleans, complex numbers, ragged nesting, empty arrays, a
    number of dimensions not in ``ndim`` and (with ``finite``) NaN or infinite entries.
    The array returned may be ``value`` itself: callers that keep it must copy it.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name}: expected an array of numbers, got {_describe(value)}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as err:  # ragged nesting, for one
        raise TypeError(f"{name}: expected an array of numbers, got {_describe(value)} ({err})") from None
    if raw.dtype == bool:
        raise TypeError(f"{name}: expected numbers, got booleans (True/False); convert them with .astype(float)")
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name}: expected an array of real numbers, got dtype {raw.dtype} ({_describe(value)})")
    arr = raw if raw.dtype == np.float64 else raw.astype(np.float64)
    if arr.ndim not in ndim:
        wanted = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{name}: expected a {wanted} array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name}: expected finite numbers, got {arr[bad]} at index {bad}")
    return arr


def number(name: str, value) -> float:
    """``value`` as a float, or raise unless it is one finite real number (not a bool)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number, got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return value


def positive_number(name: str, value) -> float:
    """``value`` as a float, or raise unless it is a finite number > 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number > 0, got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite number > 0, got {value}")
    return value


def number_in(name: str, value, low: float, high: float, why: str = "") -> float:
    """``value`` as a float, or raise unless ``low <= value <= high``."""
    value = number(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name}: expected a number from {low:g} to {high:g}{why}, got {value:g}")
    return value


def whole_number(name: str, value, minimum: int = 1) -> int:
    """``value`` as an int, or raise unless it is a whole number >= ``minimum`` (not a bool,
    not a float such as 2.0)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a whole number >= {minimum}, got {_describe(value)} {value!r:.40}")
    if value < minimum:
        raise ValueError(f"{name}: expected a whole number >= {minimum}, got {value!r}")
    return int(value)


def seed(name: str, value) -> int:
    """A seed for ``np.random.default_rng``: a whole number >= 0."""
    return whole_number(name, value, minimum=0)


def one_of(name: str, value, choices) -> str:
    """``value`` if it is one of ``choices`` (strings), or raise listing them."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {sorted(choices)}, got {_describe(value)}")
    if value not in choices:
        raise ValueError(f"{name}: expected one of {sorted(choices)}, got {value!r}")
    return value


def read_only(arr: np.ndarray) -> np.ndarray:
    """Mark ``arr`` (an array this library made) read-only, and return it."""
    arr.flags.writeable = False
    return arr
