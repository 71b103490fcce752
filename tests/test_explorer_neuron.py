"""The single-neuron explorer (backprop_lib.explorers.neuron.NeuronExplorer) of chapter 1.

Its Python side: every number equals the library's and the chain rule written out by hand, at
several settings; a step is the library's step; bad input is refused naming the argument and
changes nothing. In the built book: the page, with no kernel, shows for every setting of its
sliders and after every press of Step the library's numbers, to the digits it shows. The
expected values here come from the library's passes (and math by hand), never from the
explorer's own Python side or its JavaScript.
"""

import itertools
import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.explorers.base import RefusedValue
from backprop_lib.explorers.neuron import QUANTITIES, NeuronExplorer, overflowing_stage
from backprop_lib.pages import examples
from browsing import open_lesson
from node_js import run_module, still_picture

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from first_paint import still_pictures  # noqa: E402  (the book's extension: how the build draws a still picture)

START = examples.single_neuron("stated")  # the chapter's worked example, y = 1
CHAPTER = dict(w=START.net.W[1].item(), b=START.net.b[1].item(), x=START.x.item(), y=START.y.item(), lr=START.lr)

#: Settings on the sliders' grids (w, b: steps of 0.0001; x, y, lr: 0.05): the chapter's example,
#: the post's target 1.5, x = 0 (no gradient for w), a negative input, a target below the
#: prediction, a saturated unit, and a learning rate large enough to overshoot.
SETTINGS = [
    CHAPTER,
    dict(CHAPTER, y=1.5),
    dict(CHAPTER, x=0.0),
    dict(w=-1.25, b=0.4, x=-1.5, y=0.2, lr=0.5),
    dict(w=2.0, b=-0.5, x=1.0, y=0.0, lr=1.0),
    dict(w=6.0, b=4.0, x=2.0, y=-0.5, lr=30.0),
    dict(w=0.3, b=0.1, x=2.0, y=0.6, lr=10.0),
]


def by_library(w, b, x, y, lr) -> dict:
    """Every number the explorer shows, from the library's passes."""
    net = bl.Network([[[w]]], [b])
    trace = bl.forward(net, [x])
    grads = bl.backward(net, trace, [y])
    stepped = bl.sgd_step(net, grads, lr)
    yhat = trace.output.item()
    return {
        "z": trace.z[1].item(), "yhat": yhat, "loss": grads.loss, "dL_dyhat": yhat - y,
        "dyhat_dz": bl.sigmoid_prime(trace.z[1]).item(), "delta": grads.delta[1].item(),
        "dL_dw": grads.dW[1].item(), "dL_db": grads.db[1].item(),
        "w_new": stepped.W[1].item(), "b_new": stepped.b[1].item(),
        "loss_after": bl.loss_of(stepped, [x], [y]),
    }


def by_hand(w, b, x, y, lr) -> dict:
    """The same numbers, the chain rule written out with math.exp."""
    sigma = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    z = w * x + b
    yhat = sigma(z)
    delta = -(y - yhat) * yhat * (1 - yhat)
    w_new, b_new = w - lr * delta * x, b - lr * delta
    return {"z": z, "yhat": yhat, "loss": 0.5 * (y - yhat) ** 2, "dL_dyhat": -(y - yhat), "dyhat_dz": yhat * (1 - yhat),
            "delta": delta, "dL_dw": delta * x, "dL_db": delta, "w_new": w_new, "b_new": b_new,
            "loss_after": 0.5 * (y - sigma(w_new * x + b_new)) ** 2}


# ---- the Python side ------------------------------------------------------------------------
def test_it_starts_at_the_chapters_worked_example():
    explorer = NeuronExplorer()
    assert {k: getattr(explorer, k) for k in CHAPTER} == CHAPTER == {"w": 0.3, "b": 0.1, "x": 0.5, "y": 1.0, "lr": 0.1}
    assert explorer.steps == 0


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
def test_every_number_is_the_librarys_and_the_chain_rules(setting):
    explorer = NeuronExplorer(**setting)
    shown = explorer.quantities()
    assert list(shown) == list(QUANTITIES)
    library, hand = by_library(**setting), by_hand(**setting)
    for name in QUANTITIES:
        assert shown[name] == pytest.approx(library[name], rel=1e-12, abs=1e-15), name
        assert shown[name] == pytest.approx(hand[name], rel=1e-9, abs=1e-12), name
    grads = explorer.gradients
    assert isinstance(grads, bl.Gradients)
    assert grads.dW[1].item() == library["dL_dw"] and grads.db[1].item() == library["dL_db"]


