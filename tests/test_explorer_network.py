"""The 2-2-2 network stepper (backprop_lib.explorers.network.NetworkStepper).

Python side: every number it computes is the library's forward pass, gradients and update of
R. Lamsal's network, its first update is the article's printed step, its buttons walk the
stages in order, and bad input is refused naming the argument, changing nothing.

In the browser: chapter 5's stepper, in the built book with no kernel, shows at every stage of
several training steps exactly the numbers the library computes, to the digits shown; and the
same JavaScript, given the variants whose biases train, does too. Expected values always come
from the library run here (or from the article), never from the stepper itself.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.explorers.network import STAGES, NetworkStepper
from backprop_lib.pages import examples, published
from browsing import collect_problems, open_lesson

LOSS = "half_sse"


def library_steps(bias: str, n: int, lr=None, x=None, y=None):
    """The networks after 0, 1, ..., n updates, by the library alone."""
    ex = examples.network_222(bias)
    lr = ex.lr if lr is None else lr
    x = ex.x if x is None else np.reshape(x, (2, 1))
    y = ex.y if y is None else np.reshape(y, (2, 1))
    nets = [ex.net]
    for _ in range(n):
        nets.append(bl.sgd_step(nets[-1], bl.gradients(nets[-1], x, y, loss=LOSS), lr))
    return nets, x, y


def same_network(a, b) -> bool:
    return all(np.allclose(a.W[l], b.W[l], rtol=1e-13, atol=0) for l in (1, 2)) and all(
        (u is None and v is None) or np.allclose(u, v, rtol=1e-13, atol=0) for u, v in zip(a.b, b.b))


# ---- the Python side ---------------------------------------------------------------------------
@pytest.mark.parametrize("bias", ["frozen", "shared", "neuron"])
def test_every_stage_of_three_steps_is_the_library_s(bias):
    nets, x, y = library_steps(bias, 3)
    stepper = NetworkStepper(bias=bias)
    assert (stepper.stage, stepper.step, stepper.before) == ("weights", 0, None)
    seen = []
    for presses in range(12):
        stepper.next()
        seen.append(stepper.stage)
        k = stepper.step
        net = nets[k]
        assert same_network(stepper.net, net)
        trace, grads = bl.forward(net, x), bl.gradients(net, x, y, loss=LOSS)
        for l in (1, 2):
            np.testing.assert_allclose(stepper.trace.z[l], trace.z[l], rtol=1e-13, atol=0)
            np.testing.assert_allclose(stepper.trace.a[l], trace.a[l], rtol=1e-13, atol=0)
            np.testing.assert_allclose(stepper.gradients.delta[l], grads.delta[l], rtol=1e-13, atol=0)
            np.testing.assert_allclose(stepper.gradients.dW[l], grads.dW[l], rtol=1e-13, atol=0)
        assert stepper.loss == pytest.approx(bl.loss_of(net, x, y, loss=LOSS), rel=1e-13)
        if k:
            assert same_network(stepper.before, nets[k - 1])
    assert seen == ["forward", "loss", "backward", "update"] * 3
    assert stepper.step == 3


def test_the_first_update_is_the_article_s_printed_step():
    """The article prints the new weights cut off after five decimals: each printed figure is
    the exact new weight with its further digits dropped."""
    printed = published("lamsal")
    stepper = NetworkStepper()
    stepper.update()
    ex = examples.network_222()
    new = ex.named(stepper.net.W)
    for name in ex.names:
        shown = printed[f"{name}_new"].value
        assert 0 <= new[name] - shown < 1e-5, (name, new[name], shown)
    assert stepper.biases == [[0.25], [0.35]]   # frozen, as in the article


def test_a_loss_that_falls_at_every_update_as_the_lesson_says():
    stepper = NetworkStepper()
    losses = [stepper.loss]
    for _ in range(10):
        stepper.update()
        losses.append(stepper.loss)
    assert all(b < a for a, b in zip(losses, losses[1:]))
    nets, x, y = library_steps("frozen", 10)
    assert losses[-1] == pytest.approx(bl.loss_of(nets[-1], x, y), rel=1e-13)


def test_buttons_show_update_and_reset():
    stepper = NetworkStepper(bias="shared")
    stepper.show("backward")
    assert (stepper.stage, stepper.step) == ("backward", 0)
    stepper.update()
    stepper.update()
    assert (stepper.stage, stepper.step) == ("update", 2)
    stepper.next()
    assert (stepper.stage, stepper.step) == ("forward", 2)
    stepper.show("loss")
    assert stepper.stage == "loss"
    nets, _, _ = library_steps("shared", 2)
    assert same_network(stepper.net, nets[2]) and same_network(stepper.before, nets[1])
    stepper.reset()
    assert (stepper.stage, stepper.step, stepper.previous_weights, stepper.before) == ("weights", 0, [], None)
    assert same_network(stepper.net, nets[0])


def test_its_own_input_target_and_learning_rate():
    nets, x, y = library_steps("neuron", 2, lr=2.5, x=[0.3, -0.7], y=[0.9, 0.1])
    stepper = NetworkStepper(bias="neuron", lr=2.5, x=np.array([[0.3], [-0.7]]), y=(0.9, 0.1))
    stepper.update()
    stepper.update()
    assert same_network(stepper.net, nets[2])
    assert stepper.loss == pytest.approx(bl.loss_of(nets[2], x, y), rel=1e-13)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"bias": "per-neuron"}, ValueError, r"^bias: expected one of \['frozen', 'neuron', 'shared'\], got 'per-neuron'"),
    ({"bias": None}, TypeError, r"^bias: expected one of"),
    ({"lr": 0}, ValueError, r"^lr: expected a finite number > 0, got 0"),
    ({"lr": "0.6"}, TypeError, r"^lr: expected a number > 0, got str"),
    ({"lr": True}, TypeError, r"^lr: expected a number > 0, got bool"),
    ({"x": [0.1, 0.5, 0.2]}, ValueError, r"^x: expected 2 numbers, a vector \(2,\) or a column \(2, 1\), got shape \(3,\)"),
    ({"x": [[0.1, 0.5]]}, ValueError, r"^x: expected 2 numbers, .* got shape \(1, 2\)"),
    ({"x": "ab"}, TypeError, r"^x: expected an array of numbers, got str"),
    ({"y": [0.05, np.nan]}, ValueError, r"^y: expected finite numbers"),
    ({"decimals": 0}, ValueError, r"^decimals: expected a whole number >= 1, got 0"),
    ({"decimals": 9}, ValueError, r"^decimals: expected a whole number from 1 to 8, got 9"),
    ({"decimals": 4.0}, TypeError, r"^decimals: expected a whole number >= 1, got float"),
])
def test_bad_arguments_are_refused_naming_them(kwargs, error, message):
    with pytest.raises(error, match=message):
        NetworkStepper(**kwargs)


@pytest.mark.parametrize("stage, error, message", [
    ("update", ValueError, r"^stage: expected one of \['backward', 'forward', 'loss'\]; to make an update, call update\(\)"),
    ("sideways", ValueError, r"^stage: expected one of \['backward', 'forward', 'loss'\], got 'sideways'"),
    (2, TypeError, r"^stage: expected one of"),
])
def test_show_refuses_what_is_not_a_stage_and_changes_nothing(stage, error, message):
    stepper = NetworkStepper()
    stepper.update()
    before = (stepper.stage, stepper.step, stepper.weights, stepper.previous_weights)
    with pytest.raises(error, match=message):
        stepper.show(stage)
    assert (stepper.stage, stepper.step, stepper.weights, stepper.previous_weights) == before


def test_its_text_form_holds_no_memory_address_so_nbval_compares_it():
    stepper = NetworkStepper(bias="neuron", lr=1)
    assert repr(stepper) == "NetworkStepper(bias='neuron', lr=1.0, stage='weights', step=0)"
    stepper.update()
    assert repr(stepper) == "NetworkStepper(bias='neuron', lr=1.0, stage='update', step=1)"
    assert STAGES == ("weights", "forward", "loss", "backward", "update")


# ---- in the browser ------------------------------------------------------------------------------
DECIMALS = 4
NUMBER = re.compile(r"^[+\u2212]?\d+\.\d{%d}$" % DECIMALS)
SIGNED = ("delta", "dW", "db", "error")   # shown with their sign, + included, as the book's drawings do

READ = """(root) => Array.from(root.querySelectorAll('[data-quantity]')).map(e => [e.dataset.quantity, e.textContent])"""


def expected(stage: str, nets, step: int, x, y) -> list:
    """(quantity, value) for every number the stepper should show at ``stage`` after ``step``
    updates, from the library."""
    net = nets[step]
    trace, grads = bl.forward(net, x), bl.gradients(net, x, y, loss=LOSS)
    loss, start = bl.loss_of(net, x, y, loss=LOSS), bl.loss_of(nets[0], x, y, loss=LOSS)
    out = [(f"x[{j}]", x[j, 0]) for j in range(2)] + [(f"y[{j}]", y[j, 0]) for j in range(2)]
    out += [("step", step), ("loss now", loss), ("loss start", start)]

    def parameters(of, prefix=""):
        rows = [(f"{prefix}W{l}[{j}, {k}]", of.W[l][j, k]) for l in (1, 2) for j in range(2) for k in range(2)]
        return rows + [(f"{prefix}b{l}[{j}]", of.b[l][j, 0]) for l in (1, 2) for j in range(of.b[l].shape[0])]

    if stage == "weights":
        out += parameters(net)
    elif stage in ("forward", "loss"):
        out += parameters(net)
        out += [(f"{q}{l}[{j}]", getattr(trace, q)[l][j, 0]) for q in ("z", "a") for l in (1, 2) for j in range(2)]
        if stage == "loss":
            miss = trace.output[:, 0] - y[:, 0]
            out += [(f"error[{j}]", miss[j]) for j in range(2)]
            out += [(f"loss term[{j}]", 0.5 * miss[j] ** 2) for j in range(2)]
            out += [("loss", loss), ("loss", loss)]   # in the caption and in the picture
    elif stage == "backward":
        out += [(f"dW{l}[{j}, {k}]", grads.dW[l][j, k]) for l in (1, 2) for j in range(2) for k in range(2)]
        out += [(f"db{l}[{j}]", grads.db[l][j, 0]) for l in (1, 2) for j in range(grads.db[l].shape[0])]
        out += [(f"delta{l}[{j}]", grads.delta[l][j, 0]) for l in (1, 2) for j in range(2)]
    elif stage == "update":
        old, new = parameters(nets[step - 1], "old "), parameters(net, "new ")
        frozen = [f"b{l}" for l in (1, 2) if f"b{l}" in net.frozen]
        for (key_old, v_old), (key_new, v_new) in zip(old, new):
            name = key_old[4:]
            if name.split("[")[0] in frozen:   # a frozen bias is shown once, as it is
                out.append((name, v_new))
            else:
                out += [(key_old, v_old), (key_new, v_new)]
        out += [("loss before", bl.loss_of(nets[step - 1], x, y, loss=LOSS)), ("loss after", loss)]
    return out


def compare(shown: list, wanted: list, where: str) -> None:
    """Every number shown is the library's to the digits shown, and every one wanted is shown."""
    assert sorted(k for k, _ in shown) == sorted(k for k, _ in wanted), (
        f"{where}: shown {sorted(k for k, _ in shown)}, wanted {sorted(k for k, _ in wanted)}")
    texts = {}
    for key, text in shown:
        texts.setdefault(key, []).append(text)
    for key, value in wanted:
        text = texts[key].pop()
        if key == "step":
            assert text == str(value), f"{where}: step shows {text!r}, expected {value}"
            continue
        assert NUMBER.match(text), f"{where}: {key} shows {text!r}, not a number with {DECIMALS} decimals"
        number = float(text.replace("\u2212", "-"))
        assert abs(number - value) <= 0.5 * 10 ** -DECIMALS * (1 + 1e-9), f"{where}: {key} shows {text}, library {value!r}"
        if key.split("[")[0].rstrip("12") in SIGNED and number > 0:
            assert text.startswith("+"), f"{where}: {key} shows {text} without its sign"
        if number < 0:
            assert text.startswith("\u2212"), f"{where}: {key} shows {text} without a true minus sign"


