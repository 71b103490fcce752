"""The network: construction, layers numbered as in the book, immutability, the forward pass."""

import numpy as np
import pytest

import backprop_lib as bl


def tiny():
    return bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2], activation="sigmoid")


def snapshot(net):
    return {k: v.copy() for k, v in net.parameters().items()}


def test_layers_are_numbered_as_in_the_book():
    net = tiny()
    np.testing.assert_array_equal(net.W[1], [[0.3, -0.2], [0.1, 0.4]])
    np.testing.assert_array_equal(net.W[2], [[0.5, 0.6]])
    assert net.W[-1] is net.W[2] and len(net.W) == net.n_layers == 2
    assert net.b[1].shape == (2, 1) and net.b[2].shape == (1, 1)  # columns, like the samples
    assert tuple(net.activation) == ("sigmoid", "sigmoid") and net.activation[2] == "sigmoid"
    assert [layer for layer, _ in net.W.numbered()] == [1, 2]
    assert net.sizes == (2, 2, 1) and net.bias_mode(1) == "neuron" and net.bias_mode(2) == "neuron"
    with pytest.raises(IndexError, match=r"^W\[0\]: expected a layer number from 1 to 2"):
        net.W[0]
    with pytest.raises(ValueError, match=r"^b\[3\]: expected a layer number from 1 to 2"):
        net.b[3]


def test_forward_keeps_every_intermediate():
    net = tiny()
    trace = bl.forward(net, [1.0, 2.0])
    z1 = np.array([[0.3 - 0.4 + 0.1], [0.1 + 0.8 - 0.1]])
    np.testing.assert_allclose(trace.z[1], z1, rtol=1e-15)
    np.testing.assert_allclose(trace.a[1], bl.sigmoid(z1), rtol=1e-15)
    z2 = 0.5 * bl.sigmoid(z1[0, 0]) + 0.6 * bl.sigmoid(z1[1, 0]) + 0.2
    np.testing.assert_allclose(trace.z[2], [[z2]], rtol=1e-15)
    np.testing.assert_allclose(trace.output, bl.sigmoid([[z2]]), rtol=1e-15)
    assert [a.shape for a in trace.a] == [(2, 1), (2, 1), (1, 1)]
    assert trace.net is net
    with pytest.raises(IndexError, match=r"^z\[0\]: expected a layer number from 1 to 2"):
        trace.z[0]


def test_forward_on_a_batch_is_column_by_column():
    net = tiny()
    x = np.array([[1.0, -0.5, 0.0], [2.0, 0.5, 3.0]])
    batch = bl.forward(net, x)
    for n in range(3):
        np.testing.assert_array_equal(batch.output[:, n], bl.forward(net, x[:, n]).output[:, 0])


def test_bias_modes():
    shared = bl.Network([[[0.1, 0.3], [0.2, 0.4]]], biases=[0.25])
    assert shared.bias_mode(1) == "shared" and shared.b[1].shape == (1, 1)
    none = bl.Network([[[0.1, 0.3], [0.2, 0.4]]])
    assert none.bias_mode(1) == "none" and none.b[1] is None and set(none.parameters()) == {"W1"}
    z = bl.forward(shared, [1.0, 1.0]).z[1]
    np.testing.assert_allclose(z, [[0.1 + 0.3 + 0.25], [0.2 + 0.4 + 0.25]], rtol=1e-15)


def test_frozen_parameters_do_not_move():
    net = bl.Network(list(tiny().W), [b.ravel() for b in tiny().b], frozen=("b1", "b2"))
    grads = bl.gradients(net, [1.0, 2.0], [0.7])
    assert np.all(grads.db[1] != 0)  # a frozen parameter still has a gradient...
    new = bl.sgd_step(net, grads, 0.5)
    np.testing.assert_array_equal(new.b[1], net.b[1])  # ...but does not move
    np.testing.assert_array_equal(new.b[2], net.b[2])
    assert not np.array_equal(new.W[1], net.W[1])
    assert new.frozen == net.frozen == {"b1", "b2"}