def test_a_step_is_the_librarys_step_and_reset_returns_to_the_start():
    explorer = NeuronExplorer(w=0.3, b=0.1, x=2.0, y=0.6, lr=5.0)
    run = bl.train(bl.Network([[[0.3]]], [0.1]), [2.0], [0.6], lr=5.0, steps=3)
    losses = [explorer.loss]
    for _ in range(3):
        explorer.step()
        losses.append(explorer.loss)
    assert explorer.steps == 3
    assert explorer.w == pytest.approx(run.net.W[1].item(), rel=1e-12)
    assert explorer.b == pytest.approx(run.net.b[1].item(), rel=1e-12)
    np.testing.assert_allclose(losses, run.losses, rtol=1e-12)
    explorer.x = -1.0
    explorer.reset()
    assert (explorer.w, explorer.b, explorer.x, explorer.y, explorer.lr, explorer.steps) == (0.3, 0.1, 2.0, 0.6, 5.0, 0)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"w": "0.3"}, TypeError, r"^w: expected a number, got str '0.3'"),
    ({"b": True}, TypeError, r"^b: expected a number, got bool True"),
    ({"x": math.nan}, ValueError, r"^x: expected a finite number, got nan"),
    ({"y": [1.0]}, TypeError, r"^y: expected a number, got list"),
    ({"y": math.inf}, ValueError, r"^y: expected a finite number, got inf"),
    ({"lr": 0}, ValueError, r"^lr: expected a finite number > 0, got 0"),
    ({"lr": -0.1}, ValueError, r"^lr: expected a finite number > 0, got -0.1"),
    ({"lr": "fast"}, TypeError, r"^lr: expected a number > 0, got str 'fast'"),
])
def test_bad_arguments_are_refused_naming_them(kwargs, error, message):
    with pytest.raises(error, match=message):
        NeuronExplorer(**kwargs)


@pytest.mark.parametrize("trait, value, error, message", [
    ("w", "a", TypeError, r"^w: expected a number, got str 'a'"),
    ("x", math.nan, ValueError, r"^x: expected a finite number, got nan"),
    ("lr", 0.0, ValueError, r"^lr: expected a finite number > 0, got 0"),
    ("y", None, TypeError, r"^y: expected a number, got None"),
])
def test_a_bad_value_set_later_is_refused_and_changes_nothing(trait, value, error, message):
    explorer = NeuronExplorer(w=1.0, b=-0.5, x=0.25, y=0.75, lr=0.2)
    before = explorer.quantities()
    with pytest.raises(error, match=message):
        setattr(explorer, trait, value)
    assert repr(explorer) == "NeuronExplorer(w=1.0, b=-0.5, x=0.25, y=0.75, lr=0.2)"
    assert explorer.quantities() == before


def test_its_text_form_holds_no_memory_address_so_nbval_compares_it():
    assert repr(NeuronExplorer()) == "NeuronExplorer(w=0.3, b=0.1, x=0.5, y=1.0, lr=0.1)"


# ---- the caption under the plot: every note, against the library -------------------------------
#: The plot's size in its own units: the axes' width and height (neuron.js draws in a 400 × 250 box).
PLOT_WIDTH, PLOT_HEIGHT = 400 - 52 - 12, 250 - 10 - 40
SEEN, NEAR, FLAT, LR_TOP = 4, 0.01, 0.05, 30.0

#: The page's own functions (neuron.js in its module, as the page gets it), run in node for each
#: state from a fresh start (no trail): the note, the arrow's length, its length at the largest η,
#: and the scales the plot takes for both (its window of w and the loss at the top of its axis).
NOTES = """const states = %s;
console.log(JSON.stringify(states.map((st) => {
  const r = neuron(st.w, st.b, st.x, st.y, st.lr), view = viewFor(null, st, r);
  const out = stepNote(st, r, [], view), top = neuron(st.w, st.b, st.x, st.y, LR_TOP);
  return {note: out.note, length: out.length, lengthAtTop: out.lengthAtTop, view, topView: out.topView,
          lTop: scales(st, r, [], view).lTop, topLTop: scales({...st, lr: LR_TOP}, top, [], out.topView).lTop};
})));"""

