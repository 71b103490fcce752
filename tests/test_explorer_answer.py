"""The answer box of the exercises (backprop_lib.explorers.Answer): the same verdict from
Python and from the page, an answer that is the library's own number, bad input refused; and,
in the built book, the box answers a reader with no kernel, offline."""

import json
import math
import re
from pathlib import Path

import pytest

import backprop_lib as bl
from backprop_lib.explorers import Answer
from backprop_lib.explorers.answer import is_correct, parse_number
from backprop_lib.pages import examples
from browsing import open_lesson
from node_js import node


@pytest.mark.parametrize("given, decimals, ok", [
    (0.1235, 4, True),      # 0.12345 rounds either way: within half a unit of the 4th place
    (0.1234, 4, True),
    (0.1236, 4, False),     # 0.1236 − 0.12345 = 0.00015, more than half a unit (0.00005)
    (0.12345, 4, True),
    (0.12, 2, True),
    (0.13, 2, False),
    (-0.12345, 4, False),   # the sign counts
    (0.0, 0, True),         # whole numbers: 0.12345 is 0
    (1.0, 0, False),
])
def test_an_answer_is_correct_to_the_decimals_asked_for(given, decimals, ok):
    assert is_correct(given, 0.12345, decimals) is ok
    assert Answer(0.12345, decimals=decimals).check(given) is ok


@pytest.mark.parametrize("typed, ok", [
    ("\u22120.0539", True), ("-0.0539", True), (" -0,0539 ", True), ("-0.05394", True),
    ("0.0539", False), ("-0.054", False), ("", False), ("abc", False), ("--0.05", False), ("nan", False),
])
def test_typed_text_is_read_as_a_reader_types_it(typed, ok):
    box = Answer(-0.053936, decimals=4, hint="multiply the three factors")
    assert box.check(typed) is ok
    assert box.given == typed and box.verdict == ("correct" if ok else "not yet")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"answer": None}, TypeError, r"^answer: expected a number, got None"),
    ({"answer": "0.5"}, TypeError, r"^answer: expected a number, got str"),
    ({"answer": math.inf}, ValueError, r"^answer: expected a finite number, got inf"),
    ({"answer": True}, TypeError, r"^answer: expected a number, got bool"),
    ({"answer": 1.0, "decimals": 2.0}, TypeError, r"^decimals: expected a whole number >= 0, got float"),
    ({"answer": 1.0, "decimals": -1}, ValueError, r"^decimals: expected a whole number >= 0, got -1"),
    ({"answer": 1.0, "decimals": 13}, ValueError, r"^decimals: expected a whole number from 0 to 12, got 13"),
    ({"answer": 1.0, "hint": 3}, TypeError, r"^hint: expected a string, got int"),
    ({"answer": 1.0, "label": None}, TypeError, r"^label: expected a string, got None"),
])
def test_bad_arguments_are_refused_naming_them(kwargs, error, message):
    with pytest.raises(error, match=message):
        Answer(**kwargs)


def test_check_refuses_what_is_neither_text_nor_a_number_and_keeps_its_state():
    box = Answer(0.5, decimals=1)
    box.check("0.5")
    with pytest.raises(TypeError, match=r"^given: expected a number, got None"):
        box.check(None)
    assert (box.given, box.verdict) == ("0.5", "correct")


def test_its_text_form_holds_no_memory_address_so_nbval_compares_it():
    assert repr(Answer(0.25, decimals=3, label="a")) == "Answer(label='a', decimals=3)"


#: What the box says after the reason when typed text is no number.
FORMS = ". The box reads numbers such as 0.25, \u22120.25, 0,25 (decimal comma), 2,410 (thousands comma) or 2.5e-3"
THOUSANDS = "the comma as a thousands separator"