def test_sgd_step_is_theta_minus_lr_gradient_and_leaves_the_old_network():
    net = tiny()
    before = snapshot(net)
    grads = bl.gradients(net, [1.0, 2.0], [0.7])
    new = bl.sgd_step(net, grads, 0.1)
    for name, value in new.parameters().items():
        np.testing.assert_allclose(value, before[name] - 0.1 * grads.by_name()[name], rtol=1e-15)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[name])


def test_nothing_can_be_changed_behind_the_networks_back():
    weights = [np.array([[0.3]])]
    net = bl.Network(weights, [[0.1]])
    weights[0][0, 0] = 99.0          # the caller's array is copied, not aliased
    assert net.W[1][0, 0] == 0.3
    with pytest.raises(ValueError):  # and the network's own arrays are read-only
        net.W[1][0, 0] = 1.0
    with pytest.raises(AttributeError):
        net.W = None
    trace = bl.forward(net, [1.0])
    grads = bl.backward(net, trace, [0.5])
    for arr in [*trace.z, *trace.a, *grads.delta, *grads.dW, *grads.db]:
        with pytest.raises(ValueError, match="read-only"):
            arr[0, 0] = 1.0


def test_the_caller_s_input_is_neither_kept_nor_changed():
    x = np.array([[1.0], [2.0]])
    trace = bl.forward(tiny(), x)
    x[0, 0] = 5.0
    assert trace.a[0][0, 0] == 1.0 and x.flags.writeable


def test_with_parameters_replaces_exactly_what_it_is_given():
    net = tiny()
    new = net.with_parameters(W2=[[1.0, 2.0]], b1=[0.5, 0.6])
    np.testing.assert_array_equal(new.W[2], [[1.0, 2.0]])
    np.testing.assert_array_equal(new.b[1], [[0.5], [0.6]])
    np.testing.assert_array_equal(new.W[1], net.W[1])
    np.testing.assert_array_equal(new.b[2], net.b[2])


def test_random_networks_are_reproducible_from_their_seed():
    a, b = bl.Network.random((2, 3, 1), seed=11), bl.Network.random((2, 3, 1), seed=11)
    c = bl.Network.random((2, 3, 1), seed=12)
    assert all(np.array_equal(p, q) for p, q in zip(a.W, b.W))
    assert not np.array_equal(a.W[1], c.W[1])
    u = bl.Network.random((2, 2, 1), seed=0, init="uniform")
    assert all(((w >= 0) & (w < 1)).all() for w in u.W) and all(((v >= 0) & (v < 1)).all() for v in u.b)
    n = bl.Network.random((400, 300, 1), seed=1)
    assert n.W[1].std() == pytest.approx(1 / np.sqrt(400), rel=0.02) and not n.b[1].any()
    assert bl.Network.random((2, 3, 1), bias="shared").b[1].shape == (1, 1)
    assert bl.Network.random((2, 3, 1), bias="none").b[1] is None


def test_repr_says_what_the_network_is():
    assert repr(tiny()) == "Network(2->2 sigmoid (bias: neuron), 2->1 sigmoid (bias: neuron))"
    frozen = bl.Network([[[0.1]]], [0.2], "identity", frozen=["b1"])
    assert repr(frozen) == "Network(1->1 identity (bias: neuron); frozen: b1)"


def test_numpy_integers_number_layers_too():
    net = tiny()
    assert net.W[np.int64(1)] is net.W[1] and net.bias_mode(np.int32(2)) == "neuron"
    assert bl.forward(net, [1.0, 2.0]).a[np.int64(0)].shape == (2, 1)


def test_random_network_defaults_and_modes():
    np.testing.assert_array_equal(bl.Network.random((2, 3, 1)).W[1], bl.Network.random((2, 3, 1), seed=0).W[1])
    uniform = bl.Network.random((2, 3, 1), init="uniform", bias="neuron")
    assert uniform.b[1].shape == (3, 1) and uniform.b[2].shape == (1, 1)
    assert bl.Network.random((2, 3, 1), init="uniform", bias="none").b[1] is None
    assert bl.Network.random((2, 3, 1), init="uniform", bias="shared").b[1].shape == (1, 1)
    assert bl.Network.random((2, 3, 1), frozen=("W1", "b2")).frozen == {"W1", "b2"}
    assert bl.Network([[[0.1]]], [0.2], frozen="b1").frozen == {"b1"}


