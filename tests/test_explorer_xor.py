"""The XOR explorer of chapter 7 (backprop_lib.explorers.xor.XorExplorer).

Its Python side trains with the library exactly as the chapter does (and as an independent
numpy loop written here does); its table of starting networks is examples.xor's; bad
settings are refused naming them. In the built book, the page trains in JavaScript: moved to
several settings, it shows the library's final loss and outputs to the digits it prints.
"""

import functools
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.explorers.xor import (EPOCHS_MAX, HIDDEN_UNITS, LEARNING_RATES, SEEDS, XorExplorer,
                                        starting_parameters)
from backprop_lib.pages import examples
from browsing import open_bare, open_lesson

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from first_paint import still_pictures  # noqa: E402  (the book's extension: how the build draws a still picture)

X, Y = examples.XOR_X, examples.XOR_Y


@functools.cache
def _library_run(hidden, lr, seed, epochs):
    """The library's own training of chapter 7's network at these settings (the expected values
    of every test here; made once per setting, for the tests that share one)."""
    start = examples.xor(data="xor", seed=seed, hidden=hidden).net
    return bl.train(start, X, Y, lr, steps=epochs, loss="half_sse")


def _numpy_loop(net, lr, steps):
    """Chapter 7's full-batch loop written out in numpy (not the library's train): the loss
    before each step and after the last, and the outputs of the trained network."""
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (net.W[1], net.b[1], net.W[2], net.b[2]))
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    losses = []
    for _ in range(steps + 1):
        A1 = sig(W1 @ X + b1)
        A2 = sig(W2 @ A1 + b2)
        losses.append(0.5 * np.sum((A2 - Y) ** 2))
        if len(losses) > steps:
            break
        d2 = (A2 - Y) * A2 * (1 - A2)
        d1 = (W2.T @ d2) * A1 * (1 - A1)
        W2, b2 = W2 - lr * d2 @ A1.T, b2 - lr * d2.sum(axis=1, keepdims=True)
        W1, b1 = W1 - lr * d1 @ X.T, b1 - lr * d1.sum(axis=1, keepdims=True)
    return np.array(losses), A2[0]


SETTINGS = [  # (hidden, lr, seed, epochs)
    (2, 0.1, 0, 10_000),   # the chapter's seed 0: solves XOR
    (2, 0.1, 1, 10_000),   # the chapter's seed 1: sticks with a merged pair
    (3, 0.1, 1, 10_000),   # the same seed with three hidden units
    (2, 10.0, 6, 2_000),   # a step too large: seed 6 sticks at eta = 10
    (5, 2.0, 7, 500),
]