def check_stage(page, root, stage: str, nets, step: int, x, y, where: str) -> None:
    assert root.get_attribute("data-stage") == stage, f"{where}: the stepper is at {root.get_attribute('data-stage')}"
    assert root.locator("svg").get_attribute("data-stage") == stage
    current = root.locator("button[aria-current=step]")
    if stage == "weights":
        assert current.count() == 0, f"{where}: a stage button is highlighted at the start"
    else:
        assert current.count() == 1 and current.get_attribute("data-stage") == stage, f"{where}: highlighted button"
        assert "bp-current" in current.get_attribute("class")
    compare(root.evaluate(READ), expected(stage, nets, step, x, y), where)


def walk(page, root, nets, x, y, rounds: int, updates: int) -> None:
    """Press through ``rounds`` whole rounds with Next stage, then Update ``updates`` times,
    checking every stage; then the stage buttons; then Reset."""
    check_stage(page, root, "weights", nets, 0, x, y, "start")
    step = 0
    for r in range(rounds):
        for stage in ("forward", "loss", "backward", "update"):
            root.locator("button.bp-next").click()
            step += stage == "update"
            check_stage(page, root, stage, nets, step, x, y, f"round {r + 1}, {stage}")
    for _ in range(updates):
        root.locator("button[data-stage=update]").click()
        step += 1
        check_stage(page, root, "update", nets, step, x, y, f"update {step}")
    for stage in ("loss", "backward", "forward"):   # looking changes no weight
        root.locator(f"button[data-stage={stage}]").click()
        check_stage(page, root, stage, nets, step, x, y, f"{stage} button after {step} updates")
    root.locator("button.bp-reset").click()
    check_stage(page, root, "weights", nets, 0, x, y, "after Reset")
    root.locator("button.bp-next").click()
    check_stage(page, root, "forward", nets, 0, x, y, "the forward pass after Reset")


