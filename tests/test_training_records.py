"""train(on_record=...): a function called with the network at every record, its results kept
in run.records (how the digits chapter records held-out learning curves during one run)."""

import inspect
import re

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages.examples import XOR_X, XOR_Y

RNG = np.random.default_rng(7)
X = RNG.normal(size=(4, 23))
CLASSES = RNG.integers(0, 3, size=23)
Y = np.eye(3)[:, CLASSES]


def softmax_net(seed=0):
    return bl.Network.random((4, 5, 3), ("sigmoid", "softmax"), seed=seed)


def same_parameters(a, b):
    pa, pb = a.parameters(), b.parameters()
    return pa.keys() == pb.keys() and all(np.array_equal(pa[k], pb[k]) for k in pa)


@pytest.mark.parametrize("optimizer", [None, bl.Momentum(), bl.Adam(weight_decay=0.01)])
def test_a_run_with_on_record_is_the_same_run_step_for_step(optimizer):
    kwargs = dict(epochs=4, batch_size=5, loss="ce", seed=3, optimizer=optimizer)
    plain = bl.train(softmax_net(), X, Y, 0.1, **kwargs)
    recorded = bl.train(softmax_net(), X, Y, 0.1, on_record=lambda step, net: step, **kwargs)
    assert plain.records is None
    np.testing.assert_array_equal(plain.losses, recorded.losses)
    np.testing.assert_array_equal(plain.steps, recorded.steps)
    assert same_parameters(plain.net, recorded.net)
    if optimizer is not None:
        for buffer in ("m", "v"):
            a, b = getattr(plain.state, buffer), getattr(recorded.state, buffer)
            assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_records_hold_what_on_record_returned_once_an_epoch_with_mini_batches():
    seen = []

    def held_out(step, net):
        seen.append(step)
        return step, bl.loss_of(net, X, Y, loss="ce"), net

    run = bl.train(softmax_net(), X, Y, 0.2, epochs=3, batch_size=5, loss="ce", seed=1, on_record=held_out)
    per_epoch = 5  # 23 samples in batches of 5: 5 steps an epoch
    assert isinstance(run.records, tuple) and len(run.records) == len(run.losses) == 4
    assert seen == [0, 5, 10, 15] == [int(s) for s in run.steps] == [r[0] for r in run.records]
    assert [r[0] // per_epoch for r in run.records] == [0, 1, 2, 3]
    for (_, loss, net), recorded_loss in zip(run.records, run.losses):
        assert loss == recorded_loss  # the same network the training loss was recorded for
    assert same_parameters(run.records[0][2], softmax_net())
    assert same_parameters(run.records[-1][2], run.net)


def test_each_record_is_the_network_after_that_many_full_batch_steps():
    net, lr = bl.Network.random((2, 3, 1), seed=2), 0.7
    run = bl.train(net, XOR_X, XOR_Y, lr, steps=7, record_every=3, on_record=lambda step, n: (step, n))
    assert [step for step, _ in run.records] == [0, 3, 6, 7]
    for step, recorded in run.records:
        alone = bl.train(net, XOR_X, XOR_Y, lr, steps=step).net if step else net
        assert same_parameters(recorded, alone)
        assert isinstance(recorded, bl.Network) and recorded.activation == net.activation


def test_the_networks_handed_out_are_frozen_in_time():
    """A network handed to on_record stays as it was when recorded, whatever training does next."""
    kept = []
    run = bl.train(softmax_net(), X, Y, 0.5, epochs=3, batch_size=23, loss="ce",
                   on_record=lambda step, net: kept.append((net, net.W[1].copy(), net.b[2].copy())))
    assert run.records == (None, None, None, None)
    for net, w1, b2 in kept:
        np.testing.assert_array_equal(net.W[1], w1)
        np.testing.assert_array_equal(net.b[2], b2)
        with pytest.raises(ValueError):
            net.W[1][0, 0] = 1.0  # read-only, as every array of a network
    assert not np.array_equal(kept[0][1], kept[-1][1])


def test_a_stack_hands_on_record_the_stack():
    nets = [softmax_net(s) for s in range(3)]
    run = bl.train(bl.stack(nets), X, Y, 0.3, epochs=2, batch_size=8, loss="ce", seed=0,
                   on_record=lambda step, net: (type(net).__name__, bl.loss_of(net, X, Y, loss="ce")))
    assert [name for name, _ in run.records] == ["Stack"] * 3
    np.testing.assert_array_equal(np.array([loss for _, loss in run.records]).T, run.losses)


@pytest.mark.parametrize("bad, shown", [(3, "3"), ("loss", "'loss'"), ([print], "list")])
def test_on_record_that_is_not_a_function_is_refused_before_any_step(bad, shown):
    with pytest.raises(TypeError, match=r"^on_record: expected None or a function on_record\(step, net\), got ") as err:
        bl.train(softmax_net(), X, Y, 0.1, epochs=1, batch_size=5, loss="ce", on_record=bad)
    assert shown in str(err.value).split("got ", 1)[1]  # what came, not some other value


def test_an_error_in_on_record_stops_the_run_and_leaves_the_network_as_it_was():
    net = softmax_net()
    before = {k: v.copy() for k, v in net.parameters().items()}
    seen = []

    def fails_at_epoch_2(step, current):
        seen.append(step)
        if step >= 10:
            raise RuntimeError("stop here")
        return step

    with pytest.raises(RuntimeError, match="stop here"):
        bl.train(net, X, Y, 0.1, epochs=4, batch_size=5, loss="ce", on_record=fails_at_epoch_2)
    assert seen == [0, 5, 10]  # stopped at the first failing record, not called again
    assert all(np.array_equal(net.parameters()[k], v) for k, v in before.items())


def test_a_diverging_run_raises_before_recording_its_overflowed_network():
    calls = []
    with pytest.raises(ValueError, match=r"^lr: training diverged by step (\d+)") as err:
        bl.train(bl.Network.random((2, 2, 1), "identity", seed=0), XOR_X * 1e3, XOR_Y, 1e3, steps=50,
                 on_record=lambda step, net: calls.append(
                     (step, all(np.isfinite(p).all() for p in net.parameters().values()))))
    diverged_at = int(re.match(r"^lr: training diverged by step (\d+)", str(err.value))[1])
    assert [step for step, _ in calls] == list(range(diverged_at))  # every step before, none at or after it
    assert all(finite for _, finite in calls)


# ---- bad on_record: refused by name before any step; the run as it would be without it -----------------------

@pytest.mark.parametrize("bad, shown", [
    (lambda net: 0, r"<lambda>\(net\)"),
    (lambda step, net, extra: 0, r"<lambda>\(step, net, extra\)"),
    (lambda *, step, net: 0, r"<lambda>\(\*, step, net\)"),
    (tuple, r"tuple\("),
])
def test_on_record_that_cannot_be_called_with_step_and_net_is_refused_before_any_step(bad, shown):
    with pytest.raises(TypeError, match=r"^on_record: expected a function called as on_record\(step, net\), "
                                        r"with two arguments, got .*" + shown):
        bl.train(softmax_net(), X, Y, 0.1, epochs=1, batch_size=5, loss="ce", on_record=bad)


def test_a_callable_object_of_the_wrong_shape_is_named_by_its_class():
    class Recorder:  # its instances have no __qualname__ of their own: the class names them
        def __call__(self, step):
            return step

    with pytest.raises(TypeError, match=r"with two arguments, got Recorder\(step\)$"):
        bl.train(softmax_net(), X, Y, 0.1, steps=1, loss="ce", on_record=Recorder())


def test_on_record_taking_more_arguments_by_default_or_star_args_is_called():
    run = bl.train(softmax_net(), X, Y, 0.1, steps=2, loss="ce", on_record=lambda *args, k=1: (len(args), k))
    assert run.records == ((2, 1),) * 3


def test_a_callable_object_and_a_builtin_without_a_signature_are_called_as_they_are(capsys):
    class Recorder:
        def __call__(self, step, net):
            return step

    assert bl.train(softmax_net(), X, Y, 0.1, steps=2, loss="ce", on_record=Recorder()).records == (0, 1, 2)
    assert bl.train(softmax_net(), X, Y, 0.1, steps=2, loss="ce", on_record=print).records == (None,) * 3
    assert capsys.readouterr().out.splitlines()[0].startswith("0 Network(")
    with pytest.raises(ValueError):  # slice has no signature to check: it is called as it is
        inspect.signature(slice)
    run = bl.train(softmax_net(), X, Y, 0.1, steps=2, loss="ce", on_record=slice)
    assert [r.start for r in run.records] == [0, 1, 2] and run.records[-1].stop is run.net


def test_on_record_runs_under_the_callers_floating_point_settings_at_every_record():
    """Training itself quiets overflow (checked by name instead); what on_record computes is not
    the library's: its warnings and errors are the caller's, at every record alike."""
    settings = []
    with np.errstate(over="raise", divide="warn"):
        run = bl.train(softmax_net(), X, Y, 0.1, epochs=2, batch_size=8, loss="ce",
                       on_record=lambda step, net: settings.append(np.geterr()))
    assert len(settings) == len(run.losses) == 3
    assert all(s["over"] == "raise" and s["divide"] == "warn" for s in settings)
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        bl.train(softmax_net(), X, Y, 0.1, steps=3, loss="ce", on_record=lambda step, net: np.float64(1e308) * 10)


@pytest.mark.parametrize("name", ["x", "y"])
def test_on_record_that_changes_the_samples_stops_the_run_by_name(name):
    """The run is the same with or without on_record: one that writes into x or y is refused
    before the next step could train on the changed samples."""
    data = {"x": X.copy(), "y": Y.copy()}
    steps_seen = []

    def changes(step, net):
        steps_seen.append(step)
        if step == 5:
            data[name][0, 0] += 0.5
        return step

    with pytest.raises(ValueError, match=rf"^on_record: expected a function that leaves the samples unchanged, "
                                         rf"got one that changed {name} at step 5"):
        bl.train(softmax_net(), data["x"], data["y"], 0.1, epochs=3, batch_size=5, loss="ce", on_record=changes)
    assert steps_seen == [0, 5]


@pytest.mark.parametrize("name", ["x", "y"])
def test_on_record_that_changes_the_samples_at_the_last_record_is_refused_too(name):
    data = {"x": X.copy(), "y": Y.copy()}

    def changes_at_the_end(step, net):
        if step == 15:  # 3 epochs of 5 batches: the record after the last step
            data[name][0, 0] += 0.5
        return step

    with pytest.raises(ValueError, match=rf"changed {name} at step 15; the run stopped there"):
        bl.train(softmax_net(), data["x"], data["y"], 0.1, epochs=3, batch_size=5, loss="ce",
                 on_record=changes_at_the_end)


def test_an_on_record_that_only_reads_the_samples_leaves_the_run_bit_identical():
    xf = np.asfortranarray(X)  # the layout of x is kept as given
    plain = bl.train(softmax_net(), xf, Y, 0.1, steps=6, loss="ce", optimizer=bl.Adam())
    read = bl.train(softmax_net(), xf, Y, 0.1, steps=6, loss="ce", optimizer=bl.Adam(),
                    on_record=lambda step, net: float(xf.sum()))
    np.testing.assert_array_equal(plain.losses, read.losses)
    assert same_parameters(plain.net, read.net)
