"""The network, the step and the training loop: construction, bad input, immutability."""

import numpy as np
import pytest

import backprop_lib as bl

SEED001_NAMES = {"w1": (1, 0, 0), "w2": (1, 1, 0), "w3": (1, 0, 1), "w4": (1, 1, 1),
                 "w5": (2, 0, 0), "w6": (2, 0, 1), "w7": (2, 1, 0), "w8": (2, 1, 1)}


def tiny():
    return bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2], activations="sigmoid")


def snapshot(net):
    return {k: v.copy() for k, v in net.parameters().items()}


def test_forward_keeps_every_intermediate():
    net = tiny()
    trace = bl.forward(net, [1.0, 2.0])
    z1 = np.array([0.3 - 0.4 + 0.1, 0.1 + 0.8 - 0.1])
    np.testing.assert_allclose(trace.zs[0], z1)
    np.testing.assert_allclose(trace.activations[1], bl.sigmoid(z1))
    z2 = 0.5 * bl.sigmoid(z1[0]) + 0.6 * bl.sigmoid(z1[1]) + 0.2
    np.testing.assert_allclose(trace.zs[1], [z2])
    np.testing.assert_allclose(trace.output, bl.sigmoid([z2]))
    assert [a.shape for a in trace.activations] == [(2,), (2,), (1,)]


def test_named_weights_map_one_to_one():
    values = {f"w{i}": i / 10 for i in range(1, 9)}
    net = bl.from_named_weights((2, 2, 2), SEED001_NAMES, values, biases=[0.25, 0.35])
    np.testing.assert_array_equal(net.weights[0], [[0.1, 0.3], [0.2, 0.4]])
    np.testing.assert_array_equal(net.weights[1], [[0.5, 0.6], [0.7, 0.8]])
    assert bl.named_values(net.weights, SEED001_NAMES) == values
    table = bl.weight_map(SEED001_NAMES, net)
    assert table.loc["w3", "matrix entry"] == "W1[0, 1]" and table.loc["w3", "value"] == "0.3000"
    assert net.bias_mode(1) == "shared" and net.bias_mode(2) == "shared"


def test_named_weights_must_cover_every_weight_once():
    with pytest.raises(ValueError, match="names: expected all 8 weights"):
        bl.from_named_weights((2, 2, 2), {"w1": (1, 0, 0)}, {"w1": 0.1})
    with pytest.raises(ValueError, match=r"names\['w2'\]: \(1, 0, 0\) is already named 'w1'"):
        bl.from_named_weights((1, 1), {"w1": (1, 0, 0), "w2": (1, 0, 0)}, {"w1": 0.1, "w2": 0.2})
    with pytest.raises(ValueError, match=r"values: expected exactly the names"):
        bl.from_named_weights((1, 1), {"w1": (1, 0, 0)}, {"w9": 0.1})


def test_frozen_parameters_do_not_move():
    net = bl.Network(tiny().weights, tiny().biases, frozen=("b1", "b2"))
    grads = bl.gradients(net, [1.0, 2.0], [0.7])
    assert np.all(grads.db[0] != 0)  # a frozen parameter still has a gradient...
    new = bl.sgd_step(net, grads, 0.5)
    np.testing.assert_array_equal(new.biases[0], net.biases[0])  # ...but does not move
    np.testing.assert_array_equal(new.biases[1], net.biases[1])
    assert not np.array_equal(new.weights[0], net.weights[0])
    assert new.frozen == net.frozen


def test_sgd_step_is_theta_minus_lr_gradient_and_leaves_the_old_network():
    net = tiny()
    before = snapshot(net)
    grads = bl.gradients(net, [1.0, 2.0], [0.7])
    new = bl.sgd_step(net, grads, 0.1)
    for name, value in new.parameters().items():
        np.testing.assert_allclose(value, before[name] - 0.1 * grads.by_name()[name], rtol=1e-15)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[name])


def test_parameters_cannot_be_changed_behind_the_networks_back():
    weights = [np.array([[0.3]])]
    net = bl.Network(weights, [[0.1]])
    weights[0][0, 0] = 99.0          # the caller's array is copied, not aliased
    assert net.weights[0][0, 0] == 0.3
    with pytest.raises(ValueError):  # and the network's own arrays are read-only
        net.weights[0][0, 0] = 1.0


def test_train_records_the_loss_before_and_after_every_step():
    x = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([[0.0, 1.0, 1.0, 1.0]])  # OR: learnable by one neuron
    net = bl.Network.random((2, 1), seed=0)
    run = bl.train(net, x, y, lr=2.0, steps=300)
    assert run.losses.shape == (301,)
    assert run.losses[0] == pytest.approx(bl.loss_of(net, x, y))
    assert run.losses[-1] == pytest.approx(bl.loss_of(run.net, x, y))
    assert run.losses[-1] < 0.1 * run.losses[0]


def test_mini_batches_are_reproducible_and_cover_the_samples():
    x = np.linspace(-1, 1, 10).reshape(1, 10)
    y = (x > 0).astype(float)
    net = bl.Network.random((1, 1), seed=0)
    a = bl.train(net, x, y, lr=1.0, steps=20, batch_size=3, seed=5)
    b = bl.train(net, x, y, lr=1.0, steps=20, batch_size=3, seed=5)
    c = bl.train(net, x, y, lr=1.0, steps=20, batch_size=3, seed=6)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert not np.array_equal(a.losses, c.losses)


