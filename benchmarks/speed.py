"""How fast is backprop_lib next to a plain numpy loop doing the same arithmetic?

Three measurements, each a ratio of two times taken in this one process, interleaved round
by round so that a slow moment of the machine slows both sides alike (the median of the
rounds is kept):

1. XOR, a 2-2-1 sigmoid network, full batch, 10,000 epochs, the loss recorded at every step:
   `bl.train` against a plain loop.                                       goal: <= 1.3
2. The same, for 500 networks stacked and trained at once by `bl.train`, the loss of every
   network recorded at every step: time per network against the plain loop. goal: <= 0.05
3. Epochs of mini-batches of 32 on digits-shaped data (1,797 samples of 64 inputs, 10
   one-hot targets), a 64-32-10 sigmoid network with cross-entropy, the loss of the whole set
   recorded once an epoch: `bl.train` against a plain loop, per epoch.    goal: <= 1.5

Both sides of each pair compute the same numbers, and the script checks that they agree
before it prints. Run by hand, never by the tests (a timed test fails on a busy machine):

    .venv/bin/python benchmarks/speed.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

import backprop_lib as bl
from backprop_lib.pages.examples import XOR_X, XOR_Y

ROUNDS = 5


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def plain_xor(W1, b1, W2, b2, lr, epochs):
    """Full-batch gradient descent on XOR, written out as a learner would."""
    X, Y = XOR_X, XOR_Y
    losses = np.empty(epochs + 1)
    for epoch in range(epochs):
        A1 = sigmoid(W1 @ X + b1)
        A2 = sigmoid(W2 @ A1 + b2)
        losses[epoch] = 0.5 * np.sum((A2 - Y) ** 2)
        d2 = (A2 - Y) * A2 * (1 - A2)
        d1 = (W2.T @ d2) * A1 * (1 - A1)
        W2, b2 = W2 - lr * (d2 @ A1.T), b2 - lr * d2.sum(axis=1, keepdims=True)
        W1, b1 = W1 - lr * (d1 @ X.T), b1 - lr * d1.sum(axis=1, keepdims=True)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    losses[epochs] = 0.5 * np.sum((A2 - Y) ** 2)
    return losses


def softplus(z):
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def plain_digits(W1, b1, W2, b2, X, Y, lr, batch, epochs, rng):
    """Mini-batch gradient descent with cross-entropy, the loss of the whole set recorded
    before each epoch and after the last (as `bl.train` records it by default)."""

    def loss():
        Z2 = W2 @ sigmoid(W1 @ X + b1) + b2
        return np.sum(softplus(Z2) - Y * Z2) / Y.size

    losses = []
    for _ in range(epochs):
        losses.append(loss())
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch):
            cols = order[start:start + batch]
            x, y = X[:, cols], Y[:, cols]
            A1 = sigmoid(W1 @ x + b1)
            A2 = sigmoid(W2 @ A1 + b2)
            d2 = (A2 - y) / y.size
            d1 = (W2.T @ d2) * A1 * (1 - A1)
            W2, b2 = W2 - lr * (d2 @ A1.T), b2 - lr * d2.sum(axis=1, keepdims=True)
            W1, b1 = W1 - lr * (d1 @ x.T), b1 - lr * d1.sum(axis=1, keepdims=True)
    losses.append(loss())
    return np.array(losses)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def interleaved(a, b, rounds=ROUNDS):
    """Median times of ``a`` and ``b``, run alternately; and their last results."""
    times_a, times_b = [], []
    for _ in range(rounds):
        t, result_a = timed(a)
        times_a.append(t)
        t, result_b = timed(b)
        times_b.append(t)
    return statistics.median(times_a), statistics.median(times_b), result_a, result_b


def xor_single():
    net, epochs, lr = bl.Network.random((2, 2, 1), seed=0, init="uniform"), 10_000, 0.1
    params = (net.W[1], net.b[1], net.W[2], net.b[2])
    t_lib, t_plain, run, losses = interleaved(lambda: bl.train(net, XOR_X, XOR_Y, lr, epochs),
                                              lambda: plain_xor(*params, lr, epochs))
    assert np.allclose(run.losses, losses, rtol=1e-12, atol=0)
    return t_lib / t_plain, f"{1e6 * t_lib / epochs:.1f} µs against {1e6 * t_plain / epochs:.1f} µs an epoch"


def xor_stack(n_networks=500, epochs=2_000):
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(n_networks)]
    stacked, lr = bl.stack(nets), 0.1
    first = (nets[0].W[1], nets[0].b[1], nets[0].W[2], nets[0].b[2])
    t_stack, t_plain, run, losses = interleaved(lambda: bl.train(stacked, XOR_X, XOR_Y, lr, epochs),
                                                lambda: plain_xor(*first, lr, epochs))
    assert np.allclose(run.losses[0], losses, rtol=1e-12, atol=0)
    per_network = t_stack / n_networks
    return per_network / t_plain, (f"{1e6 * per_network / epochs:.2f} µs a network-epoch, {n_networks} stacked, "
                                   f"against {1e6 * t_plain / epochs:.1f} µs")


def digits_epoch(batch=32, epochs=10):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 16, size=(64, 1797)) / 16  # 1,797 samples of 8×8 pixels, one column each
    Y = np.eye(10)[:, rng.integers(0, 10, size=1797)]
    net, lr = bl.Network.random((64, 32, 10), "sigmoid", seed=0), 0.5
    params = (net.W[1], net.b[1], net.W[2], net.b[2])
    t_lib, t_plain, run, losses = interleaved(
        lambda: bl.train(net, X, Y, lr, epochs=epochs, batch_size=batch, loss="bce", seed=1),
        lambda: plain_digits(*params, X, Y, lr, batch, epochs, np.random.default_rng(1)))
    assert np.allclose(run.losses, losses, rtol=1e-10, atol=0)
    return t_lib / t_plain, f"{1e3 * t_lib / epochs:.2f} ms against {1e3 * t_plain / epochs:.2f} ms an epoch"


def main() -> None:
    print(f"{'measurement':58s} {'ratio':>7s} {'goal':>6s}  detail")
    for label, goal, measure in [
        ("XOR 2-2-1, full batch: bl.train / plain loop", 1.3, xor_single),
        ("XOR, 500 stacked: bl.train per network / plain loop", 0.05, xor_stack),
        ("64-32-10 mini-batch epoch: bl.train / plain loop", 1.5, digits_epoch),
    ]:
        ratio, detail = measure()
        mark = "ok" if ratio <= goal else "MISSED"
        print(f"{label:58s} {ratio:7.3f} {goal:6.2f}  {detail} ({mark})", flush=True)


if __name__ == "__main__":
    main()
