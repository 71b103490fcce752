"""Softmax, categorical cross-entropy and the initialisers beyond plain SGD: values, the
overflow-free softmax, its Jacobian, the shortcut δᴸ = (ŷ − y)/m against the Jacobian path,
backprop against central differences, and the initialisers' variances."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_lib as bl
from backprop_lib.activations import SoftmaxJacobian
from backprop_lib.backprop import QUIET, backpropagate, layer_lists
from backprop_lib.losses import LOSSES, SHORTCUTS, fitted

# Any warning, numpy's included, fails a test here; but not a file left open by another test on this
# worker (nbval's kernel start opens /dev/null and never closes it), which the garbage collector
# may report during any test: that is not this file's fault, and failed it once.
pytestmark = pytest.mark.filterwarnings("error", "default::ResourceWarning",
                                        "default::pytest.PytestUnraisableExceptionWarning")

SOFTMAX = bl.get_activation("softmax")


def naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=0)


# ---- softmax --------------------------------------------------------------------------------------
def test_softmax_is_exp_over_the_sum_of_exps_per_column():
    z = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, 2.0], [-0.3, 3.0, 2.0]])
    a = bl.softmax(z)
    np.testing.assert_allclose(a, naive_softmax(z), rtol=1e-15)
    np.testing.assert_allclose(a.sum(axis=0), 1.0, rtol=0, atol=4e-16)
    np.testing.assert_array_equal(a[:, 2], [1 / 3, 1 / 3, 1 / 3])  # equal z: equal shares
    np.testing.assert_array_equal(bl.softmax(z[:, 0]), a[:, 0])  # one sample as a vector


def test_softmax_does_not_overflow_at_a_thousand_and_warns_of_nothing():
    z = np.array([[1000.0, -1000.0, 1000.0], [999.0, -1000.0, -1000.0], [-1000.0, -999.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow RuntimeWarning fails the test
        a = bl.softmax(z)
        extreme = bl.softmax([1e308, -1e308])  # z - max(z) itself passes a double's range
        with np.errstate(over="ignore", invalid="ignore"):
            naive = naive_softmax(z)
    assert np.isnan(naive[:, 0]).any()  # what the textbook formula gives: inf / inf
    assert np.isfinite(a).all() and np.all((a >= 0) & (a <= 1))
    np.testing.assert_allclose(a.sum(axis=0), 1.0, rtol=0, atol=4e-16)
    e = np.exp(1.0)
    np.testing.assert_allclose(a[:, 0], [e / (e + 1), 1 / (e + 1), 0.0], rtol=1e-15)  # softmax(1, 0, -2000)
    np.testing.assert_allclose(a[:, 1], [1 / (e + 2), 1 / (e + 2), e / (e + 2)], rtol=1e-15)
    np.testing.assert_array_equal(a[:, 2], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(extreme, [1.0, 0.0])


def test_softmax_ignores_a_shift_of_the_whole_column():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 5))
    np.testing.assert_allclose(bl.softmax(z + 700.0), bl.softmax(z), rtol=1e-13)
    np.testing.assert_allclose(bl.softmax(z - 700.0), bl.softmax(z), rtol=1e-13)


def test_softmax_jacobian_is_diag_a_minus_a_a_transposed_and_matches_central_differences():
    z = np.array([0.3, -1.2, 2.0, 0.7])
    a = bl.softmax(z)
    J = bl.softmax_jacobian(z)
    np.testing.assert_allclose(J, np.diag(a) - np.outer(a, a), rtol=1e-15, atol=1e-17)
    np.testing.assert_array_equal(J, J.T)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-16)  # the probabilities always sum to 1
    h = 1e-6
    numeric = np.column_stack([(bl.softmax(z + h * e) - bl.softmax(z - h * e)) / (2 * h) for e in np.eye(4)])
    np.testing.assert_allclose(J, numeric, rtol=1e-7, atol=1e-10)
    batch = np.column_stack([z, -z, 2 * z])  # one matrix per column
    Js = bl.softmax_jacobian(batch)
    assert Js.shape == (3, 4, 4)
    for n in range(3):
        np.testing.assert_allclose(Js[n], bl.softmax_jacobian(batch[:, n]), rtol=1e-15, atol=1e-17)


@pytest.mark.parametrize("shape", [(4, 3), (1, 1), (2, 5, 3)])  # (units, samples), and a stack of 2
def test_a_gradient_times_the_jacobian_is_the_jacobian_transposed_times_the_gradient(shape):
    rng = np.random.default_rng(1)
    z, g = rng.normal(size=shape), rng.normal(size=shape)
    a = SOFTMAX.f(z)
    product = g * SOFTMAX.derivative(z, a)
    J = SoftmaxJacobian(a).matrices()  # (..., m, n, n)
    by_matrices = np.moveaxis((np.swapaxes(J, -1, -2) @ np.moveaxis(g, -1, -2)[..., np.newaxis])[..., 0], -2, -1)
    np.testing.assert_allclose(product, by_matrices, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(SOFTMAX.derivative(z, a) * g, product, rtol=0)


# ---- categorical cross-entropy ------------------------------------------------------------------------
OUT = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]])  # 3 classes x 2 samples, columns summing to 1
ONE_HOT = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
SOFT = np.array([[0.5, 0.0], [0.5, 0.25], [0.0, 0.75]])


def test_ce_is_the_mean_over_samples_of_the_sum_over_classes():
    assert bl.ce(OUT, ONE_HOT) == pytest.approx(-(np.log(0.7) + np.log(0.6)) / 2, rel=1e-15)
    expected = -(0.5 * np.log(0.7) + 0.5 * np.log(0.2) + 0.25 * np.log(0.3) + 0.75 * np.log(0.6)) / 2
    assert bl.ce(OUT, SOFT) == pytest.approx(expected, rel=1e-15)
    assert bl.ce(OUT[:, 0], ONE_HOT[:, 0]) == pytest.approx(-np.log(0.7), rel=1e-15)  # one sample, as vectors
    assert type(bl.ce(OUT, ONE_HOT)) is float
    # a mean, as bce's: the batch's loss is the mean of the samples' losses
    assert bl.ce(OUT, SOFT) == pytest.approx(np.mean([bl.ce(OUT[:, n], SOFT[:, n]) for n in range(2)]), rel=1e-15)


def test_ce_inner_forms_agree_with_the_checked_function():
    z = np.log(OUT)  # softmax(ln ŷ) = ŷ, as each column sums to 1
    for form in (LOSSES["ce"], SHORTCUTS[("ce", "softmax")]):
        assert form.value(z, OUT, SOFT) == pytest.approx(bl.ce(OUT, SOFT), rel=1e-14)


def test_ce_after_softmax_is_computed_from_z_and_keeps_its_digits_in_saturation():
    """z = (40, 0, 0): the right class costs ln(1 + 2e⁻⁴⁰), about 8.5e-18, which ŷ (rounded to 1)
    loses; a wrong class costs 40 + ln(1 + 2e⁻⁴⁰). At z = (1000, 0), ŷ₂ is 0 and ln ŷ₂ = −inf,
    yet the loss is exactly 1000."""
    net = bl.Network([np.eye(3)], activation="softmax")
    x = np.array([[40.0, 40.0, 1000.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    assert bl.loss_of(net, x[:, 0], [1.0, 0.0, 0.0], "ce") == pytest.approx(np.log1p(2 * np.exp(-40.0)), rel=1e-15)
    assert bl.loss_of(net, x[:, 1], [0.0, 1.0, 0.0], "ce") == pytest.approx(40.0, rel=1e-15)
    assert bl.loss_of(net, x[:, 2], [0.0, 1.0, 0.0], "ce") == 1000.0
    assert bl.forward(net, x[:, 2]).output[1, 0] == 0.0
    g = bl.gradients(net, x[:, 2], [0.0, 1.0, 0.0], "ce")  # δ = ŷ − y, finite
    np.testing.assert_array_equal(g.delta[1][:, 0], [1.0, -1.0, 0.0])


def test_ce_of_a_target_of_zero_takes_no_logarithm_of_zero():
    assert LOSSES["ce"].value(None, np.array([[1.0], [0.0]]), np.array([[1.0], [0.0]])) == 0.0
    np.testing.assert_array_equal(LOSSES["ce"].grad(np.array([[1.0], [0.0]]), np.array([[1.0], [0.0]])), [[-1.0], [0.0]])


def test_ce_gradient_matches_central_difference():
    rng = np.random.default_rng(7)
    out, tgt = rng.uniform(0.1, 0.9, size=(3, 4)), rng.dirichlet(np.ones(3), size=4).T
    loss, h = LOSSES["ce"], 1e-6
    numeric = np.zeros_like(out)
    for idx in np.ndindex(out.shape):
        plus, minus = out.copy(), out.copy()
        plus[idx] += h
        minus[idx] -= h
        numeric[idx] = (loss.value(None, plus, tgt) - loss.value(None, minus, tgt)) / (2 * h)
    np.testing.assert_allclose(loss.grad(out, tgt), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("targets", ["one-hot", "distributions"])
@pytest.mark.parametrize("shape", [(2, 1), (3, 4), (10, 7), (2, 3, 5)])  # (classes, samples), or a stack of 2
def test_the_shortcut_equals_the_jacobian_path(targets, shape):
    """δᴸ = (ŷ − y)/m, the shortcut, against Jᵀ ∇_ŷ L (the general path, ``*`` by the Jacobian)
    and against the Jacobian written out as matrices."""
    rng = np.random.default_rng(sum(shape))
    z = 3 * rng.normal(size=shape)
    a, n, m = SOFTMAX.f(z), shape[-2], shape[-1]
    if targets == "one-hot":
        y = np.moveaxis(np.eye(n)[rng.integers(0, n, size=shape[:-2] + (m,))], -1, -2)
    else:
        y = np.moveaxis(rng.dirichlet(np.ones(n), size=shape[:-2] + (m,)), -1, -2)
    shortcut = fitted(LOSSES["ce"], "softmax")
    assert shortcut is SHORTCUTS[("ce", "softmax")] and fitted(LOSSES["ce"], "sigmoid") is LOSSES["ce"]
    fast = shortcut.output_error(z, a, y, SOFTMAX.derivative)
    general = LOSSES["ce"].output_error(z, a, y, SOFTMAX.derivative)
    grad = LOSSES["ce"].grad(a, y)
    J = SoftmaxJacobian(a).matrices()
    by_matrices = np.moveaxis((np.swapaxes(J, -1, -2) @ np.moveaxis(grad, -1, -2)[..., np.newaxis])[..., 0], -2, -1)
    np.testing.assert_allclose(fast, (a - y) / m, rtol=1e-15)
    np.testing.assert_allclose(general, fast, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(by_matrices, fast, rtol=1e-9, atol=1e-15)
    # and the two values, log-softmax of z and ln ŷ: ln ŷ of an ŷ near 1 is only good to about 1e-16
    np.testing.assert_allclose(shortcut.value(z, a, y), LOSSES["ce"].value(z, a, y), rtol=1e-13, atol=1e-15)


def test_ce_after_a_sigmoid_output_is_refused_everywhere_naming_the_softmax_and_why():
    """Categorical cross-entropy over independent sigmoid units is smallest when every output is 1:
    the general form gives a loss of 0 to a network that says yes to every class, less than to a
    softmax that is sure of the right one. So every pass refuses the pairing, before computing
    anything, saying to use a softmax output layer, and why."""
    y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    all_yes = np.ones_like(y)
    sure = bl.softmax(8 * (2 * y - 1))
    assert LOSSES["ce"].value(None, all_yes, y) == 0.0 < LOSSES["ce"].value(None, sure, y)
    net = bl.Network.random((2, 3), "sigmoid", seed=2)
    x = np.array([[0.5, -1.0], [1.5, 0.2]])
    message = (r"^loss: 'ce' needs a softmax output layer, got a network whose last layer is 'sigmoid': categorical "
               r"cross-entropy scores a probability vector over the classes, each column summing to 1, as a softmax "
               r"layer gives it; after independent sigmoid units it is smallest when every output is 1, rewarding a yes "
               r"to every class; for independent yes/no outputs, use 'bce' after a sigmoid layer$")
    from backprop_lib.autograd import network_graph
    for call in (lambda: bl.loss_of(net, x, y, "ce"), lambda: bl.gradients(net, x, y, "ce"),
                 lambda: bl.backward(net, bl.forward(net, x), y, "ce"), lambda: bl.train(net, x, y, 0.1, 2, loss="ce"),
                 lambda: bl.gradient_check(net, x, y, "ce"), lambda: bl.numerical_gradients(net, x, y, "ce"),
                 lambda: bl.train(bl.stack([net, net]), x, y, 0.1, 2, loss="ce"), lambda: network_graph(net, x, y, "ce")):
        with pytest.raises(ValueError, match=message):
            call()


# ---- backprop against finite differences ----------------------------------------------------------------
ELEMENTWISE = sorted(name for name, act in bl.ACTIVATIONS.items() if act.elementwise and name != "relu")


@st.composite
def softmax_problems(draw):
    """Random networks whose output layer is softmax (ce, or another loss), with a
    softmax now and then in a hidden layer too; targets one-hot or any probability vectors."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    sizes[-1] = draw(st.integers(2, 5))
    hidden = draw(st.lists(st.sampled_from(ELEMENTWISE + ["softmax"]), min_size=len(sizes) - 2,
                           max_size=len(sizes) - 2))
    loss = draw(st.sampled_from(["ce", "half_sse", "mse"]))
    last = "softmax"  # ce after anything else is refused (test_ce_after_a_sigmoid_output_is_refused...)
    bias = draw(st.sampled_from(["neuron", "shared", "none"]))
    m = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    init = draw(st.sampled_from(bl.network.INITS[:1] + bl.network.INITS[2:]))
    rng = np.random.default_rng(seed)
    net = bl.Network.random(sizes, hidden + [last], seed=seed, bias=bias, init=init)
    if bias != "none":
        net = net.with_parameters(**{f"b{layer}": rng.normal(size=b.shape) for layer, b in net.b.numbered()})
    x = 2 * rng.normal(size=(sizes[0], m))
    if draw(st.booleans()):
        y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=m)]
    else:
        y = rng.dirichlet(np.ones(sizes[-1]), size=m).T
    return net, x, y, loss


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(softmax_problems())
def test_softmax_and_ce_backprop_agrees_with_finite_differences(problem):
    net, x, y, loss = problem
    analytic = bl.gradients(net, x, y, loss).by_name()
    numeric = bl.numerical_gradients(net, x, y, loss)
    assert analytic.keys() == numeric.keys()
    for name in analytic:
        np.testing.assert_allclose(analytic[name], numeric[name], rtol=1e-5, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("sizes", [(2, 3), (4, 5, 3), (3, 4, 4, 10), (64, 8, 10)])
def test_backward_through_the_shortcut_and_through_the_jacobian_give_the_same_deltas(sizes):
    net = bl.Network.random(sizes, ["tanh"] * (len(sizes) - 2) + ["softmax"], seed=len(sizes), init="xavier_normal")
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(sizes[0], 6)), np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=6)]
    trace = bl.forward(net, x)
    fast = bl.backward(net, trace, y, "ce")  # the shortcut, chosen by the softmax output
    W, b, _, f_prime = layer_lists(net)
    z, a = [None, *trace.z], list(trace.a)
    with np.errstate(**QUIET):
        delta, dW, _ = backpropagate(W, b, f_prime, z, a, LOSSES["ce"].output_error(z[-1], a[-1], y, f_prime[-1]))
    for layer in range(1, len(sizes)):
        np.testing.assert_allclose(delta[layer], fast.delta[layer], rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(dW[layer], fast.dW[layer], rtol=1e-9, atol=1e-15)
    check = bl.gradient_check(net, x, y, "ce", eps=1e-5) if sum(sizes) < 40 else None
    assert check is None or check.agrees, check


def test_a_stack_of_softmax_networks_computes_what_each_network_does():
    nets = [bl.Network.random((3, 4, 3), ["relu", "softmax"], seed=s, init="he_normal") for s in range(3)]
    x, y = np.array([[0.5, -1.0], [1.5, 0.2], [0.1, 0.3]]), np.array([[1.0, 0.0], [0.0, 0.5], [0.0, 0.5]])
    stacked = bl.gradients(bl.stack(nets), x, y, "ce")
    for k, net in enumerate(nets):
        alone = bl.gradients(net, x, y, "ce")
        assert stacked.loss[k] == pytest.approx(alone.loss, rel=1e-15)
        for name, value in alone.by_name().items():
            np.testing.assert_allclose(stacked.by_name()[name][k], value, rtol=1e-14, atol=1e-17)


def test_training_a_softmax_classifier_with_ce_lowers_its_loss():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=60)
    x = rng.normal(size=(2, 60)) + 2.5 * np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 1.5]])[:, labels]
    y = np.eye(3)[:, labels]
    net = bl.Network.random((2, 8, 3), ["tanh", "softmax"], seed=1, init="xavier_uniform")
    run = bl.train(net, x, y, 0.5, epochs=30, batch_size=10, loss="ce")
    assert run.losses[-1] < 0.5 * run.losses[0] and not run.ended_higher
    accuracy = np.mean(bl.forward(run.net, x).output.argmax(axis=0) == labels)
    assert accuracy > 0.85


