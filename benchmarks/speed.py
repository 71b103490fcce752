"""How fast is backprop_lib next to a plain numpy loop doing the same arithmetic?

Four measurements, each a ratio of two times taken in this one process, interleaved round
by round so that a slow moment of the machine slows both sides alike (the median of the
rounds is kept):

1. XOR, a 2-2-1 sigmoid network, full batch, 10,000 epochs, the loss recorded at every step:
   `bl.train` against a plain loop.                                       goal: <= 1.3
2. The same, for 500 networks stacked and trained at once by `bl.train`, the loss of every
   network recorded at every step: time per network against the plain loop. goal: <= 0.05
3. The digits chapter's training (lessons/10_digits.ipynb): sklearn's real 8×8 digits, the
   chapter's split and scaling (1,077 training digits, pixels / 16), its 64-32-10 network
   (sigmoid hidden units, softmax output, cross-entropy), Adam at eta = 0.01 on mini-batches
   of 32, the loss of the whole training set recorded once an epoch: `bl.train` against a
   plain numpy loop, per epoch.                                            goal: <= 1.5
4. The chapter's whole run, 40 epochs of the same from seed 0: `bl.train` against
   scikit-learn's MLPClassifier set the same way (same layers, activation, loss, Adam and its
   moments, batch size, epochs, no L2).                                   goal: < 1 (faster)

Both sides of pairs 1-3 compute the same numbers, and the script checks that they agree
before it prints; for 4, that MLPClassifier ran every epoch and both sides learnt the digits.
It prints the ratios and writes them, with the times, the machine and the date, to
benchmarks/results.json, which the digits chapter shows and the README's table repeats (a
test checks that they agree). Run by hand, never by the tests (a timed test fails on a busy
machine), then refresh the digits chapter, which shows the times:

    .venv/bin/python benchmarks/speed.py
    .venv/bin/python tools/refresh_lessons.py lessons/10_digits.ipynb
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


# The digits chapter's data and training, as lessons/10_digits.ipynb states them (a test
# checks these against the values the lesson glued).
TEST_SIZE, SPLIT_SEED, SCALE = 0.25, 0, 16.0   # train_test_split(test_size, random_state), pixels / 16
VAL_SIZE, VAL_SEED = 0.2, 0                      # the validation digits, split off the rest the same way
SIZES, ACTIVATION = (64, 32, 10), ("sigmoid", "softmax")
LR, BATCH, EPOCHS = 0.01, 32, 40                 # Adam's eta, mini-batch size, epochs
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8             # Adam's (and MLPClassifier's) defaults


def digits_split():
    """The chapter's data: sklearn's 1,797 8×8 digits, pixels divided by 16, a stratified split
    (``test_size=0.25``, ``random_state=0``) into test digits and the rest, and the rest split
    the same way (``test_size=0.2``, ``random_state=0``) into validation digits (left out here:
    the benchmark does not use them) and the training digits. Returns ``x_train, x_test``
    (64 × m, one column a sample), ``t_train, t_test`` (the digits) and ``y_train`` (10 × m,
    one-hot)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X_rest, X_test, t_rest, t_test = train_test_split(digits.data, digits.target, test_size=TEST_SIZE,
                                                      random_state=SPLIT_SEED, stratify=digits.target)
    X_train, _, t_train, _ = train_test_split(X_rest, t_rest, test_size=VAL_SIZE, random_state=VAL_SEED,
                                              stratify=t_rest)
    return X_train.T / SCALE, X_test.T / SCALE, t_train, t_test, np.eye(10)[:, t_train]


def log_softmax(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def plain_digits(W1, b1, W2, b2, X, Y, lr, batch, epochs, rng):
    """Mini-batch Adam on a sigmoid hidden layer and a softmax output with cross-entropy,
    written out as a learner would; the loss of the whole set recorded before each epoch and
    after the last (as `bl.train` records it by default)."""

    def loss():
        Z2 = W2 @ sigmoid(W1 @ X + b1) + b2
        return -np.sum(Y * log_softmax(Z2)) / X.shape[1]

    params = [W1, b1, W2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t, losses = 0, []
    for _ in range(epochs):
        losses.append(loss())
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch):
            cols = order[start:start + batch]
            x, y = X[:, cols], Y[:, cols]
            W1, b1, W2, b2 = params
            A1 = sigmoid(W1 @ x + b1)
            A2 = np.exp(log_softmax(W2 @ A1 + b2))
            d2 = (A2 - y) / x.shape[1]
            d1 = (W2.T @ d2) * A1 * (1 - A1)
            grads = [d1 @ x.T, d1.sum(axis=1, keepdims=True), d2 @ A1.T, d2.sum(axis=1, keepdims=True)]
            t += 1
            for k, g in enumerate(grads):
                m[k] = BETA1 * m[k] + (1 - BETA1) * g
                v[k] = BETA2 * v[k] + (1 - BETA2) * (g * g)
                m_hat, v_hat = m[k] / (1 - BETA1 ** t), v[k] / (1 - BETA2 ** t)
                params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + EPS)
        W1, b1, W2, b2 = params
    losses.append(loss())
    return np.array(losses)