ADVICE = [  # (typed, answer, decimals, what the box must say); the hint is "HINT"
    ("0.1409", 0.140934, 4, "\u2713 correct"),
    ("0.141", 0.140934, 4, "not yet: right as far as it goes; give it to 4 decimal places"),
    ("0,14", 0.140934, 4, "not yet: right as far as it goes; give it to 4 decimal places "
                          "(read as 0.14, the comma as a decimal point)"),
    ("0,1409", 0.140934, 4, "\u2713 correct"),     # a decimal comma read, nothing more to say
    ("0.15", 0.140934, 4, "not yet: HINT"),
    ("0", 0.140934, 4, "not yet: HINT"),            # a whole number typed is no near miss
    ("\u22120.1409", 0.140934, 4, "not yet: the size is right; check the sign"),
    ("-0.1154", -0.115375, 4, "\u2713 correct"),
    ("0.1154", -0.115375, 4, "not yet: the size is right; check the sign"),
    ("0", 0.0, 2, "\u2713 correct"),
    ("-0.00", 0.0, 2, "\u2713 correct"),
    ("1.409e-1", 0.140934, 4, "\u2713 correct"),
    ("1.4e-1", 0.140934, 4, "not yet: HINT"),       # an exponent: no count of places typed
    ("21", 20, 0, "not yet: HINT"),
    ("2.774", 2.7735, 4, "not yet: right as far as it goes; give it to 4 decimal places"),
    # thousands separators, as the book prints them, and what the box says of any other comma
    ("2,410", 2410, 0, "\u2713 correct"),
    ("2,410", 2.41, 2, f"not yet: HINT (read as 2410, {THOUSANDS}; for a decimal point, type 2.410)"),
    ("2,410", 2.4103, 4, f"not yet: HINT (read as 2410, {THOUSANDS}; for a decimal point, type 2.410)"),
    ("\u22122,410", 2410, 0, f"not yet: the size is right; check the sign (read as \u22122410, {THOUSANDS}; "
                             "for a decimal point, type \u22122.410)"),
    ("12,345.5", 12345.5, 1, "\u2713 correct"),
    ("12,345.5", 12345.46, 2, f"not yet: right as far as it goes; give it to 2 decimal places "
                              f"(read as 12345.5, {THOUSANDS})"),
    ("1,234,567", 1234567, 0, "\u2713 correct"),
    ("1,234,567", 1.234567, 6, "not yet: HINT (read as 1234567, the commas as thousands separators)"),
    ("2,41", 2.41, 2, "\u2713 correct"),           # not groups of three: a decimal comma
    ("0,140", 0.14, 3, "\u2713 correct"),          # a first group of 0 is no thousands group
    ("0,140", 140, 0, "not yet: HINT (read as 0.140, the comma as a decimal point)"),
    ("1234,567", 1234567, 0, "not yet: HINT (read as 1234.567, the comma as a decimal point)"),
    # text that is no number: why, and the forms the box reads
    ("20 updates", 20, 0, "not yet: \u201cupdates\u201d is not part of a number" + FORMS),
    ("abc", 0.5, 2, "not yet: \u201cabc\u201d is not part of a number" + FORMS),
    ("nan", 0.5, 2, "not yet: \u201cnan\u201d is not part of a number" + FORMS),
    ("0.5%", 0.5, 2, "not yet: \u201c%\u201d is not part of a number" + FORMS),
    ("", 0.5, 2, "not yet: the box is empty" + FORMS),
    ("   ", 0.5, 2, "not yet: the box is empty" + FORMS),
    ("1/2", 0.5, 2, "not yet: a fraction (1/2) is not read: type its value as a decimal" + FORMS),
    ("1_000", 1000, 0, "not yet: an underscore (1_000) is not read" + FORMS),
    ("1.2.3", 1.23, 2, "not yet: there is more than one decimal point" + FORMS),
    ("1.234,5", 1234.5, 1, "not yet: a comma beside a decimal point is read only between groups of three "
                           "digits, as in 12,345.5" + FORMS),
    ("1,23,456", 123456, 0, "not yet: several commas are read only between groups of three digits, "
                            "as in 1,234,567" + FORMS),
    ("--0.05", -0.05, 2, "not yet: a minus or plus sign is read only at the start, or after the e of an "
                         "exponent" + FORMS),
    ("0.05-", -0.05, 2, "not yet: a minus or plus sign is read only at the start, or after the e of an "
                        "exponent" + FORMS),
    ("-", -0.05, 2, "not yet: there is no digit" + FORMS),
    ("1e", 1, 0, "not yet: an exponent is read only as digits, e and a whole number, as in 2.5e-3" + FORMS),
    ("1e400", 1, 0, "not yet: the number is too large to read" + FORMS),
]


