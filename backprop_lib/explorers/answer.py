"""A numeric answer box for the exercises: it says "correct" or "not yet", with a hint.

The answer is the library's own computation, passed in by the lesson (never typed), and the
check runs in JavaScript, so the box works in the static book with no kernel as in Jupyter,
where :meth:`Answer.check` does the same check from Python.

How the box reads typed text (:func:`number_text`, and ``numberText`` in common.js, one rule in
each language): spaces of any kind at its ends are dropped, and inside it only between groups of
three digits (``1 000``; ``0.14 09`` is refused, with the number it would be without the space), a
true minus (U+2212) is a minus, a box whose label ends with "(%)" takes a trailing per cent sign,
and a comma is read as the book prints numbers. The book prints thousands with commas (2,410; 12,345.5), so
commas between groups of exactly three digits after a first group of one to three digits (not
starting with 0) are thousands separators: ``2,410`` is 2410. Any other single comma is a decimal
comma: ``0,14`` is 0.14, ``2,41`` is 2.41, ``0,140`` is 0.14. When the verdict is "not yet" the box
says how it read a number with a comma ("read as 2410, the comma as a thousands separator; for a
decimal point, type 2.410"), so that a reader who meant a decimal comma is never silently
misread; and text that is no number gets the reason (:func:`why_not_a_number`) and the forms it
reads.

The answer is not in the page. The box keeps, in its widget state, only keys (:func:`answer_keys`):
for the places asked for (and each fewer, for "right as far as it goes"), the SHA-256 of each
whole number of units of the last place that the answer rounds to (one, or both at an exact
half). The reader's number is rounded to the same places (:func:`roundings`) and its key looked
for (:func:`matches`). A number typed to the places asked for, or fewer, gets exactly the verdict
of :func:`is_correct` (within half a unit of the last place); one typed with more places is
correct when it rounds to the answer's rounding. A hash hides the answer from plain view (the
page's source, its widget state), not from someone who tries numbers: it is no lock.
"""

from __future__ import annotations

import hashlib
import math
import re

import traitlets

from .. import _validate as check_arg
from .base import Checked, Explorer, Fixed, RefusedValue, choice, whole_in

#: What the page's ``numberText`` (common.js) removes from typed text, wherever it stands: what
#: JavaScript's ``\s`` matches (Python's ``\s`` differs: it takes \x1c-\x1f and \x85, not U+FEFF).
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

#: A number as the page reads it, after the spaces are gone, ``\u2212`` made ``-`` and the commas
#: read: an optional sign, ASCII digits with at most one decimal point, an optional exponent.
#: (``[0-9]+(\.[0-9]*)?``, not ``[0-9]+\.?[0-9]*``, which tries every split of a run of digits
#: before it fails: a long pasted text took seconds.)
NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")

#: A number with thousands separators as the book prints them (``2,410``, ``-12,345.5``): a first
#: group of 1 to 3 digits not starting with 0, then groups of exactly 3 after each comma; a
#: decimal part and an exponent may follow. Its commas are dropped; any other comma is a decimal
#: comma (``GROUPED`` in common.js, the same pattern).
GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]*)?([eE][-+]?[0-9]+)?")

#: What the box says after the reason when typed text is no number: the forms it reads.
FORMS = "The box reads numbers such as 0.25, \u22120.25, 0,25 (decimal comma), 2,410 (thousands comma) or 2.5e-3"


#: Characters that take no room: pasted text carries them unseen; dropped as spaces are.
ZERO_WIDTH = "\u200b-\u200d\u2060"


def plain_text(text: str) -> str:
    """Typed text with every space of any kind (:data:`JS_SPACE`) and every zero-width character
    (:data:`ZERO_WIDTH`) removed and a true minus (U+2212) made ``-``; its commas untouched
    (``plainText`` in common.js)."""
    return re.sub(f"[{JS_SPACE}{ZERO_WIDTH}]+", "", str(text)).replace("\u2212", "-")