def check(agree: bool, what: str) -> None:
    """Stop the benchmark unless ``agree`` (both sides compute the same, both learn): not an
    ``assert``, which ``python -O`` drops."""
    if not agree:
        raise RuntimeError(f"benchmark check failed: {what}; no ratio is written")


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
    check(np.allclose(run.losses, losses, rtol=1e-12, atol=0), "XOR losses, bl.train and the plain loop")
    return t_lib / t_plain, f"{1e6 * t_lib / epochs:.1f} µs against {1e6 * t_plain / epochs:.1f} µs an epoch", \
        {"backprop_lib_s_per_epoch": t_lib / epochs, "plain_numpy_s_per_epoch": t_plain / epochs}


def xor_stack(n_networks=500, epochs=2_000):
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(n_networks)]
    stacked, lr = bl.stack(nets), 0.1
    first = (nets[0].W[1], nets[0].b[1], nets[0].W[2], nets[0].b[2])
    t_stack, t_plain, run, losses = interleaved(lambda: bl.train(stacked, XOR_X, XOR_Y, lr, epochs),
                                                lambda: plain_xor(*first, lr, epochs))
    check(np.allclose(run.losses[0], losses, rtol=1e-12, atol=0), "the stack's first XOR losses and the plain loop's")
    per_network = t_stack / n_networks
    return per_network / t_plain, (f"{1e6 * per_network / epochs:.2f} µs a network-epoch, {n_networks} stacked, "
                                   f"against {1e6 * t_plain / epochs:.1f} µs"), \
        {"backprop_lib_s_per_network_epoch": per_network / epochs, "plain_numpy_s_per_epoch": t_plain / epochs}


def digits_epoch(epochs=10):
    """`bl.train` against the plain loop, on the chapter's real digits, network and Adam."""
    x_train, _, _, _, y_train = digits_split()
    net = bl.Network.random(SIZES, ACTIVATION, seed=0)
    params = (net.W[1], net.b[1], net.W[2], net.b[2])
    t_lib, t_plain, run, losses = interleaved(
        lambda: bl.train(net, x_train, y_train, LR, epochs=epochs, batch_size=BATCH, loss="ce", seed=1,
                         optimizer=bl.Adam()),
        lambda: plain_digits(*params, x_train, y_train, LR, BATCH, epochs, np.random.default_rng(1)))
    check(np.allclose(run.losses, losses, rtol=1e-9, atol=0), "digits losses, bl.train and the plain loop")
    return t_lib / t_plain, f"{1e3 * t_lib / epochs:.2f} ms against {1e3 * t_plain / epochs:.2f} ms an epoch", \
        {"backprop_lib_s_per_epoch": t_lib / epochs, "plain_numpy_s_per_epoch": t_plain / epochs}


def mlp_classifier(seed=0):
    """scikit-learn's MLPClassifier set as the chapter sets bl.train: 64-32-10, logistic hidden
    units, softmax and cross-entropy (its only choice for classes), Adam at the same rate and
    moments, mini-batches of 32, no L2 (alpha=0), exactly EPOCHS epochs (never stopped early:
    tol=0 and n_iter_no_change=EPOCHS, more epochs without progress than it has)."""
    from sklearn.neural_network import MLPClassifier

    return MLPClassifier(hidden_layer_sizes=SIZES[1:-1], activation="logistic", solver="adam",
                         learning_rate_init=LR, beta_1=BETA1, beta_2=BETA2, epsilon=EPS, batch_size=BATCH,
                         max_iter=EPOCHS, alpha=0.0, tol=0.0, n_iter_no_change=EPOCHS, shuffle=True,
                         random_state=seed)


