"""The tiny scalar autograd: every operation's local derivative, the chain rule through a graph,
gradients that add up over the uses of a value, and whole networks equal to the matrix code."""

import math

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.autograd import LOG_MAX, Value, network_graph

OPERATIONS = {  # name: (the function on Values, the same on floats)
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "radd": (lambda a, b: 2.5 + a, lambda a, b: 2.5 + a),
    "rsub": (lambda a, b: 2.5 - a, lambda a, b: 2.5 - a),
    "rmul": (lambda a, b: 2.5 * a, lambda a, b: 2.5 * a),
    "rdiv": (lambda a, b: 2.5 / a, lambda a, b: 2.5 / a),
    "neg": (lambda a, b: -a, lambda a, b: -a),
    "square": (lambda a, b: a ** 2, lambda a, b: a ** 2),
    "cube": (lambda a, b: a ** 3, lambda a, b: a ** 3),
    "sqrt": (lambda a, b: a ** 0.5, lambda a, b: a ** 0.5),
    "exp": (lambda a, b: a.exp(), lambda a, b: math.exp(a)),
    "log": (lambda a, b: a.log(), lambda a, b: math.log(a)),
    "sigmoid": (lambda a, b: a.sigmoid(), lambda a, b: 1 / (1 + math.exp(-a))),
    "tanh": (lambda a, b: a.tanh(), lambda a, b: math.tanh(a)),
    "relu": (lambda a, b: a.relu(), lambda a, b: max(a, 0.0)),
    "max": (lambda a, b: a.max(b), lambda a, b: max(a, b)),
    "half_square": (lambda a, b: a.half_square(), lambda a, b: 0.5 * a * a),
    "neuron": (lambda a, b: 0.5 * ((a * 0.5 + b).sigmoid() - 1.5) ** 2,
               lambda a, b: 0.5 * (1 / (1 + math.exp(-(a * 0.5 + b))) - 1.5) ** 2),
}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
@pytest.mark.parametrize("a, b", [(0.7, -1.3), (2.1, 0.4), (-0.6, 1.9)])
def test_each_operation_gives_its_value_and_the_central_difference_of_it(name, a, b):
    on_values, on_floats = OPERATIONS[name]
    if name in ("sqrt", "log", "rdiv") and a <= 0:
        a = -a
    x, y = Value(a, "a"), Value(b, "b")
    out = on_values(x, y)
    out.backward()
    assert out.data == pytest.approx(on_floats(a, b), rel=1e-14)
    h = 1e-6
    da = (on_floats(a + h, b) - on_floats(a - h, b)) / (2 * h)
    db = (on_floats(a, b + h) - on_floats(a, b - h)) / (2 * h)
    assert x.grad == pytest.approx(da, rel=1e-6, abs=1e-9) and y.grad == pytest.approx(db, rel=1e-6, abs=1e-9)


def test_the_local_derivatives_are_recorded_as_numbers():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    assert c.parents == (a, b) and c.local == (-3.0, 2.0) and c.op == "×"
    s = (a + b).sigmoid()
    assert s.op == "σ" and s.local[0] == pytest.approx(s.data * (1 - s.data), rel=1e-15)
    assert (a + b).local == (1.0, 1.0)


def test_a_value_used_twice_adds_the_gradients_of_both_uses():
    a = Value(3.0)
    f = a * a + a  # df/da = 2a + 1
    f.backward()
    assert a.grad == 7.0
    b = Value(-2.0)
    g = (b * b) * b  # d(b³)/db = 3b² = 12, through two nodes that both use b
    g.backward()
    assert b.grad == 12.0


def test_backward_starts_afresh_each_time():
    a = Value(1.5)
    f = a * a
    f.backward()
    f.backward()
    assert a.grad == 3.0 and f.grad == 1.0


def test_the_graph_lists_each_value_once_after_its_parents():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = d.graph()
    assert len(order) == 4 and order[-1] is d
    assert order.index(a) < order.index(c) and order.index(b) < order.index(c) < order.index(d)
    deep = Value(0.0)
    for _ in range(5000):  # no recursion limit on long chains
        deep = deep + 1.0
    deep.backward()
    assert deep.data == 5000.0


