"""The worked examples' given values build the networks their sources describe."""

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib import examples


def test_single_neuron_and_its_two_targets():
    used, stated = examples.single_neuron(), examples.single_neuron("stated")
    assert used.y[0] == 1.5 and stated.y[0] == 1.0
    assert bl.forward(used.net, used.x).zs[0][0] == pytest.approx(0.3 * 0.5 + 0.1)
    assert used.lr == 0.1 and used.source == "seed000"


def test_two_neurons_starts_with_the_single_neuron():
    one, two = examples.single_neuron(), examples.two_neurons()
    np.testing.assert_array_equal(two.net.weights[0], one.net.weights[0])
    np.testing.assert_array_equal(two.net.biases[0], one.net.biases[0])
    assert bl.named_values(two.net.weights, two.names) == {"w1": 0.3, "w2": 0.5}


def test_linear_221_reproduces_the_sources_forward_pass():
    ex = examples.linear_221()
    trace = bl.forward(ex.net, ex.x)
    np.testing.assert_allclose(trace.activations[1], [0.89, 0.39])   # h1 = 2·0.22 + 3·0.15, h2 = 2·0.03 + 3·0.11
    assert trace.output[0] == pytest.approx(0.1631)


def test_network_222_variants():
    frozen, shared, neuron = (examples.network_222(b) for b in ("frozen", "shared", "neuron"))
    assert frozen.net.frozen == {"b1", "b2"} and not shared.net.frozen and not neuron.net.frozen
    assert shared.net.bias_mode(1) == "shared" and neuron.net.bias_mode(1) == "neuron"
    out = bl.forward(frozen.net, frozen.x).output
    np.testing.assert_allclose(out, bl.forward(neuron.net, neuron.x).output)
    np.testing.assert_allclose(out, [0.73492, 0.77955], atol=1e-5)  # the source prints 5 places


@pytest.mark.parametrize("call, message", [
    (lambda: examples.single_neuron("both"), r"^target: expected one of \['stated', 'used'\], got 'both'"),
    (lambda: examples.network_222("layer"), r"^bias: expected one of \['frozen', 'neuron', 'shared'\], got 'layer'"),
])
def test_unknown_variants_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