#: What may stand in a number as the box reads it (an exponent's e aside).
NUMBERISH = frozenset("0123456789.,+-")


#: A number with spaces as thousands separators (``1 000``, ``12 345,5``, a thin or no-break space
#: as well), once the spaces at its ends are gone: a first group of 1 to 3 digits not starting
#: with 0, then groups of exactly 3 after each run of spaces (``SPACED`` in common.js). A space
#: anywhere else inside a number is refused (:func:`inner_space`): ``0.14 09`` and ``1 2`` are
#: no numbers, not 0.1409 and 12.
SPACED = re.compile(f"[-+]?[1-9][0-9]{{0,2}}([{JS_SPACE}]+[0-9]{{3}})+([.,][0-9]*)?([eE][-+]?[0-9]+)?")


def inner_space(text: str) -> bool:
    """Whether typed text has a space inside it (its ends aside, zero-width characters dropped,
    a true minus made ``-``) that is not a thousands separator of :data:`SPACED` (``innerSpace``
    in common.js)."""
    inner = re.sub(f"^[{JS_SPACE}]+|[{JS_SPACE}]+\\Z", "", re.sub(f"[{ZERO_WIDTH}]+", "", str(text)).replace("\u2212", "-"))
    return re.search(f"[{JS_SPACE}]", inner) is not None and not SPACED.fullmatch(inner)


#: What a box that asks for a percentage (:func:`is_percentage`) takes after the number: a per cent
#: sign, with spaces before or after it (``97.78%``, ``97.78 %``; ``PERCENT_SIGN`` in answer.js).
PERCENT_SIGN = re.compile(f"[{JS_SPACE}]*%[{JS_SPACE}]*\\Z")


def is_percentage(label: str) -> bool:
    """Whether a box asks for a percentage: its label ends with ``(%)`` (``isPercentage`` in
    answer.js). Such a box reads ``97.78%`` as 97.78."""
    return str(label).rstrip().endswith("(%)")


def typed_number(text: str, percent: bool) -> str:
    """The text of the number typed: without a trailing per cent sign (:data:`PERCENT_SIGN`) in a
    box that asks for a percentage, else as typed (``typedNumber`` in answer.js)."""
    return PERCENT_SIGN.sub("", text) if percent else text


def stray_text(plain: str) -> str:
    """The first run of characters that are not part of a number (:data:`NUMBERISH`) holding one
    that is not an exponent's e either, or ``""`` (``strayText`` in answer.js). Found in one pass,
    as no regular expression with two stars could on a long run of e's."""
    first = next((i for i, c in enumerate(plain) if c not in NUMBERISH and c not in "eE"), None)
    if first is None:
        return ""
    start, end = first, first + 1
    while start > 0 and plain[start - 1] not in NUMBERISH:
        start -= 1
    while end < len(plain) and plain[end] not in NUMBERISH:
        end += 1
    return plain[start:end]


def number_text(text: str) -> str:
    """Typed text as :func:`parse_number` reads it (``numberText`` in common.js):
    :func:`plain_text`, then the commas of a :data:`GROUPED` number dropped (thousands
    separators), or else every comma made a decimal point."""
    plain = plain_text(text)
    return plain.replace(",", "") if GROUPED.fullmatch(plain) else plain.replace(",", ".")


def parse_number(text: str) -> float:
    """Typed text as a number, by the page's rule (``parseNumber`` in common.js): read as
    :func:`number_text` reads it (spaces gone, a true minus a minus, commas between groups of
    three digits thousands separators, any other comma a decimal comma); then it must be
    :data:`NUMBER` (so no ``1_000``, no full-width digits, no ``nan`` or ``inf``), with no space
    inside it but thousands separators (:func:`inner_space`), else NaN. A
    number beyond a double's range is ``inf``, as on the page."""
    clean = number_text(text)
    if inner_space(text) or not NUMBER.fullmatch(clean):
        return math.nan
    return float(clean)


