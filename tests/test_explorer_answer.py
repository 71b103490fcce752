"""The answer box of the exercises (backprop_lib.explorers.Answer): the same verdict from
Python and from the page, an answer that is the library's own number, bad input refused; and,
in the built book, the box answers a reader with no kernel, offline."""

import hashlib
import json
import math
import re
from pathlib import Path

import pytest

import backprop_lib as bl
from backprop_lib.explorers import Answer
from backprop_lib.explorers.answer import answer_keys, is_correct, matches, parse_number, roundings
from backprop_lib.pages import examples
from browsing import HTML, open_lesson
from explorer_source import NOTEBOOKS, ROOT, notebook_models, page_models
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
    ("\u2212\u200b0.0539\u2060", True),  # zero-width characters, as pasted text carries them unseen
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
    ({"answer": 1e13, "decimals": 3}, ValueError, r"^answer: expected an answer below 2\*\*52 units of the last "
                                                  r"place asked for \(\|answer\| × 10\*\*decimals\), got answer "
                                                  r"10000000000000\.0 to 3 decimal places"),
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


def page_functions() -> str:
    """answer.js's functions (all but its render), with common.js before them, as the page's
    module has them: for node."""
    here = Path(__file__).resolve().parents[1] / "backprop_lib" / "explorers"
    return (here / "common.js").read_text() + (here / "answer.js").read_text().split("export default")[0]


def page_advice(cases: list, percent: bool = False) -> list:
    """answer.js's advice() for each (typed, answer, decimals), the hint "HINT", run in node: the
    page gets the answer's keys (answer_keys), never the answer; ``percent``: for a box that asks
    for a percentage."""
    keyed = [[t, answer_keys(a, d), d] for t, a, d in cases]
    script = page_functions() + (f"\nconsole.log(JSON.stringify({json.dumps(keyed)}.map(([t, k, d]) => "
                                 f"advice(t, k, d, 'HINT', {json.dumps(percent)}))));")
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
               ("1e", "exponent"), ("e5", "exponent"), ("1e2.5", "exponent"), ("1e-", "exponent"), ("1e400", "too large"),
               ("2eeq", "\u201ceeq\u201d"), ("0.5\u200bkg", "\u201ckg\u201d"),
               # a space inside a number, but for thousands separators (1 000): refused, with the number
               # it would be without it (it was dropped: "0.14 09" read 0.1409, "1 2" read 12)
               ("0.14 09", "space inside a number is read only between groups of three digits, as in 1 000: type "
                           "0.1409 if that is the number meant"), ("1 2", "type 12 if"), ("\u2212 0.5", "type \u22120.5 if"),
               ("2, 410", "type 2,410 if"), ("1 2x", "\u201cx\u201d"),
               # long pasted text, read in one pass: "1"*n + "x" took seconds (the page froze) and
               # "e"*n a second with the patterns that split a run of digits or e's every way
               ("1" * 100_000 + "x", "\u201cx\u201d"), ("e" * 100_000, "no digit"), ("1" * 100_000 + ".5.", "decimal point")]


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


# ---- the answer is not in the page: keys of its roundings ----------------------------------------
def test_the_pages_sha256_is_hashlibs():
    """answer.js's SHA-256, run in node, against Python's hashlib: every length from 0 to 200 bytes
    (across the padding's edges at 55, 56 and 64), and texts with characters of 2, 3 and 4 bytes."""
    texts = ["a" * n for n in range(201)] + ["\u2202L/\u2202w \u2212 \U0001d4db", "backprop-step-by-step answer|4|-539"]
    script = page_functions() + f"\nconsole.log(JSON.stringify({json.dumps(texts)}.map(sha256Hex)));"
    assert json.loads(node("-e", script, timeout=60)) == [hashlib.sha256(t.encode()).hexdigest() for t in texts]


#: Answers and places: exact halves (both roundings accepted), zero, negatives, thousands, the
#: edges of the places (0 and 12), and just below a unit's half.
KEYED = [(0.12345, 4), (0.053936, 4), (-0.053936, 4), (0.0, 2), (-0.0, 0), (2410.0, 0), (12345.46, 2), (2.5, 0),
         (-2.5, 0), (0.125, 2), (1e-13, 12), (0.1234567890123, 12), (999.9995, 3), (1_000_000.125, 3), (98.15, 2)]


