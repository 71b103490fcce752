"""core.js, the explorers' maths in JavaScript, against the library, float for float, in node.

backprop_lib/explorers/core.js is the one JavaScript copy of the library's passes: the
activations and losses, the forward pass, the backward pass (BP1–BP4), one step of gradient
descent and the full-batch training loop; every explorer's page computes with it (base.py puts it
in each explorer's module). Here node runs that very file (tests/core_check.mjs imports its text)
on random networks of many shapes, every activation, bias kind and loss it knows, with inputs
drawn in Python from a fixed seed and passed as JSON (which carries every digit of a double both
ways), and the results are compared with the library's own ``forward``, ``backward``,
``sgd_step``, ``loss_of`` and ``train``. So the browser tests need only check what the page draws
and how it is wired; the maths is checked here, exactly, on far more cases than a page could show.

Tolerances: the two compute the same operations in the same order, but numpy's BLAS may fuse a
multiply and an add, sums of 8 or more terms are paired differently, and ``exp`` and ``tanh`` may
differ in their last bit, so a result differs from the library's by round-off: a few units of
the last place of the terms it adds up. Hence the comparison is relative to the largest entry of
each array (an entry that cancels to near 0 carries the round-off of the terms that made it):
``|js - lib| <= rtol * (|lib| + max |lib|)``. One pass: ``rtol = 1e-12`` (seen: under 1e-14).
Training, up to 10,000 steps: ``rtol = 1e-11``, as each step's round-off is carried into the
next: where gradient descent is stable (the random networks train at rates 0.005 to 0.05, the
XOR explorer's runs are stable) it stays small (seen: under 1e-14), and in runs that grow until
they overflow, a few times larger (seen: 2e-13). Where a run is chaotic, as some of the
learning-rate explorer's are, round-off grows as fast as any difference and no two programs agree
on the last digits: no tolerance would hold there, and those runs are left to the explorers' own
tests, which know them. A wrong equation is far outside these tolerances: a derivative off by a
factor of 2 moves the gradients by their own size.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.explorers import Answer, LearningRateExplorer, NetworkStepper, NeuronExplorer, XorExplorer
from backprop_lib.explorers.xor import starting_parameters
from backprop_lib.pages import examples
from node_js import node as run_node

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "backprop_lib" / "explorers" / "core.js"
CHECK = ROOT / "tests" / "core_check.mjs"

#: What core.js knows, by the library's names.
ACTIVATIONS = ("sigmoid", "identity", "tanh", "relu")
LOSSES = ("half_sse", "mse")

ONE_PASS, TRAINED = 1e-12, 1e-11  # the tolerances (see the module's docstring)


def node(cases: list, tmp_path: Path) -> list:
    """What tests/core_check.mjs computes for ``cases`` with core.js, one result per case."""
    given = tmp_path / "cases.json"
    given.write_text(json.dumps({"core": CORE.read_text(), "cases": cases}))
    results = json.loads(run_node(str(CHECK), str(given)))
    assert len(results) == len(cases)
    return results


def close(js, lib, rtol: float, what: str) -> None:
    """``js`` (from core.js) is ``lib`` (from the library) to round-off: same shape, and every
    entry within ``rtol`` of its own size plus the array's largest."""
    js, lib = np.asarray(js, dtype=float), np.asarray(lib, dtype=float)
    assert js.shape == lib.shape, f"{what}: core.js gives shape {js.shape}, the library {lib.shape}"
    scale = float(np.abs(lib).max(initial=0.0))
    np.testing.assert_allclose(js, lib, rtol=rtol, atol=rtol * scale, err_msg=what)