def test_each_operation_names_itself_as_its_node_in_a_picture_does():
    """A picture of the graph writes ``op`` inside each operation's node (OPS lists them); a
    value typed in has no operation."""
    from backprop_lib.autograd import OPS

    a, b = Value(2.0), Value(0.5)
    made = {"+": a + b, "−": a - b, "neg": -a, "×": a * b, "÷": a / b, "^2": a ** 2, "^0.5": a ** 0.5,
            "½(·)²": a.half_square(), "max": a.max(b), "exp": a.exp(), "log": a.log(), "σ": a.sigmoid(),
            "softplus": a.softplus(), "tanh": a.tanh(), "ReLU": a.relu()}
    for op, v in made.items():
        assert v.op == op, op
    assert {op if not op.startswith("^") else "^" for op in made} == set(OPS)
    leaf = Value(1.0)
    assert leaf.op == "" and leaf.label == "" and leaf.parents == () and leaf.local == ()


def test_repr_shows_the_label_the_number_and_its_gradient():
    assert repr(Value(0.25)) == "Value(0.25, grad=0)"
    w = Value(-1.5, "w")
    (w * 2.0).backward()
    assert repr(w) == "Value(w=-1.5, grad=2)"
    assert repr(Value(1 / 3, "third")) == "Value(third=0.333333, grad=0)"


def test_a_power_of_zero_is_allowed_exactly_where_its_derivative_exists():
    for k, derivative in [(1, 1.0), (1.5, 0.0), (2, 0.0)]:  # d(x^k)/dx = k x^(k-1) at x = 0
        x = Value(0.0)
        out = x ** k
        out.backward()
        assert out.data == 0.0 and x.grad == derivative, k
    for k in (0.5, 0, -1):
        with pytest.raises(ValueError, match=r"^exponent: expected at least 1 for a base of 0"):
            Value(0.0) ** k
    with pytest.raises(ValueError, match=r"^exponent: expected a whole number for a negative base -2.0, got 0.5"):
        Value(-2.0) ** 0.5
    assert (Value(-2.0) ** 3).data == -8.0


def test_exp_refuses_exactly_the_arguments_whose_result_is_beyond_a_double():
    # ln(largest double) = 709.7827...: e^709.78 is a double, e^709.79 is not
    x = Value(709.78)
    out = x.exp()
    out.backward()
    assert out.data == pytest.approx(1.7928227943945155e308, rel=1e-12) and x.grad == out.data
    largest = Value(LOG_MAX).exp()  # the largest argument: e^x is the largest double, no refusal
    assert largest.data == pytest.approx(1.7976931348623157e308, rel=1e-13) and LOG_MAX == np.log(np.finfo(float).max)
    for big in (np.nextafter(LOG_MAX, np.inf), 709.79, 1000.0):
        with pytest.raises(ValueError, match=rf"^exp: expected an argument of at most 709.782712893384, got {big}$"):
            Value(big).exp()


@pytest.mark.parametrize("z", [-800.0, -709.9, -30.0, 0.0, 30.0, 800.0])
def test_sigmoid_of_a_large_argument_agrees_with_the_matrix_code_without_overflowing(z):
    x = Value(z)
    out = x.sigmoid()
    out.backward()
    assert out.data == pytest.approx(float(bl.sigmoid(z)), rel=1e-15, abs=1e-300)
    assert x.grad == pytest.approx(float(bl.sigmoid_prime(z)), rel=1e-15, abs=1e-300)


def test_at_a_kink_the_gradient_follows_the_stated_convention():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == float(bl.relu_prime(0.0)) == 0.0  # ReLU'(0) = 0, as in the matrix code
    a, b = Value(1.5), Value(1.5)
    a.max(b).backward()
    assert (a.grad, b.grad) == (1.0, 0.0)  # a tie: all of it to the first input
    b.max(a).backward()
    assert (a.grad, b.grad) == (0.0, 1.0)


CASES = [
    ((1, 1), "sigmoid", "neuron", "half_sse"),
    ((2, 2, 2), "sigmoid", "shared", "half_sse"),
    ((3, 4, 2), ["tanh", "sigmoid"], "neuron", "bce"),
    ((2, 3, 1), ["relu", "identity"], "none", "mse"),
    ((2, 3, 3, 1), ["tanh", "relu", "sigmoid"], "neuron", "half_sse"),
]


