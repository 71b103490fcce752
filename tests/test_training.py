"""Training: what the loop records, mini-batches that really shuffle and cover, divergence."""

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages.examples import XOR_X, XOR_Y

ROOT = Path(__file__).resolve().parents[1]
OR_Y = np.array([[0.0, 1.0, 1.0, 1.0]])  # OR: learnable by one neuron


def test_train_records_the_loss_before_and_after_every_step():
    net = bl.Network.random((2, 1), seed=0)
    run = bl.train(net, XOR_X, OR_Y, lr=2.0, steps=300)
    assert run.losses.shape == (301,) and list(run.steps) == list(range(301))
    assert run.losses[0] == bl.loss_of(net, XOR_X, OR_Y)
    assert run.losses[-1] == bl.loss_of(run.net, XOR_X, OR_Y)
    assert run.losses[-1] < 0.1 * run.losses[0] and run.ended_higher is False


def test_each_recorded_loss_is_the_loss_of_the_network_after_that_many_steps():
    net, lr = bl.Network.random((2, 3, 1), seed=2), 0.7
    run = bl.train(net, XOR_X, XOR_Y, lr, steps=7, record_every=3)
    np.testing.assert_array_equal(run.steps, [0, 3, 6, 7])
    stepped = [net]
    for _ in range(7):
        stepped.append(bl.sgd_step(stepped[-1], bl.gradients(stepped[-1], XOR_X, XOR_Y), lr))
    for step, loss in zip(run.steps, run.losses):
        assert loss == pytest.approx(bl.loss_of(stepped[step], XOR_X, XOR_Y), rel=1e-14)


def test_every_epoch_of_mini_batches_visits_every_sample_once_and_epochs_differ():
    batches = bl.minibatches(10, 3, seed=4)
    epochs = [[next(batches) for _ in range(4)] for _ in range(5)]  # 10 samples: batches of 3, 3, 3, 1
    for epoch in epochs:
        assert [len(b) for b in epoch] == [3, 3, 3, 1]
        assert sorted(np.concatenate(epoch)) == list(range(10))
    orders = {tuple(np.concatenate(epoch)) for epoch in epochs}
    assert len(orders) == 5  # a fresh shuffle every epoch
    again = bl.minibatches(10, 3, seed=4)
    assert all(np.array_equal(next(again), b) for b in epochs[0])


def test_train_takes_its_steps_on_exactly_those_mini_batches():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(2, 7)), rng.uniform(size=(1, 7))
    net, lr = bl.Network.random((2, 2, 1), seed=3), 0.4
    run = bl.train(net, x, y, lr, epochs=3, batch_size=2, seed=11)
    assert list(run.steps) == [0, 4, 8, 12]  # 4 steps an epoch, the loss recorded every epoch
    batches, by_hand, losses = bl.minibatches(7, 2, seed=11), net, [bl.loss_of(net, x, y)]
    for step in range(1, 13):
        cols = next(batches)
        by_hand = bl.sgd_step(by_hand, bl.gradients(by_hand, x[:, cols], y[:, cols]), lr)
        if step % 4 == 0:
            losses.append(bl.loss_of(by_hand, x, y))
    np.testing.assert_allclose(run.losses, losses, rtol=1e-13)
    for name, value in run.net.parameters().items():
        np.testing.assert_allclose(value, by_hand.parameters()[name], rtol=1e-13)


def test_mini_batches_are_reproducible_from_their_seed():
    x = np.linspace(-1, 1, 10).reshape(1, 10)
    y = (x > 0).astype(float)
    net = bl.Network.random((1, 1), seed=0)
    a = bl.train(net, x, y, lr=1.0, steps=20, batch_size=3, seed=5, record_every=1)
    b = bl.train(net, x, y, lr=1.0, steps=20, batch_size=3, seed=5, record_every=1)
    c = bl.train(net, x, y, lr=1.0, steps=20, batch_size=3, seed=6, record_every=1)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert not np.array_equal(a.losses, c.losses)


