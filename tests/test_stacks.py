"""A stack of networks runs through the very same passes, and gives the numbers of running
its networks one by one."""

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages.examples import XOR_X, XOR_Y

CASES = [
    # sizes, activations, bias, init, loss, frozen
    ((2, 2, 1), "sigmoid", "neuron", "uniform", "half_sse", ()),
    ((3, 4, 2), ["tanh", "sigmoid"], "shared", "normal", "mse", ()),
    ((2, 3, 3, 1), ["relu", "tanh", "sigmoid"], "neuron", "normal", "bce", ()),
    ((2, 3, 2), ["sigmoid", "identity"], "none", "normal", "half_sse", ()),
    ((2, 2, 1), "sigmoid", "neuron", "uniform", "half_sse", ("W1", "b2")),
]


def problem(sizes, seed=0):
    rng = np.random.default_rng(1000 + seed)
    m = 5
    return rng.normal(size=(sizes[0], m)), rng.uniform(0.05, 0.95, size=(sizes[-1], m))


def assert_same_network(a, b, tol=1e-10):
    for name, value in a.parameters().items():
        np.testing.assert_allclose(value, b.parameters()[name], rtol=0, atol=tol, err_msg=name)


@pytest.mark.parametrize("sizes, acts, bias, init, loss, frozen", CASES)
def test_training_a_stack_is_training_each_network(sizes, acts, bias, init, loss, frozen):
    x, y = problem(sizes)
    nets = [bl.Network.random(sizes, acts, seed=s, bias=bias, init=init, frozen=frozen) for s in (0, 1, 7)]
    run = bl.train(bl.stack(nets), x, y, lr=0.3, steps=300, loss=loss)
    assert run.losses.shape == (3, 301) and run.ended_higher.shape == (3,)
    np.testing.assert_array_equal(run.steps, np.arange(301))
    for k, net in enumerate(nets):
        single = bl.train(net, x, y, lr=0.3, steps=300, loss=loss)
        np.testing.assert_allclose(run.losses[k], single.losses, rtol=0, atol=1e-10)
        assert_same_network(run.nets[k], single.net)
        assert run.ended_higher[k] == single.ended_higher


@pytest.mark.parametrize("sizes, acts, bias, init, loss, frozen", CASES)
def test_the_passes_of_a_stack_are_those_of_each_network(sizes, acts, bias, init, loss, frozen):
    x, y = problem(sizes, seed=3)
    nets = [bl.Network.random(sizes, acts, seed=s, bias=bias, init=init, frozen=frozen) for s in (2, 5)]
    stacked = bl.stack(nets)
    trace = bl.forward(stacked, x)
    grads = bl.backward(stacked, trace, y, loss)
    np.testing.assert_array_equal(trace.a[0], x)
    for k, net in enumerate(nets):
        single = bl.gradients(net, x, y, loss)
        assert grads.loss[k] == pytest.approx(single.loss, rel=1e-13)
        assert bl.loss_of(stacked, x, y, loss)[k] == pytest.approx(single.loss, rel=1e-13)
        for layer in range(1, net.n_layers + 1):
            np.testing.assert_allclose(trace.z[layer][k], bl.forward(net, x).z[layer], rtol=1e-13, atol=1e-15)
            np.testing.assert_allclose(grads.delta[layer][k], single.delta[layer], rtol=1e-12, atol=1e-15)
        for name, value in grads.by_name().items():
            np.testing.assert_allclose(value[k], single.by_name()[name], rtol=1e-12, atol=1e-15, err_msg=name)
        stepped = bl.sgd_step(stacked, grads, 0.5).network(k)
        assert_same_network(stepped, bl.sgd_step(net, single, 0.5), tol=1e-14)


def test_one_learning_rate_per_network():
    nets = [bl.Network.random((2, 3, 1), seed=s, init="uniform") for s in range(3)]
    rates = [0.1, 0.5, 2.0]
    run = bl.train(bl.stack(nets), XOR_X, XOR_Y, lr=rates, steps=200)
    for k, (net, rate) in enumerate(zip(nets, rates)):
        np.testing.assert_allclose(run.losses[k], bl.train(net, XOR_X, XOR_Y, rate, 200).losses, rtol=0, atol=1e-12)


