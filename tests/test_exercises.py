"""The checkers of the reader's code (backprop_lib.exercises): a correct trainer, written here
as a reader would write it, passes every checker; each planted mistake is caught, and the verdict
names the very array, entry and values (the library's value recomputed here by the correct code,
the reader's by the planted one), or the operation and its local derivative."""

import math

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.autograd import Value as BookValue
from backprop_lib.exercises import TOLERANCE, check_backward, check_forward, check_train, check_update, check_value


# ---- a correct trainer, as the chapter's reader writes it -------------------------------------------
def forward(W, b, f, X):
    Z, A = [None], [X]
    for l in range(1, len(W)):
        Z.append(W[l] @ A[l - 1] + b[l])
        A.append(f[l](Z[l]))
    return Z, A


def half_sse_error(Z, A, Y, f_prime):
    """(BP1) for half the summed squared error."""
    return (A - Y) * f_prime(Z)


def ce_error(Z, A, Y, f_prime):
    """(BP1) for categorical cross-entropy after a softmax output: (A - Y) / m."""
    return (A - Y) / Y.shape[1]


def hidden_error(W_next, Delta_next, Z, f_prime):
    """(BP2)"""
    return (W_next.T @ Delta_next) * f_prime(Z)


def make_backward(bp1=half_sse_error, bp2=hidden_error):
    """BP1-BP4, with BP1 and BP2 as given (a mistake may be planted in either)."""

    def backward(W, f_prime, Z, A, Y):
        L = len(W) - 1
        Delta, dW, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
        Delta[L] = bp1(Z[L], A[L], Y, f_prime[L])
        for l in range(L, 0, -1):
            if l < L:
                Delta[l] = bp2(W[l + 1], Delta[l + 1], Z[l], f_prime[l])
            dW[l] = Delta[l] @ A[l - 1].T
            db[l] = Delta[l].sum(axis=1, keepdims=True)
        return Delta, dW, db

    return backward


backward, backward_ce = make_backward(), make_backward(bp1=ce_error)


def update(W, b, dW, db, lr):
    return ([None] + [W[l] - lr * dW[l] for l in range(1, len(W))],
            [None] + [b[l] - lr * db[l] for l in range(1, len(b))])


def half_sse(A_L, Y):
    return 0.5 * np.sum((A_L - Y) ** 2)


def epoch_order(rng, m, epoch):
    return rng.permutation(m)


def batches(m, batch_size):
    return range(0, m, batch_size)


def make_train(draw=epoch_order, starts=batches, measure=lambda X, Y, X_held, Y_held: (X_held, Y_held), first=True,
               loss=half_sse, backward=backward):
    """A training loop; each argument is one of its parts, for a mistake to be planted in."""

    def train(W, b, f, f_prime, X, Y, X_held, Y_held, lr, epochs, batch_size, rng):
        def held_loss(W, b):
            Xh, Yh = measure(X, Y, X_held, Y_held)
            return loss(forward(W, b, f, Xh)[1][-1], Yh)

        held = [held_loss(W, b)] if first else []
        m = X.shape[1]
        for epoch in range(epochs):
            order = draw(rng, m, epoch)
            for k in starts(m, batch_size):
                cols = order[k:k + batch_size]
                Z, A = forward(W, b, f, X[:, cols])
                _, dW, db = backward(W, f_prime, Z, A, Y[:, cols])
                W, b = update(W, b, dW, db, lr)
            held.append(held_loss(W, b))
        return W, b, held

    return train


train = make_train()