#: States across the sliders: saturated units both ways, inputs of 0 and near it, targets in and
#: out of reach (and ŷ = y exactly: x = 0, b = 0, y = 0.5), small and large learning rates (18.15: a
#: reader's, where the old caption said "raise η" of a saturated unit).
NOTE_STATES = [dict(w=w, b=b, x=x, y=y, lr=lr) for w, b, x, y, lr in itertools.product(
    (-6.0, -0.5, 0.3, 2.5, 6.0), (-4.0, 0.0, 0.1, 2.0, 4.0), (-2.0, -0.05, 0.0, 0.05, 0.5, 2.0),
    (-0.5, 0.5, 0.6, 1.0, 1.5), (0.05, 0.1, 3.0, 18.15, 30.0))]


def arrow_length(lib: dict, setting: dict, view: dict, l_top: float) -> float:
    """The step's arrow, from (w, L) to (new w, new L) by the library's numbers, in the plot's units
    for a window of w from ``view["lo"]`` to ``view["hi"]`` and a loss axis from 0 to ``l_top``."""
    dx = (lib["w_new"] - setting["w"]) * PLOT_WIDTH / (view["hi"] - view["lo"])
    dy = (lib["loss_after"] - lib["loss"]) * PLOT_HEIGHT / l_top
    return math.hypot(dx, dy)


def check_note(setting: dict, said: dict) -> str:
    """The note the page writes at ``setting`` says what the library's numbers there show, in the
    plot's scales: no gradient for w at x = 0 (and none for b where ŷ = y); else nothing when the
    arrow is long enough to see; else ŷ within 0.01 of y; else a saturated sigmoid, σ′(z) < 0.05,
    quoted; else, "raise η" only where the arrow at η = 30 is long enough to see, and where it is
    not, that ∂L/∂w is small, quoted. Returns the note's kind."""
    lib, top = by_library(**setting), by_library(**dict(setting, lr=LR_TOP))
    kind, text = said["note"]
    where = f"{setting}: {kind!r} {text!r}"
    length, at_top = arrow_length(lib, setting, said["view"], said["lTop"]), arrow_length(top, setting, said["topView"],
                                                                                        said["topLTop"])
    assert said["length"] == pytest.approx(length, rel=1e-9, abs=1e-9), where
    assert said["lengthAtTop"] == pytest.approx(at_top, rel=1e-9, abs=1e-9), where
    if setting["x"] == 0:
        assert kind == "x-zero" and lib["dL_dw"] == 0, where
        if lib["delta"] == 0:
            assert lib["yhat"] == setting["y"] and lib["b_new"] == setting["b"], where
            assert text.endswith("so δ = 0 and b gets none either)"), where
        else:
            assert lib["b_new"] != setting["b"] and text.endswith("so a step moves b alone)"), where
        return kind
    if length >= SEEN:
        assert (kind, text) == ("", ""), where
        return kind
    assert "raise η" not in text or kind == "short", where
    if abs(setting["y"] - lib["yhat"]) < NEAR:
        assert kind == "near-best" and f"ŷ = {lib['yhat']:.4f} is within 0.01 of y" in text, where
    elif lib["dyhat_dz"] < FLAT:
        assert kind == "saturated" and f"σ′(z) = {lib['dyhat_dz']:.4f} is under a fifth of its largest, ¼" in text, where
    elif at_top >= SEEN:
        assert (kind, text) == ("short", " (too short to see on this scale: raise η)"), where
    else:
        shown = f"{lib['dL_dw']:.4f}".replace("-", "\u2212")
        assert kind == "small" and f"even at η = 30: ∂L/∂w = {shown} is small here" in text, where
    return kind


def test_the_caption_under_the_plot_says_what_the_librarys_numbers_show(tmp_path):
    """The whole kind: at 3,750 states across the sliders, the page's own functions (in node) put
    under the plot the note the library's numbers call for, with the arrow's lengths those numbers
    give in the plot's scales: every kind of note is met, and "raise η" is said only where the step
    at the largest η would be long enough to see, never of a saturated unit."""
    said = run_module(NeuronExplorer, NOTES % json.dumps(NOTE_STATES), tmp_path)
    assert len(said) == len(NOTE_STATES)
    kinds = [check_note(setting, one) for setting, one in zip(NOTE_STATES, said)]
    assert set(kinds) == {"", "x-zero", "near-best", "saturated", "short", "small"}
    # the reader's: η = 18.15 on a saturated unit, σ′(z) = 0.0146, where the old caption said "raise η"
    reader = NOTE_STATES.index(dict(w=0.3, b=4.0, x=0.5, y=0.5, lr=18.15))
    assert said[reader]["note"][0] == "saturated" and 0.01 < by_library(**NOTE_STATES[reader])["dyhat_dz"] < FLAT


