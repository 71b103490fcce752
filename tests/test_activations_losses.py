"""Activations and losses: values, derivatives, and the stable sigmoid."""

import warnings

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.activations import ACTIVATIONS
from backprop_lib.losses import LOSSES


def test_sigmoid_is_stable_at_large_inputs():
    z = np.array([-1000.0, -745.0, -50.0, 0.0, 50.0, 745.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow RuntimeWarning fails the test
        s = bl.sigmoid(z)
        ds = bl.sigmoid_prime(z)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert np.all((s >= 0) & (s <= 1))
    assert ds[3] == 0.25 and ds[0] == 0.0 and ds[-1] == 0.0


def test_sigmoid_matches_the_textbook_formula_where_that_is_safe():
    z = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(bl.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-14)
    assert bl.sigmoid(0.25) == pytest.approx(0.5621765008857981, rel=1e-15)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivative_matches_central_difference(name):
    act = bl.get_activation(name)
    z = np.array([-3.1, -0.7, -0.05, 0.05, 0.4, 2.9])  # away from ReLU's kink at 0
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    np.testing.assert_allclose(act.f_prime(z), numeric, rtol=1e-7, atol=1e-9)


def test_activation_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(bl.relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(bl.identity(z), z)
    np.testing.assert_allclose(bl.tanh(z), np.tanh(z))


def test_losses_on_a_hand_worked_batch():
    out = np.array([[0.2, 0.9], [0.6, 0.5]])   # 2 outputs x 2 samples
    tgt = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert bl.sse(out, tgt) == pytest.approx(0.5 * (0.04 + 0.01 + 0.16 + 0.25))
    assert bl.mse(out, tgt) == pytest.approx(0.5 * (0.04 + 0.01 + 0.16 + 0.25) / 2)
    expected_bce = -(np.log(0.8) + np.log(0.9) + np.log(0.6) + np.log(0.5)) / 2
    assert bl.bce(out, tgt) == pytest.approx(expected_bce)


def test_bce_is_finite_for_saturated_outputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = bl.bce(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
        grad = bl.get_loss("bce").grad(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert np.isfinite(value) and value > 50
    assert np.all(np.isfinite(grad))


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
        numeric[idx] = (loss.f(plus, tgt) - loss.f(minus, tgt)) / (2 * h)
    np.testing.assert_allclose(loss.grad(out, tgt), numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("lookup, kind", [(bl.get_activation, "activation"), (bl.get_loss, "loss")])
def test_unknown_names_are_refused_with_the_known_ones_listed(lookup, kind):
    with pytest.raises(ValueError, match=rf"^{kind}: expected one of \[.*'sigmoid'|^{kind}: expected one of \[.*'sse'"):
        lookup("sigmoidd")