def test_the_stepper_in_the_static_book_shows_the_library_s_numbers_at_every_stage(book_server, browser):
    rounds, updates = 3, 6
    nets, x, y = library_steps("frozen", rounds + updates)
    page, problems = open_lesson(browser, book_server, "05_network_222", ".bp-network")
    root = page.locator(".bp-network")
    assert root.count() == 1
    svg = root.locator("svg")
    assert svg.get_attribute("role") == "img" and "2-2-2 network" in svg.get_attribute("aria-label")
    buttons = root.locator("button")
    assert all(buttons.nth(i).text_content().strip() for i in range(buttons.count()))
    walk(page, root, nets, x, y, rounds, updates)
    # the edges of the backward pass: coloured by the gradient's sign, thicker where it is larger
    root.locator("button[data-stage=backward]").click()
    grads = bl.gradients(nets[0], x, y, loss=LOSS)
    widths = {}
    for l in (1, 2):
        for j in range(2):
            for k in range(2):
                edge = root.locator(f'line[data-edge="W{l}[{j}, {k}]"]')
                g = grads.dW[l][j, k]
                assert ("bp-pos" if g > 0 else "bp-neg") in edge.get_attribute("class")
                widths[(l, j, k)] = float(edge.get_attribute("stroke-width"))
    order = sorted(widths, key=lambda key: abs(grads.dW[key[0]][key[1], key[2]]))
    assert [widths[key] for key in order] == sorted(widths.values())
    colours = page.evaluate("""() => ['bp-pos', 'bp-neg'].map(c =>
        getComputedStyle(document.querySelector('.bp-network line.' + c)).stroke)""")
    assert colours == ["rgb(213, 94, 0)", "rgb(0, 114, 178)"]   # #D55E00 and #0072B2, the book's
    page.close()
    assert not problems, problems


