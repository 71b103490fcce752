"""Training many networks at once gives the numbers of training them one by one."""

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.ensemble import Stack, forward_stack, losses_of, outputs, stack, train_ensemble, unstack

XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])

CASES = [
    # sizes, activations, bias, init, loss, frozen
    ((2, 2, 1), "sigmoid", "neuron", "uniform", "sse", ()),
    ((3, 4, 2), ["tanh", "sigmoid"], "shared", "normal", "mse", ()),
    ((2, 3, 3, 1), ["relu", "tanh", "sigmoid"], "neuron", "normal", "bce", ()),
    ((2, 3, 2), ["sigmoid", "identity"], "none", "normal", "sse", ()),
    ((2, 2, 1), "sigmoid", "neuron", "uniform", "sse", ("W1", "b2")),
]


def problem(sizes, seed=0):
    rng = np.random.default_rng(1000 + seed)
    m = 5
    return rng.normal(size=(sizes[0], m)), rng.uniform(0.05, 0.95, size=(sizes[-1], m))


def assert_same_network(a, b, tol=1e-10):
    for name, value in a.parameters().items():
        np.testing.assert_allclose(value, b.parameters()[name], rtol=0, atol=tol, err_msg=name)


def assert_matches_one_by_one(nets, x, y, rates, steps, loss="sse"):
    """Stacked training of ``nets`` (learning rate ``rates[k]`` for network k) gives the
    losses and networks that `bl.train` gives network by network."""
    run = train_ensemble(nets, x, y, lr=np.array(rates, dtype=float), steps=steps, loss=loss)
    for k, (net, lr) in enumerate(zip(nets, rates)):
        single = bl.train(net, x, y, lr=lr, steps=steps, loss=loss)
        np.testing.assert_allclose(run.losses[k], single.losses, rtol=0, atol=1e-10)
        assert_same_network(run.nets[k], single.net)
    return run


@pytest.mark.parametrize("sizes, acts, bias, init, loss, frozen", CASES)
def test_agrees_with_train_network_by_network(sizes, acts, bias, init, loss, frozen):
    x, y = problem(sizes)
    nets = [bl.Network.random(sizes, acts, seed=s, bias=bias, init=init, frozen=frozen) for s in (0, 1, 7)]
    run = train_ensemble(nets, x, y, lr=0.3, steps=300, loss=loss)
    assert run.losses.shape == (3, 301)
    np.testing.assert_array_equal(run.steps, np.arange(301))
    for k, net in enumerate(nets):
        single = bl.train(net, x, y, lr=0.3, steps=300, loss=loss)
        np.testing.assert_allclose(run.losses[k], single.losses, rtol=0, atol=1e-10)
        assert_same_network(run.nets[k], single.net)


def test_xor_as_seed_002_trains_it():
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(4)]
    assert_matches_one_by_one(nets, XOR_X, XOR_Y, [0.1] * 4, steps=2000)


def test_one_learning_rate_per_network():
    nets = [bl.Network.random((2, 3, 1), seed=s, init="uniform") for s in range(3)]
    assert_matches_one_by_one(nets, XOR_X, XOR_Y, [0.1, 0.5, 2.0], steps=200)


def test_one_sample_as_a_vector():
    nets = [bl.Network.random((3, 2, 2), seed=s) for s in range(2)]
    x, y = np.array([0.1, -0.4, 0.8]), np.array([0.3, 0.6])
    assert_matches_one_by_one(nets, x, y, [0.5, 0.5], steps=50)


def test_record_every_keeps_a_subset_and_the_last_step():
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(2)]
    full = train_ensemble(nets, XOR_X, XOR_Y, lr=0.1, steps=25)
    sparse = train_ensemble(nets, XOR_X, XOR_Y, lr=0.1, steps=25, record_every=10)
    np.testing.assert_array_equal(sparse.steps, [0, 10, 20, 25])
    np.testing.assert_array_equal(sparse.losses, full.losses[:, [0, 10, 20, 25]])
    for a, b in zip(sparse.nets, full.nets):
        assert_same_network(a, b, tol=0)