def random_network(rng, lr_range=(0.005, 0.05)):
    """A random network of 1 to 4 layers of 1 to 5 units, each layer with its own activation and
    bias (none, one shared, one per unit), some parameters frozen; 1 to 6 samples, targets in
    [0, 1), a loss and a learning rate. Returns the library's Network and the case for node."""
    n_layers = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(1, 6, size=n_layers + 1)]
    m = int(rng.integers(1, 7))
    weights = [rng.normal(0.0, 1.0 / np.sqrt(sizes[l]), size=(sizes[l + 1], sizes[l])) for l in range(n_layers)]
    kinds = rng.choice(["none", "shared", "neuron"], size=n_layers)
    biases = [None if kind == "none" else rng.normal(0.0, 0.5, size=1 if kind == "shared" else sizes[l + 1])
              for l, kind in enumerate(kinds)]
    activation = [str(name) for name in rng.choice(ACTIVATIONS, size=n_layers)]
    names = [f"W{l + 1}" for l in range(n_layers)] + [f"b{l + 1}" for l in range(n_layers) if biases[l] is not None]
    frozen = [name for name in names if rng.random() < 0.2]
    x, y = rng.normal(size=(sizes[0], m)), rng.uniform(size=(sizes[-1], m))
    loss, lr = str(rng.choice(LOSSES)), float(rng.uniform(*lr_range))
    net = bl.Network(weights, biases, activation, frozen)
    case = {"net": {"W": [w.tolist() for w in weights], "b": [None if v is None else v.tolist() for v in biases],
                    "activation": activation, "frozen": frozen},
            "x": x.tolist(), "y": y.tolist(), "loss": loss, "lr": lr}
    return net, case


def close_network(js: dict, net, rtol: float, what: str) -> None:
    """The parameters core.js gives (``{W, b}``, as its networks hold them) are ``net``'s."""
    for l in range(1, net.n_layers + 1):
        close(js["W"][l - 1], net.W[l], rtol, f"{what}: W{l}")
        if net.b[l] is None:
            assert js["b"][l - 1] is None, f"{what}: b{l}"
        else:
            close(js["b"][l - 1], net.b[l][:, 0], rtol, f"{what}: b{l}")


def test_one_pass_is_the_librarys_on_random_networks(tmp_path):
    """On 150 random networks: forward (every z, a), backward (the loss, ∂L/∂ŷ, every δ, ∂L/∂W,
    ∂L/∂b, shared biases summed over their units), one step of gradient descent (frozen
    parameters left) and lossOf are the library's to round-off, and core.js changes none of its
    arguments."""
    rng = np.random.default_rng(20261207)
    nets, cases = [], []
    for _ in range(150):
        net, case = random_network(rng)
        nets.append((net, case))
        cases.append({"op": "passes", **case})
    seen = {name: 0 for name in ACTIVATIONS + LOSSES + ("shared", "frozen")}
    for (net, case), js in zip(nets, node(cases, tmp_path), strict=True):
        x, y, loss, lr = np.array(case["x"]), np.array(case["y"]), case["loss"], case["lr"]
        where = f"{net!r}, {x.shape[1]} samples, {loss}"
        trace = bl.forward(net, x)
        grads = bl.backward(net, trace, y, loss=loss)
        close(js["a"][0], x, 0, f"{where}: a0")
        for l in range(1, net.n_layers + 1):
            for name, lib in (("z", trace.z[l]), ("a", trace.a[l]), ("delta", grads.delta[l]), ("dW", grads.dW[l])):
                close(js[name][l], lib, ONE_PASS, f"{where}: {name}{l}")
            if grads.db[l] is None:
                assert js["db"][l] is None, f"{where}: db{l}"
            else:
                close(js["db"][l], grads.db[l][:, 0], ONE_PASS, f"{where}: db{l}")
        close(js["loss"], grads.loss, ONE_PASS, f"{where}: loss")
        close(js["lossOf"], bl.loss_of(net, x, y, loss=loss), ONE_PASS, f"{where}: lossOf")
        out = trace.output
        grad = out - y if loss == "half_sse" else 2 * (out - y) / out.size
        close(js["dL_da"], grad, ONE_PASS, f"{where}: dL_da")
        close_network(js["stepped"], bl.sgd_step(net, grads, lr), ONE_PASS, f"{where}: after one step")
        assert js["unchanged"], f"{where}: core.js changed the network it was given"
        for name in net.activation:
            seen[name] += 1
        seen[loss] += 1
        seen["shared"] += any(net.bias_mode(l) == "shared" for l in range(1, net.n_layers + 1))
        seen["frozen"] += bool(net.frozen)
    assert min(seen.values()) >= 20, seen  # every kind, many times over