def test_one_sample_as_a_vector():
    nets = [bl.Network.random((3, 2, 2), seed=s) for s in range(2)]
    x, y = np.array([0.1, -0.4, 0.8]), np.array([0.3, 0.6])
    run = bl.train(bl.stack(nets), x, y, lr=0.5, steps=50)
    for k, net in enumerate(nets):
        np.testing.assert_allclose(run.losses[k], bl.train(net, x, y, 0.5, 50).losses, rtol=0, atol=1e-12)


def test_mini_batches_are_the_same_for_every_network_of_a_stack():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(2, 11)), rng.uniform(size=(1, 11))
    nets = [bl.Network.random((2, 3, 1), seed=s) for s in range(2)]
    run = bl.train(bl.stack(nets), x, y, lr=0.5, epochs=4, batch_size=3, seed=9)
    for k, net in enumerate(nets):
        single = bl.train(net, x, y, lr=0.5, epochs=4, batch_size=3, seed=9)
        np.testing.assert_allclose(run.losses[k], single.losses, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(run.steps, single.steps)


def test_record_every_keeps_a_subset_and_the_last_step():
    nets = bl.stack([bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(2)])
    full = bl.train(nets, XOR_X, XOR_Y, lr=0.1, steps=25)
    sparse = bl.train(nets, XOR_X, XOR_Y, lr=0.1, steps=25, record_every=10)
    np.testing.assert_array_equal(sparse.steps, [0, 10, 20, 25])
    np.testing.assert_array_equal(sparse.losses, full.losses[:, [0, 10, 20, 25]])
    for a, b in zip(sparse.nets, full.nets):
        assert_same_network(a, b, tol=0)


def test_stack_round_trip():
    nets = [bl.Network.random((2, 3, 1), ["tanh", "sigmoid"], seed=s, bias="shared") for s in range(3)]
    stacked = bl.stack(nets)
    assert stacked.n_networks == 3 and stacked.sizes == (2, 3, 1)
    assert stacked.W[1].shape == (3, 3, 2) and stacked.b[1].shape == (3, 1, 1)
    for a, b in zip(bl.unstack(stacked), nets):
        assert_same_network(a, b, tol=0)
        assert tuple(a.activation) == tuple(b.activation) and a.bias_mode(1) == "shared"
    assert repr(stacked).startswith("Stack of 3 × Network(2->3 tanh (bias: shared)")
    with pytest.raises(TypeError, match=r"^Stack: make one with backprop_lib.stack"):
        bl.Stack()


def test_training_leaves_the_given_networks_as_they_were():
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(2)]
    before = [{k: v.copy() for k, v in n.parameters().items()} for n in nets]
    stacked = bl.stack(nets)
    bl.train(stacked, XOR_X, XOR_Y, lr=0.1, steps=10)
    for net, params in zip(nets, before):
        for name, value in params.items():
            np.testing.assert_array_equal(net.parameters()[name], value)
    np.testing.assert_array_equal(stacked.W[1][0], before[0]["W1"])


def test_a_stack_s_losses_are_read_only_like_everything_else():
    stacked = bl.stack([bl.Network.random((2, 2, 1), seed=s) for s in range(2)])
    grads = bl.gradients(stacked, XOR_X, XOR_Y)
    for arr in (grads.loss, bl.loss_of(stacked, XOR_X, XOR_Y), bl.train(stacked, XOR_X, XOR_Y, 0.1, 2).losses):
        assert arr.shape[0] == 2 and not arr.flags.writeable


def test_a_step_of_a_stack_with_one_rate_per_network():
    nets = [bl.Network.random((2, 2, 1), seed=s) for s in range(2)]
    stacked = bl.stack(nets)
    stepped = bl.sgd_step(stacked, bl.gradients(stacked, XOR_X, XOR_Y), [0.1, 0.7])
    for k, (net, rate) in enumerate(zip(nets, [0.1, 0.7])):
        assert_same_network(stepped.network(k), bl.sgd_step(net, bl.gradients(net, XOR_X, XOR_Y), rate), tol=1e-15)


def test_a_stack_keeps_its_networks_frozen_parameters_and_is_read_only():
    nets = [bl.Network.random((2, 2, 1), seed=s, frozen=("b1",)) for s in range(2)]
    stacked = bl.stack(nets)
    assert stacked.frozen == {"b1"} and stacked.network(1).frozen == {"b1"}
    for value in stacked.parameters().values():
        assert not value.flags.writeable
    assert repr(stacked) == "Stack of 2 × Network(2->2 sigmoid (bias: neuron), 2->1 sigmoid (bias: neuron); frozen: b1)"