# ---- beyond the sliders' ranges, and at the edge of a double's --------------------------------
#: The page's keys (neuron.js's keyed), in node: each (value, sign, key, min, max, decimals).
KEYED = "const cases = %s;\nconsole.log(JSON.stringify(cases.map((c) => keyed(...c))));"


def test_a_value_beyond_a_sliders_range_is_shown_held_and_moved_from_where_it_is(tmp_path):
    """The reader's case: y = 1.5 out of reach, η = 30, x = 2 and 200 steps carry w to 11.37, beyond
    the w slider's 6. The slider's range widens to hold it (the thumb stands at w, not at 6), its
    value text says w to the digits shown, for a screen reader too (aria-valuetext); and an arrow
    key moves w by its step from where it is (11.37 − 0.01, not 6), back towards the range, and
    never further out. (Seen failing: the old keys clamped to 6, the old slider kept its range.)"""
    explorer = NeuronExplorer(x=2.0, y=1.5, lr=30.0)
    for _ in range(200):
        explorer.step()
    run = bl.train(bl.Network([[[CHAPTER["w"]]]], [CHAPTER["b"]]), [2.0], [1.5], lr=30.0, steps=200)
    w = run.net.W[1].item()
    assert explorer.w == w and f"{w:.2f}" == "11.37"
    html = still_picture(explorer)
    for trait, decimals in SLIDER_DECIMALS.items():
        value = getattr(explorer, trait)
        slider = re.search(r'<input[^>]*data-still-trait="%s"[^>]*>' % trait, html).group(0)
        low, high = (float(re.search(r'\b%s="([^"]*)"' % a, slider).group(1)) for a in ("min", "max"))
        assert low <= value <= high and float(re.search(r'value="([^"]*)"', slider).group(1)) == value, slider
        text = re.search(r'aria-valuetext="([^"]*)"', slider).group(1)
        assert text == f"{value:.{decimals}f}".replace("-", "\u2212"), slider
    cases = [[w, -1, 0.01, -6, 6, 4], [w, 1, 0.01, -6, 6, 4], [w, -1, 0.1, -6, 6, 4], [5.995, 1, 0.01, -6, 6, 4],
             [-6.5, 1, 0.01, -6, 6, 4], [-6.5, -1, 0.01, -6, 6, 4], [0.3054, 1, 0.01, -6, 6, 4], [6.0, 1, 0.01, -6, 6, 4]]
    moved = run_module(NeuronExplorer, KEYED % json.dumps(cases), tmp_path)
    assert moved == [round(w - 0.01, 4), w, round(w - 0.1, 4), 6.0, -6.49, -6.5, 0.3154, 6.0]


def _states():
    """States at the edge of a double's range: large and huge weights, biases, inputs and rates,
    targets at their limits; the library takes some and refuses the others."""
    big = (0.3, -6.5, 11.37, 1e17, -1e17, 1e154, 1e300, 1.7e308, -1.7e308)
    return [dict(w=w, b=b, x=x, y=y, lr=lr) for w, b, x, y, lr in itertools.product(
        big, (0.1, 1e308, -1e308), (0.0, 0.5, -2.0, 10.0, 1e-300, 1e154, 1e300), (1.0, -1000.0, 1000.0),
        (0.1, 30.0, 1e-7, 1e308))]


#: The page's rule (neuron.js's acceptable) for each state, in node.
ACCEPTABLE = "const states = %s;\nconsole.log(JSON.stringify(states.map((st) => acceptable(st))));"


