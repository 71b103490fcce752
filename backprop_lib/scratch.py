r"""A whole trainer in plain numpy, written the way a reader writes it: the
forward pass, the four equations BP1 to BP4 for a batch, one step of gradient
descent, and the mini-batch loop with a held-out measurement. It is the worked
solution of the chapter where the reader writes their own trainer, and the
correct trainer into which the chapter on networks that do not learn plants
its bugs, so it is meant to be read in one sitting; the rest of the library
(``bl.train``) does the same arithmetic with validation, records, optimisers
and stacks of networks.

Conventions (those of :mod:`backprop_lib.exercises`, whose checkers compare
each function with the library): lists indexed by the layer number l, entry 0
unused (``None``); ``W[l]`` has shape ``(n_l, n_{l-1})``, ``b[l]`` is a column
``(n_l, 1)``; ``f[l]`` and ``f_prime[l]`` are layer l's activation and its
derivative, functions of Z[l]; a batch has one column per sample: ``X`` is
``(n_0, m)``, ``Y`` is ``(n_L, m)``. Two losses: ``"half_sse"``, half the
squared error summed over every output of every sample, and ``"ce"``, the
cross-entropy of a softmax output layer averaged over the samples.
"""

from __future__ import annotations

import numpy as np


def forward(W, b, f, X):
    """The forward pass: Z[l] = W[l] A[l-1] + b[l], A[l] = f[l](Z[l]);
    A[0] = X."""
    Z, A = [None], [X]
    for l in range(1, len(W)):
        Z.append(W[l] @ A[l - 1] + b[l])
        A.append(f[l](Z[l]))
    return Z, A


def loss(A_L, Y, kind="half_sse"):
    """The loss of the outputs A_L against the targets Y:
    1/2 sum (A_L - Y)^2, or for "ce" -(1/m) sum Y ln A_L."""
    if kind == "ce":
        return -np.sum(Y * np.log(A_L)) / Y.shape[1]
    return 0.5 * np.sum((A_L - Y) ** 2)


def backward(W, f_prime, Z, A, Y, kind="half_sse"):
    """BP1 to BP4 for the batch: the errors Delta[l] and the gradients
    dW[l], db[l], each a list indexed by the layer l."""
    L = len(W) - 1
    Delta, dW, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    if kind == "ce":                                   # BP1, softmax and ce
        Delta[L] = (A[L] - Y) / Y.shape[1]
    else:                                              # BP1
        Delta[L] = (A[L] - Y) * f_prime[L](Z[L])
    for l in range(L, 0, -1):
        if l < L:                                      # BP2
            Delta[l] = (W[l + 1].T @ Delta[l + 1]) * f_prime[l](Z[l])
        dW[l] = Delta[l] @ A[l - 1].T                  # BP3
        db[l] = Delta[l].sum(axis=1, keepdims=True)    # BP4
    return Delta, dW, db


def update(W, b, dW, db, lr):
    """One step of gradient descent, in new lists:
    W[l] - lr dW[l] and b[l] - lr db[l]."""
    L = len(W) - 1
    return ([None] + [W[l] - lr * dW[l] for l in range(1, L + 1)],
            [None] + [b[l] - lr * db[l] for l in range(1, L + 1)])


def train(W, b, f, f_prime, X, Y, X_held, Y_held, lr, epochs, batch_size, rng,
          kind="half_sse"):
    """Mini-batch gradient descent: each epoch draws a fresh order of the
    samples and takes one step per slice of batch_size of them. Returns the
    trained W, b and the held-out loss before the first epoch and after
    each."""
    held = [loss(forward(W, b, f, X_held)[1][-1], Y_held, kind)]
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for k in range(0, len(order), batch_size):
            batch = order[k:k + batch_size]
            Z, A = forward(W, b, f, X[:, batch])
            _, dW, db = backward(W, f_prime, Z, A, Y[:, batch], kind)
            W, b = update(W, b, dW, db, lr)
        held.append(loss(forward(W, b, f, X_held)[1][-1], Y_held, kind))
    return W, b, held