@pytest.mark.parametrize("typed, answer, decimals, said", ADVICE)
def test_the_box_says_what_is_wrong_with_a_near_miss(typed, answer, decimals, said):
    assert Answer(answer, decimals=decimals, hint="HINT").advice(typed) == said


def page_advice(cases: list) -> list:
    """answer.js's advice() for each (typed, answer, decimals), the hint "HINT", run in node with
    common.js before it, as the page's module has it."""
    here = Path(__file__).resolve().parents[1] / "backprop_lib" / "explorers"
    js = (here / "common.js").read_text() + (here / "answer.js").read_text().split("export default")[0]
    script = js + f"\nconsole.log(JSON.stringify({json.dumps(cases)}.map(([t, a, d]) => advice(t, a, d, 'HINT'))));"
    return json.loads(node("-e", script, timeout=60))


def test_the_page_gives_the_same_advice_as_python_in_node():
    """answer.js's advice(), run in node with common.js before it, on the same table."""
    assert page_advice([[t, a, d] for t, a, d, _ in ADVICE]) == [s for *_, s in ADVICE]


#: Numbers as the book prints them: Python's thousands format (the lessons' prose, the XOR
#: explorer's Python side), with a true minus as ``fmt`` in common.js prints one.
PRINTED = [2410, 10_000, 50_000, 1_234_567, 12345.5, 999, 1000, 2410.25, 0.0539, 1_000_000.125]


def book_prints(value: float) -> str:
    """``value`` as the book prints it: thousands separated by commas, a true minus sign."""
    text = f"{value:,}" if float(value).is_integer() else f"{value:,.{len(repr(float(value)).split('.')[1])}f}"
    return text.replace("-", "\u2212")


def test_the_box_reads_numbers_as_the_book_prints_them_in_python_and_on_the_page():
    """Every number the book prints with thousands separators (and its negative, with a true
    minus) is read back as that number, "correct" to its own decimals, by Python and by the page;
    and by the same rule, the thousands the XOR explorer prints with toLocaleString('en-US')."""
    cases = []
    for value in PRINTED + [-v for v in PRINTED]:
        text = book_prints(value)
        assert parse_number(text) == value, text
        decimals = len(text.split(".")[1]) if "." in text else 0
        cases.append([text, value, decimals])
    assert [c[0] for c in cases[:5]] == ["2,410", "10,000", "50,000", "1,234,567", "12,345.5"]
    assert all(Answer(v, decimals=d).advice(t) == "\u2713 correct" for t, v, d in cases)
    assert page_advice(cases) == ["\u2713 correct"] * len(cases)
    printed = json.loads(node("-e", "console.log(JSON.stringify([2410, 10000, 50000, 1234567]"
                              ".map((v) => Math.round(v).toLocaleString('en-US'))))", timeout=60))
    assert [parse_number(t) for t in printed] == [2410, 10000, 50000, 1234567]


#: Typed text with commas, each of both readings: groups of three after a first group of 1-3
#: digits (not 0) are thousands; any other single comma is a decimal comma.
COMMAS = ["2,410", "12,345.5", "1,000,000", "\u22122,410", "+7,000", "1,000e3", "999,999.25",
          "0,14", "2,41", "0,140", "1234,567", "12,3456", "\u22120,0539", ",5", "5,", "1,5e2", "007,000"]


