"""The decision-boundary picture shows the network it was given.

nbval compares text, not images, so the picture is read back here: the filled contours are
those of the network's own outputs on the grid, the black line runs where the output is ½,
and the dots are the samples, coloured by their targets."""

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import backprop_lib as bl
from backprop_lib.pages import examples, plot_decision_boundary

matplotlib.use("Agg")


@pytest.fixture
def ax():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def trained_on_xor(seed):
    return bl.train(examples.xor("xor", seed=seed).net, examples.XOR_X, examples.XOR_Y, lr=0.5, steps=3000).net


def paths_of(contour_set):
    """Every vertex of every level of a contour set, level by level."""
    return [path.vertices for path in contour_set.get_paths()]


@pytest.mark.parametrize("seed", [0, 1])
def test_the_filled_contours_are_the_network_s_outputs_on_the_grid(ax, seed):
    import matplotlib.pyplot as plt

    net = trained_on_xor(seed)
    drawn = plot_decision_boundary(ax, net, examples.XOR_X, examples.XOR_Y)
    grid = np.vstack([drawn.x1.ravel(), drawn.x2.ravel()])
    expected = bl.forward(net, grid).output.reshape(drawn.x1.shape)
    np.testing.assert_array_equal(drawn.output, expected)
    # the contours on the axes are those of exactly these values: redraw them and compare
    fig2, ax2 = plt.subplots()
    again = ax2.contourf(drawn.x1, drawn.x2, expected, levels=np.linspace(0, 1, 11))
    plt.close(fig2)
    assert [c.get_gid() for c in ax.collections if c.get_gid() == "output"] == ["output"]
    np.testing.assert_array_equal(drawn.filled.levels, np.linspace(0, 1, 11))
    for mine, theirs in zip(paths_of(drawn.filled), paths_of(again), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-12)
    # and they are not those of another network
    other = bl.forward(trained_on_xor(1 - seed), grid).output.reshape(drawn.x1.shape)
    assert not np.allclose(other, expected, atol=1e-2)


def test_the_black_line_runs_where_the_output_is_one_half(ax):
    net = trained_on_xor(0)
    drawn = plot_decision_boundary(ax, net, examples.XOR_X, examples.XOR_Y)
    assert drawn.boundary is not None and drawn.boundary.get_gid() == "boundary"
    np.testing.assert_array_equal(drawn.boundary.levels, [0.5])
    points = np.vstack([path.vertices for path in drawn.boundary.get_paths()])
    assert len(points) > 20
    on_line = bl.forward(net, points.T).output[0]
    spacing = drawn.x1[0, 1] - drawn.x1[0, 0]
    # linear interpolation between grid points: off by at most about slope x spacing²
    assert np.abs(on_line - 0.5).max() < 0.02, (spacing, np.abs(on_line - 0.5).max())
    # the line separates the two classes as the network does: a solved XOR puts (0, 0) and
    # (1, 1) on one side, (0, 1) and (1, 0) on the other
    assert np.array_equal(bl.forward(net, examples.XOR_X).output[0] > 0.5, examples.XOR_Y[0] == 1)


def test_no_line_where_the_output_never_crosses_one_half(ax):
    above = bl.Network([[[0.0, 0.0]], [[0.0]]], biases=[[1.0], [2.0]])  # ŷ = σ(2) everywhere
    drawn = plot_decision_boundary(ax, above, examples.XOR_X, examples.XOR_Y)
    assert drawn.boundary is None
    assert not [c for c in ax.collections if c.get_gid() == "boundary"]
    np.testing.assert_allclose(drawn.output, bl.sigmoid(2.0), rtol=1e-15)


@pytest.mark.parametrize("data", ["source", "xor"])
def test_the_dots_are_the_samples_coloured_by_their_targets(ax, data):
    example = examples.xor(data, seed=0)
    x, y = example.x, example.y
    drawn = plot_decision_boundary(ax, example.net, x, y, title="a title")
    for target, colour in ((0, "white"), (1, "black")):
        dots = drawn.samples[target]
        assert dots.get_gid() == f"target {target}" and dots.get_label() == f"target {target}"
        np.testing.assert_array_equal(dots.get_offsets(), x[:, y[0] == target].T)
        assert all(tuple(face) == to_rgba(colour) for face in dots.get_facecolors())
    # every sample is drawn once, and the window holds them all with the margin
    assert sum(len(d.get_offsets()) for d in drawn.samples.values()) == x.shape[1]
    np.testing.assert_allclose(ax.get_xlim(), (x[0].min() - 0.5, x[0].max() + 0.5))
    np.testing.assert_allclose(ax.get_ylim(), (x[1].min() - 0.5, x[1].max() + 0.5))
    np.testing.assert_allclose(drawn.x1[0, [0, -1]], ax.get_xlim())
    np.testing.assert_allclose(drawn.x2[[0, -1], 0], ax.get_ylim())
    assert ax.get_title() == "a title"
    handles, labels = ax.get_legend_handles_labels()
    assert labels == ["target 0", "target 1"]


def test_the_grid_is_as_fine_along_both_sides(ax):
    example = examples.xor("source", seed=0)  # a window 3 wide and 2 high
    drawn = plot_decision_boundary(ax, example.net, example.x, example.y, resolution=61)
    assert drawn.x1.shape[1] == 61
    dx, dy = np.diff(drawn.x1[0]), np.diff(drawn.x2[:, 0])
    np.testing.assert_allclose(dx, dx[0])
    assert abs(dy[0] - dx[0]) < 0.01 * dx[0] + 1e-12


BAD = {
    "ax=None": (dict(ax=None), TypeError, r"^ax: expected matplotlib axes, got NoneType"),
    "net=None": (dict(net=None), TypeError, r"^net: expected a Network, got NoneType"),
    "three inputs": (dict(net=bl.Network.random((3, 2, 1))), ValueError,
                     r"^net: expected a network with 2 inputs and 1 output, got sizes \(3, 2, 1\)"),
    "a linear output": (dict(net=bl.Network.random((2, 1), activation="identity")), ValueError,
                        r"^net: expected a sigmoid output unit"),
    "samples as rows": (dict(x=examples.XOR_X.T), ValueError, r"^x: expected shape \(2,\) for one sample"),
    "targets as a column": (dict(y=examples.XOR_Y.T), ValueError, r"^y: expected shape \(1, 4\)"),
    "a target of 0.5": (dict(y=[[0, 1, 0.5, 0]]), ValueError, r"^y: expected targets 0 or 1, got 0.5"),
    "a margin of 0": (dict(margin=0.0), ValueError, r"^margin: expected"),
    "a resolution of 1": (dict(resolution=1), ValueError, r"^resolution: expected"),
    "a title that is a number": (dict(title=3), TypeError, r"^title: expected a string, got int 3$"),
}


@pytest.mark.parametrize("what", BAD)
def test_bad_input_is_refused_by_name_and_nothing_is_drawn(ax, what):
    changes, error, pattern = BAD[what]
    args = dict(ax=ax, net=bl.Network.random((2, 2, 1)), x=examples.XOR_X, y=examples.XOR_Y) | changes
    with pytest.raises(error, match=pattern):
        plot_decision_boundary(**args)
    assert not ax.collections and not ax.lines and not ax.texts
