"""The numbers drawn on a network diagram sit where they belong.

nbval compares text, not images, so a diagram is read back here: every weight label must lie
on the line of the edge whose weight it shows (swap two labels and this fails), every bias
and unit value must be the one of its unit."""

import matplotlib
import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages import draw_network, examples, plot_losses
from backprop_lib.pages.drawing import unit_positions
from geometry import apart, clear_of_circle, corners

matplotlib.use("Agg")


def _label_centre(text):
    return np.array(text.get_position())


def _distance_to_segment(p, a, b):
    t = np.clip(np.dot(p - a, b - a) / np.dot(b - a, b - a), 0, 1)
    return np.linalg.norm(p - (a + t * (b - a)))


def drawn_weights(ax) -> dict:
    """``{edge: text}``: each weight label's text, keyed by the edge line nearest to it."""
    import matplotlib.pyplot as plt

    edges = {line.get_gid()[5:]: np.array(line.get_xydata()) for line in ax.lines
             if (line.get_gid() or "").startswith("edge ")}
    found = {}
    for text in ax.texts:
        if not (text.get_gid() or "").startswith("W"):
            continue
        p = _label_centre(text)
        nearest = min(edges, key=lambda e: _distance_to_segment(p, *edges[e]))
        assert _distance_to_segment(p, *edges[nearest]) < 1e-9, f"{text.get_text()!r} is on no edge"
        found[nearest] = text.get_text()
    plt.close(ax.figure)
    return found


def assert_each_label_on_its_edge(net, drawn_names, true_names, decimals=2):
    """Every edge carries its weight's true name and value, to ``decimals`` places."""
    found = drawn_weights(draw_network(net, names=drawn_names, decimals=decimals))
    names = {place: name for name, place in true_names.items()}
    assert len(found) == sum(w.size for w in net.W)
    for layer, w in net.W.numbered():
        for to, frm in np.ndindex(w.shape):
            assert found[f"W{layer}[{to}, {frm}]"] == f"{names[(layer, to, frm)]} = {w[to, frm]:.{decimals}f}"


@pytest.mark.parametrize("example", [examples.network_222("frozen"), examples.network_222("neuron"),
                                     examples.linear_221(), examples.two_neurons()], ids=lambda e: e.title)
def test_each_weight_label_sits_on_its_own_edge(example):
    assert_each_label_on_its_edge(example.net, example.names, example.names)
    assert_each_label_on_its_edge(example.net, example.names, example.names, decimals=4)


def test_swapped_labels_are_caught():
    """The check itself bites: the 2-2-2 network drawn with w6 and w7 exchanged fails it."""
    ex = examples.network_222()
    wrong = dict(ex.names, w6=ex.names["w7"], w7=ex.names["w6"])
    with pytest.raises(AssertionError, match="w6 = 0.60"):
        assert_each_label_on_its_edge(ex.net, wrong, ex.names)


def test_biases_and_unit_values_are_drawn_at_their_units():
    ex = examples.network_222("neuron")
    trace = bl.forward(ex.net, ex.x)
    ax = draw_network(ex.net, node_labels=[["i1", "i2"], ["h1", "h2"], ["o1", "o2"]], node_values=trace.a, decimals=4)
    pos = unit_positions(ex.net.sizes)
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    for layer, units in enumerate(pos):
        for j, (x, y) in enumerate(units):
            t = texts[f"unit {layer}.{j}"]
            assert np.allclose(t.get_position(), (x, y))
            label, value = t.get_text().split("\n")
            assert value == f"{trace.a[layer][j, 0]:.4f}"
        if layer:
            for j, (x, y) in enumerate(units):
                t = texts[f"b{layer}[{j}]"]
                assert t.get_text() == f"b = {ex.net.b[layer][j, 0]:.4f}" and t.get_position()[0] == x
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_a_shared_bias_is_one_label_and_frozen_parameters_are_grey():
    ex = examples.network_222("frozen")
    ax = draw_network(ex.net)
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    assert texts["b1[0]"].get_text() == "b1 = 0.25 (frozen)" and "b1[1]" not in texts
    assert texts["b2[0]"].get_text() == "b2 = 0.35 (frozen)"
    assert texts["b1[0]"].get_color() == "0.6" and texts["W1[0, 0]"].get_color() == "C0"
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_plot_losses_draws_the_numbers_it_is_given():
    import matplotlib.pyplot as plt

    ax = plot_losses({"a": [1.0, 0.5, 0.25], "b": [2.0, 1.0]}, steps=None)
    (a, b) = ax.lines
    np.testing.assert_array_equal(a.get_xydata(), [[0, 1.0], [1, 0.5], [2, 0.25]])
    np.testing.assert_array_equal(b.get_ydata(), [2.0, 1.0])
    assert ax.get_yscale() == "log" and [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    plt.close(ax.figure)
    ax = plot_losses([3.0, 1.0], steps=[0, 100], log=False)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 100])
    plt.close(ax.figure)