@pytest.mark.parametrize("hidden, lr, seed, epochs", SETTINGS)
def test_the_python_side_is_the_chapters_training_run(hidden, lr, seed, epochs):
    explorer = XorExplorer(hidden=hidden, lr=lr, seed=seed, epochs=epochs)
    start = examples.xor(data="xor", seed=seed, hidden=hidden).net
    run = _library_run(hidden, lr, seed, epochs)
    assert explorer.losses.shape == (epochs + 1,)
    np.testing.assert_array_equal(explorer.losses, run.losses)
    np.testing.assert_array_equal(explorer.outputs, bl.forward(run.net, X).output[0])
    assert explorer.final_loss == run.losses[-1]
    losses, outputs = _numpy_loop(start, lr, epochs)
    np.testing.assert_allclose(explorer.losses, losses, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(explorer.outputs, outputs, rtol=1e-6, atol=1e-9)
    assert explorer.solves == bool(np.all((outputs > 0.5) == (Y[0] == 1)))


def test_it_shows_the_chapters_two_runs():
    """Chapter 7 prints these outputs for seeds 0 and 1 (its table after 10,000 steps)."""
    assert [f"{v:.6f}" for v in XorExplorer(seed=0).outputs] == ["0.070511", "0.932815", "0.932837", "0.074097"]
    stuck = XorExplorer(seed=1)
    assert [f"{v:.6f}" for v in stuck.outputs] == ["0.049436", "0.499965", "0.933813", "0.507725"]
    assert not stuck.solves and XorExplorer(seed=1, hidden=3).solves


def test_the_settings_are_read_when_they_change():
    explorer = XorExplorer(seed=1)
    assert not explorer.solves
    explorer.hidden = 4
    assert explorer.final_loss == _library_run(4, 0.1, 1, 10_000).losses[-1]
    assert explorer.solves


def test_the_table_of_starting_networks_is_examples_xor():
    explorer = XorExplorer()
    assert sorted(explorer.starts, key=int) == [str(h) for h in HIDDEN_UNITS]
    for h in HIDDEN_UNITS:
        assert len(explorer.starts[str(h)]) == len(SEEDS)
        for s in SEEDS:
            net = examples.xor(data="xor", seed=s, hidden=h).net
            stored = explorer.starts[str(h)][s]
            np.testing.assert_array_equal(np.array(stored["W1"]), net.W[1])
            np.testing.assert_array_equal(np.array(stored["b1"]), net.b[1][:, 0])
            np.testing.assert_array_equal(np.array(stored["W2"]), net.W[2])
            np.testing.assert_array_equal(np.array(stored["b2"]), net.b[2][:, 0])
            assert np.array(stored["W1"]).shape == (h, 2) and np.array(stored["W2"]).shape == (1, h)
    assert explorer.samples == {"x": X.tolist(), "y": Y.tolist()}
    assert explorer.choices["lr"] == list(LEARNING_RATES)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"hidden": 7}, ValueError, r"^hidden: expected a whole number from 2 to 6, got 7"),
    ({"hidden": 1}, ValueError, r"^hidden: expected a whole number >= 2, got 1"),
    ({"hidden": 2.0}, TypeError, r"^hidden: expected a whole number >= 2, got float"),
    ({"hidden": True}, TypeError, r"^hidden: expected a whole number >= 2, got bool"),
    ({"lr": 0.3}, ValueError, r"^lr: expected one of 0\.1, 0\.2, 0\.5, 1, 2, 5, 10, got 0\.3"),
    ({"lr": 50}, ValueError, r"^lr: expected one of .*, got 50"),
    ({"lr": -0.1}, ValueError, r"^lr: expected a finite number > 0, got -0\.1"),
    ({"lr": "0.1"}, TypeError, r"^lr: expected a number > 0, got str"),
    ({"lr": math.nan}, ValueError, r"^lr: expected a finite number > 0, got nan"),
    ({"seed": 10}, ValueError, r"^seed: expected a whole number from 0 to 9 .*, got 10"),
    ({"seed": -1}, ValueError, r"^seed: expected a whole number >= 0, got -1"),
    ({"seed": None}, TypeError, r"^seed: expected a whole number >= 0, got None"),
    ({"epochs": 750}, ValueError, r"^epochs: expected a multiple of 500 from 500 to 50000, got 750"),
    ({"epochs": 0}, ValueError, r"^epochs: expected a whole number >= 1, got 0"),
    ({"epochs": EPOCHS_MAX + 500}, ValueError, r"^epochs: expected a multiple of 500 from 500 to 50000, got 50500"),
    ({"epochs": 1e4}, TypeError, r"^epochs: expected a whole number >= 1, got float"),
])
def test_bad_settings_are_refused_naming_them(kwargs, error, message):
    with pytest.raises(error, match=message):
        XorExplorer(**kwargs)


@pytest.mark.parametrize("name, value", [("hidden", 9), ("lr", 0.25), ("seed", 10), ("epochs", 123)])
def test_a_bad_setting_later_is_refused_and_changes_nothing(name, value):
    explorer = XorExplorer(hidden=3, lr=0.5, seed=2, epochs=1_000)
    before = explorer.final_loss
    with pytest.raises(ValueError, match=rf"^{name}: expected"):
        setattr(explorer, name, value)
    assert (explorer.hidden, explorer.lr, explorer.seed, explorer.epochs) == (3, 0.5, 2, 1_000)
    assert explorer.final_loss == before


def test_starting_parameters_refuses_seeds_it_has_no_table_for():
    with pytest.raises(ValueError, match=r"^seed: "):
        starting_parameters(2, 12)


def test_its_text_form_holds_no_memory_address_so_nbval_compares_it():
    assert repr(XorExplorer(hidden=3, lr=2, seed=4, epochs=1_500)) == "XorExplorer(hidden=3, lr=2.0, seed=4, epochs=1500)"


# ---- in the built book -----------------------------------------------------------------------
PAGE_SETTINGS = [  # (hidden, lr, seed, epochs): the page starts from the lesson's own setting
    (3, 0.1, 1, 10_000),
    (2, 0.1, 4, 10_000),
    (2, 10.0, 6, 10_000),   # a step too large
    (6, 2.0, 9, 50_000),    # the most work the page does
    (4, 0.2, 0, 500),
    (5, 10.0, 3, 25_000),
    (2, 0.5, 8, 1_500),
]

