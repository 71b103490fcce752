r"""Per-layer values, numbered as the book numbers its layers.

The book writes :math:`W^\ell, b^\ell, z^\ell, a^\ell, \delta^\ell` for layers
:math:`\ell = 1, \dots, L`, with :math:`a^0 = x` the input. The library indexes them the same
way: ``net.W[1]`` is :math:`W^1`, ``trace.a[0]`` is the input and ``trace.a[L]`` (or
``trace.a[-1]``) the output. There is no ``W[0]`` or ``z[0]``: asking for one raises an error
that says which numbers exist.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validate import LayerIndexError, read_only


class Layers:
    """An immutable sequence of per-layer values indexed by layer number.

    ``Layers(items, first=1)`` holds ``items[0]`` as layer ``first``, ``items[1]`` as layer
    ``first + 1``, and so on. Negative indexes count from the last layer, as in Python.
    Iterating yields the values in layer order; :meth:`numbered` yields ``(ℓ, value)`` pairs.
    """

    __slots__ = ("_items", "first", "symbol")

    def __init__(self, items, first: int = 1, symbol: str = "layer"):
        if not isinstance(items, (list, tuple)):
            raise TypeError(f"items: expected a list of per-layer values, got {type(items).__name__}")
        if isinstance(first, bool) or not isinstance(first, numbers.Integral):
            raise TypeError(f"first: expected the number of the first layer, a whole number >= 0, got {first!r:.40}")
        if first < 0:
            raise ValueError(f"first: expected the number of the first layer, a whole number >= 0, got {first}")
        object.__setattr__(self, "_items", tuple(items))
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "symbol", symbol)

    def __setattr__(self, name, value):
        raise AttributeError(f"{self.symbol}: per-layer values are read-only")

    @property
    def last(self) -> int:
        """The number of the last layer, :math:`L`."""
        return self.first + len(self._items) - 1

    def __getitem__(self, layer):
        if isinstance(layer, (bool, np.bool_)) or not isinstance(layer, numbers.Integral):
            raise TypeError(
                f"{self.symbol}[...]: expected a layer number from {self.first} to {self.last}, "
                f"got {type(layer).__name__} {layer!r:.40}"
            )
        layer = int(layer)
        if -len(self._items) <= layer < 0:
            return self._items[layer]
        if not self.first <= layer <= self.last:
            raise LayerIndexError(
                f"{self.symbol}[{layer}]: expected a layer number from {self.first} to {self.last} "
                f"(layers are numbered as in the book), got {layer}"
            )
        return self._items[layer - self.first]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __reduce__(self):
        """Copied and pickled through the constructor (``copy.copy``, ``copy.deepcopy``,
        ``pickle``); an array that was read-only comes back read-only."""
        locked = tuple(isinstance(v, np.ndarray) and not v.flags.writeable for v in self._items)
        return restored, (list(self._items), self.first, self.symbol, locked)

    def numbered(self):
        """``(ℓ, value)`` for every layer, in order."""
        return enumerate(self._items, start=self.first)

    def __repr__(self) -> str:
        inner = ", ".join(f"{layer}: {value!r}" for layer, value in self.numbered())
        return f"{self.symbol}{{{inner}}}"


def restored(items, first: int, symbol: str, locked) -> Layers:
    """:class:`Layers` as :meth:`Layers.__reduce__` gave it: ``items`` from layer ``first``, the
    arrays among them flagged in ``locked`` made read-only again."""
    return Layers([read_only(v) if lock else v for v, lock in zip(items, locked)], first, symbol)