# ---- initialisers --------------------------------------------------------------------------------------
VARIANCES = {
    "xavier_normal": lambda n_in, n_out: 2 / (n_in + n_out),
    "xavier_uniform": lambda n_in, n_out: 2 / (n_in + n_out),
    "he_normal": lambda n_in, n_out: 2 / n_in,
    "he_uniform": lambda n_in, n_out: 2 / n_in,
}
#: Var(w²)/σ⁴ of the distribution: 2 for a normal, 4/5 for a uniform (E w⁴ = r⁴/5, σ² = r²/3).
FOURTH = {"normal": 2.0, "uniform": 0.8}


@pytest.mark.parametrize("init", sorted(VARIANCES))
def test_initialisers_draw_the_variance_of_their_formula(init):
    """Over N draws of mean 0, mean(w²) estimates σ² with a standard error σ²·√(Var(w²)/σ⁴/N); the
    estimate must lie within 5 standard errors (a false alarm about once in 1.7 million)."""
    sizes = (300, 200, 40)
    draws = {1: [], 2: []}
    for seed in range(10):
        net = bl.Network.random(sizes, seed=seed, init=init)
        for layer in (1, 2):
            draws[layer].append(net.W[layer].ravel())
            assert net.W[layer].shape == (sizes[layer], sizes[layer - 1])
            np.testing.assert_array_equal(net.b[layer], 0.0)
    shape = init.split("_")[1]
    for layer in (1, 2):
        w = np.concatenate(draws[layer])
        variance = VARIANCES[init](sizes[layer - 1], sizes[layer])
        se = variance * np.sqrt(FOURTH[shape] / w.size)
        assert abs(np.mean(w * w) - variance) < 5 * se, (layer, np.mean(w * w), variance, se)
        assert abs(np.mean(w)) < 5 * np.sqrt(variance / w.size)
        r = np.sqrt(3 * variance)  # the uniform's bound; a normal passes it about 8% of the time
        beyond = np.mean(np.abs(w) > r)
        if shape == "uniform":
            assert beyond == 0.0
        else:
            assert abs(beyond - 0.0833) < 5 * np.sqrt(0.0833 * 0.9167 / w.size)


