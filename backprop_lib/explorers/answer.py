"""A numeric answer box for the exercises: it says "correct" or "not yet", with a hint.

The answer is the library's own computation, passed in by the lesson (never typed), and the
check runs in JavaScript, so the box works in the static book with no kernel as in Jupyter,
where :meth:`Answer.check` does the same check from Python.
"""

from __future__ import annotations

import math
import re

from .. import _validate as check_arg
from .base import Checked, Explorer, choice, whole_in

#: What the page's ``parseNumber`` (common.js) removes from typed text, wherever it stands: what
#: JavaScript's ``\s`` matches (Python's ``\s`` differs: it takes \x1c-\x1f and \x85, not U+FEFF).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

#: A number as the page reads it, after the spaces are gone, ``\u2212`` made ``-`` and ``,`` ``.``:
#: an optional sign, ASCII digits with at most one decimal point, an optional exponent.
NUMBER = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def number_text(text: str) -> str:
    """Typed text as :func:`parse_number` reads it (``numberText`` in common.js): every space of
    any kind removed, a true minus (U+2212) made ``-``, a comma made the decimal point."""
    return re.sub(f"[{JS_SPACE}]+", "", str(text)).replace("\u2212", "-").replace(",", ".")


def parse_number(text: str) -> float:
    """Typed text as a number, by the page's rule (``parseNumber`` in common.js): every space of
    any kind removed (:data:`JS_SPACE`), a true minus (U+2212) read as ``-``, a comma as the
    decimal point; then it must be :data:`NUMBER` (so no ``1_000``, no full-width digits, no
    ``nan`` or ``inf``), else NaN. A number beyond a double's range is ``inf``, as on the page."""
    clean = number_text(text)
    if not NUMBER.fullmatch(clean):
        return math.nan
    return float(clean)


def is_correct(given: float, answer: float, decimals: int) -> bool:
    """Whether ``given`` is ``answer`` to ``decimals`` decimal places: ``|given − answer|`` at
    most half a unit of the last place asked for (plus a rounding allowance of 1e-9 of it)."""
    half_unit = 0.5 * 10.0 ** -decimals
    return abs(given - answer) <= half_unit * (1 + 1e-9)


def typed_decimals(text: str) -> int | None:
    """How many decimal places the reader typed (``"0.14"``: 2, ``"3"``: 0), read as
    :func:`parse_number` reads; ``None`` for text with an exponent or that is not a number."""
    clean = number_text(text)
    if not NUMBER.fullmatch(clean) or "e" in clean.lower():
        return None
    return len(clean.split(".")[1]) if "." in clean else 0


def advice(text: str, answer: float, decimals: int, hint: str = "") -> str:
    """What the box says to what the reader typed, the same rule as ``advice`` in answer.js:
    ``"✓ correct"``; or "not yet" and, in this order, a request for a number (not one), a word
    on the sign (right size, wrong sign), a request for more decimal places (right to the one
    or more places typed), or else the exercise's ``hint``."""
    value = parse_number(text)
    if math.isfinite(value) and is_correct(value, answer, decimals):
        return "\u2713 correct"
    if not math.isfinite(value):
        return "not yet: type a number, such as " + ("0." + "0" * decimals if decimals else "12")
    if answer != 0 and is_correct(-value, answer, decimals):
        return "not yet: the size is right; check the sign"
    shown = typed_decimals(text)
    if shown is not None and 1 <= shown < decimals and is_correct(value, answer, shown):
        return f"not yet: right as far as it goes; give it to {decimals} decimal place" + ("s" if decimals > 1 else "")
    return "not yet" + (": " + hint if hint else "")


class Answer(Explorer):
    """A box where the reader types a number and is told "correct" or "not yet" and a hint.

    ``Answer(answer, decimals=4, hint="...", label="...")``

    Parameters
    ----------
    answer : float
        The exact value, from the lesson's own computation (a finite number).
    decimals : int
        The reader is asked for this many decimal places (0 to 12); an answer within half a
        unit of the last place is correct, so 0.0539 and 0.05394 both are for 0.053936.
    hint : str
        Shown with "not yet": where to look, never the answer.
    label : str
        What the box asks for, e.g. "∂L/∂w after the step".

    Raises
    ------
    TypeError, ValueError
        ``answer: expected a finite number, ...``, ``decimals: expected a whole number ...``,
        ``hint: expected a string, ...``, naming the argument, before anything is built.
        Setting a trait later (from Python or from the page) checks it the same way
        (``_checks``) and leaves the box as it was on a refusal.

    The traits ``given`` (what was typed) and ``verdict`` (``""``, ``"correct"`` or
    ``"not yet"``) are shared with the page: a notebook can read what the reader typed.
    """

    _js = "answer.js"
    _core = False  # it computes nothing: no need of core.js
    _shown = ("label", "decimals")

    answer = Checked(0.0).tag(sync=True)
    decimals = Checked(4).tag(sync=True)
    hint = Checked("").tag(sync=True)
    label = Checked("Your answer").tag(sync=True)
    given = Checked("").tag(sync=True)
    verdict = Checked("").tag(sync=True)

    #: answer: a finite number; decimals: a whole number from 0 to 12; hint, label, given (what
    #: the reader typed): strings; verdict: "", "correct" or "not yet".
    _checks = {
        "answer": check_arg.number,
        "decimals": whole_in(0, 12),
        "hint": check_arg.text,
        "label": check_arg.text,
        "given": check_arg.text,
        "verdict": choice(("", "correct", "not yet")),
    }

    def __init__(self, answer, decimals: int = 4, hint: str = "", label: str = "Your answer"):
        given = {"answer": answer, "decimals": decimals, "hint": hint, "label": label}
        super().__init__(**{name: self._check(name, value) for name, value in given.items()})

    def check(self, given) -> bool:
        """Check ``given`` (a number, or the text a reader would type, read by
        :func:`parse_number` as the page reads it) as the page does, and record it in ``given``
        and ``verdict``. Text that is not a number is "not yet"."""
        value = parse_number(given) if isinstance(given, str) else check_arg.number("given", given)
        ok = math.isfinite(value) and is_correct(value, self.answer, self.decimals)
        with self.hold_trait_notifications():
            self.given, self.verdict = str(given), "correct" if ok else "not yet"
        return ok

    def advice(self, given: str) -> str:
        """What the page says to ``given`` typed in the box: see :func:`advice`."""
        return advice(check_arg.text("given", given), self.answer, self.decimals, self.hint)