class Scalar:
    """A scalar autograd in micrograd's way (each result keeps a function that hands its
    gradient back to its parents), each operation written out on its own."""

    def __init__(self, data, parents=()):
        self.data, self.grad, self.parents, self.back = float(data), 0.0, parents, lambda: None

    def lift(self, other):
        return other if isinstance(other, Scalar) else type(self)(other)

    def made(self, data, parents, local):
        out = type(self)(data, parents)

        def back():
            for parent, d in zip(parents, local):
                parent.grad += d * out.grad

        out.back = back
        return out

    def __add__(self, other):
        other = self.lift(other)
        return self.made(self.data + other.data, (self, other), (1.0, 1.0))

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        other = self.lift(other)
        return self.made(self.data - other.data, (self, other), (1.0, -1.0))

    def __rsub__(self, other):
        return self.lift(other) - self

    def __mul__(self, other):
        other = self.lift(other)
        return self.made(self.data * other.data, (self, other), (other.data, self.data))

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        other = self.lift(other)
        return self.made(self.data / other.data, (self, other), (1 / other.data, -self.data / other.data ** 2))

    def __rtruediv__(self, other):
        return self.lift(other) / self

    def __neg__(self):
        return self.made(-self.data, (self,), (-1.0,))

    def __pow__(self, k):
        return self.made(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def exp(self):
        e = math.exp(self.data)
        return self.made(e, (self,), (e,))

    def log(self):
        return self.made(math.log(self.data), (self,), (1 / self.data,))

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        return self.made(s, (self,), (s * (1 - s),))

    def tanh(self):
        t = math.tanh(self.data)
        return self.made(t, (self,), (1 - t * t,))

    def relu(self):
        return self.made(max(self.data, 0.0), (self,), (float(self.data > 0),))

    def max(self, other):
        other = self.lift(other)
        first = self.data >= other.data
        return self.made(max(self.data, other.data), (self, other), (float(first), float(not first)))

    def half_square(self):
        return self.made(0.5 * self.data ** 2, (self,), (self.data,))

    def order(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for parent in v.parents:
                    visit(parent)
                order.append(v)

        visit(self)
        return order

    def backward(self):
        order = self.order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            v.back()


# ---- the correct code passes ---------------------------------------------------------------------------
def test_a_correct_trainer_passes_every_checker_and_each_verdict_says_so():
    for verdict, what in [(check_forward(forward), "forward"), (check_backward(backward), "backward"),
                          (check_update(update), "update"), (check_train(train), "train")]:
        assert verdict.agrees and verdict.what == what, verdict
        assert verdict.largest <= TOLERANCE
        assert repr(verdict).startswith(f"✓ {what} agrees with the library to round-off on ")
    assert repr(check_backward(backward)) == (
        "✓ backward agrees with the library to round-off on 8 random networks (1 to 4 layers, batches of 1 to 7 "
        "samples, the half_sse loss): every entry within 1e-10 of the library's, relative to its array's largest.")


def test_the_library_s_own_passes_pass_as_the_reader_s_code():
    """The book's code, the worked solution, passes: its inner passes have the reader's lists."""
    def library_forward(W, b, f, X):
        return bl.backprop.feedforward(W, b, f, X)

    assert check_forward(library_forward).agrees


def test_a_correct_backward_for_each_loss_passes_for_that_loss():
    def mse_backward(W, f_prime, Z, A, Y):
        L = len(W) - 1
        Delta, dW, db = backward(W, f_prime, Z, A, Y)
        return ([None] + [d * 2 / A[L].size for d in Delta[1:]], [None] + [d * 2 / A[L].size for d in dW[1:]],
                [None] + [d * 2 / A[L].size for d in db[1:]])

    assert check_backward(mse_backward, loss="mse").agrees
    assert check_backward(make_backward(bp1=lambda Z, A, Y, f_prime: (A - Y) / Y.size), loss="bce").agrees
    assert check_backward(backward_ce, loss="ce").agrees


def test_a_correct_training_loop_with_cross_entropy_passes_for_that_loss_and_not_for_another():
    def ce(A_L, Y):
        return -np.sum(Y * np.log(A_L)) / Y.shape[1]

    ce_train = make_train(loss=ce, backward=backward_ce)
    assert check_train(ce_train, loss="ce").agrees
    verdict = check_train(ce_train, loss="half_sse")  # its BP1 is cross-entropy's, (A - Y) / m
    assert not verdict.agrees and verdict.quantity == "W[1]" and verdict.error is None


def test_a_verdict_is_the_same_for_the_same_seed_and_other_networks_for_another():
    assert repr(check_forward(no_bias_forward, seed=3)) == repr(check_forward(no_bias_forward, seed=3))
    assert repr(check_forward(no_bias_forward, seed=0)) != repr(check_forward(no_bias_forward, seed=1))


def no_bias_forward(W, b, f, X):
    Z, A = [None], [X]
    for l in range(1, len(W)):
        Z.append(W[l] @ A[l - 1])
        A.append(f[l](Z[l]))
    return Z, A


# ---- forward: planted mistakes --------------------------------------------------------------------------
def assert_names(verdict, message_start, quantity, entry, yours, library):
    """The verdict disagrees and names ``quantity`` at ``entry``, with both values as computed by
    the test (the planted code's, and the correct code's: the library's)."""
    assert not verdict.agrees
    assert verdict.quantity == quantity and verdict.entry == entry, verdict
    assert verdict.yours == pytest.approx(yours, rel=1e-12) and verdict.library == pytest.approx(library, rel=1e-12)
    text = repr(verdict)
    assert text.startswith(message_start), text
    assert f"{quantity}{list(entry)} is {yours:.6g} in yours and {library:.6g} in the library's" in text, text
    assert f"a difference of {yours - library:.3g}" in text, text


def test_forward_without_the_bias_is_named_at_z1():
    verdict = check_forward(no_bias_forward)
    W, b, f, X = verdict.arguments
    mine, right = no_bias_forward(W, b, f, X)[0][1], forward(W, b, f, X)[0][1]
    assert_names(verdict, "✗ forward: Z[1] (Z¹) disagrees with the library on network 1 of 8 (sizes 3-4-2, tanh, "
                 "sigmoid; m = 5 samples): ", "Z[1]", (0, 0), mine[0, 0], right[0, 0])
    assert "19 more of its 20 entries differ" in repr(verdict)


def test_forward_with_a_linear_output_layer_is_named_at_a2():
    def linear_output(W, b, f, X):
        Z, A = forward(W, b, f, X)
        return Z, A[:-1] + [Z[-1]]

    verdict = check_forward(linear_output)
    W, b, f, X = verdict.arguments
    Z, A = forward(W, b, f, X)
    assert_names(verdict, "✗ forward: A[2] (A²) disagrees", "A[2]", (0, 0), Z[2][0, 0], A[2][0, 0])


def test_forward_with_transposed_weights_raises_and_the_verdict_shows_the_line():
    def transposed(W, b, f, X):
        Z, A = [None], [X]
        for l in range(1, len(W)):
            Z.append(W[l].T @ A[l - 1] + b[l])
            A.append(f[l](Z[l]))
        return Z, A

    verdict = check_forward(transposed)
    assert not verdict.agrees and isinstance(verdict.error, ValueError)
    assert repr(verdict).startswith("✗ forward raised ValueError on network 1 of 8 (sizes 3-4-2, tanh, sigmoid; "
                                    "m = 5 samples): matmul: ")
    assert repr(verdict).endswith("(in transposed: `Z.append(W[l].T @ A[l - 1] + b[l])`).")


def test_forward_that_changes_its_argument_is_named():
    def reshaping(W, b, f, X):
        for l in range(1, len(b)):
            b[l] = b[l].reshape(-1, 1)  # a new object in the reader's list b
        return forward(W, b, f, X)

    verdict = check_forward(reshaping)
    assert not verdict.agrees and verdict.quantity == "b"
    assert repr(verdict).startswith("✗ forward changed its argument b (the list: b[1] is now another object than the "
                                    "one passed in), on network 1 of 8")

    def appending(W, b, f, X):
        W.append(None)
        return forward(W[:-1], b, f, X)

    assert repr(check_forward(appending)).startswith("✗ forward changed its argument W (the list: it held 3 entries, "
                                                     "now 4), on network 1 of 8")


def test_forward_returning_the_wrong_things_is_told_what_was_expected():
    cases = [
        (lambda W, b, f, X: forward(W, b, f, X)[1], "✗ forward returned one list of 3 arrays on network 1 of 8 (sizes "
         "3-4-2, tanh, sigmoid; m = 5 samples); expected the 2 values (Z, A), as `return Z, A`."),
        (lambda W, b, f, X: None, "✗ forward returned None on network 1 of 8"),
        (lambda W, b, f, X: tuple(v[1:] for v in forward(W, b, f, X)), "✗ forward returned Z with 2 entries on network "
         "1 of 8 (sizes 3-4-2, tanh, sigmoid; m = 5 samples); expected a list of L + 1 = 3 entries, Z[0] to Z[2], "
         "indexed by the layer number (Z[0] = None): start the list with None."),
        (lambda W, b, f, X: (forward(W, b, f, X)[0], [X, X.T, X]), "✗ forward: A[1] (A¹) has shape (5, 3) on network 1 "
         "of 8 (sizes 3-4-2, tanh, sigmoid; m = 5 samples); expected (4, 5)."),
        (lambda W, b, f, X: (forward(W, b, f, X)[0], [X, np.full((4, 5), np.nan), X]), "✗ forward: A[1] (A¹) holds nan "
         "at A[1][0, 0] on network 1 of 8"),
        (lambda W, b, f, X: (forward(W, b, f, X)[0], [X, "A1", X]), "✗ forward: A[1] (A¹) is str 'A1' on network 1"),
    ]
    for planted, start in cases:
        verdict = check_forward(planted)
        assert not verdict.agrees and repr(verdict).startswith(start), repr(verdict)


# ---- backward: planted mistakes -------------------------------------------------------------------------
def check_names(verdict, quantity, entry, planted, start):
    """``verdict`` names ``quantity`` (``"Delta[1]"``) at ``entry``, with the value the planted
    code gives there and the one the correct code gives, on the arguments of its call."""
    args = verdict.arguments
    index = {"Delta": 0, "dW": 1, "db": 2}[quantity.split("[")[0]]
    layer = int(quantity.split("[")[1].rstrip("]"))
    yours = np.asarray(planted(*args)[index][layer])[entry]
    library = backward(*args)[index][layer][entry]
    assert_names(verdict, start, quantity, entry, yours, library)


def test_backward_without_the_activation_s_derivative_in_bp2_is_named_at_delta1():
    no_f_prime = make_backward(bp2=lambda W_next, Delta_next, Z, f_prime: W_next.T @ Delta_next)
    verdict = check_backward(no_f_prime)
    check_names(verdict, "Delta[1]", (0, 0), no_f_prime, "✗ backward: Delta[1] (Δ¹, BP2) disagrees with the library on "
                "network 1 of 8 (sizes 3-4-2, tanh, sigmoid; m = 5 samples): ")


def test_backward_with_the_wrong_sign_in_bp1_is_named_at_delta2_with_its_factor():
    def wrong_sign(W, f_prime, Z, A, Y):
        Delta, dW, db = backward(W, f_prime, Z, A, Y)
        L = len(W) - 1
        return Delta[:L] + [-Delta[L]], dW, db

    verdict = check_backward(wrong_sign)
    check_names(verdict, "Delta[2]", (0, 0), wrong_sign, "✗ backward: Delta[2] (Δ², BP1) disagrees")
    assert repr(verdict).endswith("Every entry is -1 times the library's: the opposite sign.")


def test_backward_with_a_transposed_weight_gradient_is_named_by_its_shape():
    def transposed(W, f_prime, Z, A, Y):
        Delta, dW, db = backward(W, f_prime, Z, A, Y)
        return Delta, [None] + [g.T for g in dW[1:]], db

    verdict = check_backward(transposed)
    assert not verdict.agrees and verdict.quantity == "dW[2]"
    assert repr(verdict) == ("✗ backward: dW[2] (∂L/∂W², BP3) has shape (4, 2) on network 1 of 8 (sizes 3-4-2, tanh, "
                             "sigmoid; m = 5 samples); expected (2, 4): transposed?.")


def test_backward_with_a_transposed_weight_in_bp2_raises_and_the_verdict_shows_the_line():
    """On network 1 the product fails (W² is 2 x 4): the verdict gives the error and the line."""
    def transposed_bp2(W_next, Delta_next, Z, f_prime):
        return (W_next @ Delta_next) * f_prime(Z)

    verdict = check_backward(make_backward(bp2=transposed_bp2))
    assert not verdict.agrees and isinstance(verdict.error, ValueError)
    assert repr(verdict).endswith("(in transposed_bp2: `return (W_next @ Delta_next) * f_prime(Z)`).")


def test_backward_with_the_bias_gradient_not_summed_over_the_batch_is_named():
    def per_sample(W, f_prime, Z, A, Y):
        Delta, dW, db = backward(W, f_prime, Z, A, Y)
        return Delta, dW, [None] + [d.copy() for d in Delta[1:]]

    verdict = check_backward(per_sample)
    assert repr(verdict) == ("✗ backward: db[2] (∂L/∂b², BP4) has shape (2, 5) on network 1 of 8 (sizes 3-4-2, tanh, "
                             "sigmoid; m = 5 samples); expected (2, 1): one column per sample; BP4 sums the errors "
                             "over the batch.")

    def flat(W, f_prime, Z, A, Y):
        Delta, dW, db = backward(W, f_prime, Z, A, Y)
        return Delta, dW, [None] + [d.sum(axis=1) for d in Delta[1:]]

    assert repr(check_backward(flat)).endswith("expected (2, 1): a column is wanted (keepdims=True keeps the summed "
                                               "axis).")


def test_backward_with_the_bias_gradient_averaged_is_named_with_its_factor():
    def averaged(W, f_prime, Z, A, Y):
        Delta, dW, db = backward(W, f_prime, Z, A, Y)
        return Delta, dW, [None] + [d.mean(axis=1, keepdims=True) for d in Delta[1:]]

    verdict = check_backward(averaged)
    check_names(verdict, "db[2]", (0, 0), averaged, "✗ backward: db[2] (∂L/∂b², BP4) disagrees")
    assert "Every entry is 1/5 of the library's (here m = 5 samples and n_L·m = 10 outputs; the half_sse loss sums " \
           "over the samples and the outputs, ½ Σ (ŷ − y)²)." in repr(verdict)


def test_a_mean_loss_with_a_summed_gradient_is_named_with_its_factor():
    """The reader's backward sums (half_sse) where the loss averages (mse): every error is
    n_L·m / 2 = 5 times too large on network 1."""
    verdict = check_backward(backward, loss="mse")
    W, f_prime, Z, A, Y = verdict.arguments
    mse_delta = 2 * (A[2] - Y) / Y.size * A[2] * (1 - A[2])  # a sigmoid output layer
    assert verdict.quantity == "Delta[2]" and verdict.entry == (0, 0)
    assert verdict.yours == pytest.approx(backward(W, f_prime, Z, A, Y)[0][2][0, 0], rel=1e-12)
    assert verdict.library == pytest.approx(mse_delta[0, 0], rel=1e-12)
    assert "Every entry is 5 times the library's (here m = 5 samples and n_L·m = 10 outputs; the mse loss averages " \
           "over the n_L·m entries" in repr(verdict)


def test_backward_that_changes_its_argument_is_named_with_the_entry():
    def in_place(W, f_prime, Z, A, Y):
        L = len(W) - 1
        error = A[L]
        error -= Y  # changes A[L]
        return backward(W, f_prime, Z, [*A[:L], A[L] + Y], Y)

    verdict = check_backward(in_place)
    assert not verdict.agrees and verdict.quantity == "A"
    assert repr(verdict).startswith("✗ backward changed its argument A[2]: A[2][0, 0] was ")
    assert repr(verdict).endswith("Leave the arguments as they came: make new arrays and lists (W[l] - lr * dW[l] is a "
                                  "new array; W[l] -= lr * dW[l] changes W[l]).")


def test_backward_for_cross_entropy_that_calls_softmax_s_derivative_is_told_bp1():
    verdict = check_backward(backward, loss="ce")
    assert not verdict.agrees and isinstance(verdict.error, ValueError)
    assert "softmax has no element-wise derivative" in repr(verdict)
    assert repr(verdict).endswith("(in half_sse_error: `return (A - Y) * f_prime(Z)`).")


def test_backward_that_raises_is_named_with_its_error_and_line():
    def broken(W, f_prime, Z, A, Y):
        return 1 / 0

    verdict = check_backward(broken)
    assert repr(verdict) == ("✗ backward raised ZeroDivisionError on network 1 of 8 (sizes 3-4-2, tanh, sigmoid; m = 5 "
                             "samples): division by zero (in broken: `return 1 / 0`).")


# ---- update: planted mistakes --------------------------------------------------------------------------
def test_update_with_the_wrong_sign_is_named_with_its_factor():
    def uphill(W, b, dW, db, lr):
        return update(W, b, dW, db, -lr)

    verdict = check_update(uphill)
    W, b, dW, db, lr = verdict.arguments
    assert_names(verdict, "✗ update: W[1] (W¹ after the step) disagrees", "W[1]", (0, 0),
                 uphill(W, b, dW, db, lr)[0][1][0, 0], update(W, b, dW, db, lr)[0][1][0, 0])
    assert repr(verdict).endswith("Every entry of the step (new minus old) is -1 times the library's: a step up the "
                                  "gradient (+ lr * dW) where descent steps down (- lr * dW).")


def test_update_without_the_learning_rate_is_named():
    def no_rate(W, b, dW, db, lr):
        return update(W, b, dW, db, 1.0)

    verdict = check_update(no_rate)
    assert verdict.quantity == "W[1]"
    assert repr(verdict).endswith("Every entry of the step (new minus old) is 2 times the library's: a step without "
                                  "the learning rate, lr = 0.5.")


def test_update_in_place_is_named_as_changing_its_argument():
    def in_place(W, b, dW, db, lr):
        for l in range(1, len(W)):
            W[l] -= lr * dW[l]
            b[l] -= lr * db[l]
        return W, b

    verdict = check_update(in_place)
    W, b, dW, db, lr = verdict.arguments
    now = W[1][0, 0] - lr * dW[1][0, 0]
    assert repr(verdict).startswith(f"✗ update changed its argument W[1]: W[1][0, 0] was {W[1][0, 0]:.6g}, is now "
                                    f"{now:.6g}, on network 1 of 8")


def test_update_that_forgets_the_biases_is_named_at_b1():
    def weights_only(W, b, dW, db, lr):
        return update(W, b, dW, db, lr)[0], b

    verdict = check_update(weights_only)
    W, b, dW, db, lr = verdict.arguments
    assert_names(verdict, "✗ update: b[1] (b¹ after the step) disagrees", "b[1]", (0, 0), b[1][0, 0],
                 update(W, b, dW, db, lr)[1][1][0, 0])


# ---- train: planted mistakes ---------------------------------------------------------------------------
def test_a_loop_that_never_shuffles_is_named_with_the_orders_it_drew():
    verdict = check_train(make_train(draw=lambda rng, m, epoch: np.arange(m)))
    assert not verdict.agrees and verdict.quantity == "W[1]"
    assert repr(verdict).startswith("✗ train: W[1] (W¹ after training) disagrees with the library on network 1 of 3 "
                                    "(sizes 3-4-2, tanh, sigmoid; m = 10 samples, in batches of 4 for 3 epochs at "
                                    "lr = 0.5, 5 held out, rng = np.random.default_rng(")
    assert repr(verdict).endswith("The loop drew 0 orders from rng (rng.permutation(m)) in 3 epochs: draw a fresh one "
                                  "at the start of each epoch.")


def test_a_loop_that_shuffles_once_is_named_with_the_orders_it_drew():
    drawn = {}

    def once(rng, m, epoch):
        if "order" not in drawn:
            drawn["order"] = rng.permutation(m)
        return drawn["order"]

    verdict = check_train(make_train(draw=once))
    assert not verdict.agrees
    assert repr(verdict).endswith("The loop drew 1 order from rng (rng.permutation(m)) in 3 epochs: draw a fresh one "
                                  "at the start of each epoch.")


def test_a_loop_that_drops_the_last_small_batch_is_caught():
    verdict = check_train(make_train(starts=lambda m, batch_size: range(0, m - batch_size + 1, batch_size)))
    assert not verdict.agrees and verdict.quantity == "W[1]"
    assert repr(verdict).endswith("The loop drew one order per epoch from rng, as it should: look at the batches it "
                                  "cut from each order (order[k:k + 4] for k = 0, 4, ...) and at the steps.")


def test_a_held_out_loss_measured_on_the_training_samples_is_named():
    verdict = check_train(make_train(measure=lambda X, Y, X_held, Y_held: (X, Y)))
    assert not verdict.agrees and verdict.quantity == "held" and verdict.entry == (0,)
    assert repr(verdict).startswith("✗ train: held (the held-out losses) disagrees with the library on network 1 of 3")
    assert repr(verdict).endswith("held[0] is the loss on the training samples X, Y: measure it on X_held, Y_held.")


def test_a_held_out_loss_averaged_where_the_loss_sums_is_named_with_its_factor():
    verdict = check_train(make_train(loss=lambda A_L, Y: 0.5 * np.mean((A_L - Y) ** 2)))
    assert not verdict.agrees and verdict.quantity == "held" and verdict.entry == (0,)
    assert repr(verdict).endswith("Every entry is 1/10 of the library's (here 5 held-out samples and n_L·m = 10 "
                                  "outputs; the half_sse loss sums over the samples and the outputs, ½ Σ (ŷ − y)²).")


def test_a_loop_that_measures_only_after_the_epochs_is_told_how_many_numbers():
    verdict = check_train(make_train(first=False))
    assert not verdict.agrees
    assert "returned held as 3 numbers" in repr(verdict)
    assert repr(verdict).endswith("expected 4 held-out losses, the loss on X_held, Y_held before the first epoch and "
                                  "after each of the 3.")


# ---- the scalar autograd: planted mistakes ------------------------------------------------------------
def test_a_correct_autograd_passes_and_one_with_fewer_operations_lists_them():
    verdict = check_value(Scalar)
    assert verdict.agrees, verdict
    assert repr(verdict).startswith("✓ Value agrees with the library to round-off: 24 operations, each at 3 points")
    assert check_value(BookValue).agrees

    Few = type("Few", (Scalar,), {name: None for name in ("exp", "log", "max", "half_square", "__truediv__",
                                                          "__rtruediv__")})
    verdict = check_value(Few)
    assert verdict.agrees
    assert repr(verdict).endswith("Not written yet, so not checked: a / b, a / 4.0, 4.0 / a, a.exp(), a.log(), "
                                  "a.max(b), a.half_square().")


def test_a_wrong_local_derivative_of_a_product_is_named_with_what_it_should_be():
    class Swapped(Scalar):
        def __mul__(self, other):
            other = self.lift(other)
            return self.made(self.data * other.data, (self, other), (self.data, other.data))

    verdict = check_value(Swapped)
    assert not verdict.agrees and verdict.quantity == "a * b"
    text = repr(verdict)
    assert text.startswith("✗ Value: a * b hands back a wrong gradient to a at a = ")
    assert text.endswith("Its local derivative ∂(a * b)/∂a is b.")
    a, b = (float(part.split(" = ")[1]) for part in text.split(" at ")[1].split(":")[0].split(", "))
    assert verdict.yours == pytest.approx(a, rel=1e-5) and verdict.library == pytest.approx(b, rel=1e-5)


def test_a_wrong_local_derivative_of_tanh_is_named():
    class Unsquared(Scalar):
        def tanh(self):
            t = math.tanh(self.data)
            return self.made(t, (self,), (1 - t,))

    verdict = check_value(Unsquared)
    assert verdict.quantity == "a.tanh()"
    assert repr(verdict).endswith("Its local derivative ∂(a.tanh())/∂a is 1 - tanh(a)².")


def test_a_wrong_value_of_the_sigmoid_is_named():
    class Flipped(Scalar):
        def sigmoid(self):
            s = 1 / (1 + math.exp(self.data))
            return self.made(s, (self,), (s * (1 - s),))

    verdict = check_value(Flipped)
    assert verdict.quantity == "a.sigmoid()"
    assert repr(verdict).startswith("✗ Value: a.sigmoid() gives ")


class Overwriting(Scalar):
    """Sets each parent's grad (=) where it should add (+=), the mistake chapter 2 warns of."""

    def made(self, data, parents, local):
        out = type(self)(data, parents)

        def back():
            for parent, d in zip(parents, local):
                parent.grad = d * out.grad

        out.back = back
        return out


@pytest.mark.parametrize("seed", range(10))
def test_a_backward_that_overwrites_instead_of_adding_is_caught_from_every_seed(seed):
    """One value as both inputs of an operation (a + a) shows it whatever the random expressions
    happen to be (the breaker's seed 3 once passed it)."""
    verdict = check_value(Overwriting, seed=seed)
    assert not verdict.agrees and verdict.quantity == "a + a"
    assert repr(verdict).startswith("✗ Value: a + a, one value used as both inputs, hands back a wrong gradient at a = ")
    assert repr(verdict).endswith("a.grad is 1 in yours and 2 in the library's, a difference of -1. A value used "
                                  "twice gets the sum of the two gradients: add each to its grad (+=), never set "
                                  "it (=).")


def test_overwriting_only_in_addition_is_caught_too():
    class OverwritingSum(Scalar):
        def __add__(self, other):
            other = self.lift(other)
            out = type(self)(self.data + other.data, (self, other))

            def back():
                self.grad = out.grad
                other.grad = out.grad

            out.back = back
            return out

    assert [check_value(OverwritingSum, seed=s).quantity for s in range(10)] == ["a + a"] * 10


def test_a_backward_that_adds_to_the_grads_as_micrograd_s_passes_and_the_verdict_says_to_zero_them():
    """micrograd's own backward() sets no grad to 0 (its training loop calls zero_grad()): allowed,
    and the verdict says which convention the class follows."""
    class Accumulating(Scalar):
        def backward(self):
            self.grad = 1.0
            for v in reversed(self.order()):
                v.back()

    verdict = check_value(Accumulating)
    assert verdict.agrees, verdict
    assert repr(verdict).endswith("Your backward() adds to the grads the values already hold, as micrograd's does "
                                  "(the book's sets every grad in the graph to 0 first): in a training loop, set "
                                  "every parameter's grad to 0 before each backward(), as micrograd's zero_grad() "
                                  "does.")
    assert repr(check_value(Scalar)).endswith("Your backward() sets every grad in the graph to 0 first, as the "
                                              "book's does.")


def test_a_backward_that_zeroes_only_the_leaves_is_caught_on_the_second_call():
    """Neither convention: the second backward() on the same graph adds to the inner values'
    grads but starts the leaves from 0."""
    class LeavesOnly(Scalar):
        def backward(self):
            order = self.order()
            for v in order:
                if not v.parents:
                    v.grad = 0.0
            self.grad = 1.0
            for v in reversed(order):
                v.back()

    verdict = check_value(LeavesOnly)
    assert not verdict.agrees and verdict.quantity == "backward"
    text = repr(verdict)
    assert text.startswith("✗ Value: backward() a second time on the same graph, the expression a = ")
    assert text.endswith("Yours does neither: set the grad of every value in the graph to 0 before the walk, or of "
                         "none.")
    first = float(text.split("the first time ")[1].split(",")[0])
    assert verdict.yours != pytest.approx(first) and verdict.library == pytest.approx(first, rel=1e-5)


def test_a_backward_that_forgets_the_seed_gradient_is_told():
    class Unseeded(Scalar):
        def backward(self):
            order = self.order()
            for v in order:
                v.grad = 0.0
            for v in reversed(order):
                v.back()

    verdict = check_value(Unseeded)
    assert repr(verdict).startswith("✗ Value: backward() on a + b left the result's own grad at 0 at a = ")


def test_an_operation_that_returns_a_number_or_raises_is_named():
    class Plain(Scalar):
        def exp(self):
            return math.exp(self.data)

    assert repr(check_value(Plain)).startswith("✗ Value: a.exp() returned float ")

    class Raising(Scalar):
        def __rsub__(self, other):
            return other.data - self

    verdict = check_value(Raising)
    assert isinstance(verdict.error, AttributeError)
    assert repr(verdict).startswith("✗ Value: 2.0 - a raised AttributeError at a = ")
    assert repr(verdict).endswith("(in __rsub__: `return other.data - self`).")