@pytest.mark.parametrize("init", bl.network.INITS)
def test_initialisers_are_reproducible_from_the_seed(init):
    one, again, other = (bl.Network.random((5, 4, 3), seed=s, init=init) for s in (11, 11, 12))
    for layer in (1, 2):
        np.testing.assert_array_equal(one.W[layer], again.W[layer])
        np.testing.assert_array_equal(one.b[layer], again.b[layer])
        assert not np.array_equal(one.W[layer], other.W[layer])


def test_the_first_two_initialisers_draw_what_they_always_drew():
    rng = np.random.default_rng(4)
    net = bl.Network.random((3, 2), seed=4)
    np.testing.assert_array_equal(net.W[1], rng.normal(0.0, 1.0 / np.sqrt(3), size=(2, 3)))
    rng = np.random.default_rng(4)
    net = bl.Network.random((3, 2), seed=4, init="uniform")
    np.testing.assert_array_equal(net.W[1], rng.random((2, 3)))
    np.testing.assert_array_equal(net.b[1][:, 0], rng.random(2))


def test_the_check_catches_softmax_taken_element_wise(monkeypatch):
    """The common mistake, a(1 − a) ⊙ g as if softmax were a sigmoid, must be called wrong."""
    net = bl.Network.random((2, 3, 3), ["tanh", "softmax"], seed=3)
    x, y = np.array([[0.5, -1.0], [1.5, 0.2]]), np.array([[0.2, 0.9], [0.5, 0.1], [0.3, 0.0]])
    assert bl.gradient_check(net, x, y).agrees
    monkeypatch.setattr(SoftmaxJacobian, "__rmul__", lambda self, g: g * self.a * (1 - self.a))
    check = bl.gradient_check(net, x, y)
    assert not check.agrees and "one of them is wrong" in repr(check)


def test_softmax_works_whatever_numpys_error_settings_underflow_included():
    """e^{-1000} underflows to 0: softmax keeps that quiet itself, even under np.errstate(all="raise")."""
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(bl.softmax([0.0, -1000.0]), [1.0, 0.0])
        np.testing.assert_array_equal(bl.softmax([[0.0], [-1000.0]]), [[1.0], [0.0]])


def test_ce_gradient_is_plus_zero_where_the_target_is_zero():
    """∂L/∂ŷ_k = -y_k/(m ŷ_k): exactly 0, printed as 0 and not -0, where y_k = 0."""
    a = np.array([[0.2, 0.5], [0.8, 0.5]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    g = LOSSES["ce"].grad(a, y)
    np.testing.assert_array_equal(g, [[0.0, -1.0 / (2 * 0.5)], [-1.0 / (2 * 0.8), 0.0]])
    assert not np.signbit(g[y == 0]).any()  # -0.0 == 0.0, but would print as "-0."
