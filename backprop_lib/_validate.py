"""Argument checks, made once at the door of every public function.

A bad argument raises at once: a ``TypeError`` when it is not the kind of thing expected
(``None``, a string, booleans, a masked array), a ``ValueError`` when it is the right kind but
the wrong value (a shape that would broadcast, a number out of range). Every message starts
with the argument's name, then says what was expected and what came. A check never changes
its argument: arrays are read, never written.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

#: ``ndim`` for an array of any number of dimensions.
ANY_NDIM = "any"

#: numpy's kinds of real numbers: signed and unsigned integers, floats.
REAL_KINDS = ("i", "u", "f")


class LayerIndexError(IndexError, ValueError):
    """A layer number outside ``first, ..., L``: both an ``IndexError`` (it is an index) and a
    ``ValueError`` (it is a bad argument), as numpy's ``AxisError`` is."""


def describe(value) -> str:
    """What came, in a few words: its type, and its value when that is short (a numpy scalar's
    value as the plain Python one, ``float32 0.5`` rather than ``np.float32(0.5)``)."""
    if value is None:
        return "None"
    if isinstance(value, (str, bytes, bool, np.bool_, numbers.Number)):
        shown = value.item() if isinstance(value, np.generic) else value
        return f"{type(value).__name__} {shown!r:.40}"
    return type(value).__name__


def _holds(value, kinds) -> bool:
    """Whether ``value``, or a nest of lists and tuples, holds something of ``kinds``."""
    if isinstance(value, kinds):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds(v, kinds) for v in value)
    return False


def as_array(name: str, value, ndim: tuple[int, ...] | str = (1, 2), finite: bool = True) -> np.ndarray:
    """``value`` as a float64 array, or raise naming ``name``.

    Refuses ``None``, strings, booleans (alone or among numbers), complex numbers, masked
    arrays, ragged nesting, empty arrays, a number of dimensions not in ``ndim``
    (``ANY_NDIM``: any) and, with ``finite``, NaN, infinite entries and numbers beyond a
    double's range. The array returned may be ``value`` itself: callers that keep it copy it.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name}: expected an array of numbers, got {describe(value)}")
    if _holds(value, np.ma.MaskedArray):
        raise TypeError(f"{name}: expected a plain array, got a masked array; fill its masked entries first (.filled())")
    if _holds(value, (bool, np.bool_)):
        raise TypeError(f"{name}: expected numbers, got booleans (True/False) among them")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as err:  # ragged nesting, ints beyond any dtype
        raise TypeError(f"{name}: expected an array of numbers, got {describe(value)} ({err})") from None
    if raw.dtype == bool:
        raise TypeError(f"{name}: expected numbers, got booleans (True/False); convert them with .astype(float)")
    if raw.dtype == object:  # Python numbers numpy keeps as objects: Fractions, ints beyond int64
        raw = _reals(name, raw)
    if raw.dtype.kind not in REAL_KINDS:
        raise TypeError(f"{name}: expected an array of real numbers, got dtype {raw.dtype} ({describe(value)})")
    with np.errstate(over="ignore"):  # a long double beyond a double's range becomes inf, refused below
        arr = np.asarray(raw, dtype=np.float64)
    if ndim != ANY_NDIM and arr.ndim not in ndim:
        wanted = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{name}: expected a {wanted} array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(f"{name}: expected finite numbers, got {str(raw[bad])} at index {bad}")
    return arr


def _reals(name: str, raw: np.ndarray) -> np.ndarray:
    """An object array of real numbers (``numbers.Real``: ints of any size, Fractions) as
    float64, as ``number`` takes each of them; anything else is left to be refused as it is."""
    entries = raw.ravel().tolist()
    if not all(isinstance(v, numbers.Real) for v in entries):
        return raw
    for index, v in enumerate(entries):
        try:
            float(v)
        except OverflowError:
            at = tuple(int(i) for i in np.unravel_index(index, raw.shape))
            raise ValueError(f"{name}: expected finite numbers, got {whole(abs(int(v)))} at index {at}, beyond a "
                             "double's range") from None
    return np.array([float(v) for v in entries], dtype=np.float64).reshape(raw.shape)


def _real(name: str, value, expected: str) -> float:
    """``value`` (a real number, or a 0-d array of one) as a float; refuses bools."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in REAL_KINDS:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected {expected}, got {describe(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name}: expected {expected}, got a number of {len(str(abs(int(value))))} digits, "
                         "beyond a double's range") from None