# ---- bad input: a clear error naming the argument, and nothing changed ---------------------
GOOD_X, GOOD_Y = np.array([1.0, 2.0]), np.array([0.7])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda n: bl.forward(n, [1.0, 2.0, 3.0]), r"^x: expected shape \(2,\) for one sample or \(2, m\).*got \(3,\)"),
        (lambda n: bl.forward(n, [[1.0], [np.nan]]), r"^x: expected finite numbers, got nan at index \(1, 0\)"),
        (lambda n: bl.forward(n, [1.0, np.inf]), r"^x: expected finite numbers, got inf"),
        (lambda n: bl.forward(n, "ab"), r"^x: expected an array of numbers"),
        (lambda n: bl.gradients(n, GOOD_X, [0.1, 0.2]), r"^y: expected shape \(1,\).*got \(2,\)"),
        (lambda n: bl.gradients(n, GOOD_X, [np.nan]), r"^y: expected finite numbers"),
        (lambda n: bl.gradients(n, GOOD_X, GOOD_Y, loss="l2"), r"^loss: expected one of \['bce', 'mse', 'sse'\], got 'l2'"),
        (lambda n: bl.sgd_step(n, bl.gradients(n, GOOD_X, GOOD_Y), 0.0), r"^lr: expected a finite number > 0, got 0.0"),
        (lambda n: bl.sgd_step(n, bl.gradients(n, GOOD_X, GOOD_Y), -0.1), r"^lr: expected a finite number > 0, got -0.1"),
        (lambda n: bl.sgd_step(n, bl.gradients(n, GOOD_X, GOOD_Y), float("nan")), r"^lr: expected a finite number > 0, got nan"),
        (lambda n: bl.sgd_step(n, bl.gradients(bl.Network.random((2, 3, 1)), GOOD_X, GOOD_Y), 0.1),
         r"^grads: expected gradients shaped like the parameters"),
        (lambda n: bl.train(n, GOOD_X, GOOD_Y, lr=-1, steps=3), r"^lr: expected a finite number > 0"),
        (lambda n: bl.train(n, GOOD_X, GOOD_Y, lr=0.1, steps=0), r"^steps: expected a whole number >= 1, got 0"),
        (lambda n: bl.train(n, [[1.0], [2.0]], [[0.7]], lr=0.1, steps=2, batch_size=2),
         r"^batch_size: expected at most the 1 samples of x, got 2"),
        (lambda n: bl.numerical_gradients(n, GOOD_X, GOOD_Y, eps=0), r"^eps: expected a finite number > 0"),
        (lambda n: n.with_parameters(W1=np.zeros((3, 2))), r"^W1: expected shape \(2, 2\), got \(3, 2\)"),
        (lambda n: n.with_parameters(W7=np.zeros((3, 2))), r"^W7: expected a parameter name among"),
    ],
)
def test_bad_input_raises_a_clear_error_and_changes_nothing(call, message):
    net = tiny()
    before = snapshot(net)
    with pytest.raises((ValueError, TypeError), match=message):
        call(net)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[name])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(weights=[[[0.1, 0.2]], [[0.3, 0.4]]]), r"^weights\[1\] \(W2\): expected 1 columns, one per unit of layer 1, got shape \(1, 2\)"),
        (dict(weights=[[0.1, 0.2]]), r"^weights\[0\] \(W1\): expected a 2-D array, got shape \(2,\)"),
        (dict(weights=[[[np.nan]]]), r"^weights\[0\] \(W1\): expected finite numbers"),
        (dict(weights=[[[0.1]]], biases=[[0.1, 0.2]]), r"^biases\[0\] \(b1\): expected one shared number or 1 numbers"),
        (dict(weights=[[[0.1]]], biases=[0.1, 0.2]), r"^biases: expected None or a list of 1 entries"),
        (dict(weights=[[[0.1]]], activations="softmax"), r"^activations\[0\]: expected one of \['identity', 'relu', 'sigmoid', 'tanh'\], got 'softmax'"),
        (dict(weights=[[[0.1]]], activations=["sigmoid", "relu"]), r"^activations: expected one name or 1 names"),
        (dict(weights=[[[0.1]]], frozen=("b1",)), r"^frozen: expected names among \['W1'\], got unknown \['b1'\]"),
        (dict(weights=np.eye(2)), r"^weights: expected a non-empty list of 2-D matrices"),
    ],
)
def test_bad_network_construction_is_refused(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        bl.Network(**kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(sizes=[2]), r"^sizes: expected at least two layer sizes"),
        (dict(sizes=[2, 0]), r"^sizes\[1\]: expected a whole number >= 1, got 0"),
        (dict(sizes=[2, 1], bias="layer"), r"^bias: expected one of \['neuron', 'none', 'shared'\], got 'layer'"),
        (dict(sizes=[2, 1], init="zeros"), r"^init: expected one of \['normal', 'uniform'\], got 'zeros'"),
    ],
)
def test_bad_random_network_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bl.Network.random(**kwargs)


def test_random_networks_are_reproducible_from_their_seed():
    a, b = bl.Network.random((2, 3, 1), seed=11), bl.Network.random((2, 3, 1), seed=11)
    c = bl.Network.random((2, 3, 1), seed=12)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])
    u = bl.Network.random((2, 2, 1), seed=0, init="uniform")
    assert all(((w >= 0) & (w < 1)).all() for w in u.weights)


def test_a_diverging_run_stops_with_a_clear_error_and_no_warning():
    import warnings

    net = bl.Network([[[0.22, 0.15], [0.03, 0.11]], [[0.1, 0.19]]], activations="identity")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning may escape
        with pytest.raises(ValueError, match=r"^lr: training diverged at step \d+ .*expected a learning rate smaller than 0.6"):
            bl.train(net, [2.0, 3.0], [1.0], lr=0.6, steps=500)
