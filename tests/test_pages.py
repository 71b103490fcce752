"""Glue helpers: numbers enter the prose rounded and as plain floats, and can be read back."""

from pathlib import Path

import numpy as np
import pytest

from backprop_lib.pages import glue_number, glue_numbers, glued_values, order_of_magnitude

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def glued(monkeypatch):
    store = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, value, display: store.update({name: (value, display)}))
    return store


def test_glue_number_rounds_far_beyond_what_prose_shows(glued):
    assert glue_number("a", np.float64(0.1) + np.float64(0.2)) == 0.3
    assert glued["a"] == (0.3, False) and type(glued["a"][0]) is float
    assert glue_number("b", np.array([-0.0])) == 0.0 and str(glued["b"][0]) == "0.0"
    # Small values keep their significant digits: 12 of them, not 12 decimals.
    assert glue_number("c", 5.4612345678901234e-11) == 5.46123456789e-11
    assert glue_number("d", 9.9e-32) == 9.9e-32
    assert glue_number("e", np.array([[2.5]])) == 2.5


def test_glue_numbers_glues_each_with_its_prefix(glued):
    glue_numbers("p_", x=1.0, y=np.float64(2.0))
    assert glued == {"p_x": (1.0, False), "p_y": (2.0, False)}


def test_glued_values_reads_back_what_a_lesson_glued():
    values = glued_values(ROOT / "lessons" / "01_single_neuron.ipynb")
    assert values["z"] == 0.25
    assert values["yhat"] == pytest.approx(1 / (1 + np.exp(-0.25)), abs=1e-12)


def test_order_of_magnitude():
    assert order_of_magnitude(3.1e-10) == 1e-10
    assert order_of_magnitude(-4.0e-7) == 1e-6  # log10(4e-7) = -6.4 rounds to -6
    assert order_of_magnitude(2.9e-7) == 1e-7