# The same JavaScript, outside the book, for the variants whose biases train: a bare page with a
# stand-in for the widget model (get, set, on, save_changes), as the html-manager gives one.
HARNESS = """<!doctype html><html><head><meta charset="utf-8"><style>%(css)s</style></head>
<body><div id="w"></div><script type="module">
const state = %(state)s, handlers = {};
const model = {get: (k) => state[k], set: (k, v) => { state[k] = v; (handlers['change:' + k] || []).forEach((f) => f()); },
  on: (e, f) => (handlers[e] = handlers[e] || []).push(f), off: () => {}, save_changes: () => {}};
const module = await import(URL.createObjectURL(new Blob([%(esm)s], {type: 'text/javascript'})));
module.default.render({model, el: document.getElementById('w')});
window.rendered = true;
</script></body></html>"""


@pytest.mark.parametrize("bias, lr, x_given, y_given", [
    ("shared", None, None, None),
    ("neuron", 2.0, [0.3, -0.7], [0.9, 0.1]),
])
def test_the_same_javascript_trains_the_biases_as_the_library_does(bias, lr, x_given, y_given, browser, tmp_path):
    stepper = NetworkStepper(bias=bias, lr=lr, x=x_given, y=y_given)
    state = {name: getattr(stepper, name) for name in stepper.trait_names(sync=True) if not name.startswith("_")
             and name not in ("layout", "tabbable", "tooltip")}
    page_file = tmp_path / "stepper.html"
    page_file.write_text(HARNESS % {"css": stepper._css, "state": json.dumps(state), "esm": json.dumps(stepper._esm)})
    nets, x, y = library_steps(bias, 2 + 3, lr=lr, x=x_given, y=y_given)
    page = browser.new_page(viewport={"width": 900, "height": 900})
    problems = collect_problems(page)
    page.goto(page_file.as_uri())
    page.wait_for_function("window.rendered === true")
    walk(page, page.locator(".bp-network"), nets, x, y, rounds=2, updates=3)
    page.close()
    assert not problems, problems