def test_the_state_is_checked_whole_in_python_and_on_the_page_and_drawn_whatever_it_takes(tmp_path):
    """The whole kind, 2,268 states at the edge of a double's range: Python takes a state (its
    constructor, tried on every fifth; or a trait set last, naming it, changing nothing) exactly
    where the library's passes on it stay finite, and the page's rule (acceptable, which keeps a slider, a key, Step or
    a preset from going there) takes the same states; and the page draws every state it takes
    with no NaN or Infinity (w = 1e17 made a window of zero width: a NaN curve).
    (Seen failing: without the check, NeuronExplorer(w=1e308) took x = 10; without the robust
    window, the still picture of w = 1e17 held NaN.)"""
    states = _states()
    taken = [overflowing_stage(state) is None for state in states]
    for state, ok in list(zip(states, taken))[::5]:  # the constructor, on every fifth (each makes a widget)
        if not ok:
            with pytest.raises(RefusedValue, match=r"^\w+: expected a value with which every number the explorer shows"):
                NeuronExplorer(**state)
            continue
        made = NeuronExplorer(**state)
        assert made.quantities() == {k: v for k, v in made.quantities().items() if math.isfinite(v)}
    assert 200 < sum(taken) < len(states) - 200, sum(taken)
    assert run_module(NeuronExplorer, ACCEPTABLE % json.dumps(states), tmp_path) == taken
    explorer = NeuronExplorer()
    accepted = [state for state, ok in zip(states, taken) if ok]
    pictures = still_pictures([{"id": str(n), "esm": explorer._esm, "css": explorer._css,
                                "state": {k: v for k, v in explorer.get_state().items()
                                          if not isinstance(v, (bytes, memoryview))} | state | {"start": state}}
                               for n, state in enumerate(accepted[::7])])
    for n, state in enumerate(accepted[::7]):
        html = pictures[str(n)]["html"]
        assert "NaN" not in html and "Infinity" not in html, (state, re.findall(r".{80}(?:NaN|Infinity).{20}", html)[:2])
    # the reader's: w = 1e308 is taken, then x = 10 is refused, naming x, and nothing changes
    explorer = NeuronExplorer(w=1e308)
    before = repr(explorer)
    with pytest.raises(RefusedValue, match=r"^x: expected a value with which every number the explorer shows stays "
                                           r"within a double's range \(with w=1e\+308, b=0.1, y=1.0, lr=0.1\), got "
                                           r"10.0: the forward pass \(z = w x \+ b\) overflows$"):
        explorer.set_state({"x": 10.0})
    assert repr(explorer) == before


# ---- in the built book: chapter 1's explorer, with no kernel --------------------------------
SLIDER_DECIMALS = {"w": 4, "b": 4, "x": 2, "y": 2, "lr": 2}
SHOWN = set(QUANTITIES) | set(SLIDER_DECIMALS) | {"dw", "steps"}

READ = """(root) => Object.fromEntries(Array.from(root.querySelectorAll('[data-quantity]'))
    .map(e => [e.dataset.quantity, e.textContent]))"""

MOVE = """(root, [trait, value]) => {
    const input = root.querySelector(`input[data-trait="${trait}"]`);
    input.value = String(value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    return input.value;
}"""

GEOMETRY = """(root) => {
    const g = (sel) => root.querySelector(sel);
    const now = g('.bp-neuron-now'), next = g('.bp-neuron-next'), tangent = g('.bp-neuron-tangent');
    const svg = g('svg');
    return {now: +now.getAttribute('cx'), next: +next.getAttribute('cx'),
            dx: tangent.getAttribute('x2') - tangent.getAttribute('x1'),
            dy: tangent.getAttribute('y2') - tangent.getAttribute('y1'),
            role: svg.getAttribute('role'), label: svg.getAttribute('aria-label')};
}"""


def as_number(text: str, decimals: int) -> float:
    """A number as the page prints it (a true minus sign), checked to have ``decimals`` places."""
    assert re.fullmatch(r"[\u2212+]?\d+\.\d{%d}" % decimals, text), f"{text!r}: expected {decimals} decimals"
    return float(text.replace("\u2212", "-"))


def assert_shows(root, setting: dict, steps: int):
    """Every number on the page is the library's at ``setting``, to the digits shown."""
    assert_shown(root.evaluate(READ), setting, steps)


def assert_shown(shown: dict, setting: dict, steps: int):
    """``shown`` (what READ read) is every number the explorer shows, each the library's at
    ``setting`` to the digits shown, after ``steps`` presses of Step."""
    assert set(shown) == SHOWN
    expected = dict(by_library(**setting), **setting)
    expected["dw"] = expected["w_new"] - setting["w"]
    where = ", ".join(f"{k}={v}" for k, v in setting.items())
    for name, text in shown.items():
        if name == "steps":
            assert text == str(steps), where
            continue
        decimals = SLIDER_DECIMALS.get(name, 4)
        value = as_number(text, decimals)
        assert abs(value - expected[name]) <= 0.5 * 10 ** -decimals * (1 + 1e-6), \
            f"{name} at {where}: the page shows {text}, the library gives {expected[name]:.8f}"


@pytest.fixture(scope="module")
def chapter_page(book_server, browser):
    page, problems = open_lesson(browser, book_server, "01_single_neuron", ".bp-neuron")
    root = page.locator(".bp-neuron")
    yield page, root.element_handle(), problems
    page.close()