#: Each [trait, value] set on its slider as a reader's drag sets it (value, input and change
#: events), all in one round trip; the page then trains once, at its next frame.
SET_CONTROLS = """(settings) => {
    for (const [trait, value] of settings) {
        const input = document.querySelector(`.bp-xor input[data-trait=${trait}]`);
        input.value = String(value);
        input.dispatchEvent(new Event('input', {bubbles: true}));
        input.dispatchEvent(new Event('change', {bubbles: true}));
    }
}"""

#: Every number the explorer shows, by its data-quantity.
READ = """() => Object.fromEntries(Array.from(document.querySelectorAll('.bp-xor [data-quantity]'))
    .map((el) => [el.dataset.quantity, el.textContent]))"""

#: What the test reads once the page shows a setting: READ, and how many samples are drawn.
SHOWN = """() => ({numbers: (%s)(), samples: document.querySelectorAll('.bp-xor svg circle').length})""" % READ


def _loss_text(v: float) -> str:
    """A loss as the page prints it: 4 significant digits, never fewer than 4 decimals."""
    return f"{v:.{max(4, 3 - math.floor(math.log10(v)))}f}"


def _shown(hidden, lr, seed, epochs) -> str:
    return f"hidden={hidden} lr={lr:g} seed={seed} epochs={epochs}"


def test_the_explorer_in_the_static_book_trains_like_the_library(book_server, browser):
    """Chapter 7's explorer, with no kernel: it opens on the lesson's setting, and moved to each
    of PAGE_SETTINGS it trains in the page and shows the library's final loss and outputs to the
    digits it prints, the epochs, the verdict the library's outputs give, and the four samples."""
    page, problems = open_lesson(browser, book_server, "07_xor", ".bp-xor")
    root = page.locator(".bp-xor")
    assert root.count() == 1
    # it opens on the lesson's setting: seed 1, two hidden units, the source's eta, 10,000 epochs,
    # shown once its first run has ended (the page trains in slices, after it is drawn)
    page.wait_for_function("() => document.querySelector('.bp-xor').dataset.shown !== undefined", timeout=30000)
    first = root.get_attribute("data-shown")
    assert first == _shown(2, 0.1, 1, 10_000), first
    assert "does not solve" in page.evaluate(READ)["verdict"]
    for hidden, lr, seed, epochs in PAGE_SETTINGS:
        page.evaluate(SET_CONTROLS, [["hidden", hidden], ["lr", LEARNING_RATES.index(lr)], ["seed", seed],
                                     ["epochs", epochs]])
        # the expected numbers: the library's own training, not the page's (made while the page trains)
        run = _library_run(hidden, lr, seed, epochs)
        outputs = bl.forward(run.net, X).output[0]
        # the timeout only ends a wait that would otherwise never end: how fast the page trains
        # depends on the machine, so no test bounds it (tests/test_no_timed_tests.py)
        page.wait_for_function("(want) => document.querySelector('.bp-xor').dataset.shown === want",
                               arg=_shown(hidden, lr, seed, epochs), timeout=60000)
        seen = page.evaluate(SHOWN)
        shown = seen["numbers"]
        where = f"at h={hidden}, eta={lr}, seed={seed}, epochs={epochs}"
        assert shown["final-loss"] == _loss_text(run.losses[-1]), where
        assert [shown[f"output-{n}"] for n in range(1, 5)] == [f"{v:.4f}" for v in outputs], where
        assert shown["epochs"] == f"{epochs:,}", where
        solves = bool(np.all((outputs > 0.5) == (Y[0] == 1)))
        assert shown["verdict"] == ("✓ solves XOR" if solves else "✗ does not solve XOR"), where
        assert seen["samples"] == 4
    assert not problems, problems
    page.close()


# ---- every sentence the explorer writes, against the library (a bare page: the JavaScript as shipped) ----
SENTENCES = """(root) => ({
    summary: root.querySelector('p.bp-numbers').textContent,
    rows: Array.from(root.querySelectorAll('.bp-xor-outputs tbody tr')).map((r) => Array.from(r.children).map((c) => c.textContent)),
    captions: Array.from(root.querySelectorAll('figcaption')).map((c) => c.textContent),
    labels: Array.from(root.querySelectorAll('svg[role=img]')).map((s) => s.getAttribute('aria-label')),
    shown: root.dataset.shown})"""


