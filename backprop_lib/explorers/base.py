"""The base class of every explorer: its JavaScript, its stylesheet, a stable text form, and one
way of checking every value its traits take.

Every trait an explorer shares with the page is a :class:`Checked` trait, and the explorer's
class names, in its table ``_checks``, the check each one goes through: a function
``check(name, value)`` that returns the value as stored (a plain ``float``, ``int``, ``str`` or
list of floats, never a numpy type) or raises a ``TypeError``/``ValueError`` whose message starts
with ``name`` (the functions of :mod:`backprop_lib._validate`, or small ones built from them), or
:class:`Fixed` for the data an explorer is made with and that never changes afterwards.

The same check runs however a value comes: as a constructor argument, set from Python
(``explorer.lr = 0.3``), or from the page (``set_state``, which is how the sliders' changes
arrive), alone or inside ``hold_trait_notifications``. A refusal raises :class:`RefusedValue` or
:class:`RefusedType`: a ``ValueError`` or a ``TypeError`` for the caller, and a
``traitlets.TraitError`` for traitlets, which then rolls back every change of the same
``set_state`` or ``hold_trait_notifications`` block: a refused value changes nothing.
"""

from __future__ import annotations

import copy
from pathlib import Path

import anywidget
import traitlets

from .. import _validate as check_arg

HERE = Path(__file__).resolve().parent


class RefusedValue(traitlets.TraitError, ValueError):
    """A value of the right kind but out of range, for an explorer's argument or trait: a
    ``ValueError`` (a bad argument) and a ``traitlets.TraitError`` (so traitlets rolls back)."""


class RefusedType(traitlets.TraitError, TypeError):
    """A value of the wrong kind, for an explorer's argument or trait: a ``TypeError`` (a bad
    argument) and a ``traitlets.TraitError`` (so traitlets rolls back)."""


class Fixed:
    """A ``_checks`` entry for a trait set when the explorer is made (the worked example's data,
    the controls' ranges) and never changed afterwards: later, a value equal to the one it has is
    accepted (nothing changes), any other refused naming the trait. ``what`` says what it holds."""

    def __init__(self, what: str):
        self.what = what

    def __repr__(self) -> str:
        return f"Fixed({self.what!r})"


class Checked(traitlets.Any):
    """A trait whose every value goes through its explorer's ``_checks[name]``, at once (also
    inside ``hold_trait_notifications``), and is stored as the check returns it. ``None`` too
    goes through the check (a plain ``Any`` lets it pass unchecked)."""

    allow_none = False

    def validate(self, obj, value):
        return obj._validated(self.name, value)


def refusing(check, name: str, value):
    """``check(name, value)``, its ``TypeError``/``ValueError`` raised again as
    :class:`RefusedType`/:class:`RefusedValue`, with the same message."""
    try:
        return check(name, value)
    except traitlets.TraitError:
        raise
    except TypeError as err:
        raise RefusedType(str(err)) from None
    except ValueError as err:
        raise RefusedValue(str(err)) from None


def whole_in(low: int, high: int, why: str = ""):
    """A check: a whole number from ``low`` to ``high`` (not a bool, not a float such as 2.0),
    as a plain ``int``."""

    def checked(name: str, value) -> int:
        value = check_arg.whole_number(name, value, minimum=low)
        if value > high:
            raise ValueError(f"{name}: expected a whole number from {low} to {high}{why}, got {value!r}")
        return value

    checked.__doc__ = f"A whole number from {low} to {high}{why}."
    return checked


def count(name: str, value) -> int:
    """A count (of steps, of updates): a whole number >= 0."""
    return check_arg.whole_number(name, value, minimum=0)


def choice(choices):
    """A check: one of ``choices`` (strings), as a plain ``str``."""

    def checked(name: str, value) -> str:
        return check_arg.one_of(name, value, choices)

    checked.__doc__ = f"One of {list(choices)}."
    return checked


#: The targets the explorers take: a sigmoid's output lies between 0 and 1, and a target far
#: beyond that is no target one can learn (and its squared error would leave a double's range).
TARGET_LIMIT = 1000.0
TARGET_WHY = " (a target for a sigmoid output, which lies between 0 and 1)"


def target(name: str, value) -> float:
    """A target for a sigmoid output: a finite number from -1000 to 1000."""
    return check_arg.number_in(name, value, -TARGET_LIMIT, TARGET_LIMIT, TARGET_WHY)