def test_update_says_it_takes_a_step_and_a_phone_is_told_to_swipe(book_server, browser):
    """4 Update, unlike 1–3, takes a step at every press: its text, title and accessible name say
    so. On a 390 px phone the diagram scrolls in its box and a visible hint says so; at 1280 px,
    where the diagram fits, there is no hint."""
    for width in (1280, 390):
        page, problems = open_lesson(browser, book_server, "05_network_222", ".bp-network", width=width)
        root = page.locator(".bp-network")
        update = root.locator("button[data-stage=update]")
        assert "one step" in update.text_content()
        assert "step" in update.get_attribute("title") and "weights" in update.get_attribute("title")
        assert update.get_attribute("aria-label").startswith(update.text_content())
        assert "takes one more step" in update.get_attribute("aria-label")
        for stage in ("forward", "loss", "backward"):
            assert "changes no weight" in root.locator(f"button[data-stage={stage}]").get_attribute("title")
        update.click()
        update.click()
        assert root.get_attribute("data-step") == "2"   # every press is another update
        swipe = root.locator(".bp-network-swipe")
        overflows = root.evaluate("(r) => { const f = r.querySelector('.bp-network-figure'); "
                                  "return f.scrollWidth > f.clientWidth + 1; }")
        assert overflows == (width == 390)
        assert swipe.is_visible() == overflows
        if overflows:
            assert "Swipe sideways" in swipe.text_content()
        page.close()
        assert not problems, problems