@pytest.mark.parametrize("hidden, lr, seed, epochs", [(2, 0.1, 0, 10_000), (2, 0.1, 1, 10_000), (2, 10.0, 6, 2_000)])
def test_every_sentence_the_explorer_writes_is_true_of_the_librarys_run(hidden, lr, seed, epochs, browser, tmp_path):
    """At a setting that solves XOR and two that do not: the summary's epochs, loss and verdict,
    each sample's row (input, target, output, and "✓ right" or "✗ wrong" as the library's output
    falls on its target's side of ½), the two figures' descriptions (the loss at the start and
    after the last step, the four outputs) and their captions, each against the library's run."""
    run = _library_run(hidden, lr, seed, epochs)
    outputs = bl.forward(run.net, X).output[0]
    page, problems = open_bare(browser, XorExplorer(hidden=hidden, lr=lr, seed=seed, epochs=epochs), tmp_path)
    # the page trains in slices after it is drawn: its sentences are final once data-shown names
    # the setting (read at once, they were those of a run still in progress, on a busy machine)
    page.wait_for_function("(want) => document.querySelector('.bp-xor').dataset.shown === want",
                           arg=_shown(hidden, lr, seed, epochs), timeout=60000)
    seen = page.locator(".bp-xor").evaluate(SENTENCES)
    page.close()
    assert seen["shown"] == _shown(hidden, lr, seed, epochs)
    right = (outputs > 0.5) == (Y[0] == 1)
    verdict = "✓ solves XOR" if right.all() else "✗ does not solve XOR"
    assert seen["summary"] == f"After {epochs:,} epochs the loss is {_loss_text(run.losses[-1])}: {verdict}"
    inputs = [f"({a:g}, {b:g})" for a, b in X.T]
    assert seen["rows"] == [[inputs[n], f"{Y[0, n]:g}", f"{outputs[n]:.4f}", "✓ right" if right[n] else "✗ wrong"]
                            for n in range(4)]
    assert seen["labels"] == [
        f"Loss curve over {epochs:,} steps, from {run.losses[0]:.4f} at step 0 to {_loss_text(run.losses[-1])} "
        "after the last step.",
        "Output of the trained network over the input square: "
        + ", ".join(f"{o:.4f} at {i}" for o, i in zip(outputs, inputs)) + "."]
    assert len(run.losses) == epochs + 1   # the curve: before each step and after the last
    assert seen["captions"] == ["Loss L before each step and after the last (log scale); dotted: the plateaus ½ and ¼",
                                "Output ŷ over the inputs, from 0 (blue) to 1 (red); black line: ŷ = ½;  target 0,  "
                                "target 1"]
    assert not problems, problems


#: The setting the sliders name now, as data-shown writes it.
SLIDERS_SETTING = """() => {
    const v = (t) => document.querySelector(`.bp-xor input[data-trait=${t}]`);
    const lr = JSON.parse(v('lr').dataset.values)[Number(v('lr').value)];
    return `hidden=${v('hidden').value} lr=${lr} seed=${v('seed').value} epochs=${v('epochs').value}`;
}"""

#: Drags the slider of `trait` from one end to the other (`direction` 1: left to right), an input
#: event at every step, each in a task of its own as a reader's drag (`spaced`), or all in one
#: task, as a flick faster than a frame. From its start, every value data-shown takes is kept with
#: the setting the sliders named at that moment, in window.bpSeen. Returns how many runs had
#: ended before, the steps, the setting it ends on, and what the page showed right after the last
#: input event (in its task: before any slice of training could run).
DRAG = """async ([trait, direction, spaced]) => {
    const root = document.querySelector('.bp-xor');
    const input = root.querySelector(`input[data-trait=${trait}]`);
    const setting = %s;
    window.bpSeen = [];
    new MutationObserver(() => root.dataset.shown !== undefined && window.bpSeen.push([root.dataset.shown, setting()]))
        .observe(root, {attributes: true, attributeFilter: ['data-shown']});
    const before = Number(root.dataset.trainings);
    const [low, high, step] = [input.min, input.max, input.step || 1].map(Number);
    const values = [];
    for (let v = low; v <= high; v += step) values.push(v);
    if (direction < 0) values.reverse();
    let atEnd = null;
    for (const v of values) {
        input.value = String(v);
        input.dispatchEvent(new Event('input', {bubbles: true}));
        const training = root.querySelector('.bp-xor-training');
        atEnd = {shown: root.dataset.shown ?? null, training: training.hidden ? null : training.textContent};
        if (spaced) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    input.dispatchEvent(new Event('change', {bubbles: true}));
    return {before, steps: values.length, last: setting(), atEnd};
}""" % SLIDERS_SETTING

