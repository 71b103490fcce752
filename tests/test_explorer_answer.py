"""The answer box of the exercises (backprop_lib.explorers.Answer): the same verdict from
Python and from the page, an answer that is the library's own number, bad input refused; and,
in the built book, the box answers a reader with no kernel, offline."""

import math

import numpy as np
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
    assert verdict.text_content().startswith("not yet: ")
    field.fill(f"{dw:.4f}".replace("-", "\u2212"))  # as the book prints it
    box.locator("button").click()
    assert verdict.text_content() == "\u2713 correct"
    field.fill(f"{dw + 1e-4:.4f}")  # one unit off in the last place
    field.press("Enter")
    assert verdict.text_content().startswith("not yet")
    assert not problems, problems
    page.close()
