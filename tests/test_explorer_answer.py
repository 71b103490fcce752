"""The answer box of the exercises (backprop_lib.explorers.Answer): the same verdict from
Python and from the page, an answer that is the library's own number, bad input refused; and,
in the built book, the box answers a reader with no kernel, offline."""

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

import backprop_lib as bl
from backprop_lib.explorers import Answer
from backprop_lib.explorers.answer import is_correct
from backprop_lib.pages import examples
from browsing import open_lesson


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


ADVICE = [  # (typed, answer, decimals, what the box must say); the hint is "HINT"
    ("0.1409", 0.140934, 4, "\u2713 correct"),
    ("0.141", 0.140934, 4, "not yet: right as far as it goes; give it to 4 decimal places"),
    ("0,14", 0.140934, 4, "not yet: right as far as it goes; give it to 4 decimal places"),
    ("0.15", 0.140934, 4, "not yet: HINT"),
    ("0", 0.140934, 4, "not yet: HINT"),            # a whole number typed is no near miss
    ("\u22120.1409", 0.140934, 4, "not yet: the size is right; check the sign"),
    ("-0.1154", -0.115375, 4, "\u2713 correct"),
    ("0.1154", -0.115375, 4, "not yet: the size is right; check the sign"),
    ("0", 0.0, 2, "\u2713 correct"),
    ("-0.00", 0.0, 2, "\u2713 correct"),
    ("1.409e-1", 0.140934, 4, "\u2713 correct"),
    ("1.4e-1", 0.140934, 4, "not yet: HINT"),       # an exponent: no count of places typed
    ("20 updates", 20, 0, "not yet: type a number, such as 12"),
    ("abc", 0.5, 2, "not yet: type a number, such as 0.00"),
    ("21", 20, 0, "not yet: HINT"),
    ("2.774", 2.7735, 4, "not yet: right as far as it goes; give it to 4 decimal places"),
]


@pytest.mark.parametrize("typed, answer, decimals, said", ADVICE)
def test_the_box_says_what_is_wrong_with_a_near_miss(typed, answer, decimals, said):
    assert Answer(answer, decimals=decimals, hint="HINT").advice(typed) == said


def test_the_page_gives_the_same_advice_as_python_in_node():
    """answer.js's advice(), run in node with common.js before it, on the same table."""
    node = shutil.which("node")
    assert node, "node is needed for this test (the machine has it; see the README)"
    here = Path(__file__).resolve().parents[1] / "backprop_lib" / "explorers"
    js = (here / "common.js").read_text() + (here / "answer.js").read_text().split("export default")[0]
    cases = json.dumps([[t, a, d] for t, a, d, _ in ADVICE])
    script = js + f"\nconsole.log(JSON.stringify({cases}.map(([t, a, d]) => advice(t, a, d, 'HINT'))));"
    said = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=60).stdout)
    assert said == [s for *_, s in ADVICE]


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