#: (trait, direction, spaced): each slider dragged end to end, the last setting (h = 6, eta = 0.1,
#: seed 9, 50,000 epochs) the most work the page does. The drag of eta goes from 10 back to 0.1,
#: where it began: in one task, it trains nothing at all.
DRAGS = [("hidden", 1, True), ("lr", -1, False), ("seed", 1, True), ("epochs", 1, False)]


def test_dragging_each_slider_end_to_end_only_the_newest_setting_is_trained_and_shown(book_server, browser):
    """Each slider of chapter 7's explorer dragged from end to end, an input event at every step:
    the page trains in slices, and each new setting cancels the run in progress. So the numbers
    shown are never an older setting's (every value data-shown takes names the setting the
    sliders named then); when the whole drag comes in one task, only its last setting is trained
    (one run ends, not one per step; none if it ends where it began); right after the last
    event it says that it trains; and it ends showing the library's numbers for the last
    setting, with no error."""
    page, problems = open_lesson(browser, book_server, "07_xor", ".bp-xor")
    root = page.locator(".bp-xor")
    page.wait_for_function("() => document.querySelector('.bp-xor').dataset.shown !== undefined", timeout=30000)
    for trait, direction, spaced in DRAGS:
        before = root.get_attribute("data-shown")
        drag = page.evaluate(DRAG, [trait, direction, spaced])
        where = f"dragging {trait} ({'an event a task' if spaced else 'in one task'}) to {drag['last']}"
        # right after the last input event (in its task, before any slice could run)
        if drag["last"] == before:  # back where it began: those numbers are final, nothing to train
            assert drag["atEnd"] == {"shown": before, "training": None}, f"{where}: {drag['atEnd']}"
        else:  # nothing shown is final for the new setting, and it says it trains
            assert drag["atEnd"]["shown"] is None, f"{where}: {drag['atEnd']}"
            epochs = int(drag["last"].split("epochs=")[1])
            assert drag["atEnd"]["training"] == f"Training {epochs:,} epochs…", f"{where}: {drag['atEnd']}"
        page.wait_for_function("(want) => document.querySelector('.bp-xor').dataset.shown === want",
                               arg=drag["last"], timeout=60000)
        seen = page.evaluate("() => window.bpSeen")
        stale = [shown for shown, named in seen if shown != named]
        assert not stale, f"{where}: the page showed the numbers of settings already left: {stale}"
        ended = int(root.get_attribute("data-trainings")) - drag["before"]
        most = drag["steps"] if spaced else 0 if drag["last"] == before else 1
        assert (1 if spaced else most) <= ended <= most, f"{where}: {ended} runs ended"
        hidden, lr, seed, epochs = (float(part.split("=")[1]) for part in drag["last"].split())
        run = _library_run(int(hidden), lr, int(seed), int(epochs))
        shown = page.evaluate(READ)
        assert shown["final-loss"] == _loss_text(run.losses[-1]), where
        outputs = bl.forward(run.net, X).output[0]
        assert [shown[f"output-{n}"] for n in range(1, 5)] == [f"{v:.4f}" for v in outputs], where
        assert page.locator(".bp-xor-training").is_hidden(), where
    assert drag["last"] == _shown(6, 0.1, 9, 50_000)
    assert not problems, problems
    page.close()


def test_its_still_picture_shows_the_trained_numbers_not_a_run_in_progress():
    """The still picture the book draws at build time (book/_ext/explorer_preview.mjs, the
    explorer's own render() in node) waits for the sliced training of the starting setting to
    end: it shows the library's final loss and verdict, and nothing marked busy or "Training"."""
    explorer = XorExplorer()
    state = {k: v for k, v in explorer.get_state().items() if not isinstance(v, (bytes, memoryview))}
    widgets = [{"id": "xor-still", "esm": explorer._esm, "css": explorer._css, "state": state}]
    html = still_pictures(widgets)["xor-still"]["html"]  # as the build draws it
    text = re.sub(r"<[^>]+>", "", html)
    run = _library_run(state["hidden"], state["lr"], state["seed"], state["epochs"])
    assert f"After {state['epochs']:,} epochs the loss is {_loss_text(run.losses[-1])}" in text, text[:300]
    assert 'aria-busy="true"' not in html and "Training" not in text, text[:300]