def test_stack_round_trip_and_forward():
    nets = [bl.Network.random((2, 3, 1), ["tanh", "sigmoid"], seed=s, bias="shared") for s in range(3)]
    stacked = stack(nets)
    assert isinstance(stacked, Stack) and stacked.n_networks == 3 and stacked.sizes == (2, 3, 1)
    assert stacked.weights[0].shape == (3, 3, 2) and stacked.biases[0].shape == (3, 1)
    for a, b in zip(unstack(stacked), nets):
        assert_same_network(a, b, tol=0)
        assert a.activations == b.activations and a.bias_mode(1) == "shared"
    trace = forward_stack(stacked, XOR_X)
    np.testing.assert_allclose(outputs(nets, XOR_X), trace.output)
    for k, net in enumerate(nets):
        np.testing.assert_allclose(trace.output[k], bl.forward(net, XOR_X).output, rtol=0, atol=1e-14)
        assert losses_of(nets, XOR_X, XOR_Y)[k] == pytest.approx(bl.loss_of(net, XOR_X, XOR_Y), abs=1e-14)


def test_training_leaves_the_given_networks_as_they_were():
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(2)]
    before = [{k: v.copy() for k, v in n.parameters().items()} for n in nets]
    train_ensemble(nets, XOR_X, XOR_Y, lr=0.1, steps=10)
    for net, params in zip(nets, before):
        for name, value in params.items():
            np.testing.assert_array_equal(net.parameters()[name], value)


GOOD = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(2)]


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"nets": []}, TypeError, r"^nets: expected a non-empty list of Networks"),
        ({"nets": GOOD[0]}, TypeError, r"^nets: expected a non-empty list of Networks, got Network"),
        ({"nets": [GOOD[0], "net"]}, TypeError, r"^nets\[1\]: expected a Network, got str"),
        ({"nets": [GOOD[0], bl.Network.random((2, 3, 1))]}, ValueError, r"^nets\[1\]: expected the shape of nets\[0\]"),
        ({"nets": [GOOD[0], bl.Network.random((2, 2, 1), "tanh")]}, ValueError, r"^nets\[1\]: expected the shape"),
        ({"x": XOR_X[:1]}, ValueError, r"^x: expected shape \(2,\) for one sample or \(2, m\)"),
        ({"x": [[0, np.nan, 1, 1], [0, 1, 0, 1]]}, ValueError, r"^x: expected finite numbers"),
        ({"y": XOR_Y[:, :3]}, ValueError, r"^y: expected shape \(1, 4\)"),
        ({"lr": -0.1}, ValueError, r"^lr: expected a finite number > 0"),
        ({"lr": "fast"}, TypeError, r"^lr: expected a number > 0"),
        ({"lr": [0.1, 0.2, 0.3]}, ValueError, r"^lr: expected one number > 0, or 2 of them"),
        ({"lr": [0.1, 0.0]}, ValueError, r"^lr\[1\]: expected a finite number > 0"),
        ({"steps": 0}, ValueError, r"^steps: expected a whole number >= 1"),
        ({"loss": "hinge"}, ValueError, r"^loss: expected one of"),
        ({"record_every": 2.5}, ValueError, r"^record_every: expected a whole number >= 1"),
    ],
)
def test_bad_input_raises_naming_the_argument(kwargs, error, pattern):
    args = {"nets": GOOD, "x": XOR_X, "y": XOR_Y, "lr": 0.1, "steps": 5, **kwargs}
    with pytest.raises(error, match=pattern):
        train_ensemble(**args)


def test_bad_stack_arguments():
    with pytest.raises(TypeError, match=r"^stacked: expected a Stack"):
        unstack(GOOD)
    with pytest.raises(ValueError, match=r"^k: expected a whole number from 0 to 1"):
        stack(GOOD).network(2)
    with pytest.raises(ValueError, match=r"^loss: expected one of"):
        losses_of(GOOD, XOR_X, XOR_Y, loss="l1")
