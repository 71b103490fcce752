"""How fast is backprop_lib next to a plain numpy loop doing the same arithmetic?

Four measurements. In each, every contender runs once a round, the rounds interleaved (the
order turned round by round) so that a slow moment of the machine slows all of them alike;
each run's wall time and CPU time (the process's, every thread's) are kept, and each ratio is
the median over the rounds of the two contenders' wall times in that round, with its spread:

1. XOR, a 2-2-1 sigmoid network, full batch, 10,000 epochs, the loss recorded at every step:
   `bl.train` against a plain loop.                                       goal: <= 1.3
2. The same for 500 networks stacked and trained at once by `bl.train`, the loss of every
   network recorded at every step, against a plain loop over the same stacked arrays
   (500 × 2 × 2 and so on, the same `@` on them).                         goal: <= 1.3
3. The digits chapter's training (lessons/11_digits.ipynb): sklearn's real 8×8 digits, the
   chapter's split and scaling (1,077 training digits, pixels / 16), its 64-32-10 network
   (sigmoid hidden units, softmax output, cross-entropy), Adam at eta = 0.03 on mini-batches
   of 32, the loss of the whole training set recorded once an epoch: `bl.train` against a
   plain numpy loop, per epoch.                                            goal: <= 1.5
4. The chapter's whole run, 35 epochs of the same from seed 0: `bl.train` against
   scikit-learn's MLPClassifier set the same way (same layers, activation, loss, Adam and its
   moments, batch size, epochs, no L2).                                   goal: < 1 (faster)
   The plain loop runs beside them, and each is reported against it too.

Threads. numpy's BLAS splits a product large enough over threads; the library computes such
products on one thread (backprop_lib/_blas.py), since a second thread that waits for a busy
core costs far more than it saves. The benchmark pins BLAS to ``--threads`` threads for the
whole process (default: what numpy started with, the machine's cores) and reports it with the
load average at the start and the end of every measurement: MLPClassifier runs on those
threads, as a user's would. The plain loops compute the same products on the same one thread
as the library (a product BLAS would split, in the digits' loss of the whole training set),
so that a ratio to them measures the bookkeeping around the arithmetic, not the threads; the
whole run also times the plain loop on the pinned threads, to show what the threads cost.

Both sides of 1-3 compute the same numbers, and the script checks that they agree before it
prints; for 4, that MLPClassifier ran every epoch and both sides learnt the digits. Run by
hand, never by the tests (a timed test fails on a busy machine):

    .venv/bin/python benchmarks/speed.py                 # print only
    .venv/bin/python benchmarks/speed.py --write         # and write benchmarks/results.json

With ``--write`` it writes what it measured, with the machine, the threads, the load and the
date, to benchmarks/results.json, which the digits chapter shows and the README's table
repeats (a test checks that they agree): paste the table it prints into the README, then
refresh the digits chapter (.venv/bin/python tools/refresh_lessons.py lessons/11_digits.ipynb).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from threadpoolctl import ThreadpoolController

import backprop_lib as bl
from backprop_lib.pages.examples import XOR_X, XOR_Y

ROUNDS = 5
BLAS = ThreadpoolController()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def plain_xor(W1, b1, W2, b2, lr, epochs):
    """Full-batch gradient descent on XOR, written out as a learner would. Given stacked
    arrays (``W1`` of shape ``(N, 2, 2)`` and so on), the same lines train the N networks at
    once, and the losses are one row per network."""
    X, Y = XOR_X, XOR_Y
    losses = np.empty(W1.shape[:-2] + (epochs + 1,))
    for epoch in range(epochs):
        A1 = sigmoid(W1 @ X + b1)
        A2 = sigmoid(W2 @ A1 + b2)
        losses[..., epoch] = 0.5 * np.sum((A2 - Y) ** 2, axis=(-2, -1))
        d2 = (A2 - Y) * A2 * (1 - A2)
        d1 = (W2.mT @ d2) * A1 * (1 - A1)
        W2, b2 = W2 - lr * (d2 @ A1.mT), b2 - lr * d2.sum(axis=-1, keepdims=True)
        W1, b1 = W1 - lr * (d1 @ X.T), b1 - lr * d1.sum(axis=-1, keepdims=True)
    A2 = sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)
    losses[..., epochs] = 0.5 * np.sum((A2 - Y) ** 2, axis=(-2, -1))
    return losses


# The digits chapter's data and training, as lessons/11_digits.ipynb states them (a test
# checks these against the values the lesson glued).
TEST_SIZE, SPLIT_SEED, SCALE = 0.25, 0, 16.0   # train_test_split(test_size, random_state), pixels / 16
VAL_SIZE, VAL_SEED = 0.2, 0                      # the validation digits, split off the rest the same way
SIZES, ACTIVATION = (64, 32, 10), ("sigmoid", "softmax")
LR, BATCH, EPOCHS = 0.03, 32, 35                 # Adam's eta, mini-batch size, epochs (chosen on validation)
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


def on_one_thread(fn):
    """``fn`` run with BLAS on one thread, as the library runs its products."""
    def run():
        with BLAS.limit(limits=1, user_api="blas"):
            return fn()
    return run


def check(agree: bool, what: str) -> None:
    """Stop the benchmark unless ``agree`` (both sides compute the same, both learn): not an
    ``assert``, which ``python -O`` drops."""
    if not agree:
        raise RuntimeError(f"benchmark check failed: {what}; no ratio is written")


# ---- the race: every contender once a round, rounds interleaved -------------------------------------------------
def spread(values) -> dict:
    """The median of ``values`` and their range."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