class Explorer(anywidget.AnyWidget):
    """An anywidget widget whose JavaScript is ``common.js``, then ``core.js``, then its own file,
    one ES module.

    A subclass names its JavaScript file in ``_js`` (a file beside this one, say ``"answer.js"``,
    whose ``export default`` has a ``render({model, el})``), and lists in ``_shown`` the traits its
    text form shows. ``common.js`` gives every explorer the same number format (a true minus sign),
    slider and SVG helpers; ``core.js`` the maths, the library's passes written once in
    JavaScript (forward, backward, the update, the training loop; tests/test_explorer_core.py
    runs it against the library), left out where ``_core`` is False (the answer box computes
    nothing); ``explorers.css`` the same look, in the light and the dark colour mode, followed by
    the subclass's own stylesheet if it names one in ``_style``.

    Every trait it shares with the page is :class:`Checked`, and ``_checks`` maps its name (and
    the name of any other constructor argument the subclass checks with :meth:`_check`) to its
    check: the class refuses to be defined otherwise.

    The text form (``repr``) holds no memory address, so a stored output stays byte-identical
    from run to run and nbval compares it like any other output.
    """

    _js: str = ""
    _style: str = ""
    _core: bool = True
    _shown: tuple[str, ...] = ()
    _checks: dict = {}
    _building = False

    def __init_subclass__(cls, **kwargs):
        # Only where _js is set: ipywidgets' add_traits makes a subclass of each instance's class,
        # which must not set _esm again over the trait anywidget made of it.
        if "_js" in cls.__dict__:
            parts = ["common.js", *(["core.js"] if cls._core else []), cls._js]
            cls._esm = "\n".join((HERE / part).read_text() for part in parts)
            cls._css = (HERE / "explorers.css").read_text() + ("\n" + (HERE / cls._style).read_text() if cls._style else "")
        super().__init_subclass__(**kwargs)
        if "_js" in cls.__dict__:
            # (cls.class_traits is not made yet: traitlets' metaclass makes it after this hook)
            own = {name for klass in cls.__mro__[:cls.__mro__.index(Explorer)] for name, trait in vars(klass).items()
                   if isinstance(trait, traitlets.TraitType) and trait.metadata.get("sync")}
            unchecked = sorted(name for name in own if not isinstance(getattr(cls, name), Checked))
            missing = sorted(own - cls._checks.keys())
            if unchecked or missing:
                raise TypeError(f"{cls.__name__}: every synced trait must be Checked and have an entry in _checks; "
                                f"not Checked: {unchecked}, no check: {missing}")

    def __init__(self, **kwargs):
        # While the explorer is being made, Fixed traits take their values.
        self._building = True
        try:
            super().__init__(**kwargs)
        finally:
            self._building = False

    @classmethod
    def _check(cls, name: str, value):
        """``value`` as ``_checks[name]`` makes it, or raise :class:`RefusedType` or
        :class:`RefusedValue` naming ``name``: how constructors check their arguments before
        anything is built."""
        return refusing(cls._checks[name], name, value)

    def _validated(self, name: str, value):
        """What :class:`Checked` stores for ``value``: the check's result, or, for a
        :class:`Fixed` trait, a copy of its first value and, after, only that value again."""
        check = self._checks[name]
        if not isinstance(check, Fixed):
            return self._check(name, value)
        if self._building or name not in self._trait_values:
            return copy.deepcopy(value)
        current = self._trait_values[name]
        if type(value) is type(current) and value == current:
            return current
        raise RefusedValue(f"{name}: expected it unchanged ({check.what}, fixed when the explorer is made), "
                           f"got {check_arg.describe(value)}")

    def _state_checked(self, proposal, check, traits):
        """A ``traitlets.validate`` handler's work for a check of the state as a whole: the state
        of ``traits`` with the proposed value in place of its trait's, handed to
        ``check(name, state)``, which raises naming ``name`` (the trait set) or returns; the
        proposed value, or :class:`RefusedValue`. traitlets runs it after each value's own check,
        and inside ``set_state`` or ``hold_trait_notifications`` once every value is in (so the
        state it sees is the new one, whichever order they came in); a refusal rolls all of it back."""
        name = proposal["trait"].name
        state = {trait: getattr(self, trait) for trait in traits} | {name: proposal["value"]}
        refusing(check, name, state)
        return proposal["value"]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__name__}({shown})"