def test_one_step_and_300_steps_of_training_are_the_librarys(tmp_path):
    """On 60 random networks, core.js's train for 1 step and for 300: the loss before every step
    and after the last, and the trained parameters, are the library's ``train`` (full batch) to
    round-off; the network given is unchanged."""
    rng = np.random.default_rng(7)
    runs, cases = [], []
    for _ in range(60):
        net, case = random_network(rng)
        for steps in (1, 300):
            runs.append((net, case, steps))
            cases.append({"op": "train", **case, "steps": steps})
    for (net, case, steps), js in zip(runs, node(cases, tmp_path), strict=True):
        x, y, loss = np.array(case["x"]), np.array(case["y"]), case["loss"]
        where = f"{net!r}, {x.shape[1]} samples, {loss}, lr={case['lr']:.4f}, {steps} steps"
        run = bl.train(net, x, y, case["lr"], steps=steps, loss=loss)
        rtol = ONE_PASS if steps == 1 else TRAINED
        assert js["divergedAfter"] is None, where
        close(js["losses"], run.losses, rtol, f"{where}: losses")
        close_network(js, run.net, rtol, where)
        assert js["unchanged"], f"{where}: core.js changed the network it was given"


def library_run_until_it_refuses(net, x, y, lr, steps, loss):
    """The losses and the step after which the library's train refuses (naming lr: a loss or a
    parameter left a double's range), by its definition: one step of train at a time."""
    losses = [bl.loss_of(net, x, y, loss=loss)]
    for step in range(1, steps + 1):
        try:
            net = bl.train(net, x, y, lr, steps=1, loss=loss).net
        except ValueError as err:
            assert str(err).startswith("lr: training diverged"), err
            return losses, step
        losses.append(bl.loss_of(net, x, y, loss=loss))
    return losses, None


@pytest.mark.parametrize("lr", [0.6, 1.0, 0.555])
def test_a_diverging_run_stops_where_the_library_refuses(lr, tmp_path):
    """Chapter 4's linear network at rates far above the bound: core.js stops after the very step
    where the library's train refuses, with the same finite losses before it."""
    ex = examples.linear_221()
    case = {"op": "train", "net": {"W": [w.tolist() for w in ex.net.W], "b": None, "activation": "identity"},
            "x": ex.x.tolist(), "y": ex.y.tolist(), "lr": lr, "steps": 200, "loss": ex.loss}
    [js] = node([case], tmp_path)
    losses, refused = library_run_until_it_refuses(ex.net, ex.x, ex.y, lr, 200, ex.loss)
    assert refused is not None and js["divergedAfter"] == refused
    close(js["losses"], losses, TRAINED, f"lr={lr}: the losses before the overflow")


@pytest.mark.parametrize("hidden, lr, seed, epochs", [(2, 0.1, 1, 10_000), (2, 0.1, 0, 10_000), (6, 2.0, 9, 3_000)])
def test_the_xor_explorers_training_is_the_librarys(hidden, lr, seed, epochs, tmp_path):
    """Chapter 7's network trained as its explorer trains it, from the starting network its
    widget state holds, thousands of steps: the losses and the trained network are the
    library's."""
    start = examples.xor(data="xor", seed=seed, hidden=hidden).net
    given = starting_parameters(hidden, seed)  # as the widget state holds it, and xor.js reads it
    case = {"op": "train", "net": {"W": [given["W1"], given["W2"]], "b": [given["b1"], given["b2"]],
                                   "activation": "sigmoid"},
            "x": examples.XOR_X.tolist(), "y": examples.XOR_Y.tolist(), "lr": lr, "steps": epochs, "loss": "half_sse"}
    [js] = node([case], tmp_path)
    run = bl.train(start, examples.XOR_X, examples.XOR_Y, lr, steps=epochs, loss="half_sse")
    close(js["losses"], run.losses, TRAINED, "losses")
    close_network(js, run.net, TRAINED, "the trained network")