@pytest.mark.parametrize("stage", ["weights", "forward", "backward", "update"])
@pytest.mark.parametrize("example", [examples.network_222("frozen"), examples.network_222("neuron"),
                                     examples.linear_221(), examples.xor("xor", hidden=3), examples.two_neurons()],
                         ids=lambda e: e.title)
def test_no_label_overlaps_another_or_a_unit_and_every_value_fits_its_unit(example, stage):
    import matplotlib.pyplot as plt

    trace = bl.forward(example.net, example.x[:, 0])
    grads = bl.backward(example.net, trace, example.y[:, 0])
    extra = {"forward": dict(trace=trace), "backward": dict(grads=grads),
             "update": dict(updated=bl.sgd_step(example.net, grads, example.lr))}.get(stage, {})
    labels = [[f"x{j + 1}" for j in range(n)] for n in example.net.sizes]
    names = None if example.source == "karobben2025" else example.names  # the XOR article names no weight
    ax = draw_network(example.net, names=names, node_labels=labels, node_values=trace.a, value_decimals=4,
                      decimals=4 if stage == "backward" else 2, stage=stage, **extra)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    circles = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("circle")}
    labels = {gid: corners(t, renderer) for gid, t in texts.items() if gid[0] in "Wbl"}  # weights, biases, layers
    order = sorted(labels)
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            assert apart(labels[a], labels[b]), f"the labels of {a} and {b} overlap"
    for gid, circle in circles.items():
        centre = ax.transData.transform(circle.center)
        radius = ax.transData.transform((circle.center[0] + circle.radius, circle.center[1]))[0] - centre[0]
        for label, shape in labels.items():
            assert clear_of_circle(shape, centre, radius), f"the label of {label} covers {gid}"
        box = texts["unit" + gid[6:]].get_window_extent(renderer)
        assert all(np.linalg.norm(np.array(p) - centre) < radius for p in
                   [(box.x0, box.y0), (box.x1, box.y0), (box.x0, box.y1), (box.x1, box.y1)]), \
            f"the text of {gid} does not fit its circle"
    plt.close(ax.figure)


def _texts(ax):
    return {t.get_gid(): t for t in ax.texts if t.get_gid()}


def test_the_backward_picture_shows_each_gradient_on_its_edge_coloured_by_sign_and_sized_by_magnitude():
    import matplotlib.pyplot as plt

    from backprop_lib.pages.drawing import NEGATIVE, POSITIVE

    ex = examples.network_222("neuron")
    grads = bl.gradients(ex.net, ex.x, ex.y)
    ax = draw_network(ex.net, node_labels=[["i1", "i2"], ["h1", "h2"], ["o1", "o2"]], stage="backward", grads=grads,
                      decimals=4)
    texts = _texts(ax)
    lines = {line.get_gid()[5:]: line for line in ax.lines if (line.get_gid() or "").startswith("edge ")}
    largest = max(np.abs(g).max() for g in grads.dW)
    for layer, g in grads.dW.numbered():
        for to, frm in np.ndindex(g.shape):
            key = f"W{layer}[{to}, {frm}]"
            assert texts[key].get_text() == f"{g[to, frm]:+.4f}".replace("-", "\u2212")
            assert lines[key].get_color() == (POSITIVE if g[to, frm] > 0 else NEGATIVE)
            assert lines[key].get_linewidth() == pytest.approx(0.8 + 3.2 * abs(g[to, frm]) / largest)
        for j in range(g.shape[0]):
            assert texts[f"unit {layer}.{j}"].get_text().split("\n")[1] == \
                f"{grads.delta[layer][j, 0]:+.4f}".replace("-", "\u2212")
            assert texts[f"b{layer}[{j}]"].get_text() == f"\u2202b {grads.db[layer][j, 0]:+.4f}".replace("-", "\u2212")
    plt.close(ax.figure)


