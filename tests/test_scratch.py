"""backprop_lib.scratch, the whole trainer in plain numpy (the worked solution the reader's own
trainer is compared with, and the correct trainer the debugging chapter plants bugs in): the
book's checkers find every function equal to the library's, for both of its losses, and find a
one-character mistake in each."""

import functools

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib import exercises, scratch


@pytest.mark.parametrize("kind", ["half_sse", "ce"])
def test_each_function_agrees_with_the_library_for_its_loss(kind):
    verdicts = [exercises.check_forward(scratch.forward),
                exercises.check_backward(functools.partial(scratch.backward, kind=kind), loss=kind),
                exercises.check_update(scratch.update),
                exercises.check_train(functools.partial(scratch.train, kind=kind), loss=kind)]
    assert all(v.agrees for v in verdicts), "\n".join(map(repr, verdicts))


def test_the_checkers_see_a_planted_mistake_in_the_trainer():
    def no_sigma_prime_in_bp2(W, f_prime, Z, A, Y):
        Delta, dW, db = scratch.backward(W, [None] + [lambda z: np.ones_like(z)] * (len(W) - 1), Z, A, Y)
        return Delta, dW, db

    def summed_bias_forgotten(W, b, dW, db, lr):
        return scratch.update(W, b, dW, [None] + [d / 2 for d in db[1:]], lr)

    assert not exercises.check_backward(no_sigma_prime_in_bp2).agrees
    assert not exercises.check_update(summed_bias_forgotten).agrees


def test_the_held_out_loss_is_the_librarys_for_both_losses():
    rng = np.random.default_rng(3)
    a = rng.dirichlet(np.ones(4), size=5).T
    y = np.eye(4)[:, rng.integers(0, 4, 5)]
    assert scratch.loss(a, y, "ce") == pytest.approx(bl.ce(a, y), rel=1e-12)
    assert scratch.loss(a, y) == pytest.approx(bl.half_sse(a, y), rel=1e-12)