def test_names_it_does_not_know_are_refused_naming_them(tmp_path):
    net = {"W": [[[0.5]]], "b": [[0.1]], "activation": "softmax"}
    cases = [{"op": "refuse", "net": net, "x": [[1.0]], "y": [[0.0]], "loss": "half_sse"},
             {"op": "refuse", "net": {**net, "activation": "sigmoid"}, "x": [[1.0]], "y": [[0.0]], "loss": "bce"}]
    assert [r["error"] for r in node(cases, tmp_path)] == [
        'activation: expected one of identity, relu, sigmoid, tanh, got "softmax"',
        'loss: expected one of half_sse, mse, got "bce"',
    ]


def test_every_explorer_module_holds_core_js_once_and_loads(tmp_path):
    """Each explorer's module, as base.py makes it (common.js, core.js, its own file), loads as
    one ES module with a render(): no name of its own file clashes with core.js's. The answer
    box, which computes nothing, goes without core.js."""
    core = CORE.read_text()
    explorers = (NeuronExplorer, NetworkStepper, XorExplorer, LearningRateExplorer)
    for explorer in explorers:
        assert explorer._esm.count(core) == 1, explorer.__name__
    assert "function forward(" not in Answer._esm
    loaded = node([{"op": "module", "esm": explorer._esm} for explorer in (*explorers, Answer)], tmp_path)
    assert [r["render"] for r in loaded] == ["function"] * 5


# ---- training in slices: the page never waits long for an explorer ------------------------------
#: The most work one slice of training does, in the multiply-adds of ``step_work`` (core.js's
#: SLICE_WORK): Chromium with the CPU slowed 4× as a phone's trains the XOR explorer's networks at
#: about 30 of them a microsecond of its main thread, so a slice holds the page about 2 ms there,
#: far below the 50 ms of a long task and the 100 ms of issue 18 (benchmarks/long_tasks.py).
SLICE_BUDGET = 50_000


def step_work(net: dict, m: int) -> int:
    """The multiply-adds of one training step of ``net`` (core.js's form) on m samples, as core.js
    documents them: each weight and bias once per sample forward, backward and in its gradient,
    and once in the update, ``(3m + 1) Σ_ℓ n_ℓ (n_(ℓ−1) + 1)``."""
    return (3 * m + 1) * sum(len(W) * (len(W[0]) + 1) for W in net["W"])


def forward_passes(net: dict, m: int, calls: int) -> int:
    """The forward passes that made ``calls`` calls of the activations: one per unit and sample."""
    per_pass = sum(len(W) for W in net["W"]) * m
    assert calls % per_pass == 0, f"{calls} activation calls are no whole number of forward passes of {per_pass}"
    return calls // per_pass


def xor_case(hidden, lr, seed, epochs):
    """Chapter 7's network as the XOR explorer trains it, from its widget state's starting network."""
    given = starting_parameters(hidden, seed)
    return {"net": {"W": [given["W1"], given["W2"]], "b": [given["b1"], given["b2"]], "activation": "sigmoid"},
            "x": examples.XOR_X.tolist(), "y": examples.XOR_Y.tolist(), "lr": lr, "steps": epochs, "loss": "half_sse"}


def sliced_cases():
    """Runs to cut into slices, each with the budgets to cut it by (None: core.js's own): random
    networks, the XOR explorer's largest network and its smallest, and runs that diverge."""
    rng = np.random.default_rng(18)
    runs = []
    for k in range(24):
        net, case = random_network(rng)
        work = step_work(case["net"], len(case["x"][0]))
        steps = int(rng.integers(1, 60))
        runs.append((net, {**case, "steps": steps}, [1, work - 1, 7 * work + 3, steps * work, None]))
    for hidden, lr, seed, epochs in ((6, 2.0, 9, 3_000), (2, 0.1, 1, 2_000)):
        case = xor_case(hidden, lr, seed, epochs)
        net = examples.xor(data="xor", seed=seed, hidden=hidden).net
        runs.append((net, case, [None, 12_345, 1]))
    ex = examples.linear_221()
    for lr in (0.6, 1.0):
        case = {"net": {"W": [w.tolist() for w in ex.net.W], "b": None, "activation": "identity"},
                "x": ex.x.tolist(), "y": ex.y.tolist(), "lr": lr, "steps": 200, "loss": ex.loss}
        runs.append((None, case, [None, 30 * step_work(case["net"], 1)]))
    return runs