def test_a_zero_gradient_is_drawn_grey_and_written_without_a_sign():
    import matplotlib.pyplot as plt

    ex = examples.xor("xor")
    grads = bl.gradients(ex.net, ex.x[:, :1], ex.y[:, :1])  # sample 1 is the input (0, 0)
    ax = draw_network(ex.net, stage="backward", grads=grads, decimals=3)
    texts = _texts(ax)
    lines = {line.get_gid()[5:]: line for line in ax.lines if (line.get_gid() or "").startswith("edge ")}
    assert (grads.dW[1] == 0).all()
    for to, frm in np.ndindex(grads.dW[1].shape):
        assert texts[f"W1[{to}, {frm}]"].get_text() == "0.000"
        assert lines[f"W1[{to}, {frm}]"].get_color() == "0.6"
    assert lines["W2[0, 0]"].get_color() != "0.6"  # the hidden activations are not zero
    plt.close(ax.figure)


def test_the_forward_and_update_pictures_show_their_numbers():
    import matplotlib.pyplot as plt

    ex = examples.linear_221()
    trace = bl.forward(ex.net, ex.x)
    new = bl.sgd_step(ex.net, bl.backward(ex.net, trace, ex.y), ex.lr)
    ax = draw_network(ex.net, stage="forward", trace=trace, value_decimals=3)
    texts = _texts(ax)
    assert texts["unit 1.0"].get_text() == f"z {trace.z[1][0, 0]:.3f}\na {trace.a[1][0, 0]:.3f}"
    assert texts["unit 0.1"].get_text() == f"x {ex.x[1, 0]:.3f}"
    plt.close(ax.figure)
    ax = draw_network(ex.net, stage="update", updated=new, decimals=2, value_decimals=4)
    texts = _texts(ax)
    for layer, w in new.W.numbered():
        for to, frm in np.ndindex(w.shape):
            assert texts[f"W{layer}[{to}, {frm}]"].get_text() == \
                f"{ex.net.W[layer][to, frm]:.2f}\n\u2192 {w[to, frm]:.4f}"
    plt.close(ax.figure)


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(stage="sideways"), ValueError, r"^stage: expected one of \['backward', 'forward', 'update', 'weights'\]"),
    (dict(stage="backward"), TypeError, r"^grads: expected the Gradients of backward stage's pass of net, got NoneType"),
    (dict(stage="forward", trace="t"), TypeError, r"^trace: expected the Trace"),
    (dict(stage="update", updated=bl.Network.random((2, 3, 2))), ValueError,
     r"^updated: expected a network of sizes \(2, 2, 2\), got \(2, 3, 2\)"),
    (dict(stage="forward", trace=bl.forward(examples.network_222().net, [0.1, 0.5])), ValueError,
     r"^trace: expected the Trace of this net, got one of another network"),
])
def test_a_stage_needs_its_own_pass_of_this_very_net(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        draw_network(examples.network_222().net, **kwargs)


def test_a_stage_picture_shows_one_existing_sample():
    ex = examples.network_222()
    trace = bl.forward(ex.net, np.array([[0.1, 0.2], [0.5, 0.6]]))
    with pytest.raises(ValueError, match=r"^sample: expected a column of the trace, from 0 to 1, got 2"):
        draw_network(ex.net, stage="forward", trace=trace, sample=2)


def test_plot_losses_marks_each_level_with_a_labelled_dotted_line():
    import matplotlib.pyplot as plt

    ax = plot_losses([1.0, 0.5, 0.2], levels={0.125: "floor: ½(1.5 − 1)²"})
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "level floor: ½(1.5 − 1)²"]
    assert list(line.get_ydata()) == [0.125, 0.125] and line.get_linestyle() == ":"
    (label,) = [t for t in ax.texts if t.get_gid() == "level floor: ½(1.5 − 1)²"]
    assert label.get_text() == "floor: ½(1.5 − 1)²" and label.xy == (2.0, 0.125)
    plt.close(ax.figure)
    open_before = len(plt.get_fignums())
    with pytest.raises(ValueError, match="levels: expected losses > 0 on a log scale, got 0.0"):
        plot_losses([1.0, 0.5], levels={0.0: "zero"})
    with pytest.raises(TypeError, match="levels: expected a dict"):
        plot_losses([1.0, 0.5], levels=[0.1])
    assert len(plt.get_fignums()) == open_before  # refused before drawing anything