def why_not_a_number(text: str) -> str:
    """Why typed text is no number, in words (``whyNotANumber`` in answer.js), or ``""`` when
    :func:`parse_number` reads a finite number from it. The first that applies, on
    :func:`plain_text`: an empty box; a fraction (``/``); an underscore (``1_000``); a space inside
    a number that is none but for it (:func:`inner_space`), with the number it would be; characters no
    number has (the first run of them, quoted: letters, ``%``, full-width digits); a sign inside
    the number; no digit at all; more than one decimal point; a point with a comma that is no
    thousands separator; commas that are not between groups of three digits; a bad exponent; a
    number too large for a double."""
    value = parse_number(text)
    if math.isfinite(value):
        return ""
    plain = plain_text(text)
    if math.isinf(value):
        return "the number is too large to read"
    if plain == "":
        return "the box is empty"
    if "/" in plain:
        return "a fraction (1/2) is not read: type its value as a decimal"
    if "_" in plain:
        return "an underscore (1_000) is not read"
    if inner_space(text) and math.isfinite(parse_number(plain)):
        return ("a space inside a number is read only between groups of three digits, as in 1 000: type "
                + plain.replace("-", "\u2212") + " if that is the number meant")
    stray = stray_text(plain)
    if stray:
        return f"\u201c{stray}\u201d is not part of a number"
    if re.search(r"[^eE][-+]", plain):
        return "a minus or plus sign is read only at the start, or after the e of an exponent"
    if not re.search(r"[0-9]", plain):
        return "there is no digit"
    if plain.count(".") > 1:
        return "there is more than one decimal point"
    if "." in plain and "," in plain:
        return "a comma beside a decimal point is read only between groups of three digits, as in 12,345.5"
    if plain.count(",") > 1:
        return "several commas are read only between groups of three digits, as in 1,234,567"
    return "an exponent is read only as digits, e and a whole number, as in 2.5e-3"


def comma_reading(text: str) -> str:
    """How the box read a number typed with a comma, in words (``commaReading`` in answer.js):
    ``"read as 2410, the comma as a thousands separator; for a decimal point, type 2.410"`` or
    ``"read as 0.14, the comma as a decimal point"``; ``""`` for text with no comma or that is no
    number. The number read is :func:`number_text`'s, with a true minus."""
    plain = plain_text(text)
    if "," not in plain or not math.isfinite(parse_number(text)):
        return ""
    read = "read as " + number_text(text).replace("-", "\u2212")
    if not GROUPED.fullmatch(plain):
        return read + ", the comma as a decimal point"
    commas = plain.count(",")
    if commas > 1:
        return read + ", the commas as thousands separators"
    read += ", the comma as a thousands separator"
    if "." in plain:
        return read
    return read + "; for a decimal point, type " + plain.replace(",", ".").replace("-", "\u2212")


def is_correct(given: float, answer: float, decimals: int) -> bool:
    """Whether ``given`` is ``answer`` to ``decimals`` decimal places: ``|given − answer|`` at
    most half a unit of the last place asked for (plus a rounding allowance of 1e-9 of it)."""
    half_unit = 0.5 * 10.0 ** -decimals
    return abs(given - answer) <= half_unit * (1 + 1e-9)


#: Beyond this many units of the last place asked for, a double no longer holds every whole number
#: (and its neighbours), so the box cannot round to them: an answer must have fewer; a reader's
#: number with more is not correct.
MAX_UNITS = 2 ** 52

#: What every key hashes before the places and the units (``KEY_TEXT`` in answer.js).
KEY_TEXT = "backprop-step-by-step answer"