def test_steps_or_epochs():
    net = bl.Network.random((2, 1), seed=0)
    by_steps = bl.train(net, XOR_X, OR_Y, 1.0, 12, batch_size=2, seed=3)
    by_epochs = bl.train(net, XOR_X, OR_Y, 1.0, epochs=6, batch_size=2, seed=3)
    np.testing.assert_array_equal(by_steps.losses, by_epochs.losses)
    assert bl.train(net, XOR_X, OR_Y, 1.0, epochs=5).steps[-1] == 5  # full batch: one step an epoch


def test_a_diverging_run_stops_with_a_clear_error_naming_lr_and_no_warning():
    net = bl.Network([[[0.22, 0.15], [0.03, 0.11]], [[0.1, 0.19]]], activation="identity")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning may escape
        with pytest.raises(ValueError, match=r"^lr: training diverged by step \d+ .*smaller learning rate than 0.6"):
            bl.train(net, [2.0, 3.0], [1.0], lr=0.6, steps=500)


def test_divergence_in_a_stack_names_the_network():
    net = bl.Network([[[0.22, 0.15], [0.03, 0.11]], [[0.1, 0.19]]], activation="identity")
    with pytest.raises(ValueError, match=r"^lr: training diverged for 1 network\(s\), first network 1, by step"):
        bl.train(bl.stack([net, net]), [2.0, 3.0], [1.0], lr=[0.05, 0.6], steps=500)


def test_a_run_that_ends_higher_says_so():
    """One linear neuron, L = ½(wx − y)² with x = 1: each step multiplies the error by 1 − η,
    so η = 2.5 makes it grow by 1.5 a step without overflowing in three steps."""
    net = bl.Network([[[0.0]]], activation="identity")
    run = bl.train(net, [1.0], [1.0], lr=2.5, steps=3)
    np.testing.assert_allclose(run.losses, 0.5 * 1.5 ** (2 * np.arange(4)), rtol=1e-15)
    assert run.ended_higher is True and "ABOVE where it started" in repr(run)
    calm = bl.train(net, [1.0], [1.0], lr=0.5, steps=3)
    assert calm.ended_higher is False and "ABOVE" not in repr(calm)


def test_a_learning_rate_may_be_a_0_d_array():
    net = bl.Network.random((2, 1), seed=0)
    a = bl.train(net, XOR_X, OR_Y, np.float64(0.5), 3)
    b = bl.train(net, XOR_X, OR_Y, np.array(0.5), 3)
    c = bl.train(bl.stack([net, net]), XOR_X, OR_Y, np.array(0.5), 3)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(c.losses[1], a.losses)


def test_the_default_seed_is_0():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(2, 9)), rng.uniform(size=(1, 9))
    net = bl.Network.random((2, 2, 1), seed=1)
    default = bl.train(net, x, y, 0.5, epochs=2, batch_size=4)
    np.testing.assert_array_equal(default.losses, bl.train(net, x, y, 0.5, epochs=2, batch_size=4, seed=0).losses)
    assert not np.array_equal(default.losses, bl.train(net, x, y, 0.5, epochs=2, batch_size=4, seed=1).losses)
    np.testing.assert_array_equal(next(bl.minibatches(9, 4)), next(bl.minibatches(9, 4, seed=0)))


def test_a_mini_batch_may_hold_every_sample():
    assert sorted(next(bl.minibatches(5, 5))) == list(range(5))
    net = bl.Network.random((2, 1), seed=0)
    whole = bl.train(net, XOR_X, OR_Y, 1.0, epochs=3, batch_size=4)
    np.testing.assert_allclose(whole.losses, bl.train(net, XOR_X, OR_Y, 1.0, 3).losses, rtol=1e-12)


def test_mini_batch_records_with_cross_entropy_are_the_losses_of_the_networks():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(2, 6)), (rng.uniform(size=(1, 6)) > 0.5).astype(float)
    net, lr = bl.Network.random((2, 3, 1), seed=5), 0.8
    run = bl.train(net, x, y, lr, epochs=2, batch_size=4, loss="bce", seed=2)
    batches, by_hand = bl.minibatches(6, 4, seed=2), net
    expected = [bl.loss_of(net, x, y, "bce")]
    for step in range(1, 5):
        cols = next(batches)
        by_hand = bl.sgd_step(by_hand, bl.gradients(by_hand, x[:, cols], y[:, cols], "bce"), lr)
        if step % 2 == 0:
            expected.append(bl.loss_of(by_hand, x, y, "bce"))
    np.testing.assert_allclose(run.losses, expected, rtol=1e-13)