def test_a_run_in_slices_is_the_unsliced_run_whatever_the_slice_and_no_slice_passes_its_budget(tmp_path):
    """core.js's trainInSlices on a fake scheduler that runs one task at a time and counts the
    activations' calls between them: nothing is computed before the first slice; each slice makes
    at most ⌊budget / work of a step⌋ forward passes (at least one), every slice but the last
    exactly that many, so none does more than its budget of multiply-adds (core.js's own budget
    being SLICE_BUDGET); progress is reported after every slice but the last, and done once, with
    exactly train()'s numbers, float for float (and so the library's), whatever the budget. A
    diverging run stops in slices where it stops whole."""
    runs, cases = [], []
    for net, case, budgets in sliced_cases():
        for budget in budgets:
            runs.append((net, case, budget))
            cases.append({"op": "slices", **case, "budget": budget})
    for (net, case, budget), js in zip(runs, node(cases, tmp_path), strict=True):
        m, work = len(case["x"][0]), step_work(case["net"], len(case["x"][0]))
        where = f"{case['net']['activation']} network of {[len(W) for W in case['net']['W']]} units, " \
                f"{case['steps']} steps, budget {budget}"
        assert js["SLICE_WORK"] == SLICE_BUDGET, "core.js's SLICE_WORK is not the budget documented here"
        per = max(1, (SLICE_BUDGET if budget is None else budget) // work)
        assert js["callsAtStart"] == 0, f"{where}: it computed before its first slice"
        passes = [forward_passes(case["net"], m, calls) for calls in js["slices"]]
        assert all(p <= per for p in passes), f"{where}: a slice made more than {per} forward passes: {passes}"
        assert all(p == per for p in passes[:-1]) and passes[-1] >= 1, f"{where}: slices not full: {passes}"
        [done] = js["done"]
        assert done == js["train"], f"{where}: the run in slices is not the unsliced run"
        assert js["unchanged"], where
        losses, diverged = done["losses"], done["divergedAfter"]
        assert sum(passes) in ((len(losses),) if diverged is None else (len(losses), len(losses) + 1)), where
        taken = [stepped for stepped, _ in js["progress"]]
        assert len(js["progress"]) == len(passes) - 1, f"{where}: progress not after every slice but the last"
        assert all(total == case["steps"] for _, total in js["progress"]), where
        assert taken == sorted(taken) and all(0 < t <= case["steps"] for t in taken), f"{where}: progress {taken}"
        if net is not None:  # against the library
            x, y = np.array(case["x"]), np.array(case["y"])
            run = bl.train(net, x, y, case["lr"], steps=case["steps"], loss=case["loss"])
            assert diverged is None, where
            close(losses, run.losses, TRAINED, f"{where}: losses")
            close_network(done, run.net, TRAINED, where)
        else:
            assert diverged is not None, f"{where}: chapter 4's run at this rate diverges"


@pytest.mark.parametrize("after", [0, 1, 3, -1])
def test_a_cancelled_run_never_writes_its_numbers(after, tmp_path):
    """A run cancelled before its first slice, after one or three, or from its own first progress
    call (as an explorer cancels it when a setting changes) makes no more forward pass, reports
    no more progress and never calls done; the run started after it ends with exactly its own
    unsliced numbers, the only ones written."""
    case = {**xor_case(2, 0.5, 3, 2_000), "op": "cancel", "budget": 4_000, "after": after, "lr2": 2.0}
    [js] = node([case], tmp_path)
    assert js["first"]["done"] == [], "the cancelled run wrote its numbers"
    assert js["first"]["progress"] == (1 if after == -1 else js["first"]["progressAtCancel"])
    if after > 0:
        assert js["first"]["progressAtCancel"] == after
    [done] = js["second"]["done"]
    assert done == js["train2"]
    m = len(case["x"][0])
    passes = [forward_passes(case["net"], m, calls) for calls in js["slices"]]
    own = 0 if after >= 0 else 4_000 // step_work(case["net"], m)  # the slice that called progress
    assert sum(passes) == own + len(done["losses"]), f"the cancelled run went on computing: {passes}"
