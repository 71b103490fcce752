"""What the bad-input tables share: a value no check takes, and a spy that shows where an entry
point sends it.

A check is tested once, in its own table (every kind of bad value against the check itself, its
message pinned there). Each entry point is then shown to hand its argument to that check: called
with a :class:`Marker` while :func:`spy_on` stands in for the check, it must call the check with
that very object (identity, not equality: nothing converted or copied on the way), under the
argument's name and with the options it is documented to use, and pass the check's refusal on to
its caller as it is, neither wrapped nor swallowed. Whatever the check refuses, the entry point
then refuses in the same words.
"""

from __future__ import annotations

import inspect
import sys


class Marker:
    """A value that no check of the library takes (each refuses it with a ``TypeError``: it is
    no number, array, name, network or optimizer), told apart from every other by identity."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Marker()"


#: In a row's expected arguments: "the marker this row handed the entry point".
THE_MARKER = object()


class Spy:
    """Stands in for ``check``: a call handed ``marker`` (as any argument) is recorded, with every
    argument bound to its parameter's name (defaults filled in), and answered by raising
    ``refusal``; any other call goes to ``check`` itself."""

    def __init__(self, check, marker, refusal: Exception):
        self.check, self.marker, self.refusal = check, marker, refusal
        self.signature = inspect.signature(check)
        self.seen: list[dict] = []

    def __call__(self, *args, **kwargs):
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        if any(value is self.marker for value in bound.arguments.values()):
            self.seen.append(dict(bound.arguments))
            raise self.refusal
        return self.check(*args, **kwargs)

    def mismatches(self, expected: dict) -> list[str]:
        """How the first call handed the marker differs from ``expected`` (parameter name ->
        value; ``THE_MARKER`` for the marker itself, compared by identity; a string, number or
        tuple by equality and type; anything else by identity)."""
        if not self.seen:
            return [f"{self.check.__name__} was never handed the marker"]
        got, wrong = self.seen[0], []
        for name, wanted in expected.items():
            value = got.get(name, "<no such parameter>")
            if wanted is THE_MARKER:
                ok = value is self.marker
            elif isinstance(wanted, (str, int, float, tuple)):
                ok = type(value) is type(wanted) and value == wanted
            else:
                ok = value is wanted
            if not ok:
                wrong.append(f"{name}: expected {'the marker' if wanted is THE_MARKER else repr(wanted)}, got {value!r}")
        return wrong


def spy_on(monkeypatch, check, marker, refusal: Exception, package: str = "backprop_lib") -> Spy:
    """Put a :class:`Spy` of ``check`` wherever a module of ``package`` holds ``check`` (the
    module that defines it, and every one that imported it by name), until ``monkeypatch``
    undoes it."""
    spy = Spy(check, marker, refusal)
    holders = 0
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == package or module_name.startswith(package + ".")):
            continue
        for attr, value in list(vars(module).items()):
            if value is check:
                monkeypatch.setattr(module, attr, spy)
                holders += 1
    assert holders, f"no module of {package} holds {check!r}"
    return spy