#: The pause before each timed run, in seconds. After its last product on several threads,
#: OpenBLAS keeps its other threads spinning for a while (some 0.1 s) before they sleep: a run
#: started within that time would share the cores with them, and be charged their CPU time.
SETTLE = 0.25


def race(contenders: dict, rounds: int) -> dict:
    """Run each of ``contenders`` (name: function) once untimed, then ``rounds`` rounds of each
    once, the order turned by one every round, each run after a pause of ``SETTLE``. Returns,
    per name, the wall and CPU times of every round (``wall``, ``cpu``: lists) and its last
    result (``result``), and the load averages (1, 5, 15 minutes) before and after (``load``)."""
    names = list(contenders)
    load_before = os.getloadavg()
    out = {name: {"wall": [], "cpu": [], "result": contenders[name]()} for name in names}  # warm-up
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            time.sleep(SETTLE)
            wall, cpu = time.perf_counter(), time.process_time()
            result = contenders[name]()
            out[name]["cpu"].append(time.process_time() - cpu)
            out[name]["wall"].append(time.perf_counter() - wall)
            out[name]["result"] = result
    out["load"] = {"before": [round(v, 2) for v in load_before], "after": [round(v, 2) for v in os.getloadavg()]}
    return out


def paired(raced: dict, a: str, b: str, clock: str = "wall") -> dict:
    """The ratio of ``a``'s time to ``b``'s, round by round: its median and range."""
    return spread([ta / tb for ta, tb in zip(raced[a][clock], raced[b][clock])])


def measured(raced, a, b, detail, times, seconds, unit, scale) -> dict:
    """A measurement's outcome: the race, the two contenders of its ratio (``a`` / ``b``), the
    detail and times results.json keeps, every contender's times (``seconds``) and the unit
    they are printed in (``scale`` of them to a second)."""
    return {"raced": raced, "a": a, "b": b, "detail": detail, "times": times, "seconds": seconds, "unit": unit,
            "scale": scale}


def timings(raced: dict, per: float = 1.0) -> dict:
    """Every contender's wall and CPU times (median, range), divided by ``per``."""
    return {name: {clock: {k: v / per for k, v in spread(raced[name][clock]).items()} for clock in ("wall", "cpu")}
            for name in raced if name != "load"}


