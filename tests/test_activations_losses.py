"""Activations and losses: values, derivatives, the sigmoid in its extremes, and the losses'
conventions (what each sums and what it averages)."""

import warnings

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.activations import ACTIVATIONS
from backprop_lib.losses import LOSSES

#: The element-wise activations, each with a public derivative ``<name>_prime``; softmax, a
#: function of the whole column, has its own tests in test_softmax_ce.py.
ELEMENTWISE = sorted(name for name, act in ACTIVATIONS.items() if act.elementwise)


def test_sigmoid_is_exact_and_silent_at_large_inputs():
    z = np.array([-1000.0, -745.0, -50.0, 0.0, 50.0, 745.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow RuntimeWarning fails the test
        s = bl.sigmoid(z)
        ds = bl.sigmoid_prime(z)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert s[2] == pytest.approx(np.exp(-50.0), rel=1e-14)  # tiny, yet to full relative precision
    assert ds[3] == 0.25 and ds[0] == 0.0 and ds[-1] == 0.0
    assert np.all((s >= 0) & (s <= 1))


def test_sigmoid_matches_the_textbook_formula_and_its_mirror_image():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(bl.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(bl.sigmoid(-z), np.exp(-z) * bl.sigmoid(z), rtol=1e-14)
    assert bl.sigmoid(0.25) == pytest.approx(0.5621765008857981, rel=1e-15)


def test_a_number_in_gives_a_number_out_and_shapes_are_kept():
    assert isinstance(bl.sigmoid(0.0), float) and bl.sigmoid(0.0) == 0.5
    assert isinstance(bl.relu_prime(-1), float)
    assert bl.tanh(np.zeros((2, 3, 4))).shape == (2, 3, 4)
    assert bl.identity([[1.0, 2.0]]).shape == (1, 2)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_public_derivative_matches_central_difference(name):
    f, f_prime = getattr(bl, name), getattr(bl, f"{name}_prime")
    z = np.array([-3.1, -0.7, -0.05, 0.05, 0.4, 2.9])  # away from ReLU's kink at 0
    h = 1e-6
    np.testing.assert_allclose(f_prime(z), (f(z + h) - f(z - h)) / (2 * h), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_inner_derivative_from_the_activation_equals_the_public_one(name):
    """The backward pass takes f'(z) from (z, a); it must equal f'(z) computed afresh."""
    act = bl.get_activation(name)
    z = np.array([[-2.0, -0.3, 0.0, 0.6, 4.0]])
    np.testing.assert_array_equal(act.derivative(z, act.f(z)), getattr(bl, f"{name}_prime")(z))


def test_activation_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(bl.relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(bl.relu_prime(z), [0.0, 0.0, 1.0])  # 0 at the kink, by convention
    np.testing.assert_array_equal(bl.identity(z), z)
    np.testing.assert_array_equal(bl.identity_prime(z), [1.0, 1.0, 1.0])
    np.testing.assert_allclose(bl.tanh(z), np.tanh(z), rtol=1e-15)
    assert bl.get_activation("relu").kinks == (0.0,) and bl.get_activation("tanh").kinks == ()


OUT = np.array([[0.2, 0.9], [0.6, 0.5]])   # 2 output units x 2 samples
TGT = np.array([[0.0, 1.0], [1.0, 0.0]])
SQUARES = [0.04, 0.01, 0.16, 0.25]


def test_half_sse_is_half_the_sum_over_units_and_samples():
    assert bl.half_sse(OUT, TGT) == pytest.approx(0.5 * sum(SQUARES), rel=1e-15)


def test_mse_is_the_plain_mean_over_every_entry_as_in_pytorch_and_keras():
    assert bl.mse(OUT, TGT) == pytest.approx(sum(SQUARES) / 4, rel=1e-15)
    assert bl.mse([3.0], [1.0]) == 4.0  # no factor ½


def test_bce_is_the_mean_over_every_entry():
    expected = -(np.log(0.8) + np.log(0.9) + np.log(0.6) + np.log(0.5)) / 4
    assert bl.bce(OUT, TGT) == pytest.approx(expected, rel=1e-14)


def test_one_sample_may_be_a_vector():
    assert bl.half_sse([0.2, 0.6], [0.0, 1.0]) == bl.half_sse([[0.2], [0.6]], [[0.0], [1.0]])


def _inner_value(loss, a, y):
    """A loss's inner value, given z = σ⁻¹(a) for cross-entropy (which reads z)."""
    return loss.value(np.log(a / (1 - a)), a, y)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_inner_forms_agree_with_the_checked_functions(name):
    assert _inner_value(bl.get_loss(name), OUT, TGT) == pytest.approx(getattr(bl, name)(OUT, TGT), rel=1e-13)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_gradient_matches_central_difference(name):
    loss = bl.get_loss(name)
    rng = np.random.default_rng(7)
    out = rng.uniform(0.1, 0.9, size=(3, 4))
    tgt = rng.uniform(0.0, 1.0, size=(3, 4))
    numeric = np.zeros_like(out)
    h = 1e-6
    for idx in np.ndindex(out.shape):
        plus, minus = out.copy(), out.copy()
        plus[idx] += h
        minus[idx] -= h
        numeric[idx] = (_inner_value(loss, plus, tgt) - _inner_value(loss, minus, tgt)) / (2 * h)
    np.testing.assert_allclose(loss.grad(out, tgt), numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_output_error_is_the_chain_rule_of_the_loss_and_a_sigmoid(name):
    """δᴸ = ∂L/∂z: for cross-entropy the simplified (ŷ − y)/(n m) equals the product it replaces."""
    loss, act = bl.get_loss(name), bl.get_activation("sigmoid")
    z = np.array([[-1.2, 0.3, 2.0], [0.5, -0.1, 1.1]])
    a, y = act.f(z), np.array([[0.0, 1.0, 0.3], [1.0, 0.2, 0.0]])
    np.testing.assert_allclose(loss.output_error(z, a, y, act.derivative), loss.grad(a, y) * act.derivative(z, a),
                               rtol=1e-12)


def test_cross_entropy_from_the_pre_activation_is_exact_in_saturation():
    """A sigmoid unit at z = 40 on targets (0, 1): the exact loss is (40 + e⁻⁴⁰)/2, about 20,
    where a clipped probability gives 13.8 (a public bug report's case)."""
    net = bl.Network([[[0.0, 0.0]]], biases=[40.0], activation="sigmoid")
    x, y = np.zeros((2, 2)), np.array([[0.0, 1.0]])
    assert bl.loss_of(net, x, y, loss="bce") == pytest.approx(20.0, rel=1e-15)
    check = bl.gradient_check(net, x, y, loss="bce")
    assert check.agrees, check
    # δ = (ŷ − y)/m: (1 − 0)/2 for the first sample and about 0 for the second
    assert bl.gradients(net, x, y, loss="bce").db[1].item() == pytest.approx(0.5, rel=1e-15)


def test_losses_warn_of_nothing_in_the_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bl.bce([1e-300, 1 - 1e-16], [1.0, 0.0]) > 300
        assert bl.half_sse([1e150], [-1e150]) == pytest.approx(2e300)


@pytest.mark.parametrize("z", [30.0, 40.0, 700.0])
def test_cross_entropy_of_a_saturated_unit_keeps_its_digits_for_either_target(z):
    """A unit at z with target 1 costs ln(1 + e^{-z}), with target 0 costs z + ln(1 + e^{-z})."""
    net = bl.Network([[[1.0]]], biases=[[0.0]])
    assert bl.loss_of(net, [z], [1.0], "bce") == pytest.approx(np.log1p(np.exp(-z)), rel=1e-15)
    assert bl.loss_of(net, [-z], [0.0], "bce") == pytest.approx(np.log1p(np.exp(-z)), rel=1e-15)
    assert bl.loss_of(net, [z], [0.0], "bce") == pytest.approx(z + np.log1p(np.exp(-z)), rel=1e-15)


def test_losses_are_plain_floats_for_one_network():
    net = bl.Network([[[0.5]]])
    for value in (bl.half_sse([0.5], [1.0]), bl.mse([0.5], [1.0]), bl.bce([0.5], [1.0]), bl.loss_of(net, [1.0], [1.0]),
                  bl.gradients(net, [1.0], [1.0]).loss):
        assert type(value) is float


# ---- each loss checks its own targets -------------------------------------------------------------------------
def test_every_pass_takes_the_target_check_from_the_loss_s_registry_entry(monkeypatch):
    """No pass branches on a loss's name: the registry entry's ``check_targets`` is what runs,
    for a loss added to the registry as for the book's own, and its message is passed on whole."""
    def at_least_zero(name, y):
        if (y < 0).any():
            raise ValueError(f"{name}: expected targets >= 0 for this loss, got {y.min()}")

    monkeypatch.setitem(LOSSES, "half_sse_at_least_0", LOSSES["half_sse"]._replace(name="half_sse_at_least_0",
                                                                                  check_targets=at_least_zero))
    net = bl.Network.random((2, 3, 1), seed=1)
    x, y = np.array([[0.5, -1.0], [0.2, 0.3]]), np.array([[0.4, -0.5]])
    for call in (lambda: bl.gradients(net, x, y, "half_sse_at_least_0"),
                 lambda: bl.loss_of(net, x, y, "half_sse_at_least_0"),
                 lambda: bl.train(net, x, y, 0.1, 2, loss="half_sse_at_least_0"),
                 lambda: bl.gradient_check(net, x, y, "half_sse_at_least_0")):
        with pytest.raises(ValueError, match=r"^y: expected targets >= 0 for this loss, got -0.5$"):
            call()
    assert bl.loss_of(net, x, abs(y), "half_sse_at_least_0") == bl.loss_of(net, x, abs(y), "half_sse")  # same loss


def test_the_check_gets_the_targets_one_column_per_sample_and_the_argument_s_name(monkeypatch):
    seen = []
    monkeypatch.setitem(LOSSES, "bce", LOSSES["bce"]._replace(check_targets=lambda name, y: seen.append((name, y))))
    net = bl.Network.random((2, 3, 2), seed=1)
    bl.gradients(net, [0.5, -1.0], [0.25, 0.75], "bce")  # one sample, as a vector
    assert len(seen) == 1 and seen[0][0] == "y"
    np.testing.assert_array_equal(seen[0][1], [[0.25], [0.75]])


def test_the_book_s_losses_own_their_checks_and_the_softmax_shortcut_shares_cross_entropy_s():
    from backprop_lib.losses import SHORTCUTS, check_distributions

    assert LOSSES["ce"].check_targets is check_distributions
    assert SHORTCUTS[("ce", "softmax")].check_targets is LOSSES["ce"].check_targets
    with pytest.raises(ValueError, match=r"^t: expected targets from 0 to 1 for cross-entropy, got 1.5$"):
        LOSSES["bce"].check_targets("t", np.array([[0.5, 1.5, -1.0]]))
    for name in ("half_sse", "mse"):  # any finite targets
        assert LOSSES[name].check_targets("t", np.array([[-3.0, 7.0]])) is None
