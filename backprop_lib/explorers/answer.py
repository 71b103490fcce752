"""A numeric answer box for the exercises: it says "correct" or "not yet", with a hint.

The answer is the library's own computation, passed in by the lesson (never typed), and the
check runs in JavaScript, so the box works in the static book with no kernel as in Jupyter,
where :meth:`Answer.check` does the same check from Python.
"""

from __future__ import annotations

import math

import traitlets

from .. import _validate as check_arg
from .base import Explorer


def is_correct(given: float, answer: float, decimals: int) -> bool:
    """Whether ``given`` is ``answer`` to ``decimals`` decimal places: ``|given − answer|`` at
    most half a unit of the last place asked for (plus a rounding allowance of 1e-9 of it)."""
    half_unit = 0.5 * 10.0 ** -decimals
    return abs(given - answer) <= half_unit * (1 + 1e-9)


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

    The traits ``given`` (what was typed) and ``verdict`` (``""``, ``"correct"`` or
    ``"not yet"``) are shared with the page: a notebook can read what the reader typed.
    """

    _js = "answer.js"
    _shown = ("label", "decimals")

    answer = traitlets.Float().tag(sync=True)
    decimals = traitlets.Int(4).tag(sync=True)
    hint = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Your answer").tag(sync=True)
    given = traitlets.Unicode("").tag(sync=True)
    verdict = traitlets.Unicode("").tag(sync=True)

    def __init__(self, answer, decimals: int = 4, hint: str = "", label: str = "Your answer"):
        answer = check_arg.number("answer", answer)
        decimals = check_arg.whole_number("decimals", decimals, minimum=0)
        if decimals > 12:
            raise ValueError(f"decimals: expected a whole number from 0 to 12, got {decimals}")
        for name, text in (("hint", hint), ("label", label)):
            if not isinstance(text, str):
                raise TypeError(f"{name}: expected a string, got {check_arg.describe(text)}")
        super().__init__(answer=answer, decimals=decimals, hint=hint, label=label)

    def check(self, given) -> bool:
        """Check ``given`` (a number, or the text a reader would type) as the page does, and
        record it in ``given`` and ``verdict``. Text that is not a number is "not yet"."""
        if isinstance(given, str):
            text = given.strip().replace("\u2212", "-").replace(",", ".").replace(" ", "")
            try:
                value = float(text)
            except ValueError:
                value = math.nan
        else:
            value = check_arg.number("given", given)
        ok = math.isfinite(value) and is_correct(value, self.answer, self.decimals)
        self.given, self.verdict = str(given), "correct" if ok else "not yet"
        return ok