def per_epoch(raced: dict, epochs: int, unit: str, scale: float, decimals: int, networks: int = 0) -> dict:
    """A race of ``bl.train`` against a plain loop doing the same arithmetic, per epoch: the
    detail line (printed in ``unit``, ``scale`` of them to a second, with ``decimals``) and the
    times results.json keeps; for a stack, its ``networks`` too."""
    t = timings(raced, epochs)
    lib, plain = t["bl.train"], t["plain loop"]

    def both(clock):
        return f"{scale * lib[clock]['median']:.{decimals}f}", f"{scale * plain[clock]['median']:.{decimals}f}"

    (lib_wall, plain_wall), (lib_cpu, plain_cpu) = both("wall"), both("cpu")
    detail = f"{lib_wall} {unit} against {plain_wall} {unit} an epoch"
    detail += f" of {networks} networks" if networks else ""
    detail += f" (CPU {lib_cpu} against {plain_cpu})"
    times = {"backprop_lib_s_per_epoch": lib["wall"]["median"], "plain_numpy_s_per_epoch": plain["wall"]["median"]}
    if networks:
        detail += f", {scale * lib['wall']['median'] / networks:.2f} {unit} a network-epoch"
        times["networks"] = networks
    return measured(raced, "bl.train", "plain loop", detail, times, t, unit, scale)


# ---- the measurements --------------------------------------------------------------------------------------------
def xor_single(rounds=ROUNDS):
    net, epochs, lr = bl.Network.random((2, 2, 1), seed=0, init="uniform"), 10_000, 0.1
    params = (net.W[1], net.b[1], net.W[2], net.b[2])
    raced = race({"bl.train": lambda: bl.train(net, XOR_X, XOR_Y, lr, epochs),
                  "plain loop": lambda: plain_xor(*params, lr, epochs)}, rounds)
    check(np.allclose(raced["bl.train"]["result"].losses, raced["plain loop"]["result"], rtol=1e-12, atol=0),
          "XOR losses, bl.train and the plain loop")
    return per_epoch(raced, epochs, "µs", 1e6, 1)


def xor_stack(rounds=ROUNDS, n_networks=500, epochs=2_000):
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(n_networks)]
    stacked, lr = bl.stack(nets), 0.1
    arrays = (stacked.W[1], stacked.b[1], stacked.W[2], stacked.b[2])  # (500, 2, 2), (500, 2, 1), ...
    raced = race({"bl.train": lambda: bl.train(stacked, XOR_X, XOR_Y, lr, epochs),
                  "plain loop": lambda: plain_xor(*arrays, lr, epochs)}, rounds)
    check(np.allclose(raced["bl.train"]["result"].losses, raced["plain loop"]["result"], rtol=1e-12, atol=0),
          "the stack's XOR losses, bl.train and the plain loop over the same stacked arrays")
    return per_epoch(raced, epochs, "µs", 1e6, 0, networks=n_networks)


def digits_epoch(rounds=ROUNDS, epochs=10):
    """`bl.train` against the plain loop, on the chapter's real digits, network and Adam."""
    x_train, _, _, _, y_train = digits_split()
    net = bl.Network.random(SIZES, ACTIVATION, seed=0)
    params = (net.W[1], net.b[1], net.W[2], net.b[2])
    raced = race({
        "bl.train": lambda: bl.train(net, x_train, y_train, LR, epochs=epochs, batch_size=BATCH, loss="ce", seed=1,
                                     optimizer=bl.Adam()),
        "plain loop": on_one_thread(lambda: plain_digits(*params, x_train, y_train, LR, BATCH, epochs,
                                                         np.random.default_rng(1)))}, rounds)
    check(np.allclose(raced["bl.train"]["result"].losses, raced["plain loop"]["result"], rtol=1e-9, atol=0),
          "digits losses, bl.train and the plain loop")
    return per_epoch(raced, epochs, "ms", 1e3, 2)


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