@pytest.mark.parametrize("sizes, activation, bias, loss", CASES)
def test_a_network_as_a_graph_has_the_gradients_of_the_matrix_code(sizes, activation, bias, loss):
    rng = np.random.default_rng(len(sizes) * 10 + sizes[0])
    net = bl.Network.random(sizes, activation, seed=3, bias=bias)
    if bias != "none":
        net = net.with_parameters(**{f"b{layer}": rng.normal(0, 0.5, b.shape) for layer, b in net.b.numbered()})
    x, y = rng.normal(size=(sizes[0], 3)), rng.uniform(0.1, 0.9, size=(sizes[-1], 3))
    total, params = network_graph(net, x, y, loss)
    total.backward()
    matrix = bl.gradients(net, x, y, loss)
    assert total.data == pytest.approx(matrix.loss, rel=1e-12)
    for name, grad in matrix.by_name().items():
        scalar = np.array([[v.grad for v in row] for row in params[name]])
        np.testing.assert_allclose(scalar, grad, rtol=1e-12, atol=1e-15, err_msg=name)
    numeric = bl.numerical_gradients(net, x, y, loss)
    for name, grad in numeric.items():
        scalar = np.array([[v.grad for v in row] for row in params[name]])
        np.testing.assert_allclose(scalar, grad, rtol=1e-5, atol=1e-8, err_msg=name)


def test_a_network_graph_names_its_inputs_and_parameters():
    net = bl.Network.random((2, 2, 1), "sigmoid", seed=1)
    x, y = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[0.2, 0.7]])
    total, params = network_graph(net, x, y)
    for name, array in net.parameters().items():
        for j, k in np.ndindex(array.shape):
            assert params[name][j][k].label == f"{name}[{j}, {k}]" and params[name][j][k].data == array[j, k]
    leaves = [v for v in total.graph() if not v.parents]
    inputs = {(v.label, v.data) for v in leaves if v.label.startswith("x")}
    assert inputs == {(f"x[{k}]", x[k, n]) for k in range(2) for n in range(2)}
    named = {f"{name}[{j}, {k}]" for name, array in net.parameters().items() for j, k in np.ndindex(array.shape)}
    assert {v.label for v in leaves} == named | {f"x[{k}]" for k in range(2)} | {""}  # "": constants


def test_a_network_graph_for_cross_entropy_refuses_targets_outside_0_to_1():
    net = bl.Network.random((2, 1), "sigmoid", seed=1)
    x, y = np.array([[0.5], [2.0]]), np.array([[1.5]])
    with pytest.raises(ValueError, match=r"^y: expected targets from 0 to 1 for cross-entropy, got 1.5"):
        bl.gradients(net, x, y, "bce")  # the matrix code refuses them ...
    with pytest.raises(ValueError, match=r"^y: expected targets from 0 to 1 for cross-entropy, got 1.5"):
        network_graph(net, x, y, "bce")  # ... and so does the graph


def test_pytorch_agrees_where_it_is_installed():
    """An extra check against torch.autograd. PyTorch is not part of the book; where it is
    installed (`pip install torch`), this compares; otherwise it says so and compares against
    the matrix code instead, which the test above does in any case."""
    try:
        import torch
    except ImportError:
        torch = None
    a, b = Value(0.3, "w"), Value(0.1, "b")
    loss = 0.5 * ((a * 0.5 + b).sigmoid() - 1.5) ** 2
    loss.backward()
    if torch is None:
        net = bl.Network([[[0.3]]], [0.1])
        grads = bl.gradients(net, [0.5], [1.5])
        assert a.grad == pytest.approx(grads.dW[1].item(), rel=1e-14)
        assert b.grad == pytest.approx(grads.db[1].item(), rel=1e-14)
        return
    w, c = torch.tensor(0.3, dtype=torch.float64, requires_grad=True), torch.tensor(0.1, dtype=torch.float64, requires_grad=True)
    out = 0.5 * (torch.sigmoid(w * 0.5 + c) - 1.5) ** 2
    out.backward()
    assert a.grad == pytest.approx(w.grad.item(), rel=1e-14) and b.grad == pytest.approx(c.grad.item(), rel=1e-14)


