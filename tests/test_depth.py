"""The pictures of chapter 9 (backprop_lib.pages.depth): their numbers against the library's
passes, computed independently, and bad input refused by name."""

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import backprop_lib as bl  # noqa: E402
from backprop_lib import pages  # noqa: E402

RNG = np.random.default_rng(7)
X = RNG.normal(size=(3, 5))
Y = RNG.normal(size=(2, 5))
NET = bl.Network.random([3, 4, 4, 2], activation=["tanh", "relu", "identity"], seed=3, init="he_normal")


def test_layer_spread_summarises_each_layer_of_the_passes():
    s = pages.layer_spread(NET, X, Y, loss="mse")
    g = bl.gradients(NET, X, Y, loss="mse")
    trace = bl.forward(NET, X)
    for layer in range(1, NET.n_layers + 1):
        a, d = trace.a[layer], g.delta[layer]
        # the spread over the samples, unit by unit, averaged over the units
        per_unit = [np.sqrt(np.mean((row - row.mean()) ** 2)) for row in a]
        assert np.isclose(s.a_spread[layer - 1], np.mean(per_unit), rtol=1e-12)
        assert np.isclose(s.delta_rms[layer - 1], np.sqrt((d ** 2).sum() / d.size), rtol=1e-12)
        assert np.isclose(s.dW_norm[layer - 1], np.sqrt((g.dW[layer] ** 2).sum()), rtol=1e-12)
    assert all(v.shape == (NET.n_layers,) for v in s)


def test_a_unit_whose_activation_is_the_same_for_every_input_has_no_spread():
    # W1 = 0: every unit of layer 1 answers sigmoid(b) whatever the input
    net = bl.Network([np.zeros((2, 3)), np.ones((1, 2))], biases=[[0.5, -1.0], [0.0]], activation="sigmoid")
    s = pages.layer_spread(net, X, np.zeros((1, 5)))
    assert s.a_spread[0] == 0


def test_the_ridges_are_each_layer_s_histogram():
    fig, ax = plt.subplots()
    acts = [RNG.random(100), RNG.random(50)]
    bins = np.linspace(0, 1, 11)
    shares = pages.plot_activation_ridges(ax, acts, bins, title="t")
    for share, a in zip(shares, acts):
        assert np.allclose(share, np.histogram(a, bins)[0] / a.size)
    assert {c.get_gid() for c in ax.collections} == {"layer 1", "layer 2"}
    plt.close(fig)


def test_per_layer_curves_are_drawn_as_given():
    fig, ax = plt.subplots()
    drawn = pages.plot_per_layer(ax, {"a": [1.0, 0.1, 0.01]}, ylabel="size")
    line = next(line for line in ax.get_lines() if line.get_gid() == "layers a")
    assert np.array_equal(line.get_xdata(), [1, 2, 3]) and np.array_equal(line.get_ydata(), drawn["a"])
    plt.close(fig)


def test_saturated_share_counts_the_ends_of_the_range():
    assert pages.saturated_share([0.0, 0.005, 0.5, 0.995, 1.0], 0, 1) == pytest.approx(0.8)
    assert pages.saturated_share(np.array([[-1.0, 0.0], [0.3, 0.999]]), -1, 1) == pytest.approx(0.5)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: pages.layer_spread("net", X, Y), TypeError, r"^net: expected a Network"),
    (lambda: pages.layer_spread(bl.stack([NET, NET]), X, Y), TypeError, r"^net: expected a Network \(summarise"),
    (lambda: pages.layer_spread(NET, X.T, Y), ValueError, r"^x: expected shape"),
    (lambda: pages.plot_per_layer(None, {"a": [1.0]}, "y"), TypeError, r"^ax: expected matplotlib axes"),
    (lambda: pages.plot_per_layer(plt.gca(), {}, "y"), TypeError, r"^curves: expected a non-empty dict"),
    (lambda: pages.plot_per_layer(plt.gca(), {"a": [1.0, 0.0]}, "y"), ValueError, r"^curves\['a'\]: expected values > 0"),
    (lambda: pages.plot_activation_ridges(plt.gca(), np.ones(3), [0, 1]), TypeError, r"^activations: expected a non-empty list"),
    (lambda: pages.plot_activation_ridges(plt.gca(), [np.ones(3)], [1, 0]), ValueError, r"^bins: expected at least two increasing"),
    (lambda: pages.saturated_share([0.5], 1, 0), ValueError, r"^high: expected more than low"),
    (lambda: pages.saturated_share([0.5], 0, 1, margin=0.6), ValueError, r"^margin: expected from 0"),
    (lambda: pages.saturated_share("0.5", 0, 1), TypeError, r"^a: expected an array of numbers"),
])
def test_bad_input_is_refused_by_name(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
    plt.close("all")