def fit_quietly(clf, X, t):
    """``clf.fit(X, t)`` without the ConvergenceWarning that MLPClassifier gives when it stops at
    max_iter: the chapter asks for exactly that many epochs, as it asks bl.train."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, t)


def versus_sklearn():
    """The chapter's whole training run, EPOCHS epochs from seed 0: `bl.train` against
    scikit-learn's MLPClassifier doing the same on the same samples."""
    x_train, x_test, t_train, t_test, y_train = digits_split()
    net = bl.Network.random(SIZES, ACTIVATION, seed=0)
    t_lib, t_sk, run, clf = interleaved(
        lambda: bl.train(net, x_train, y_train, LR, epochs=EPOCHS, batch_size=BATCH, loss="ce", seed=0,
                         optimizer=bl.Adam()),
        lambda: fit_quietly(mlp_classifier(0), x_train.T, t_train))
    check(clf.n_iter_ == EPOCHS, f"MLPClassifier ran {clf.n_iter_} epochs, not {EPOCHS}")
    accuracy_lib = float(np.mean(bl.forward(run.net, x_test).output.argmax(axis=0) == t_test))
    accuracy_sk = float(clf.score(x_test.T, t_test))
    check(accuracy_lib > 0.95 and accuracy_sk > 0.95,  # both really learnt the digits
          f"test accuracy {accuracy_lib:.3f} (bl.train) and {accuracy_sk:.3f} (MLPClassifier), expected > 0.95")
    return t_lib / t_sk, f"{t_lib:.2f} s against {t_sk:.2f} s for {EPOCHS} epochs", \
        {"backprop_lib_s": t_lib, "mlpclassifier_s": t_sk, "epochs": EPOCHS}


#: The measurements whose goal is a strict bound (faster, not as fast): ratio < goal; the others
#: meet theirs with ratio <= goal.
STRICT_GOALS = {"digits_sklearn"}


def meets(key: str, ratio: float, goal: float) -> bool:
    """Whether measurement ``key`` met its goal: ``ratio < goal`` for a strict one, else ``<=``."""
    return bool(ratio < goal) if key in STRICT_GOALS else bool(ratio <= goal)


MEASUREMENTS = [
    # key, label (as the README's table writes it), goal, function
    ("xor_single", "XOR 2-2-1, full batch, loss recorded every step: `bl.train` / plain loop", 1.3, xor_single),
    ("xor_stack", "XOR, 500 networks stacked, every loss recorded every step: `bl.train` per network / plain loop",
     0.05, xor_stack),
    ("digits_epoch", "the digits chapter's 64-32-10 network (sigmoid, softmax, cross-entropy), Adam, mini-batches of "
     "32 on the 1,077 training digits, per epoch: `bl.train` / plain loop", 1.5, digits_epoch),
    ("digits_sklearn", "the digits chapter's whole run, 40 epochs of the same: `bl.train` / scikit-learn's "
     "`MLPClassifier`", 1.0, versus_sklearn),
]


def machine() -> dict:
    """What ran the benchmark: processor, cores, load, and the versions that matter."""
    import os
    import platform

    import sklearn

    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"processor": model, "cores": os.cpu_count(), "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__,
            "load_average_1min_at_start": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None}


def result_row(key, label, goal, ratio, detail, times) -> dict:
    """One measurement as results.json keeps it: the ratio to three decimals, whether the ratio
    itself (before rounding) met the goal, the times to four significant digits."""
    return {"key": key, "label": label, "ratio": round(float(ratio), 3), "goal": goal, "met": meets(key, ratio, goal),
            "detail": detail, "times": {k: float(f"{v:.4g}") if isinstance(v, float) else v for k, v in times.items()}}


def ratio_text(ratio: float) -> str:
    """A ratio as the README's table writes it: three significant digits (1.16, 0.019)."""
    return f"{ratio:.3g}"


def readme_table(results: dict) -> str:
    """The README's table of ratios, from results.json's content."""
    rows = ["| measurement | ratio | goal |", "| --- | --- | --- |"]
    for row in results["measurements"]:
        goal = f"{row['goal']:g}"
        bound = "< " if row["key"] in STRICT_GOALS else "≤ "
        rows.append(f"| {row['label']} | {ratio_text(row['ratio'])} | {bound}{goal} |")
    return "\n".join(rows)


def main(write: bool = True) -> dict:
    """Run every measurement, print the ratios, and write them to results.json."""
    import datetime
    import json
    from pathlib import Path

    results = {"date": datetime.date.today().isoformat(), "machine": machine(), "rounds": ROUNDS, "measurements": []}
    print(f"{'measurement':58s} {'ratio':>7s} {'goal':>6s}  detail")
    for key, label, goal, measure in MEASUREMENTS:
        ratio, detail, times = measure()
        row = result_row(key, label, goal, ratio, detail, times)
        results["measurements"].append(row)
        print(f"{key:58s} {ratio:7.3f} {goal:6.2f}  {detail} ({'ok' if row['met'] else 'MISSED'})", flush=True)
    if write:
        path = Path(__file__).with_name("results.json")
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {path.name}; the README's table:\n\n{readme_table(results)}")
    return results


if __name__ == "__main__":
    main()