def _neuron_graph():
    x, w, b, y = Value(0.5, "x"), Value(0.3, "w"), Value(0.1, "b"), Value(1.0, "y")
    p = w * x
    p.label = "wx"
    z = p + b
    z.label = "z"
    yhat = z.sigmoid()
    yhat.label = "ŷ"
    d = yhat - y
    d.label = "ŷ−y"
    loss = d.half_square()
    loss.label = "𝓛"
    loss.backward()
    return loss, dict(x=x, w=w, b=b, y=y, wx=p, z=z, yhat=yhat, d=d)


def _written(value: float) -> str:
    return f"{value:.4f}".replace("-", "\u2212")


def test_the_drawn_graph_carries_each_wire_s_value_local_derivative_and_gradient():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backprop_lib.pages.graphs import draw_graph

    loss, v = _neuron_graph()
    ax = draw_graph(loss, decimals=4)
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    for parent, child, local in [("w", "wx", v["x"].data), ("x", "wx", v["w"].data), ("wx", "z", 1.0),
                                 ("b", "z", 1.0), ("z", "ŷ", v["yhat"].local[0]), ("ŷ", "ŷ−y", 1.0),
                                 ("y", "ŷ−y", -1.0), ("ŷ−y", "𝓛", v["d"].data)]:
        key = f"{parent}->{child}"
        node = {"w": v["w"], "x": v["x"], "wx": v["wx"], "b": v["b"], "z": v["z"], "ŷ": v["yhat"], "y": v["y"],
                "ŷ−y": v["d"]}[parent]
        consumer = {"wx": v["wx"], "z": v["z"], "ŷ": v["yhat"], "ŷ−y": v["d"], "𝓛": loss}[child]
        assert texts[f"value {key}"] == _written(node.data)
        assert texts[f"local {key}"] == f"\u00d7{_written(local)}"
        assert texts[f"grad {key}"] == _written(local * consumer.grad)
    assert texts["value 𝓛->"] == _written(loss.data) and texts["grad 𝓛->"] == "1.0000"
    assert texts["grad w->wx"] == _written(v["w"].grad)  # the red number on w's wire is ∂𝓛/∂w
    assert texts["local y->ŷ−y"] == "\u00d7\u22121.0000"  # a true minus sign, as in the book's other pictures
    assert {k for k in texts if k.startswith("op ")} == {"op wx", "op z", "op ŷ", "op ŷ−y", "op 𝓛"}
    plt.close(ax.figure)


def test_a_value_used_twice_gets_a_wire_for_each_use():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backprop_lib.pages.graphs import draw_graph

    a, b = Value(2.0, "a"), Value(-3.0, "b")
    ab = a * b
    ab.label = "ab"
    f = ab + a
    f.label = "f"
    f.backward()
    ax = draw_graph(f)
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert texts["grad a->ab"] == "\u22123.0000" and texts["grad a->f"] == "1.0000"
    assert a.grad == -3.0 + 1.0  # the two wires' gradients add up
    plt.close(ax.figure)
    square = a * a
    square.label = "a²"
    square.backward()
    texts = {t.get_gid(): t.get_text() for t in draw_graph(square).texts if t.get_gid()}
    assert texts["grad a->a²"] == texts["grad a->a² (2)"] == "2.0000" and a.grad == 4.0
    plt.close("all")


def _shared_weight_graph():
    x1, x2, y, w = Value(0.5, "x1"), Value(1.5, "x2"), Value(1.0, "y"), Value(0.3, "w")
    first, second = w * x1, w * x2
    first.label, second.label = "wx1", "wx2"
    total = first + second
    total.label = "s"
    err = total - y
    err.label = "s−y"
    loss = err.half_square()
    loss.label = "𝓛"
    return loss