def versus_sklearn(rounds=ROUNDS):
    """The chapter's whole training run, EPOCHS epochs from seed 0: `bl.train` against
    scikit-learn's MLPClassifier doing the same on the same samples, and both against the
    plain loop (on one thread, as the library; and on the pinned threads)."""
    x_train, x_test, t_train, t_test, y_train = digits_split()
    net = bl.Network.random(SIZES, ACTIVATION, seed=0)
    params = (net.W[1], net.b[1], net.W[2], net.b[2])

    def plain():
        return plain_digits(*params, x_train, y_train, LR, BATCH, EPOCHS, np.random.default_rng(0))

    raced = race({
        "bl.train": lambda: bl.train(net, x_train, y_train, LR, epochs=EPOCHS, batch_size=BATCH, loss="ce", seed=0,
                                     optimizer=bl.Adam()),
        "MLPClassifier": lambda: fit_quietly(mlp_classifier(0), x_train.T, t_train),
        "plain loop": on_one_thread(plain),
        "plain loop, pinned threads": plain}, rounds)
    run, clf = raced["bl.train"]["result"], raced["MLPClassifier"]["result"]
    check(clf.n_iter_ == EPOCHS, f"MLPClassifier ran {clf.n_iter_} epochs, not {EPOCHS}")
    check(np.allclose(run.losses, raced["plain loop"]["result"], rtol=1e-9, atol=0),
          "digits losses, bl.train and the plain loop")
    accuracy_lib = float(np.mean(bl.forward(run.net, x_test).output.argmax(axis=0) == t_test))
    accuracy_sk = float(clf.score(x_test.T, t_test))
    check(accuracy_lib > 0.95 and accuracy_sk > 0.95,  # both really learnt the digits
          f"test accuracy {accuracy_lib:.3f} (bl.train) and {accuracy_sk:.3f} (MLPClassifier), expected > 0.95")
    t = timings(raced)
    lib, sk, plain_t = t["bl.train"], t["MLPClassifier"], t["plain loop"]
    threaded = t["plain loop, pinned threads"]
    detail = (f"{lib['wall']['median']:.2f} s against {sk['wall']['median']:.2f} s for {EPOCHS} epochs "
              f"(CPU {lib['cpu']['median']:.2f} against {sk['cpu']['median']:.2f}; the plain loop "
              f"{plain_t['wall']['median']:.2f} s, on the pinned threads {threaded['wall']['median']:.2f} s)")
    return measured(raced, "bl.train", "MLPClassifier", detail, {"backprop_lib_s": lib["wall"]["median"],
                                                                 "mlpclassifier_s": sk["wall"]["median"],
                                                                 "plain_numpy_s": plain_t["wall"]["median"],
                                                                 "epochs": EPOCHS}, t, "s", 1.0)


#: The measurements whose goal is a strict bound (faster, not as fast): ratio < goal; the others
#: meet theirs with ratio <= goal.
STRICT_GOALS = {"digits_sklearn"}


def meets(key: str, ratio: float, goal: float) -> bool:
    """Whether measurement ``key`` met its goal: ``ratio < goal`` for a strict one, else ``<=``."""
    return bool(ratio < goal) if key in STRICT_GOALS else bool(ratio <= goal)


MEASUREMENTS = [
    # key, label (as the README's table writes it), goal, function
    ("xor_single", "XOR 2-2-1, full batch, loss recorded every step: `bl.train` / plain loop", 1.3, xor_single),
    ("xor_stack", "XOR, 500 networks stacked, every loss recorded every step: `bl.train` / plain loop over the same "
     "stacked arrays", 1.3, xor_stack),
    ("digits_epoch", "the digits chapter's 64-32-10 network (sigmoid, softmax, cross-entropy), Adam, mini-batches of "
     "32 on the 1,077 training digits, per epoch: `bl.train` / plain loop", 1.5, digits_epoch),
    ("digits_sklearn", f"the digits chapter's whole run, {EPOCHS} epochs of the same: `bl.train` / scikit-learn's "
     "`MLPClassifier`", 1.0, versus_sklearn),
]


def blas_threads() -> list:
    """The thread count of every BLAS library numpy has loaded."""
    return [lib.num_threads for lib in BLAS.select(user_api="blas").lib_controllers]