def test_the_page_starts_at_the_chapters_numbers(chapter_page):
    page, root, problems = chapter_page
    assert_shows(root, CHAPTER, steps=0)
    geometry = root.evaluate(GEOMETRY)
    assert geometry["role"] == "img" and "∂L/∂w = \u22120.0539" in geometry["label"]
    assert not problems, problems


#: Each setting's slider moves in turn, one slider at a time: after each move, where the slider
#: landed and every number shown (READ); after a setting's last move, the picture (GEOMETRY).
#: All the settings in one round trip (the explorer redraws as a slider moves).
SLIDE = """(root, settings) => {
    const move = %s, read = %s, geometry = %s;
    return settings.map((moves) => ({moved: moves.map((m) => [move(root, m), read(root)]), geometry: geometry(root)}));
}""" % (MOVE, READ, GEOMETRY)


def test_every_slider_at_several_settings_shows_the_librarys_numbers(chapter_page):
    """From the chapter's numbers, through every setting of SETTINGS and back, one slider moved at
    a time: each slider lands on the value asked, and after every move every number shown is the
    library's; at each setting the tangent falls where the slope is negative and the step's arrow
    points against the slope."""
    page, root, problems = chapter_page
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    current, plan = dict(CHAPTER), []   # per setting: its moves, each with the setting after it
    for setting in SETTINGS[1:] + [CHAPTER]:
        moves = []
        for trait in ("w", "b", "x", "y", "lr"):  # one slider at a time, each checked
            if setting[trait] != current[trait]:
                current[trait] = setting[trait]
                moves.append((trait, setting[trait], dict(current)))
        plan.append((moves, dict(current)))
    seen = root.evaluate(SLIDE, [[[trait, value] for trait, value, _ in moves] for moves, _ in plan])
    assert len(seen) == len(plan)
    for (moves, current), result in zip(plan, seen):
        assert len(result["moved"]) == len(moves)
        for (trait, value, now), (landed, shown) in zip(moves, result["moved"]):
            assert float(landed) == value, f"{trait}: the slider took {landed}, not {value}"
            assert_shown(shown, now, steps=0)
        geometry = result["geometry"]
        slope = by_library(**current)["dL_dw"]
        # the tangent falls where ∂L/∂w < 0 (SVG's y grows downwards); the step goes against the slope
        assert np.sign(geometry["dy"]) == -np.sign(slope) or slope == 0
        if abs(geometry["next"] - geometry["now"]) > 1:
            assert np.sign(geometry["next"] - geometry["now"]) == -np.sign(slope)
    assert not problems, problems


def test_step_takes_the_librarys_steps_and_reset_returns(chapter_page):
    page, root, problems = chapter_page
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    assert_shows(root, CHAPTER, steps=0)
    for trait, value in (("x", 2.0), ("y", 0.6), ("lr", 5.0)):
        root.evaluate(MOVE, [trait, value])
    net = bl.Network([[[CHAPTER["w"]]]], [CHAPTER["b"]])
    for k in range(1, 6):
        net = bl.sgd_step(net, bl.gradients(net, [2.0], [0.6]), 5.0)
        root.evaluate("(root) => root.querySelector('[data-action=step]').click()")
        assert_shows(root, dict(w=net.W[1].item(), b=net.b[1].item(), x=2.0, y=0.6, lr=5.0), steps=k)
    assert root.evaluate("(root) => root.querySelectorAll('.bp-neuron-past').length") == 5
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    assert_shows(root, CHAPTER, steps=0)
    assert root.evaluate("(root) => root.querySelectorAll('.bp-neuron-past').length") == 0
    assert not problems, problems


# ---- the "Try:" buttons, the arrow keys and the caption under the plot ------------------------
#: What each preset button sets, as the chapter's "things to try" ask: the chapter's numbers with
#: these changed (the lesson's own list, lessons/01_single_neuron.ipynb, "Try it: the explorer").
PRESETS = {
    "x-zero": dict(CHAPTER, x=0.0),
    "out-of-reach": dict(CHAPTER, y=1.5),
    "slide": dict(CHAPTER, x=2.0, y=0.6, w=-1.0, lr=3.0),
    "bounce": dict(CHAPTER, x=2.0, y=0.6, w=-1.0, lr=10.0),
}

NOTE = "(root) => { const n = root.querySelector('.bp-neuron-note'); return [n.dataset.note, n.textContent]; }"