@pytest.mark.parametrize("make", [lambda: _neuron_graph()[0], _shared_weight_graph], ids=["neuron", "shared weight"])
@pytest.mark.parametrize("backward", [True, False], ids=["backward", "forward"])
def test_no_number_in_a_graph_picture_overlaps_another_or_a_node_and_each_symbol_fits_its_node(make, backward):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from geometry import apart, clear_of_circle, corners

    from backprop_lib.pages.graphs import draw_graph

    loss = make()
    if backward:
        loss.backward()
    ax = draw_graph(loss, backward=backward)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    numbers = {gid: corners(t, renderer) for gid, t in texts.items() if gid.split()[0] in ("value", "local", "grad")}
    wires = sum(len(v.parents) for v in loss.graph())
    # value, local derivative and gradient on every wire; value and gradient on the output's
    assert len(numbers) == (3 * wires + 2 if backward else wires + 1)
    order = sorted(numbers)
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            assert apart(numbers[a], numbers[b]), f"{a} and {b} overlap"
    to_display = ax.transData.transform
    for patch in ax.patches:
        if isinstance(patch, matplotlib.patches.Circle):
            centre = to_display(patch.center)
            radius = to_display((patch.center[0] + patch.radius, patch.center[1]))[0] - centre[0]
            for gid, shape in numbers.items():
                assert clear_of_circle(shape, centre, radius), f"{gid} covers a node"
        else:
            box = patch.get_window_extent(renderer)
            node = [np.array(p) for p in [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]]
            for gid, shape in numbers.items():
                assert apart(shape, node), f"{gid} covers an input's box"
    for gid, t in texts.items():
        if gid.startswith("op "):
            (circle,) = [p for p in ax.patches if isinstance(p, matplotlib.patches.Circle)
                         and np.allclose(p.center, t.get_position())]
            centre = to_display(circle.center)
            radius = to_display((circle.center[0] + circle.radius, circle.center[1]))[0] - centre[0]
            box = t.get_window_extent(renderer)
            assert all(np.linalg.norm(np.array(p) - centre) < radius for p in
                       [(box.x0, box.y0), (box.x1, box.y0), (box.x0, box.y1), (box.x1, box.y1)]), \
                f"the symbol of {gid} does not fit its node"
    plt.close(ax.figure)


# ---- the graph reads its activations and losses from the registries --------------------------------------------
def _registered_activation(monkeypatch, name="scaled_tanh", scalar=True):
    """2 tanh(z), added to the registry for one test: its matrix form, its derivative and (unless
    ``scalar`` is False) its form on one Value."""
    from backprop_lib.activations import ACTIVATIONS, Activation

    act = Activation(name, lambda z: 2 * np.tanh(z), lambda z, a: 2 * (1 - (a / 2) ** 2),
                     scalar=(lambda v: 2 * v.tanh()) if scalar else None)
    monkeypatch.setitem(ACTIVATIONS, name, act)


def test_an_activation_added_to_the_registry_is_one_the_graph_computes(monkeypatch):
    _registered_activation(monkeypatch)
    net = bl.Network.random((2, 3, 1), ["scaled_tanh", "sigmoid"], seed=4)
    x, y = np.array([[0.5, -1.0], [0.2, 0.3]]), np.array([[0.4, 0.9]])
    total, params = network_graph(net, x, y)
    total.backward()
    matrix = bl.gradients(net, x, y)
    assert total.data == pytest.approx(matrix.loss, rel=1e-12)
    for name, grad in matrix.by_name().items():
        np.testing.assert_allclose([[v.grad for v in row] for row in params[name]], grad, rtol=1e-12, atol=1e-15)


def test_a_loss_added_to_the_registry_with_a_scalar_form_is_one_the_graph_computes(monkeypatch):
    from backprop_lib.losses import LOSSES, ScalarLoss

    quarter = LOSSES["half_sse"]._replace(name="quarter_sse", value=lambda z, a, y: 0.25 * float(((a - y) ** 2).sum()),
                                          output_error=lambda z, a, y, derivative: 0.5 * (a - y) * derivative(z, a),
                                          scalar=ScalarLoss(lambda z, a, t: (a - t) ** 2, lambda count: 0.25))
    monkeypatch.setitem(LOSSES, "quarter_sse", quarter)
    net = bl.Network.random((2, 2, 1), seed=2)
    x, y = np.array([[0.5, -1.0], [0.2, 0.3]]), np.array([[0.4, 0.9]])
    total, params = network_graph(net, x, y, "quarter_sse")
    total.backward()
    assert total.data == pytest.approx(bl.loss_of(net, x, y) / 2, rel=1e-12)
    for name, grad in bl.gradients(net, x, y, "quarter_sse").by_name().items():
        np.testing.assert_allclose([[v.grad for v in row] for row in params[name]], grad, rtol=1e-12, atol=1e-15)


