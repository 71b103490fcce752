"""Argument checks shared by the library.

Every public function checks its arguments before it computes anything, so a bad
argument raises at once, names itself, says what was expected and what came, and
leaves every object exactly as it was.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_finite_array(name: str, value, ndim: tuple[int, ...] = (1, 2)) -> np.ndarray:
    """Return ``value`` as a float array, or raise naming ``name``.

    Rejects non-numeric input, the wrong number of dimensions, and NaN or infinite
    entries.
    """
    try:
        arr = np.array(value, dtype=float)  # a copy: the caller's array is never aliased
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name}: expected an array of numbers, got {type(value).__name__} ({err})") from None
    if arr.ndim not in ndim:
        wanted = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{name}: expected a {wanted} array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{name}: expected finite numbers, got {arr[tuple(bad)]} at index {tuple(int(i) for i in bad)}"
        )
    return arr


def positive_number(name: str, value) -> float:
    """Return ``value`` as a float, or raise unless it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number > 0, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite number > 0, got {value}")
    return value


def positive_int(name: str, value) -> int:
    """Return ``value`` as an int, or raise unless it is a whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name}: expected a whole number >= 1, got {value!r}")
    return int(value)


def one_of(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices``, or raise listing them."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name}: expected one of {sorted(choices)}, got {value!r}")
    return value