#: Step pressed ``n`` times, and the caption's NOTE after each press, in one round trip.
STEPPED_NOTES = """(root, n) => {
    const note = %s;
    return Array.from({length: n}, () => { root.querySelector('[data-action=step]').click(); return note(root); });
}""" % NOTE


def why_short(setting: dict) -> set:
    """The notes the caption may give where the arrow is short, by the library's numbers: no
    gradient for w at x = 0, ŷ within 0.01 of y, a saturated sigmoid (σ'(z) < 0.05), or else
    "raise η" or "∂L/∂w is small", as the arrow at the largest η would or would not show (the
    plot's geometry, checked in node by test_the_caption_under_the_plot_says_...)."""
    lib = by_library(**setting)
    if setting["x"] == 0:
        return {"x-zero"}
    if abs(setting["y"] - lib["yhat"]) < 0.01:
        return {"near-best"}
    if lib["dyhat_dz"] < 0.05:
        return {"saturated"}
    return {"short", "small"}


def test_each_preset_sets_the_librarys_numbers_there(chapter_page):
    page, root, problems = chapter_page
    buttons = root.evaluate("(root) => Array.from(root.querySelectorAll('[data-preset]')).map(b => b.dataset.preset)")
    assert buttons == list(PRESETS)
    for name, setting in PRESETS.items():
        root.evaluate("(root) => root.querySelector('[data-action=step]').click()")  # a step first: the preset starts afresh
        root.evaluate("(root, name) => root.querySelector(`[data-preset=${name}]`).click()", name)
        assert_shows(root, setting, steps=0)
        # the sliders hold the preset too, where a drag or a key would start from
        held = root.evaluate("(root) => Object.fromEntries(Array.from(root.querySelectorAll('input[data-trait]'))"
                             ".map(i => [i.dataset.trait, Number(i.value)]))")
        assert held == pytest.approx({k: setting[k] for k in ("w", "b", "x", "y", "lr")}, abs=1e-12), name
        assert root.evaluate("(root) => root.querySelectorAll('.bp-neuron-past').length") == 0
    assert not problems, problems


@pytest.mark.parametrize("name, rate", [("slide", 3.0), ("bounce", 10.0)])
def test_the_valley_presets_step_as_the_library_does(chapter_page, name, rate):
    """The valley: η = 3 slides w up into it, loss falling; η = 10 jumps w to and fro."""
    page, root, problems = chapter_page
    root.evaluate("(root, name) => root.querySelector(`[data-preset=${name}]`).click()", name)
    net = bl.Network([[[-1.0]]], [CHAPTER["b"]])
    ws, losses = [-1.0], [bl.loss_of(net, [2.0], [0.6])]
    for k in range(1, 5):
        net = bl.sgd_step(net, bl.gradients(net, [2.0], [0.6]), rate)
        ws.append(net.W[1].item())
        losses.append(bl.loss_of(net, [2.0], [0.6]))
        root.evaluate("(root) => root.querySelector('[data-action=step]').click()")
        assert_shows(root, dict(w=ws[-1], b=net.b[1].item(), x=2.0, y=0.6, lr=rate), steps=k)
    if name == "slide":
        assert np.all(np.diff(ws) > 0) and np.all(np.diff(losses) < 0)
    else:
        assert np.all(np.diff(np.sign(np.diff(ws))) != 0)
    assert not problems, problems


