"""Glue helpers: numbers enter the prose rounded and as plain floats, and can be read back."""

from pathlib import Path

import numpy as np
import pytest

from backprop_lib.book import glue_number, glued_values

ROOT = Path(__file__).resolve().parents[1]


def test_glue_number_rounds_far_beyond_what_prose_shows(monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: glued.update({name: (value, display)}))
    assert glue_number("a", np.float64(0.1) + np.float64(0.2)) == 0.3
    assert glued["a"] == (0.3, False) and type(glued["a"][0]) is float
    assert glue_number("b", np.array([-0.0])) == 0.0 and str(glued["b"][0]) == "0.0"
    # Small values keep their significant digits: 12 of them, not 12 decimals.
    assert glue_number("c", 5.4612345678901234e-11) == 5.46123456789e-11
    assert glue_number("d", 9.9e-32) == 9.9e-32


@pytest.mark.parametrize("bad", [np.array([1.0, 2.0]), float("nan"), np.inf])
def test_glue_number_refuses_anything_but_one_finite_number(bad):
    with pytest.raises(ValueError, match=r"^value: expected one finite number for 'x'"):
        glue_number("x", bad)


def test_glued_values_reads_back_what_a_lesson_glued():
    values = glued_values(ROOT / "lessons" / "01_single_neuron.ipynb")
    assert values["z"] == 0.25
    assert values["yhat"] == pytest.approx(1 / (1 + np.exp(-0.25)), abs=1e-12)


def test_glued_values_refuses_a_missing_notebook():
    with pytest.raises(ValueError, match=r"^notebook: expected the path of a stored .ipynb"):
        glued_values(ROOT / "lessons" / "no_such_lesson.ipynb")


def test_order_of_magnitude():
    from backprop_lib.book import order_of_magnitude

    assert order_of_magnitude(3.1e-10) == 1e-10
    assert order_of_magnitude(-4.0e-7) == 1e-6  # log10(4e-7) = -6.4 rounds to -6
    assert order_of_magnitude(2.9e-7) == 1e-7
    with pytest.raises(ValueError, match=r"^value: expected a finite non-zero number"):
        order_of_magnitude(0.0)