def test_ended_higher_compares_the_last_loss_with_the_first():
    """The 2-2-1 linear network above its stability limit: at η = 0.5 the loss dips, then
    ends higher after three steps; at η = 0.35 it rises after a dip but ends lower."""
    net = bl.Network([[[0.22, 0.15], [0.03, 0.11]], [[0.1, 0.19]]], activation="identity")
    up = bl.train(net, [2.0, 3.0], [1.0], lr=0.5, steps=3)
    assert up.losses[1] < up.losses[0] < up.losses[-1] and up.ended_higher is True
    down = bl.train(net, [2.0, 3.0], [1.0], lr=0.35, steps=3)
    assert down.losses[1] < down.losses[-1] < down.losses[0] and down.ended_higher is False
    exact = bl.train(bl.Network([[[1.0]]], activation="identity"), [1.0], [1.0], 0.1, 2)
    assert list(exact.losses) == [0.0, 0.0, 0.0] and exact.ended_higher is False


def test_training_run_repr():
    net = bl.Network([[[0.0]]], activation="identity")
    assert repr(bl.train(net, [1.0], [1.0], 0.5, 3)) == "TrainingRun(3 steps, 4 losses recorded)"
    assert repr(bl.train(net, [1.0], [1.0], 0.5, 5, record_every=2)) == "TrainingRun(5 steps, 4 losses recorded)"
    both = bl.train(bl.stack([net, net]), [1.0], [1.0], [0.5, 2.5], 3)
    assert repr(both) == "TrainingRun(3 steps, 4 losses recorded; the loss ended ABOVE where it started for 1 of 2)"


def test_every_array_of_a_trained_network_is_read_only():
    net = bl.Network.random((2, 3, 1), seed=0)
    for trained in (bl.train(net, XOR_X, XOR_Y, 0.1, 2).net, bl.sgd_step(net, bl.gradients(net, XOR_X, XOR_Y), 0.1)):
        for name, value in trained.parameters().items():
            assert not value.flags.writeable, name


# x = 2^520 in the first input: a net whose error on that sample is not 0 has a gradient of about
# 2^518 there, whose square overflows; Adam's v becomes inf there and that step 0 (m̂/√v̂ = 0), so
# only its state leaves a double's range, not its loss or parameters.
BIG_X = np.array([[2.0 ** 520, 0.0], [0.0, 1.0]])
BIG_Y = np.array([[1.0, 0.5]])
EXACT = bl.Network([[[2.0 ** -520, 0.5]]], [0.0], activation="identity")  # ŷ = y on both samples: g = 0
OVERFLOWING = bl.Network([[[2.0 ** -521, 0.5]]], [0.0], activation="identity")  # ŷ = 0.5 on sample 0


def test_a_stack_counts_a_network_whose_optimizer_state_alone_overflowed_as_diverged():
    with pytest.raises(ValueError, match=r"^lr: training diverged for 1 network\(s\), first network 1, by step 1 "):
        bl.train(bl.stack([EXACT, OVERFLOWING]), BIG_X, BIG_Y, 0.001, 1, optimizer=bl.Adam())


def test_a_stack_diverging_mid_run_counts_the_networks_whose_optimizer_state_overflowed_too():
    # network 1 fits sample 0 (no gradient on 2^520) but not sample 1; lr = 1e300 sends its
    # bias and second weight to about ±1e300, and its loss past a double's range at step 1
    diverging = bl.Network([[[2.0 ** -520, 0.0]]], [0.0], activation="identity")
    with pytest.raises(ValueError, match=r"^lr: training diverged for 2 network\(s\), first network 0, by step 1 "):
        bl.train(bl.stack([OVERFLOWING, diverging]), BIG_X, BIG_Y, [0.001, 1e300], 3, optimizer=bl.Adam())


