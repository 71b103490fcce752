"""How much faster is training a stack of networks than training them one by one?

Trains seed 002's 2-2-1 sigmoid network on XOR from 20 seeds for 2,000 full-batch steps,
once with `backprop_lib.train` network by network and once with
`backprop_lib.ensemble.train_ensemble`, checks that both give the same losses, and prints
the two times and the speed-up. Not run by the tests:

    .venv/bin/python benchmarks/ensemble_speed.py
"""

import time

import numpy as np

import backprop_lib as bl
from backprop_lib.ensemble import train_ensemble

SEEDS, STEPS, LR = 20, 2000, 0.1
X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])  # one column per sample
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def main() -> None:
    nets = [bl.Network.random((2, 2, 1), seed=s, init="uniform") for s in range(SEEDS)]

    start = time.perf_counter()
    one_by_one = [bl.train(net, X, Y, lr=LR, steps=STEPS) for net in nets]
    t_single = time.perf_counter() - start

    start = time.perf_counter()
    together = train_ensemble(nets, X, Y, lr=LR, steps=STEPS)
    t_stack = time.perf_counter() - start

    worst = max(np.abs(together.losses[k] - run.losses).max() for k, run in enumerate(one_by_one))
    assert worst < 1e-10, f"the two ways disagree by {worst:.3e}"
    print(f"{SEEDS} networks x {STEPS} steps")
    print(f"one by one (bl.train):    {t_single:7.3f} s")
    print(f"stacked (train_ensemble): {t_stack:7.3f} s")
    print(f"speed-up:                 {t_single / t_stack:7.1f} x (largest loss difference {worst:.1e})")


if __name__ == "__main__":
    main()