def roundings(value: float, decimals: int) -> list[int]:
    """The whole numbers ``k`` of units of the ``decimals``-th place such that ``k / 10**decimals``
    is within half a unit of ``value`` (:func:`is_correct`): ``value`` rounded to ``decimals``
    places, one number, or both at an exact half; none when ``value`` holds :data:`MAX_UNITS` or
    more units (``roundings`` in answer.js)."""
    scale = 10 ** decimals
    units = value * scale
    if not abs(units) < MAX_UNITS:
        return []
    centre = round(units)
    return [k for k in (centre - 1, centre, centre + 1) if is_correct(value, k / scale, decimals)]


def answer_key(decimals: int, units: int) -> str:
    """The key of ``units`` units of the ``decimals``-th place: the first 16 hexadecimal digits of
    the SHA-256 of ``"<KEY_TEXT>|<decimals>|<units>"`` (``answerKey`` in answer.js)."""
    return hashlib.sha256(f"{KEY_TEXT}|{decimals}|{units}".encode()).hexdigest()[:16]


def answer_keys(answer: float, decimals: int) -> list[list[str]]:
    """What the page keeps of ``answer``: for each number of places from 0 to ``decimals``, the
    keys of the roundings of ``answer`` to that many places (:func:`roundings`, :func:`answer_key`)."""
    return [[answer_key(places, k) for k in roundings(answer, places)] for places in range(decimals + 1)]


def matches(value: float, keys: list[list[str]], decimals: int) -> bool:
    """Whether ``value`` (a finite number) rounded to ``decimals`` places is a rounding of the
    answer whose :func:`answer_keys` are ``keys``: for a number with at most ``decimals`` places,
    :func:`is_correct` (``matches`` in answer.js)."""
    return math.isfinite(value) and any(answer_key(decimals, k) in keys[decimals] for k in roundings(value, decimals))


def typed_decimals(text: str) -> int | None:
    """How many decimal places the reader typed (``"0.14"``: 2, ``"0,14"``: 2, ``"2,410"``: 0,
    ``"3"``: 0), read as :func:`parse_number` reads; ``None`` for text with an exponent or that is
    not a number."""
    clean = number_text(text)
    if not NUMBER.fullmatch(clean) or "e" in clean.lower():
        return None
    return len(clean.split(".")[1]) if "." in clean else 0


def advice(text: str, keys: list[list[str]], decimals: int, hint: str = "", percent: bool = False) -> str:
    """What the box says to what the reader typed, the same rule as ``advice`` in answer.js, for
    the answer whose :func:`answer_keys` are ``keys``: ``"✓ correct"``; or, for text that is no
    number, "not yet", why it is none (:func:`why_not_a_number`) and the forms the box reads
    (:data:`FORMS`); or "not yet" and, in this order, a word on the sign (right size, wrong
    sign), a request for more decimal places (right to the one or more places typed), or else
    the exercise's ``hint``; followed, for a number typed with a comma, by how the box read it
    (:func:`comma_reading`) in brackets. With ``percent`` (a box that asks for a percentage), a trailing per
    cent sign is read as part of the number (:func:`typed_number`)."""
    text = typed_number(text, percent)
    value = parse_number(text)
    if matches(value, keys, decimals):
        return "\u2713 correct"
    if not math.isfinite(value):
        return "not yet: " + why_not_a_number(text) + ". " + FORMS
    shown = typed_decimals(text)
    if matches(-value, keys, decimals):
        said = ": the size is right; check the sign"
    elif shown is not None and 1 <= shown < decimals and matches(value, keys, shown):
        said = f": right as far as it goes; give it to {decimals} decimal place" + ("s" if decimals > 1 else "")
    else:
        said = ": " + hint if hint else ""
    reading = comma_reading(text)
    return "not yet" + said + (f" ({reading})" if reading else "")