def test_with_parameters_keeps_what_it_is_not_given():
    net = bl.Network([[[0.1, 0.2]], [[0.3]]], biases=[None, 0.4], activation=["tanh", "identity"], frozen=["W2"])
    new = net.with_parameters(b2=[0.5])
    assert new.frozen == {"W2"} and tuple(new.activation) == ("tanh", "identity") and new.b[1] is None
    assert new.b[2].item() == 0.5 and new.W[2] is not net.W[2] and np.array_equal(new.W[2], net.W[2])


def test_repr_lists_every_frozen_parameter():
    net = bl.Network([[[0.1]], [[0.2]]], [0.1, 0.2], frozen=["b2", "b1"])
    assert repr(net).endswith("; frozen: b1, b2)")


def test_layers_repr_numbers_each_value():
    assert repr(bl.Layers(["sigmoid", "identity"], symbol="activation")) == "activation{1: 'sigmoid', 2: 'identity'}"
    assert repr(bl.Layers([1.5], first=0, symbol="a")) == "a{0: 1.5}"


def test_a_network_remade_from_another_ones_weights_and_biases_is_the_same_network():
    W1, b1, W2 = [[0.5, -1.0], [2.0, 0.25]], [[0.1], [-0.2]], [[1.5, -0.5]]
    net = bl.Network([W1, W2], [b1, None], activation=["tanh", "identity"])  # layer 2 without a bias
    again = bl.Network(net.W, net.b, activation=net.activation)
    np.testing.assert_array_equal(again.W[1], W1)
    np.testing.assert_array_equal(again.W[2], W2)
    np.testing.assert_array_equal(again.b[1], b1)
    assert again.b[1].shape == (2, 1) and again.b[2] is None
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    z1 = np.array(W1) @ x + np.array(b1)
    np.testing.assert_allclose(bl.forward(again, x).a[2], np.array(W2) @ np.tanh(z1), rtol=1e-15)


def test_any_sequence_is_taken_wherever_a_list_is():
    """What one argument of several entries takes, all do: a range, a tuple, a numpy array, a
    generator's list (issue 20: ``Network.random(range(2, 4))`` was refused)."""
    from fractions import Fraction

    assert bl.Network.random(range(2, 4)).sizes == (2, 3) == bl.Network.random(np.array([2, 3])).sizes
    net = bl.Network((np.eye(2), np.ones((1, 2))), (np.zeros(2), 0.5), np.array(["tanh", "sigmoid"]), frozen=frozenset({"b2"}))
    assert tuple(net.activation) == ("tanh", "sigmoid") and net.frozen == {"b2"} and net.bias_mode(2) == "neuron"
    stacked = bl.stack((net, net))
    stepped = bl.sgd_step(stacked, bl.gradients(stacked, [1.0, 2.0], [0.5]), range(1, 3))
    alone = [bl.sgd_step(net, bl.gradients(net, [1.0, 2.0], [0.5]), lr) for lr in (1, 2)]
    np.testing.assert_array_equal(stepped.W[1], np.stack([n.W[1] for n in alone]))
    # numbers numpy keeps as objects (Fractions, as lr takes them) are numbers in an array too
    np.testing.assert_array_equal(bl.forward(net, [Fraction(1, 2), 1]).output, bl.forward(net, [0.5, 1.0]).output)


def test_with_parameters_takes_a_shared_bias_as_the_constructor_does():
    """``b2=0.3`` for a layer whose bias is shared (or which has one unit): the number, a vector
    of one, a column of one, as ``Network(...)`` takes them."""
    net = bl.Network([np.eye(2), np.ones((1, 2))], [[0.1, 0.2], 0.2])
    shared = bl.Network([np.ones((3, 2))], [0.1])
    for value in (0.3, [0.3], [[0.3]], np.float64(0.3), np.array(0.3)):
        assert net.with_parameters(b2=value).b[2].tolist() == [[0.3]]
        assert shared.with_parameters(b1=value).bias_mode(1) == "shared"
    np.testing.assert_array_equal(net.with_parameters(b1=[[0.5], [0.6]]).b[1], [[0.5], [0.6]])
