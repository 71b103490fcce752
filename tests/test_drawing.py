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


def _corners(text, renderer):
    """The four corners, in display coordinates, of a text's box turned with the text."""
    angle = np.radians(text.get_rotation())
    rotation = text.get_rotation()
    text.set_rotation(0)
    box = text.get_window_extent(renderer)
    text.set_rotation(rotation)
    centre = np.array(text.get_transform().transform(text.get_position()))
    half = np.array([box.width, box.height]) / 2
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return [centre + turn @ (half * s) for s in ([-1, -1], [1, -1], [1, 1], [-1, 1])]


def _apart(a, b) -> bool:
    """Whether two convex polygons do not overlap: some edge of one separates them."""
    for poly in (a, b):
        for i in range(len(poly)):
            edge = poly[(i + 1) % len(poly)] - poly[i]
            normal = np.array([-edge[1], edge[0]])
            pa, pb = [p @ normal for p in a], [p @ normal for p in b]
            if max(pa) < min(pb) or max(pb) < min(pa):
                return True
    return False


def _clear_of_circle(corners, centre, radius) -> bool:
    """Whether a convex polygon stays outside a circle."""
    def cross(u, v):
        return u[0] * v[1] - u[1] * v[0]

    sides = [cross(corners[(i + 1) % 4] - corners[i], centre - corners[i]) for i in range(4)]
    inside = all(s >= 0 for s in sides) or all(s <= 0 for s in sides)
    if inside:
        return False
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        t = np.clip(np.dot(centre - p, q - p) / np.dot(q - p, q - p), 0, 1)
        if np.linalg.norm(p + t * (q - p) - centre) < radius:
            return False
    return True


@pytest.mark.parametrize("example", [examples.network_222("frozen"), examples.network_222("neuron"),
                                     examples.linear_221(), examples.xor("xor", hidden=3)], ids=lambda e: e.title)
def test_no_label_overlaps_another_or_a_unit_and_every_value_fits_its_unit(example):
    import matplotlib.pyplot as plt

    trace = bl.forward(example.net, example.x[:, 0])
    labels = [[f"x{j + 1}" for j in range(n)] for n in example.net.sizes]
    names = None if example.source == "karobben2025" else example.names  # the XOR article names no weight
    ax = draw_network(example.net, names=names, node_labels=labels, node_values=trace.a, decimals=2, value_decimals=4)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    circles = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("circle")}
    labels = {gid: _corners(t, renderer) for gid, t in texts.items() if gid[0] in "Wb"}
    order = sorted(labels)
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            assert _apart(labels[a], labels[b]), f"the labels of {a} and {b} overlap"
    for gid, circle in circles.items():
        centre = ax.transData.transform(circle.center)
        radius = ax.transData.transform((circle.center[0] + circle.radius, circle.center[1]))[0] - centre[0]
        for label, corners in labels.items():
            assert _clear_of_circle(corners, centre, radius), f"the label of {label} covers {gid}"
        box = texts["unit" + gid[6:]].get_window_extent(renderer)
        assert all(np.linalg.norm(np.array(p) - centre) < radius for p in
                   [(box.x0, box.y0), (box.x1, box.y0), (box.x0, box.y1), (box.x1, box.y1)]), \
            f"the text of {gid} does not fit its circle"
    plt.close(ax.figure)