def test_python_and_the_page_make_the_same_keys_and_roundings():
    script = page_functions() + (f"\nconsole.log(JSON.stringify({json.dumps(KEYED)}.map(([a, d]) => "
                                 "[roundings(a, d), Array.from({length: d + 1}, (_, p) => roundings(a, p).map((k) => answerKey(p, k)))])));")
    assert json.loads(node("-e", script, timeout=60)) == [[roundings(a, d), answer_keys(a, d)] for a, d in KEYED]


def test_a_number_typed_to_the_places_asked_for_gets_exactly_the_verdict_of_is_correct():
    """The whole kind: for each answer, every number of at most the places asked for within three
    units of it (and its negative), as a reader types it, is correct by the keys exactly when it is
    within half a unit of the answer (is_correct); and one typed with more places is correct when it
    rounds to a rounding of the answer."""
    for answer, decimals in KEYED:
        keys = answer_keys(answer, decimals)
        assert 1 <= len(keys[decimals]) <= 2, (answer, decimals)
        centre = round(answer * 10 ** decimals)
        for places in range(decimals + 1):
            for k in range(centre // 10 ** (decimals - places) - 3, centre // 10 ** (decimals - places) + 4):
                for typed in (f"{k / 10 ** places:.{places}f}", f"{-k / 10 ** places:.{places}f}"):
                    value = parse_number(typed)
                    assert matches(value, keys, decimals) is is_correct(value, answer, decimals), (answer, decimals, typed)
        finer = [answer + 0.3 * 10 ** -decimals, answer - 0.3 * 10 ** -decimals, answer + 0.7 * 10 ** -decimals]
        for value in finer:
            assert matches(value, keys, decimals) is any(k in roundings(answer, decimals) for k in roundings(value, decimals))


def shown_forms(answer: float, decimals: int) -> set:
    """The answer as a page could hold it in plain view: its repr, and its roundings to the places
    asked for and to each number of places from the box's up to 12."""
    return {repr(float(answer))} | {f"{answer:.{places}f}" for places in range(max(decimals, 1), 13)}


def test_the_box_shares_no_answer_with_the_page():
    """What the page gets of a box (its synced state) holds no trait ``answer`` and the answer in
    none of the forms a page would print it, and its keys follow answer and decimals when set."""
    box = Answer(-0.053936, decimals=4, hint="multiply the three factors", label="\u2202L/\u2202w")
    state = box.get_state()
    assert "answer" not in state and state["accepted"] == answer_keys(-0.053936, 4)
    text = json.dumps(state, ensure_ascii=False)
    assert not [form for form in shown_forms(-0.053936, 4) if form in text]
    box.answer, box.decimals = 0.25, 2
    assert box.accepted == answer_keys(0.25, 2) and box.check("0.25") and not box.check("-0.25")
    with pytest.raises(ValueError, match=r"^accepted: expected it unchanged"):
        box.accepted = answer_keys(0.5, 2)


def test_more_places_than_a_double_can_round_to_are_refused_by_name_and_change_nothing():
    box = Answer(1e5, decimals=4)
    with pytest.raises(ValueError, match=r"^decimals: expected an answer below 2\*\*52 units"):
        box.decimals = 12
    with pytest.raises(ValueError, match=r"^answer: expected an answer below 2\*\*52 units"):
        box.answer = 1e12
    assert (box.answer, box.decimals, box.accepted) == (1e5, 4, answer_keys(1e5, 4))


NUMBER_TEXT = re.compile(r"(?<![\w.])[-\u2212]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])")


def numbers_in(data, least_digits: int = 1) -> set:
    """The numbers written in ``data`` (as JSON), those of at least ``least_digits`` significant digits."""
    texts = NUMBER_TEXT.findall(json.dumps(data, ensure_ascii=False))
    return {parse_number(t) for t in texts if len(re.sub(r"e.*|\D", "", t.lower()).strip("0")) >= least_digits}


def answers_in_plain_view(models: dict, where: str) -> list[str]:
    """For the answer boxes among ``models`` (a notebook's or a built page's widget state): each
    one that stores an answer, or whose answer is written as a number in its own traits (its label
    and hint too), or, with three significant digits or more, anywhere in the data of ``models``
    (every widget's traits; not the JavaScript and stylesheets, the same files for every page; and
    not a 3 or a 0.5 in another explorer's settings, which says nothing of an answer)."""
    data = {model_id: {k: v for k, v in model.get("state", {}).items() if k not in ("_esm", "_css")}
            for model_id, model in models.items()}
    everywhere = numbers_in(data, least_digits=3)
    found = []
    for box in data.values():
        if not box.get("_anywidget_id", "").endswith(".Answer"):
            continue
        if "answer" in box or not box.get("accepted"):
            found.append(f"{where}: the box {box.get('label')!r} stores its answer, or no keys")
            continue
        own = numbers_in({k: v for k, v in box.items() if k != "accepted"})
        shown = sorted(n for n in own | everywhere if math.isfinite(n) and matches(n, box["accepted"], box["decimals"]))
        if shown:
            found.append(f"{where}: the answer of {box['label']!r} is in the widget state as {shown}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_stored_widget_state_holds_an_answer_in_plain_view(path):
    """In every lesson and learner notebook, each stored answer box has keys and no answer; and no
    number written anywhere in the notebook's widget state is one the box would accept."""
    models = notebook_models(path)
    assert any(m.get("state", {}).get("_anywidget_id", "").endswith(".Answer") for m in models.values()) \
        or path.stem == "A2_errata", f"{path.name}: no answer box found"
    assert answers_in_plain_view(models, str(path.relative_to(ROOT))) == []


def test_no_built_page_holds_an_answer_in_its_widget_state(built_book):
    """The same in the built book's widget state (widgets/state/<page>.js), which the page loads.
    (The folded solution under each exercise gives the answer in words, by design.)"""
    scripts = sorted((HTML / "widgets" / "state").rglob("*.js"))
    assert len(scripts) >= 11, scripts
    assert [line for script in scripts for line in answers_in_plain_view(page_models(script), script.name)] == []


#: A box that asks for a percentage (its label ends with "(%)", as chapter 10's): what is typed,
#: the answer, its decimals, and whether it is correct.
PERCENT = [("97.78%", 97.78, 2, True), ("97.78 %", 97.78, 2, True), ("97,78\u00a0%", 97.78, 2, True),
           ("97.78", 97.78, 2, True), ("97.8%", 97.78, 2, False), ("97.78%%", 97.78, 2, False),
           ("%97.78", 97.78, 2, False), ("0.9778", 97.78, 2, False), ("97.78 % 1", 97.78, 2, False)]


def test_a_box_that_asks_for_a_percentage_takes_a_trailing_per_cent_sign_and_no_other_does():
    """Chapter 10's boxes ask for an accuracy "(%)": 97.78% is 97.78 there, in Python and on the
    page alike (a per cent sign anywhere else, or twice, is still no number); a box that asks for
    no percentage still refuses "%". (Seen failing: "97.78%" was "not yet: “%” is not part of a
    number" in the % boxes.)"""
    for typed, answer, decimals, ok in PERCENT:
        box = Answer(answer, decimals=decimals, hint="HINT", label="validation accuracy of seed 10 (%)")
        assert box.percent and box.check(typed) is ok, typed
        assert (box.advice(typed) == "\u2713 correct") is ok, (typed, box.advice(typed))
    said = [Answer(a, decimals=d, hint="HINT", label="accuracy (%)").advice(t) for t, a, d, _ in PERCENT]
    assert page_advice([[t, a, d] for t, a, d, _ in PERCENT], percent=True) == said
    plain = Answer(97.78, decimals=2, hint="HINT", label="accuracy")
    assert not plain.percent and plain.check("97.78%") is False
    assert plain.advice("97.78%").startswith("not yet: \u201c%\u201d is not part of a number")
    assert page_advice([["97.78%", 97.78, 2]]) == [plain.advice("97.78%")]
    # the page decides it from the label, as Python does
    script = page_functions() + ("\nconsole.log(JSON.stringify(['accuracy (%)', 'accuracy (%) ', 'accuracy', '% done', "
                                 "'(%) of it'].map(isPercentage)));")
    assert json.loads(node("-e", script, timeout=60)) == [True, True, False, False, False]