def machine() -> dict:
    """What ran the benchmark: processor, cores, load, and the versions that matter."""
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
            "blas": ", ".join(f"{lib.internal_api} {lib.version}"
                              for lib in BLAS.select(user_api="blas").lib_controllers),
            "load_average_1min_at_start": round(os.getloadavg()[0], 2)}


def result_row(key, label, goal, ratio, detail, times) -> dict:
    """One measurement as results.json keeps it: the ratio to three decimals, whether the ratio
    itself (before rounding) met the goal, the times to four significant digits."""
    return {"key": key, "label": label, "ratio": round(float(ratio), 3), "goal": goal, "met": meets(key, ratio, goal),
            "detail": detail, "times": {k: float(f"{v:.4g}") if isinstance(v, float) else v for k, v in times.items()}}


def _rounded(tree):
    """Every float of a nest of dicts and lists to four significant digits."""
    if isinstance(tree, dict):
        return {k: _rounded(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_rounded(v) for v in tree]
    return float(f"{tree:.4g}") if isinstance(tree, float) else tree


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


def _print_race(m: dict) -> None:
    """Every contender's wall and CPU times, median [range], and the ratio's, round by round."""
    scale = m["scale"]
    for name, clocks in m["seconds"].items():
        cells = [f"{clock} {scale * c['median']:9.2f} [{scale * c['min']:.2f}–{scale * c['max']:.2f}]"
                 for clock, c in clocks.items()]
        print(f"    {name:28s} {m['unit']:>2s}  " + "   ".join(cells))
    for clock in ("wall", "cpu"):
        r = paired(m["raced"], m["a"], m["b"], clock)
        print(f"    {m['a']} / {m['b']}, {clock} time round by round: "
              f"{r['median']:.3f} [{r['min']:.3f}–{r['max']:.3f}]")


def main(argv=None) -> dict:
    """Run the measurements, print them, and with ``--write`` write them to results.json."""
    import datetime
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=max(blas_threads(), default=1),
                        help="BLAS threads for the whole process (default: numpy's, %(default)s here)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="interleaved rounds (default %(default)s)")
    parser.add_argument("--only", nargs="*", choices=[key for key, *_ in MEASUREMENTS], help="these measurements only")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results.json")
    args = parser.parse_args(argv)
    if args.write and (args.only or args.rounds != ROUNDS):
        parser.error("--write keeps every measurement at the default rounds: drop --only and --rounds")

    with BLAS.limit(limits=args.threads, user_api="blas"):
        results = {"date": datetime.date.today().isoformat(), "machine": machine(), "blas_threads": blas_threads(),
                   "rounds": args.rounds, "measurements": []}
        print(f"BLAS threads pinned to {results['blas_threads']} ({results['machine']['blas']}); "
              f"{args.rounds} interleaved rounds; load average {' '.join(map(str, os.getloadavg()))} "
              f"on {results['machine']['cores']} cores")
        for key, label, goal, measure in MEASUREMENTS:
            if args.only and key not in args.only:
                continue
            m = measure(args.rounds)
            raced, a, b = m["raced"], m["a"], m["b"]
            ratio = paired(raced, a, b)
            row = result_row(key, label, goal, ratio["median"], m["detail"], m["times"])
            row.update(_rounded({"ratio_range": [ratio["min"], ratio["max"]], "cpu_ratio": paired(raced, a, b, "cpu"),
                                 "load_average": raced["load"], "seconds": m["seconds"],
                                 "seconds_per": "run" if "epochs" in m["times"] else "epoch"}))
            results["measurements"].append(row)
            print(f"{key}: {row['ratio']:.3f} (goal {'<' if key in STRICT_GOALS else '≤'} {goal:g}: "
                  f"{'met' if row['met'] else 'MISSED'}); {m['detail']}")
            _print_race(m)
            print(f"    load average before {raced['load']['before']}, after {raced['load']['after']}", flush=True)
    if args.write:
        path = Path(__file__).with_name("results.json")
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {path.name}; the README's table:\n\n{readme_table(results)}")
    return results


if __name__ == "__main__":
    main()
