"""The pictures of chapter 10 (backprop_lib.pages.depth): their numbers against the library's
passes, computed independently, and bad input refused by name."""

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import warnings  # noqa: E402

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
    drawn = pages.plot_per_layer(ax, {"a": [1.0, 0.1, 0.01], 2: [4.0, 2.0]}, ylabel="size", markers=["s", "^"])
    line = next(line for line in ax.get_lines() if line.get_gid() == "layers a")
    assert np.array_equal(line.get_xdata(), [1, 2, 3]) and np.array_equal(line.get_ydata(), [1.0, 0.1, 0.01])
    other = next(line for line in ax.get_lines() if line.get_gid() == "layers 2")
    assert np.array_equal(other.get_xdata(), [1, 2]) and np.array_equal(other.get_ydata(), [4.0, 2.0])
    assert (line.get_marker(), other.get_marker()) == ("s", "^")
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "size" and list(ax.get_xticks()) == [1, 2, 3]
    assert list(drawn) == ["a", "2"] and all(v.dtype == np.float64 for v in drawn.values())
    np.testing.assert_array_equal(drawn["2"], [4.0, 2.0])
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
    (lambda: pages.plot_per_layer(plt.gca(), {"a": [1.0, 0.0]}, "y"), ValueError,
     r"^curves\['a'\]: expected values > 0 on a log scale, got 0.0 at index 1$"),
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


# ---- extreme but valid input: finite numbers, no warnings; bad input: nothing drawn --------------------------

def _plain_spread(net, x, y, loss):
    """The plain formulas, as layer_spread computed them before it scaled its values."""
    trace, g = bl.forward(net, x), bl.gradients(net, x, y, loss=loss)
    layers = range(1, net.n_layers + 1)
    return (np.array([np.mean(np.std(trace.a[layer], axis=1)) for layer in layers]),
            np.array([np.sqrt(np.mean(np.square(g.delta[layer]))) for layer in layers]),
            np.array([np.linalg.norm(g.dW[layer]) for layer in layers]))


@pytest.mark.parametrize("seed", range(5))
def test_layer_spread_is_bit_for_bit_the_plain_formulas_in_a_double_s_range(seed):
    rng = np.random.default_rng(seed)
    net = bl.Network.random([6, 9, 9, 9, 3], ["tanh", "relu", "sigmoid", "softmax"], seed=seed, init="he_uniform")
    x = rng.normal(size=(6, 40)) * 10.0 ** rng.integers(-3, 4)
    y = np.eye(3)[:, rng.integers(0, 3, size=40)]
    for got, plain in zip(pages.layer_spread(net, x, y, loss="ce"), _plain_spread(net, x, y, "ce")):
        np.testing.assert_array_equal(got, plain)


def test_layer_spread_of_huge_and_tiny_signals_is_finite_and_right_without_warnings():
    # layer 1 passes x ~ 1e200 on unchanged; layer 2 scales it by 1e-200: its δ¹ = W²ᵀ δ² is ~ 1e-200,
    # and ∂L/∂W² = δ² (a¹)ᵀ ~ 1e200, whose squares overflow a double, as (δ¹)² underflows to 0.
    net = bl.Network([np.eye(2), np.full((1, 2), 1e-200)], activation="identity")
    x = np.array([[1e200, -1e200, 3e200], [2e200, 0.0, 1e200]])
    y = np.zeros((1, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = pages.layer_spread(net, x, y)
    trace, g = bl.forward(net, x), bl.gradients(net, x, y)
    a1, d1, dw2 = trace.a[1] / 1e200, g.delta[1] * 1e200, g.dW[2] / 1e200  # in range: the plain formulas
    assert s.a_spread[0] == pytest.approx(np.mean(np.std(a1, axis=1)) * 1e200, rel=1e-12)
    assert s.delta_rms[0] == pytest.approx(np.sqrt(np.mean(d1 ** 2)) / 1e200, rel=1e-12)
    assert s.dW_norm[1] == pytest.approx(np.linalg.norm(dw2) * 1e200, rel=1e-12)
    assert all(np.isfinite(v).all() and (v > 0).all() for v in s)


def test_a_spread_of_activations_near_the_largest_double_does_not_overflow():
    # std of each unit: 1.7e308 and 1e308, finite; their plain mean sums to 2.7e308, beyond a double
    net = bl.Network([np.eye(2)], activation="identity")
    x = np.array([[1.7e308, -1.7e308], [1.0e308, -1.0e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = pages.layer_spread(net, x, x, loss="mse")  # targets = outputs: δ = 0
    assert s.a_spread[0] == pytest.approx(1.35e308, rel=1e-12)
    assert s.delta_rms[0] == 0 and s.dW_norm[0] == 0


@pytest.mark.parametrize("call, error, pattern", [
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0, 2.0], "b": [1.0, 0.0]}, "y"), ValueError,
     r"^curves\['b'\]: expected values > 0"),
    (lambda ax: pages.plot_per_layer(ax, {1: [1.0], "1": [2.0]}, "y"), ValueError,
     r"^curves: expected labels that differ as text, got two labels '1'"),
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0]}, "y", markers=""), TypeError,
     r"^markers: expected a non-empty string or list of markers"),
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0]}, "y", markers=3), TypeError, r"^markers: expected .* got int 3"),
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0]}, None), TypeError, r"^ylabel: expected a string, got None"),
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0]}, "y", title=5), TypeError, r"^title: expected a string, got int 5"),
    (lambda ax: pages.plot_activation_ridges(ax, [np.ones(3), [[1.0, 2.0], [3.0]]], [0, 1]), TypeError,
     r"^activations\[1\]: expected an array of numbers, got list"),
    (lambda ax: pages.plot_activation_ridges(ax, [None], [0, 1]), TypeError,
     r"^activations\[0\]: expected an array of numbers, got None"),
    (lambda ax: pages.plot_activation_ridges(ax, [np.ones(3)], [0, 1], colour="no colour"), ValueError,
     r"^colour: expected a matplotlib colour such as '#0072B2', got str 'no colour'"),
    (lambda ax: pages.plot_activation_ridges(ax, [np.ones(3)], [0, 1], colour=None), TypeError,
     r"^colour: expected a matplotlib colour such as '#0072B2', got None"),
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0], "b": [2.0]}, "y", markers=["o", "nonsense"]), ValueError,
     r"^markers\[1\]: expected a matplotlib marker such as 'o', got str 'nonsense'"),
    (lambda ax: pages.plot_per_layer(ax, {"a": [1.0]}, "y", markers="o-"), ValueError,
     r"^markers\[1\]: expected a matplotlib marker"),
    (lambda ax: pages.plot_activation_ridges(ax, [np.ones(3)], [0, 1], title=1.0), TypeError, r"^title: expected a string"),
])
def test_bad_input_met_late_is_refused_by_name_before_anything_is_drawn(call, error, pattern):
    fig, ax = plt.subplots()
    with pytest.raises(error, match=pattern):
        call(ax)
    assert not ax.lines and not ax.collections and ax.get_title() == "" and ax.get_ylabel() == ""
    plt.close(fig)


def test_activations_may_be_any_shape_and_bins_span_the_doubles_without_warnings():
    fig, ax = plt.subplots()
    a = np.array([[-1e308, 0.5], [2.0, 1e308]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shares = pages.plot_activation_ridges(ax, (a, a.ravel()), [-1.7e308, 0.0, 1.7e308])
    np.testing.assert_array_equal(shares, [[0.25, 0.75], [0.25, 0.75]])
    plt.close(fig)
