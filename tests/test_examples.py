"""The worked examples' given values build the networks their sources describe, and the
sources' own weight names map one to one onto the matrices."""

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages import examples, from_named_weights, named_values, weight_map

LAMSAL = examples.network_222().names


def test_single_neuron_and_its_two_targets():
    used, stated = examples.single_neuron(), examples.single_neuron("stated")
    assert used.y.item() == 1.5 and stated.y.item() == 1.0
    assert bl.forward(used.net, used.x).z[1].item() == pytest.approx(0.3 * 0.5 + 0.1, rel=1e-15)
    assert used.lr == 0.1 and used.source == "pumaline2024" and used.x.shape == (1, 1)


def test_two_neurons_starts_with_the_single_neuron():
    one, two = examples.single_neuron(), examples.two_neurons()
    np.testing.assert_array_equal(two.net.W[1], one.net.W[1])
    np.testing.assert_array_equal(two.net.b[1], one.net.b[1])
    assert two.named(two.net.W) == {"w1": 0.3, "w2": 0.5}


def test_linear_221_reproduces_the_sources_forward_pass():
    ex = examples.linear_221()
    trace = bl.forward(ex.net, ex.x)
    np.testing.assert_allclose(trace.a[1][:, 0], [0.89, 0.39], rtol=1e-15)  # h1 = 2·0.22 + 3·0.15, h2 = 2·0.03 + 3·0.11
    assert trace.output.item() == pytest.approx(0.1631, rel=1e-12)


def test_network_222_variants():
    frozen, shared, neuron = (examples.network_222(b) for b in ("frozen", "shared", "neuron"))
    assert frozen.net.frozen == {"b1", "b2"} and not shared.net.frozen and not neuron.net.frozen
    assert shared.net.bias_mode(1) == "shared" and neuron.net.bias_mode(1) == "neuron"
    out = bl.forward(frozen.net, frozen.x).output
    np.testing.assert_array_equal(out, bl.forward(neuron.net, neuron.x).output)
    np.testing.assert_allclose(out[:, 0], [0.73492, 0.77955], atol=1e-5)  # the source prints 5 places


def test_xor_data_sets():
    source, truth = examples.xor("source"), examples.xor("xor")
    np.testing.assert_array_equal(source.x, [[0, 0, 1, -1], [0, 1, 0, 1]])
    np.testing.assert_array_equal(truth.x, examples.XOR_X)
    np.testing.assert_array_equal(source.y, truth.y)
    assert source.lr == 0.1 and examples.XOR_EPOCHS == 10_000
    assert examples.xor(seed=3, hidden=4).net.sizes == (2, 4, 1)
    assert not np.array_equal(examples.xor(seed=1).net.W[1], examples.xor(seed=0).net.W[1])


def test_named_weights_map_one_to_one():
    values = {f"w{i}": i / 10 for i in range(1, 9)}
    net = from_named_weights((2, 2, 2), LAMSAL, values, biases=[0.25, 0.35])
    np.testing.assert_array_equal(net.W[1], [[0.1, 0.3], [0.2, 0.4]])
    np.testing.assert_array_equal(net.W[2], [[0.5, 0.6], [0.7, 0.8]])
    assert named_values(net.W, LAMSAL) == values
    assert named_values(net.parameters(), LAMSAL) == values
    table = weight_map(LAMSAL, net)
    assert table.loc["w3", "matrix entry"] == "W1[0, 1]" and table.loc["w3", "value"] == "0.3000"
    assert table.loc["w3", "connection"] == "unit 1 of layer 0 -> unit 0 of layer 1"
    assert net.bias_mode(1) == "shared" and net.bias_mode(2) == "shared"


def test_gradients_read_back_by_the_sources_names():
    ex = examples.network_222()
    grads = bl.gradients(ex.net, ex.x, ex.y)
    named = ex.named(grads.dW)
    assert named["w5"] == grads.dW[2][0, 0] and named["w3"] == grads.dW[1][0, 1]
    assert named["w5"] == pytest.approx(0.0802, abs=5e-5)  # the article's ∂E/∂w5 = 0.08020


def test_named_values_reads_a_dict_of_many_layers_in_layer_order():
    """W10 comes after W9, not after W1."""
    net = bl.Network([[[float(layer)]] for layer in range(1, 12)], activation="identity")
    names = {f"w{layer}": (layer, 0, 0) for layer in range(1, 12)}
    expected = {f"w{layer}": float(layer) for layer in range(1, 12)}
    assert named_values(net.parameters(), names) == expected == named_values(net.W, names)