def number(name: str, value) -> float:
    """``value`` as a float, or raise unless it is one finite real number (not a bool)."""
    value = _real(name, value, "a number")
    if not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return value


def positive_number(name: str, value) -> float:
    """``value`` as a float, or raise unless it is a finite number > 0."""
    value = _real(name, value, "a number > 0")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite number > 0, got {value}")
    return value


def number_in(name: str, value, low: float, high: float, why: str) -> float:
    """``value`` as a float, or raise unless ``low <= value <= high``."""
    value = number(name, value)
    if not low <= value <= high:  # every digit of what came (repr), lest 0.0099999 read as 0.01
        raise ValueError(f"{name}: expected a number from {low:g} to {high:g}{why}, got {value!r}")
    return value


def whole_number(name: str, value, minimum: int = 1, maximum: int | None = None, why: str = "") -> int:
    """``value`` as an int (a plain Python int, also for a numpy integer), or raise unless it is
    a whole number >= ``minimum`` (not a bool, not a float such as 2.0) and, given a
    ``maximum``, <= ``maximum`` (``why``: the reason for it, said in the message)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a whole number >= {minimum}, got {describe(value)}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name}: expected a whole number >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}: expected a whole number from {minimum} to {maximum:,}{why}, got {whole(value)}")
    return value


def whole(value: int) -> str:
    """A whole number as shown in a message: its digits, or how many there are when they are many."""
    return f"{value:,}" if value < 10 ** 30 else f"a number of {len(str(value))} digits"


#: The most entries one array of the library may hold (8 GB of doubles): a size beyond it is
#: refused naming the argument that asked for it, before numpy would fail to allocate it.
MAX_ENTRIES = 10 ** 9


def is_sequence(value) -> bool:
    """Whether ``value`` is a sequence of entries: a list, a tuple, a range, a numpy array of at
    least one dimension, any ``collections.abc.Sequence``; not a string. What one argument
    taking several entries accepts, every such argument accepts."""
    if isinstance(value, np.ndarray):
        return value.ndim >= 1
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def seed(name: str, value) -> int:
    """A seed for ``np.random.default_rng``: a whole number >= 0."""
    return whole_number(name, value, minimum=0)


def one_of(name: str, value, choices) -> str:
    """``value`` as a plain ``str`` (also for a numpy string) if it is one of ``choices``
    (strings), or raise listing them."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {sorted(choices)}, got {describe(value)}")
    value = str(value)
    if value not in choices:
        raise ValueError(f"{name}: expected one of {sorted(choices)}, got {value!r}")
    return value


def text(name: str, value) -> str:
    """``value`` as a plain ``str`` (also for a numpy string), or raise unless it is a string."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a string, got {describe(value)}")
    return str(value)


def function(name: str, value, expected: str):
    """``value`` if it can be called (a function, or a class), or ``TypeError``; ``expected``
    says what was wanted, as ``"your function forward(W, b, f, X)"``."""
    if not callable(value):
        raise TypeError(f"{name}: expected {expected}, got {describe(value)}")
    return value


def read_only(arr: np.ndarray) -> np.ndarray:
    """``arr`` (an array this library made) read-only for good: it is marked read-only, and
    what is returned is a read-only view of it, which numpy never lets anyone mark writeable
    again (its base is read-only). Keep the view, never ``arr``."""
    arr.setflags(write=False)
    locked = arr.view()
    locked.setflags(write=False)
    return locked