@pytest.mark.parametrize("answer, decimals", [(2.41, 2), (2410.0, 0), (-0.0539, 4), (0.14, 3), (1.0, 0)])
def test_a_number_typed_with_a_comma_says_how_it_was_read_when_not_yet(answer, decimals):
    """The whole kind: for every number typed with a comma, whenever the verdict is "not yet" the
    box says, in brackets at the end, what number it read and whether the comma was a thousands
    separator or a decimal point; the number it names is the one it compared, and the other reading
    it offers for a single thousands comma is the decimal one. Python and the page say the same."""
    said = [Answer(answer, decimals=decimals, hint="HINT").advice(t) for t in COMMAS]
    assert page_advice([[t, answer, decimals] for t in COMMAS]) == said
    for typed, advice in zip(COMMAS, said):
        value = parse_number(typed)
        assert math.isfinite(value), typed
        if is_correct(value, answer, decimals):
            assert advice == "\u2713 correct"
            continue
        reading = re.fullmatch(r"not yet(?:: .*)? \(read as (\S+), the (commas?) as (a thousands separator|"
                               r"thousands separators|a decimal point)(?:; for a decimal point, type (\S+))?\)", advice)
        assert reading, (typed, advice)
        read, comma, role, other = reading.groups()
        assert float(read.replace("\u2212", "-")) == value, (typed, advice)
        plain = typed.replace("\u2212", "-")
        if role == "a decimal point":
            assert value == float(plain.replace(",", ".")) and plain.count(",") == 1
        else:
            assert value == float(plain.replace(",", "")) and (comma == "commas") == (plain.count(",") > 1)
            if other is not None:
                assert plain.count(",") == 1 and "." not in plain
                assert parse_number(other) == float(plain.replace(",", "."))


#: Text that is no number, and a word of the reason the box must give.
NOT_NUMBERS = [("", "empty"), ("  ", "empty"), ("1/2", "fraction"), ("3 / 4", "fraction"), ("1_000", "underscore"),
               ("abc", "\u201cabc\u201d"), ("twelve", "\u201ctwelve\u201d"), ("Infinity", "\u201cInfinity\u201d"),
               ("0x10", "\u201cx\u201d"), ("\uff11\uff12", "\u201c\uff11\uff12\u201d"), ("\u00bd", "\u201c\u00bd\u201d"),
               ("1.2.3", "more than one decimal point"), ("0..5", "more than one decimal point"),
               ("1.234,5", "comma beside a decimal point"), ("1,2,3", "several commas"), ("12,34,567", "several commas"),
               ("--1", "sign"), ("+-1", "sign"), ("1-2", "sign"), ("-", "no digit"), (".", "no digit"), (",", "no digit"),
               ("1e", "exponent"), ("e5", "exponent"), ("1e2.5", "exponent"), ("1e-", "exponent"), ("1e400", "too large")]


@pytest.mark.parametrize("typed, reason", NOT_NUMBERS)
def test_text_that_is_no_number_is_told_why_and_which_forms_are_read(typed, reason):
    """Text the box cannot read is "not yet" with the reason (what was not understood), then the
    forms it reads; never the bare request for a number. The page says the same."""
    advice = Answer(0.5, decimals=2, hint="HINT").advice(typed)
    assert advice.startswith("not yet: ") and advice.endswith(FORMS[2:]), advice
    assert reason in advice.removesuffix(FORMS), advice
    assert page_advice([[typed, 0.5, 2]]) == [advice]


# In the built book: chapter 2's first exercise, y = 1.5 (pumaline's arithmetic).
def _dw_with_target_1_5() -> float:
    used = examples.single_neuron("used")
    return bl.gradients(used.net, used.x, used.y).dW[1].item()


def test_the_box_in_the_static_book_answers_with_no_kernel(book_server, browser):
    dw = _dw_with_target_1_5()
    page, problems = open_lesson(browser, book_server, "02_computational_graph", "#ex-graph-target .bp-answer")
    box = page.locator("#ex-graph-target .bp-answer")  # inside the exercise it checks
    field, verdict = box.locator("input"), box.locator(".bp-verdict")
    assert "4 decimal places" in box.locator("label").text_content()
    field.fill(f"{-dw:.4f}")  # the sign wrong
    field.press("Enter")
    assert verdict.text_content() == "not yet: the size is right; check the sign"
    field.fill(f"{dw + 0.004:.3f}")  # wrong in the third place
    field.press("Enter")
    assert verdict.text_content().startswith("not yet: only d changes")  # the exercise's own hint
    field.fill(f"{dw:.4f}".replace("-", "\u2212"))  # as the book prints it
    box.locator("button").click()
    assert verdict.text_content() == "\u2713 correct"
    field.fill(f"{dw + 1e-4:.4f}")  # one unit off in the last place
    field.press("Enter")
    assert verdict.text_content().startswith("not yet")
    assert not problems, problems
    page.close()