# ---- BLAS threads: one for the library's products, the caller's back after --------------------------------------
def _blas_threads():
    from threadpoolctl import threadpool_info

    return sorted({lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"})


@pytest.fixture
def two_blas_threads():
    """BLAS on two threads, as numpy starts on a 2-core machine (whatever this machine has)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() == [2]
        yield


def test_a_run_whose_products_blas_would_split_computes_them_on_one_thread_and_gives_the_threads_back(
        two_blas_threads):
    rng = np.random.default_rng(0)
    x, y = rng.uniform(size=(64, 600)), np.eye(10)[:, rng.integers(0, 10, 600)]  # 64·32·600 multiply-adds
    net = bl.Network.random((64, 32, 10), ("sigmoid", "softmax"), seed=0)
    seen = []
    run = bl.train(net, x, y, 0.01, epochs=2, batch_size=100, loss="ce", optimizer=bl.Adam(),
                   on_record=lambda step, now: seen.append(_blas_threads()))
    assert seen[:-1] == [[1], [1]]  # during the run (the last record comes after it)
    assert _blas_threads() == [2]
    # the same numbers wherever a pass runs: the recorded loss is loss_of's, to the last bit
    assert run.losses[-1] == bl.loss_of(run.net, x, y, "ce") and run.losses[0] == bl.loss_of(net, x, y, "ce")


def test_the_passes_compute_a_large_product_on_one_thread_and_leave_small_ones_alone(two_blas_threads, monkeypatch):
    from backprop_lib import backprop

    seen, feedforward = [], backprop.feedforward

    def watched(*args):
        seen.append(_blas_threads())
        return feedforward(*args)

    monkeypatch.setattr(backprop, "feedforward", watched)
    big = bl.Network.random((64, 32, 10), seed=0)
    x, y = np.full((64, 600), 0.5), np.full((10, 600), 0.1)
    bl.forward(big, x), bl.loss_of(big, x, y)
    bl.forward(big, x[:, :100]), bl.forward(bl.Network.random((2, 2, 1), seed=0), XOR_X)  # 64·32·100: not split
    assert seen == [[1], [1], [2], [2]]
    assert _blas_threads() == [2]


def test_the_limit_starts_where_blas_would_split_a_product(two_blas_threads):
    from backprop_lib._blas import SPLIT_AT, largest_product, one_thread

    assert largest_product((64, 32, 10), 600) == 64 * 32 * 600 and largest_product((2, 5, 3, 1), 4) == 15 * 4
    for work, threads in ((SPLIT_AT - 1, [2]), (SPLIT_AT, [1]), (10 * SPLIT_AT, [1])):
        with one_thread(work):
            assert _blas_threads() == threads
        assert _blas_threads() == [2]


def test_the_limit_is_blas_s_alone_other_thread_pools_keep_theirs():
    """One thread for BLAS during a pass; OpenMP's pools (scikit-learn's, say) keep their own."""
    import sklearn.ensemble  # noqa: F401  (loads an OpenMP runtime)
    from threadpoolctl import threadpool_info, threadpool_limits

    from backprop_lib._blas import SPLIT_AT, one_thread

    def others():
        return sorted((lib["filepath"], lib["num_threads"]) for lib in threadpool_info() if lib["user_api"] != "blas")

    with threadpool_limits(limits=2):
        before = others()
        assert before and all(threads == 2 for _, threads in before)
        with one_thread(SPLIT_AT):
            assert others() == before


def test_a_fresh_process_limits_its_first_large_product():
    """The first pass of a process finds its BLAS libraries and limits them (nothing cached before)."""
    code = ("from threadpoolctl import threadpool_info, threadpool_limits\n"
            "from backprop_lib._blas import SPLIT_AT, one_thread\n"
            "with threadpool_limits(limits=2, user_api='blas'), one_thread(SPLIT_AT):\n"
            "    print(sorted({lib['num_threads'] for lib in threadpool_info() if lib['user_api'] == 'blas'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "[1]", out.stderr[-2000:]