def test_the_graph_refuses_what_the_registries_give_no_scalar_form_with_their_usual_message(monkeypatch):
    _registered_activation(monkeypatch, "matrix_only", scalar=False)
    x, y = np.array([[0.5], [0.2]]), np.array([[0.4]])
    net = bl.Network.random((2, 1), "matrix_only", seed=4)
    bl.gradients(net, x, y)  # the matrix code computes it ...
    with pytest.raises(ValueError, match=r"^activation: expected one of \['identity', 'relu', 'sigmoid', 'tanh'\] "
                                         r"for a graph of scalar operations, got 'matrix_only'$"):
        network_graph(net, x, y)  # ... the graph has no form of it
    softmax_net = bl.Network.random((2, 2), "softmax", seed=4)
    with pytest.raises(ValueError, match=r"^loss: expected 'half_sse', 'mse' or 'bce' for a graph of scalar "
                                         r"operations, got 'ce'$"):
        network_graph(softmax_net, x, [[0.5], [0.5]], "ce")


def test_a_name_the_registry_no_longer_knows_is_refused_as_the_matrix_code_refuses_it(monkeypatch):
    from backprop_lib.activations import ACTIVATIONS

    _registered_activation(monkeypatch, "gone")
    net = bl.Network.random((2, 1), "gone", seed=4)
    monkeypatch.delitem(ACTIVATIONS, "gone")
    x, y = np.array([[0.5], [0.2]]), np.array([[0.4]])
    usual = r"^activation: expected one of \['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\], got 'gone'$"
    for call in (lambda: bl.get_activation("gone"), lambda: bl.forward(net, x), lambda: network_graph(net, x, y)):
        with pytest.raises(ValueError, match=usual):
            call()



def test_every_operation_returns_the_ieee_double_or_refuses_naming_itself():
    """Issue 20: past a double's range an operation refused naming itself (tests/test_bad_input.py),
    and what fits is the double IEEE gives: 0 where the result underflows, a local derivative of
    ±inf where only the derivative overflows, no OverflowError or ZeroDivisionError from inside."""
    q = Value(1.0) / 1e-200
    assert q.data == 1e200 and q.local == (1e200, -np.inf)
    assert (Value(1e-200) ** 2).data == 0.0 and (Value(10.0) ** -400).data == 0.0
    assert (Value(1e-320) ** 0.01).local == (np.inf,)
    assert (Value(-2.0) ** 3).data == -8.0 and (Value(1e-200) * 1e-200).data == 0.0
    assert Value(5e-324).log().data == np.log(5e-324) and Value(5e-324).log().local == (np.inf,)
    assert Value(-800.0).exp().data == 0.0


@pytest.mark.parametrize("z", [-745.0, -709.5, -40.0, -1.0, 0.0, 1.0, 40.0, 745.0])
def test_sigmoid_and_softplus_are_the_matrix_codes_doubles_at_both_ends(z):
    s = Value(z).sigmoid()
    assert s.data == pytest.approx(bl.sigmoid(z), rel=1e-15, abs=6e-309) and s.local[0] == pytest.approx(
        bl.sigmoid_prime(z), rel=1e-14, abs=6e-309)
    sp = Value(z).softplus()
    assert sp.data == pytest.approx(np.logaddexp(0.0, z), rel=1e-15, abs=0) and sp.local == (s.data,)


@pytest.mark.parametrize("z, y", [(40.0, 1.0), (40.0, 0.0), (-40.0, 0.0), (-40.0, 1.0), (40.0, 0.3), (-745.0, 1.0),
                                  (800.0, 0.0), (2.0, 0.75)])
def test_the_cross_entropy_graph_agrees_with_loss_of_in_saturation(z, y):
    """σ(40) rounds to 1: a graph of ln ŷ and ln(1 − ŷ) took ln 0; built from z, as the matrix
    code computes it, the graph's loss is loss_of's double, and its gradient backward's."""
    net = bl.Network([[[z]]], biases=[0.0])
    total, params = network_graph(net, [1.0], [y], "bce")
    total.backward()
    assert total.data == pytest.approx(bl.loss_of(net, [1.0], [y], "bce"), rel=1e-15, abs=0)
    grads = bl.gradients(net, [1.0], [y], "bce")
    assert params["W1"][0][0].grad == pytest.approx(grads.dW[1].item(), rel=1e-12, abs=1e-16)