def test_the_caption_says_why_the_arrow_is_short(chapter_page):
    """In the page: each note where the library's numbers call for it, and its advice followed:
    where it says "raise η", η at the slider's top shows the arrow; where it says ∂L/∂w is small
    even at the top, η there leaves it short; a saturated unit, a reader's at η = 18.15 among
    them, is never told to raise η."""
    page, root, problems = chapter_page
    # the chapter's start: a real slope, a small η; raised to the top, the arrow shows
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    assert why_short(CHAPTER) == {"short", "small"}
    assert root.evaluate(NOTE) == ["short", " (too short to see on this scale: raise η)"]
    root.evaluate(MOVE, ["lr", 30.0])
    assert root.evaluate(NOTE) == ["", ""]
    # x = 0: no gradient for w, whatever η
    root.evaluate("(root) => root.querySelector('[data-preset=x-zero]').click()")
    assert by_library(**PRESETS["x-zero"])["dL_dw"] == 0
    kind, text = root.evaluate(NOTE)
    assert kind == "x-zero" and "no gradient" in text and "raise η" not in text
    root.evaluate(MOVE, ["lr", 30.0])
    assert root.evaluate(NOTE)[0] == "x-zero"
    # a saturated sigmoid: a tiny slope far from the target; and a reader's, σ'(z) = 0.0153 at η = 18.15
    for saturated in (dict(w=6.0, b=4.0, x=2.0, y=-0.5, lr=30.0), dict(w=0.3, b=4.0, x=0.5, y=0.5, lr=18.15)):
        root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
        for trait, value in saturated.items():
            root.evaluate(MOVE, [trait, value])
        assert why_short(saturated) == {"saturated"}
        kind, text = root.evaluate(NOTE)
        assert kind == "saturated" and "raise η" not in text, text
        assert f"σ′(z) = {by_library(**saturated)['dyhat_dz']:.4f}" in text
    # an input near 0 far from its bend: ∂L/∂w so small that even η = 30 leaves the step unseen
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    small = dict(w=-6.0, b=0.0, x=-0.05, y=0.6, lr=0.05)
    for trait, value in small.items():
        root.evaluate(MOVE, [trait, value])
    kind, text = root.evaluate(NOTE)
    assert kind == "small" and "raise η" not in text
    root.evaluate(MOVE, ["lr", 30.0])
    assert root.evaluate(NOTE)[0] == "small"
    # the valley at η = 3: once ŷ is near y the slope is nearly flat, and the caption says so
    root.evaluate("(root) => root.querySelector('[data-preset=slide]').click()")
    notes = root.evaluate(STEPPED_NOTES, 30)
    assert len(notes) == 30
    net, seen = bl.Network([[[-1.0]]], [CHAPTER["b"]]), []
    for k, (kind, text) in enumerate(notes, start=1):
        net = bl.sgd_step(net, bl.gradients(net, [2.0], [0.6]), 3.0)
        setting = dict(w=net.W[1].item(), b=net.b[1].item(), x=2.0, y=0.6, lr=3.0)
        if kind:  # a note only where the arrow is short, and then the library's reason
            assert kind in why_short(setting), f"after {k} steps: {kind!r}, {text!r}"
            assert ("raise η" in text) == (kind == "short")
        seen.append(kind)
    assert seen[-1] == "near-best" and abs(by_library(**setting)["dL_dw"]) < 1e-3
    assert not problems, problems


def test_the_arrow_keys_move_w_from_where_a_step_left_it(chapter_page):
    page, root, problems = chapter_page
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    root.evaluate("(root) => root.querySelector('[data-action=step]').click()")
    net = bl.sgd_step(START.net, bl.gradients(START.net, START.x, START.y), START.lr)
    w, b = net.W[1].item(), net.b[1].item()
    assert_shows(root, dict(CHAPTER, w=w, b=b), steps=1)
    # the slider holds the stepped w to its last shown digit, not rounded to a coarser grid
    assert float(root.evaluate("(root) => root.querySelector('input[data-trait=w]').value")) == pytest.approx(w, abs=5e-5)
    page.locator(".bp-neuron input[data-trait=w]").press("ArrowRight")
    assert_shows(root, dict(CHAPTER, w=round(w + 0.01, 4), b=b), steps=1)
    page.locator(".bp-neuron input[data-trait=w]").press("Shift+ArrowLeft")
    assert_shows(root, dict(CHAPTER, w=round(round(w + 0.01, 4) - 0.1, 4), b=b), steps=1)
    page.locator(".bp-neuron input[data-trait=lr]").press("ArrowUp")
    assert_shows(root, dict(CHAPTER, w=round(round(w + 0.01, 4) - 0.1, 4), b=b, lr=0.15), steps=1)
    root.evaluate("(root) => root.querySelector('[data-action=reset]').click()")
    assert not problems, problems


def test_the_legend_draws_the_step_as_arrows_in_both_colours(chapter_page):
    page, root, problems = chapter_page
    colours = root.evaluate("""(root) => {
        const key = root.querySelector('.bp-neuron-legend svg.bp-neuron-key-step');
        const curve = getComputedStyle(root.querySelector('.bp-neuron-curve')).stroke;
        return {heads: Array.from(key.querySelectorAll('polygon')).map(p => getComputedStyle(p).fill),
                lines: Array.from(key.querySelectorAll('line')).map(l => getComputedStyle(l).stroke), curve};
    }""")
    assert colours["heads"] == colours["lines"] == ["rgb(0, 114, 178)", "rgb(213, 94, 0)"]  # blue, orange
    assert not problems, problems