def _units_fit(name: str, answer: float, decimals: int) -> None:
    """Refuse, naming ``name``, an answer with :data:`MAX_UNITS` or more units of the last place."""
    if not abs(answer) * 10 ** decimals < MAX_UNITS - 1:
        raise RefusedValue(f"{name}: expected an answer below 2**52 units of the last place asked for "
                           f"(|answer| \u00d7 10**decimals), got answer {answer!r} to {decimals} decimal places")


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

    The page holds no answer, only its keys (the trait ``accepted``, :func:`answer_keys`), which
    follow ``answer`` and ``decimals`` when either is set. The traits ``given`` (what was typed)
    and ``verdict`` (``""``, ``"correct"`` or ``"not yet"``) are shared with the page: a notebook
    can read what the reader typed.
    """

    _js = "answer.js"
    _core = False  # it computes nothing: no need of core.js
    _shown = ("label", "decimals")

    accepted = Checked([]).tag(sync=True)
    decimals = Checked(4).tag(sync=True)
    hint = Checked("").tag(sync=True)
    label = Checked("Your answer").tag(sync=True)
    given = Checked("").tag(sync=True)
    verdict = Checked("").tag(sync=True)

    #: answer (the constructor's, kept in Python, never shared): a finite number; the keys of
    #: it (accepted); decimals: a whole number from 0 to 12; hint, label, given (what the reader typed):
    #: strings; verdict: "", "correct" or "not yet".
    _checks = {
        "answer": check_arg.number,
        "accepted": Fixed("the keys of the answer's roundings, made from answer and decimals"),
        "decimals": whole_in(0, 12),
        "hint": check_arg.text,
        "label": check_arg.text,
        "given": check_arg.text,
        "verdict": choice(("", "correct", "not yet")),
    }

    def __init__(self, answer, decimals: int = 4, hint: str = "", label: str = "Your answer"):
        given = {"answer": answer, "decimals": decimals, "hint": hint, "label": label}
        checked = {name: self._check(name, value) for name, value in given.items()}
        _units_fit("answer", checked["answer"], checked["decimals"])
        self._answer = checked.pop("answer")
        super().__init__(accepted=answer_keys(self._answer, checked["decimals"]), **checked)

    @property
    def answer(self) -> float:
        """The exact answer, in Python only (the page has its keys)."""
        return self._answer

    @answer.setter
    def answer(self, value) -> None:
        value = self._validated("answer", value)
        self._answer = value
        self._rekey()

    def _validated(self, name: str, value):
        value = super()._validated(name, value)
        if name in ("answer", "decimals") and not self._building:
            answer, decimals = (value, self.decimals) if name == "answer" else (self._answer, value)
            _units_fit(name, answer, decimals)
        return value

    @traitlets.observe("decimals")
    def _decimals_changed(self, change) -> None:
        self._rekey()

    def _rekey(self) -> None:
        """``accepted`` made again from ``answer`` and ``decimals`` (the one way they change)."""
        self._building = True
        try:
            self.accepted = answer_keys(self._answer, self.decimals)
        finally:
            self._building = False

    def check(self, given) -> bool:
        """Check ``given`` (a number, or the text a reader would type, read by
        :func:`parse_number` as the page reads it) as the page does (:func:`matches` on the
        keys), and record it in ``given`` and ``verdict``. Text that is not a number is "not yet"."""
        value = (parse_number(typed_number(given, self.percent)) if isinstance(given, str)
                 else check_arg.number("given", given))
        ok = matches(value, self.accepted, self.decimals)
        with self.hold_trait_notifications():
            self.given, self.verdict = str(given), "correct" if ok else "not yet"
        return ok

    def advice(self, given: str) -> str:
        """What the page says to ``given`` typed in the box: see :func:`advice`."""
        return advice(check_arg.text("given", given), self.accepted, self.decimals, self.hint, self.percent)

    @property
    def percent(self) -> bool:
        """Whether the box asks for a percentage (its label ends with "(%)", :func:`is_percentage`):
        then it reads ``97.78%`` as 97.78."""
        return is_percentage(self.label)
