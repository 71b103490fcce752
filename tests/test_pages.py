"""Glue helpers: numbers enter the prose rounded and as plain floats, and can be read back."""

import json
import os
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


@pytest.mark.parametrize("value, digits, text", [
    (1.93e-10, 1, r"1.9 \times 10^{-10}"), (1e-5, 1, "10^{-5}"), (9.96e-3, 1, "10^{-2}"),
    (9.96e-3, 2, r"9.96 \times 10^{-3}"), (-3.04e7, 1, r"-3.0 \times 10^{7}"), (-1e-3, 2, "-10^{-3}"),
    (2.6, 0, r"3 \times 10^{0}"),
    # a double's ends, where 10^e is subnormal or 0 (5e-324 divided by zero) or past the largest double
    (5e-324, 1, r"4.9 \times 10^{-324}"), (-2.5e-310, 2, r"-2.50 \times 10^{-310}"), (1e-320, 1, "10^{-320}"),
    (1.7976931348623157e308, 1, r"1.8 \times 10^{308}"), (9.99e307, 1, "10^{308}"),
])
def test_power_of_ten_text_writes_the_mantissa_and_exponent(value, digits, text):
    from backprop_lib.pages import power_of_ten_text

    assert power_of_ten_text(value, digits) == text


@pytest.mark.parametrize("value, digits, match", [
    (0.0, 1, "value: expected a finite non-zero number, got 0.0"), (float("nan"), 1, "value"),
    (1e-3, -1, "digits"), (1e-3, 1.5, "digits"), ("1e-3", 1, "value"),
])
def test_power_of_ten_text_refuses_what_has_no_power_of_ten(value, digits, match):
    from backprop_lib.pages import power_of_ten_text

    with pytest.raises((ValueError, TypeError), match=match):
        power_of_ten_text(value, digits)


def test_glue_power_glues_the_text_as_inline_math_without_displaying_it(glued):
    from backprop_lib.pages import glue_power

    assert glue_power("tiny", 1.93e-10) == r"1.9 \times 10^{-10}"
    markdown, display = glued["tiny"]
    assert markdown.data == r"$1.9 \times 10^{-10}$" and display is False
    with pytest.raises(ValueError, match="name"):
        glue_power("not a name", 1e-3)


#: A user's settings (as a sitecustomize or a matplotlibrc beside the lesson would make them), then
#: the book's style(); prints what numpy and matplotlib are left with.
AFTER_STYLE = """
import json, matplotlib as mpl, numpy as np
np.set_printoptions(sign="+", linewidth=24, suppress=True, floatmode="unique", threshold=4, edgeitems=1,
                    precision=3, nanstr="NaN", infstr="Inf", formatter={"float": str})
mpl.rcParams.update({"figure.dpi": 50, "figure.figsize": (3, 2), "lines.linewidth": 7, "font.size": 30})
from backprop_lib import pages
pages.style()
print(repr(np.get_printoptions()))
print(json.dumps({key: str(mpl.rcParams[key]) for key in mpl.rcParams if key != "backend"}))
"""


def test_style_pins_every_numpy_print_option_and_matplotlibs_own_defaults_whatever_came_before():
    """pages.style() puts back numpy's default print options, every one of them, as a fresh
    Python has them, and matplotlib's own defaults (as a fresh Python reading no matplotlibrc
    has them) with the book's RC on top, after a user's settings changed them. Each side runs in
    a process of its own (style() makes an IPython shell); -I reads no user file."""
    import subprocess
    import sys

    from backprop_lib.pages.look import RC

    root = str(Path(__file__).resolve().parents[1])
    run = subprocess.run([sys.executable, "-c", AFTER_STYLE], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": root}, cwd=root)
    numpy_after, rc_after = run.stdout.splitlines()[-2:]
    fresh = subprocess.run([sys.executable, "-I", "-c", "import json, sys, matplotlib as mpl, numpy as np\n"
                            "print(repr(np.get_printoptions()))\n"
                            "rc = mpl.RcParams(mpl.rcParamsDefault)\n"
                            "rc.update(json.loads(sys.argv[1]))\n"
                            "print(json.dumps({k: str(v) for k, v in rc.items() if k != 'backend'}))", json.dumps(RC)],
                           capture_output=True, text=True, check=True, cwd=root).stdout.splitlines()[-2:]
    assert numpy_after == fresh[0]
    expected, rc_after = json.loads(fresh[1]), json.loads(rc_after)
    assert len(rc_after) > 300 and {key: value for key, value in rc_after.items() if value != expected[key]} == {}
