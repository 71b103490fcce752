"""Bad input, the whole kind, in one table: every public function refuses it at once with a
TypeError or ValueError whose message starts with the argument's name and says what was
expected and what came; no warning escapes; no argument changes."""

import tempfile
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib import pages
from backprop_lib.pages import examples

matplotlib.use("Agg")

NET = bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2])  # 2-2-1 sigmoid
LINEAR = bl.Network([[[0.3, -0.2]]], activation="identity")                               # 2-1 linear
OTHER = bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2])  # equal, not NET
X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])  # 4 samples, one per column
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
X1, Y1 = np.array([1.0, 2.0]), np.array([0.7])               # one sample, as vectors
TRACE = bl.forward(NET, X)
GRADS = bl.backward(NET, TRACE, Y)
STACK = bl.stack([NET, OTHER])
NAMES = {"w1": (1, 0, 0), "w2": (1, 0, 1), "w3": (1, 1, 0), "w4": (1, 1, 1), "w5": (2, 0, 0), "w6": (2, 0, 1)}
VALUES = {k: i / 10 for i, k in enumerate(NAMES, start=1)}
ARRAYS = [X, Y, X1, Y1, *NET.W, *NET.b, *TRACE.z, *TRACE.a, *GRADS.dW, *GRADS.db]
SNAPSHOT = [a.copy() for a in ARRAYS]

NOT_ARRAYS = [  # (what, value, error, message after "name: ")
    ("None", None, TypeError, r"expected an array of numbers, got None"),
    ("a string", "0.5", TypeError, r"expected an array of numbers, got str '0.5'"),
    ("a dict", {"a": 1}, TypeError, r"expected an array of numbers, got dict"),
    ("booleans", [True, False], TypeError, r"expected numbers, got booleans"),
    ("complex", [1 + 2j], TypeError, r"expected an array of real numbers, got dtype complex128 \(list\)$"),
    ("ragged", [[1.0], [2.0, 3.0]], TypeError, r"expected an array of numbers, got list"),
    ("empty", [], ValueError, r"expected a non-empty array, got shape \(0,\)"),
    ("NaN", [0.5, np.nan], ValueError, r"expected finite numbers, got nan at index \(1,\)"),
    ("inf", [np.inf], ValueError, r"expected finite numbers, got inf at index \(0,\)"),
    ("a boolean array", np.array([True, False]), TypeError,
     r"expected numbers, got booleans \(True/False\); convert them with .astype\(float\)$"),
]

CASES = []


def case(name, call, error, pattern):
    CASES.append(pytest.param(call, error, pattern, id=name))


# ---- element-wise functions: z ------------------------------------------------------------
for fn in ("sigmoid", "sigmoid_prime", "identity", "identity_prime", "tanh", "tanh_prime", "relu", "relu_prime"):
    for what, value, error, message in NOT_ARRAYS:
        case(f"{fn}(z={what})", lambda fn=fn, value=value: getattr(bl, fn)(value), error, r"^z: " + message)

# ---- losses: output and target --------------------------------------------------------------
for fn in ("half_sse", "mse", "bce"):
    f = getattr(bl, fn)
    case(f"{fn}: shapes that would broadcast", lambda f=f: f(np.full((1, 4), 0.5), np.full((4, 1), 0.5)),
         ValueError, r"^target: expected the shape of output \(1, 4\).*got \(4, 1\)")
    case(f"{fn}: a vector against a row", lambda f=f: f([0.5, 0.5], [[0.5, 0.5]]),
         ValueError, r"^target: expected the shape of output \(2,\)")
    case(f"{fn}: a scalar target", lambda f=f: f([0.5, 0.5], 0.5), ValueError, r"^target: expected a 1-D or 2-D array")
    for what, value, error, message in NOT_ARRAYS:
        case(f"{fn}(output={what})", lambda f=f, value=value: f(value, [0.5]), error, r"^output: " + message)
        case(f"{fn}(target={what})", lambda f=f, value=value: f([0.5], value), error, r"^target: " + message)
case("bce: an output of 1.5", lambda: bl.bce([0.5, 1.5], [0.0, 1.0]), ValueError,
     r"^output: expected probabilities strictly between 0 and 1, got 1.5 at index \(1,\)")
case("bce: an output of exactly 0", lambda: bl.bce([0.0], [1.0]), ValueError, r"^output: expected probabilities")
case("bce: an output of exactly 1", lambda: bl.bce([1.0], [1.0]), ValueError, r"^output: expected probabilities")
case("bce: a target of 2", lambda: bl.bce([0.5, 0.5], [0.0, 2.0]), ValueError,
     r"^target: expected numbers from 0 to 1, got 2.0 at index \(1,\)")
case("bce: a target of -0.1", lambda: bl.bce([0.5], [-0.1]), ValueError, r"^target: expected numbers from 0 to 1")

# ---- names ------------------------------------------------------------------------------------
case("get_activation('gelu')", lambda: bl.get_activation("gelu"), ValueError,
     r"^activation: expected one of \['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\], got 'gelu'")
case("get_activation(None)", lambda: bl.get_activation(None), TypeError, r"^activation: expected one of .*got None")
case("get_loss('sse'), the old name", lambda: bl.get_loss("sse"), ValueError,
     r"^loss: expected one of \['bce', 'ce', 'half_sse', 'mse'\], got 'sse'")
case("get_loss(3)", lambda: bl.get_loss(3), TypeError, r"^loss: expected one of .*got int")

# ---- Network ------------------------------------------------------------------------------------
for kwargs, error, pattern in [
    (dict(weights=np.eye(2)), TypeError, r"^weights: expected a non-empty list of 2-D matrices, one per layer, got ndarray"),
    (dict(weights=[]), TypeError, r"^weights: expected a non-empty list"),
    (dict(weights=None), TypeError, r"^weights: expected a non-empty list"),
    (dict(weights=[[[0.1, 0.2]], [[0.3, 0.4]]]), ValueError,
     r"^weights\[1\] \(W2\): expected 1 columns, one per unit of layer 1, got shape \(1, 2\)"),
    (dict(weights=[[0.1, 0.2]]), ValueError, r"^weights\[0\] \(W1\): expected a 2-D array, got shape \(2,\)"),
    (dict(weights=[[[np.nan]]]), ValueError, r"^weights\[0\] \(W1\): expected finite numbers"),
    (dict(weights=[[["a"]]]), TypeError, r"^weights\[0\] \(W1\): expected an array of real numbers"),
    (dict(weights=[[[True]]]), TypeError, r"^weights\[0\] \(W1\): expected numbers, got booleans"),
    (dict(weights=[[[0.1]]], biases=[[0.1, 0.2]]), ValueError,
     r"^biases\[0\] \(b1\): expected one shared number or 1 numbers \(one per neuron\), got shape \(2,\)"),
    (dict(weights=[[[0.1]]], biases=[0.1, 0.2]), ValueError, r"^biases: expected None or a list of 1 entries"),
    (dict(weights=[[[0.1]]], biases=0.1), ValueError, r"^biases: expected None or a list of 1 entries"),
    (dict(weights=[[[0.1]]], biases=[np.inf]), ValueError, r"^biases\[0\] \(b1\): expected finite numbers"),
    (dict(weights=[[[0.1]]], biases=["b"]), TypeError, r"^biases\[0\] \(b1\): expected an array of numbers, got str 'b'"),
    (dict(weights=[[[0.1]]], activation="gelu"), ValueError,
     r"^activation\[0\]: expected one of \['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\], got 'gelu'"),
    (dict(weights=[[[0.1]]], activation=["sigmoid", "relu"]), ValueError, r"^activation: expected one name or 1 names"),
    (dict(weights=[[[0.1]]], activation=None), TypeError, r"^activation: expected one name or a list of names"),
    (dict(weights=[[[0.1]]], activation=[None]), TypeError, r"^activation\[0\]: expected one of"),
    (dict(weights=[[[0.1]]], frozen=("b1",)), ValueError, r"^frozen: expected names among \['W1'\], got unknown \['b1'\]"),
    (dict(weights=[[[0.1]]], frozen=3), TypeError, r"^frozen: expected parameter names"),
]:
    case(f"Network({kwargs})", lambda kwargs=kwargs: bl.Network(**kwargs), error, pattern)

for kwargs, error, pattern in [
    (dict(sizes=[2]), ValueError, r"^sizes: expected at least two layer sizes"),
    (dict(sizes="21"), ValueError, r"^sizes: expected at least two layer sizes"),
    (dict(sizes=None), ValueError, r"^sizes: expected at least two layer sizes"),
    (dict(sizes=[2, 0]), ValueError, r"^sizes\[1\]: expected a whole number >= 1, got 0"),
    (dict(sizes=[2, 1.5]), TypeError, r"^sizes\[1\]: expected a whole number >= 1, got float 1.5"),
    (dict(sizes=[2, 1], bias="layer"), ValueError, r"^bias: expected one of \['neuron', 'none', 'shared'\], got 'layer'"),
    (dict(sizes=[2, 1], init="zeros"), ValueError, r"^init: expected one of \['he_normal', 'he_uniform', 'normal', 'uniform', 'xavier_normal', "
     r"'xavier_uniform'\], got 'zeros'"),
    (dict(sizes=[2, 1], seed=-1), ValueError, r"^seed: expected a whole number >= 0, got -1"),
    (dict(sizes=[2, 1], seed=1.5), TypeError, r"^seed: expected a whole number >= 0, got float 1.5"),
    (dict(sizes=[2, 1], seed="0"), TypeError, r"^seed: expected a whole number >= 0, got str"),
    (dict(sizes=[2, 1], seed=True), TypeError, r"^seed: expected a whole number >= 0, got bool"),
    (dict(sizes=[2, 1], seed=None), TypeError, r"^seed: expected a whole number >= 0, got None"),
    (dict(sizes=[2, 1], activation="gelu"), ValueError, r"^activation\[0\]: expected one of"),
]:
    case(f"Network.random({kwargs})", lambda kwargs=kwargs: bl.Network.random(**kwargs), error, pattern)

case("with_parameters: unknown name", lambda: NET.with_parameters(W7=np.zeros((3, 2))), ValueError,
     r"^W7: expected a parameter name among \['W1', 'W2', 'b1', 'b2'\]")
case("with_parameters: wrong shape", lambda: NET.with_parameters(W1=np.zeros((3, 2))), ValueError,
     r"^W1: expected shape \(2, 2\), got \(3, 2\)")
case("with_parameters: NaN", lambda: NET.with_parameters(b2=[np.nan]), ValueError, r"^b2: expected finite numbers")
case("with_parameters: None", lambda: NET.with_parameters(W2=None), TypeError, r"^W2: expected an array of numbers")
case("bias_mode(0)", lambda: NET.bias_mode(0), ValueError, r"^b\[0\]: expected a layer number from 1 to 2")
case("W[0]", lambda: NET.W[0], IndexError, r"^W\[0\]: expected a layer number from 1 to 2 \(layers are numbered as in the book\)")
case("W[3]", lambda: NET.W[3], ValueError, r"^W\[3\]: expected a layer number from 1 to 2")
case("W['1']", lambda: NET.W["1"], TypeError, r"^W\[...\]: expected a layer number from 1 to 2, got str")
case("W[1.0]", lambda: NET.W[1.0], TypeError, r"^W\[...\]: expected a layer number from 1 to 2, got float")
case("W[0:1]", lambda: NET.W[0:1], TypeError, r"^W\[...\]: expected a layer number")
case("trace.z[0]", lambda: TRACE.z[0], ValueError, r"^z\[0\]: expected a layer number from 1 to 2")
case("trace.a[3]", lambda: TRACE.a[3], ValueError, r"^a\[3\]: expected a layer number from 0 to 2")

# ---- the passes: net, x, y, trace, loss ------------------------------------------------------------
for fn, call in [
    ("forward", lambda x: bl.forward(NET, x)),
    ("gradients", lambda x: bl.gradients(NET, x, Y)),
    ("loss_of", lambda x: bl.loss_of(NET, x, Y)),
    ("train", lambda x: bl.train(NET, x, Y, 0.1, 2)),
    ("gradient_check", lambda x: bl.gradient_check(NET, x, Y)),
]:
    for what, value, error, message in NOT_ARRAYS:
        case(f"{fn}(x={what})", lambda call=call, value=value: call(value), error, r"^x: " + message)
    case(f"{fn}: x with 3 inputs", lambda call=call: call(np.zeros((3, 4))), ValueError,
         r"^x: expected shape \(2,\) for one sample or \(2, m\) for m samples \(one column each\), got \(3, 4\)$")
    case(f"{fn}: x as rows", lambda call=call: call(X.T), ValueError,
         r"^x: expected shape \(2,\).*got \(4, 2\), which looks like one sample per row: pass x.T")
    case(f"{fn}: x in 3-D", lambda call=call: call(np.zeros((2, 4, 1))), ValueError, r"^x: expected a 1-D or 2-D array")
for fn, call in [
    ("backward", lambda y: bl.backward(NET, TRACE, y)),
    ("gradients", lambda y: bl.gradients(NET, X, y)),
    ("loss_of", lambda y: bl.loss_of(NET, X, y)),
    ("train", lambda y: bl.train(NET, X, y, 0.1, 2)),
    ("numerical_gradients", lambda y: bl.numerical_gradients(NET, X, y)),
]:
    for what, value, error, message in NOT_ARRAYS:
        case(f"{fn}(y={what})", lambda call=call, value=value: call(value), error, r"^y: " + message)
    case(f"{fn}: y as a vector for a batch, which would broadcast", lambda call=call: call(Y[0]), ValueError,
         r"^y: expected shape \(1, 4\), one row per output unit and one column per sample, got \(4,\): "
         r"make it one row per output unit, y.reshape\(1, 4\)")
    case(f"{fn}: y as rows", lambda call=call: call(Y.T), ValueError, r"^y: expected shape \(1, 4\).*got \(4, 1\), "
         r"which looks like one target per row: pass y.T")
    case(f"{fn}: y for 3 samples", lambda call=call: call(Y[:, :3]), ValueError, r"^y: expected shape \(1, 4\)")
for fn, call in [
    ("forward", lambda net: bl.forward(net, X)),
    ("backward", lambda net: bl.backward(net, TRACE, Y)),
    ("gradients", lambda net: bl.gradients(net, X, Y)),
    ("loss_of", lambda net: bl.loss_of(net, X, Y)),
    ("sgd_step", lambda net: bl.sgd_step(net, GRADS, 0.1)),
    ("train", lambda net: bl.train(net, X, Y, 0.1, 2)),
]:
    case(f"{fn}(net=a list of weights)", lambda call=call: call([NET.W[1]]), TypeError,
         r"^net: expected a Network \(or a Stack of them\), got list")
    case(f"{fn}(net=None)", lambda call=call: call(None), TypeError, r"^net: expected a Network")
for fn in ("numerical_gradients", "gradient_check"):
    case(f"{fn}(net=a stack)", lambda fn=fn: getattr(bl, fn)(STACK, X, Y), TypeError,
         r"^net: expected a Network \(check one network of a stack with stack.network\(k\)\), got Stack")
case("y for 3 samples of 4", lambda: bl.gradients(NET, X, Y[:, :3]), ValueError,
     r"^y: expected shape \(1, 4\), one row per output unit and one column per sample, got \(1, 3\)$")
case("y for 2 samples given flat", lambda: bl.gradients(NET, X[:, :2], np.zeros(2)), ValueError,
     r"^y: expected shape \(1, 2\).*got \(2,\): make it one row per output unit, y.reshape\(1, 2\)$")
case("x of 3 rows for 1 input", lambda: bl.forward(bl.Network.random((1, 1)), np.zeros((3, 2))), ValueError,
     r"^x: expected shape \(1,\) for one sample or \(1, m\) for m samples \(one column each\), got \(3, 2\)$")
case("y of 4 numbers as a row for 2 outputs and 2 samples",
     lambda: bl.gradients(bl.Network.random((2, 2)), X[:, :2], np.zeros((1, 4))), ValueError,
     r"^y: expected shape \(2, 2\), one row per output unit and one column per sample, got \(1, 4\)$")
BIASED = bl.Network([[[1.0]]], [0.0], "identity")
case("sgd_step: only a bias stepped beyond a double's range",  # x = 0: the weight does not move
     lambda: bl.sgd_step(BIASED, bl.gradients(BIASED, [0.0], [-10.0]), 1e308), ValueError,
     r"^lr: the step carried a parameter beyond a double's range; expected a smaller learning rate than 1e\+308$")
case("y for 1 sample given 2 values", lambda: bl.gradients(NET, X1, [0.1, 0.2]), ValueError,
     r"^y: expected shape \(1, 1\), one row per output unit and one column per sample, got \(2,\)")

case("backward: a trace of another, equal network", lambda: bl.backward(OTHER, TRACE, Y), ValueError,
     r"^trace: expected the forward pass of this net, got the trace of another network")
case("backward: a trace of another shape", lambda: bl.backward(LINEAR, TRACE, Y), ValueError,
     r"^trace: expected the forward pass of this net")
case("backward: not a trace", lambda: bl.backward(NET, TRACE.a, Y), TypeError,
     r"^trace: expected the Trace of forward\(net, x\), got Layers")
for fn, call in [
    ("backward", lambda loss: bl.backward(NET, TRACE, Y, loss)),
    ("gradients", lambda loss: bl.gradients(NET, X, Y, loss)),
    ("loss_of", lambda loss: bl.loss_of(NET, X, Y, loss)),
    ("train", lambda loss: bl.train(NET, X, Y, 0.1, 2, loss=loss)),
    ("gradient_check", lambda loss: bl.gradient_check(NET, X, Y, loss)),
]:
    case(f"{fn}(loss='l2')", lambda call=call: call("l2"), ValueError,
         r"^loss: expected one of \['bce', 'ce', 'half_sse', 'mse'\], got 'l2'")
    case(f"{fn}(loss=None)", lambda call=call: call(None), TypeError, r"^loss: expected one of")
case("cross-entropy on a linear output layer after a sigmoid one",
     lambda: bl.loss_of(bl.Network([np.ones((2, 2)), np.ones((1, 2))], activation=["sigmoid", "identity"]), X, Y, "bce"),
     ValueError, r"^loss: 'bce' needs a sigmoid output layer .*got a network whose last layer is 'identity'$")
for fn, call in [("loss_of", lambda: bl.loss_of(NET, X, 2 * Y, "bce")),
                 ("numerical_gradients", lambda: bl.numerical_gradients(NET, X, 2 * Y, "bce")),
                 ("gradient_check", lambda: bl.gradient_check(NET, X, 2 * Y, "bce")),
                 ("backward", lambda: bl.backward(NET, TRACE, np.array([[1.0, 2.0, 3.0, 0.0]]), "bce"))]:
    case(f"{fn}: cross-entropy targets above 1", call, ValueError, r"^y: expected targets from 0 to 1 for cross-entropy, got 2.0$")
case("backward: a gradient beyond a double's range while the loss is finite",
     lambda: bl.gradients(bl.Network([[[1e-310]], [[1e300]]], activation=["identity", "sigmoid"]), [1e10], [0.0]),
     ValueError, r"^trace: the gradient of W1 overflowed a double; expected smaller inputs or weights$")
case("loss_of: weights that overflow",
     lambda: bl.loss_of(bl.Network([[[1e300, 1e300]]], activation="identity"), [1e10, 1e10], [0.0]), ValueError,
     r"^x: the forward pass overflowed a double in layer 1; expected smaller inputs or weights$")
case("cross-entropy on a linear output", lambda: bl.loss_of(LINEAR, X, Y, "bce"), ValueError,
     r"^loss: 'bce' needs a sigmoid output layer \(outputs in \(0, 1\)\), got a network whose last layer is 'identity'")
case("cross-entropy with a target of 2", lambda: bl.gradients(NET, X, 2 * Y, "bce"), ValueError,
     r"^y: expected targets from 0 to 1 for cross-entropy, got 2.0")
case("cross-entropy with a target of -1 in training", lambda: bl.train(NET, X, -Y, 0.1, 2, loss="bce"), ValueError,
     r"^y: expected targets from 0 to 1 for cross-entropy, got -1.0")
case("forward: weights that overflow", lambda: bl.forward(bl.Network([[[1e300, 1e300]]], activation="identity"),
                                                          [1e10, 1e10]), ValueError,
     r"^x: the forward pass overflowed a double in layer 1; expected smaller inputs or weights")

# ---- stepping and training --------------------------------------------------------------------------
for what, lr, error, pattern in [
    ("0", 0.0, ValueError, r"^lr: expected a finite number > 0, got 0.0"),
    ("-0.1", -0.1, ValueError, r"^lr: expected a finite number > 0, got -0.1"),
    ("NaN", float("nan"), ValueError, r"^lr: expected a finite number > 0, got nan"),
    ("inf", float("inf"), ValueError, r"^lr: expected a finite number > 0, got inf"),
    ("a string", "fast", TypeError, r"^lr: expected a number > 0, got str 'fast'"),
    ("True", True, TypeError, r"^lr: expected a number > 0, got bool"),
    ("None", None, TypeError, r"^lr: expected a number > 0, got None"),
    ("a list for one network", [0.1], TypeError, r"^lr: expected a number > 0, got list"),
]:
    case(f"sgd_step(lr={what})", lambda lr=lr: bl.sgd_step(NET, GRADS, lr), error, pattern)
    case(f"train(lr={what})", lambda lr=lr: bl.train(NET, X, Y, lr, 2), error, pattern)
case("sgd_step: gradients of another network", lambda: bl.sgd_step(OTHER, GRADS, 0.1), ValueError,
     r"^grads: expected the gradients of this net, got the gradients of another network")
case("sgd_step: not gradients", lambda: bl.sgd_step(NET, GRADS.by_name(), 0.1), TypeError,
     r"^grads: expected the Gradients of a backward pass, got dict")
case("stack: one rate too many", lambda: bl.train(STACK, X, Y, [0.1, 0.2, 0.3], 2), ValueError,
     r"^lr: expected one number > 0, or 2 of them \(one per network\), got shape \(3,\)")
case("stack: a rate of 0", lambda: bl.train(STACK, X, Y, [0.1, 0.0], 2), ValueError,
     r"^lr\[1\]: expected a finite number > 0, got 0.0")
case("stack: a rate of NaN", lambda: bl.train(STACK, X, Y, [np.nan, 0.1], 2), ValueError, r"^lr: expected finite numbers")
for what, kwargs, error, pattern in [
    ("steps=0", dict(steps=0), ValueError, r"^steps: expected a whole number >= 1, got 0"),
    ("steps=2.5", dict(steps=2.5), TypeError, r"^steps: expected a whole number >= 1, got float 2.5"),
    ("steps=True", dict(steps=True), TypeError, r"^steps: expected a whole number >= 1, got bool"),
    ("steps and epochs", dict(steps=2, epochs=2), ValueError, r"^steps: expected either steps or epochs, got steps=2 and epochs=2"),
    ("neither steps nor epochs", dict(), ValueError, r"^steps: expected either steps or epochs, got steps=None and epochs=None"),
    ("epochs=0", dict(epochs=0), ValueError, r"^epochs: expected a whole number >= 1, got 0"),
    ("batch_size=0", dict(steps=2, batch_size=0), ValueError, r"^batch_size: expected a whole number >= 1, got 0"),
    ("batch_size=5 for 4 samples", dict(steps=2, batch_size=5), ValueError, r"^batch_size: expected at most the 4 samples of x, got 5"),
    ("batch_size=2.0", dict(steps=2, batch_size=2.0), TypeError, r"^batch_size: expected a whole number >= 1, got float"),
    ("seed=-1", dict(steps=2, seed=-1), ValueError, r"^seed: expected a whole number >= 0, got -1"),
    ("seed=None", dict(steps=2, batch_size=2, seed=None), TypeError, r"^seed: expected a whole number >= 0, got None"),
    ("seed=0.5", dict(steps=2, seed=0.5), TypeError, r"^seed: expected a whole number >= 0, got float"),
    ("record_every=0", dict(steps=2, record_every=0), ValueError, r"^record_every: expected a whole number >= 1, got 0"),
    ("record_every=2.5", dict(steps=2, record_every=2.5), TypeError, r"^record_every: expected a whole number >= 1"),
]:
    case(f"train({what})", lambda kwargs=kwargs: bl.train(NET, X, Y, 0.1, **kwargs), error, pattern)
for what, args, error, pattern in [
    ("m=0", (0, 1), ValueError, r"^m: expected a whole number >= 1, got 0"),
    ("batch_size > m", (3, 4), ValueError, r"^batch_size: expected at most the 3 samples, got 4"),
    ("batch_size=None", (3, None), TypeError, r"^batch_size: expected a whole number >= 1, got None"),
    ("seed=-2", (3, 1, -2), ValueError, r"^seed: expected a whole number >= 0, got -2"),
]:
    case(f"minibatches({what})", lambda args=args: bl.minibatches(*args), error, pattern)

# ---- checking ---------------------------------------------------------------------------------------
for what, eps, error, pattern in [
    ("1e-13, too small", 1e-13, ValueError,
     r"^eps: expected a number from 1e-10 to 0.01 \(smaller drowns in round-off, larger in truncation error\), got 1e-13"),
    ("0.5, too large", 0.5, ValueError, r"^eps: expected a number from 1e-10 to 0.01 .*got 0.5"),
    ("0", 0.0, ValueError, r"^eps: expected a number from 1e-10 to 0.01"),
    ("-1e-6", -1e-6, ValueError, r"^eps: expected a number from 1e-10 to 0.01"),
    ("NaN", float("nan"), ValueError, r"^eps: expected a finite number, got nan"),
    ("a string", "1e-6", TypeError, r"^eps: expected a number, got str"),
]:
    case(f"gradient_check(eps={what})", lambda eps=eps: bl.gradient_check(NET, X, Y, eps=eps), error, pattern)
    case(f"numerical_gradients(eps={what})", lambda eps=eps: bl.numerical_gradients(NET, X, Y, eps=eps), error, pattern)
case("relative_error: shapes that would broadcast", lambda: bl.relative_error(np.zeros((2, 1)), np.zeros((1, 2))),
     ValueError, r"^b: expected the shape of a \(2, 1\), got \(1, 2\)")
case("relative_error(a=None)", lambda: bl.relative_error(None, 1.0), TypeError, r"^a: expected an array of numbers, got None")
case("relative_error(b=NaN)", lambda: bl.relative_error(1.0, np.nan), ValueError, r"^b: expected finite numbers")
case("relative_error(floor=-1)", lambda: bl.relative_error(1.0, 1.0, floor=-1), ValueError,
     r"^floor: expected a finite number > 0, got -1.0")
case("relative_error(floor=0)", lambda: bl.relative_error(0.0, 0.0, floor=0), ValueError,
     r"^floor: expected a finite number > 0, got 0.0")

# ---- stacks -------------------------------------------------------------------------------------------
for what, nets, error, pattern in [
    ("[]", [], TypeError, r"^nets: expected a non-empty list of Networks, got list"),
    ("a network", NET, TypeError, r"^nets: expected a non-empty list of Networks, got Network"),
    ("a string", "nets", TypeError, r"^nets: expected a non-empty list of Networks, got str"),
    ("[net, 'net']", [NET, "net"], TypeError, r"^nets\[1\]: expected a Network, got str"),
    ("two shapes", [NET, bl.Network.random((2, 3, 1))], ValueError, r"^nets\[1\]: expected the shape of nets\[0\]"),
    ("two activations", [NET, bl.Network.random((2, 2, 1), "tanh")], ValueError, r"^nets\[1\]: expected the shape"),
    ("two freezings", [NET, bl.Network(list(NET.W), [[0.1, -0.1], 0.2], frozen="W1")], ValueError,
     r"^nets\[1\]: expected the shape"),
]:
    case(f"stack({what})", lambda nets=nets: bl.stack(nets), error, pattern)
case("unstack(a list)", lambda: bl.unstack([NET]), TypeError, r"^stacked: expected a Stack \(from stack\), got list")
case("stack.network(2)", lambda: STACK.network(2), ValueError, r"^k: expected a whole number from 0 to 1, got 2")
case("stack.network(-1)", lambda: STACK.network(-1), ValueError, r"^k: expected a whole number from 0 to 1, got -1")
case("stack.network(True)", lambda: STACK.network(True), ValueError, r"^k: expected a whole number from 0 to 1, got True")

# ---- the book's helpers -----------------------------------------------------------------------------------
case("glue_number: two numbers", lambda: pages.glue_number("x", [1.0, 2.0]), ValueError,
     r"^value: expected one finite number for 'x'")
case("glue_number: NaN", lambda: pages.glue_number("x", float("nan")), ValueError, r"^value: expected one finite number")
case("glue_number: a string", lambda: pages.glue_number("x", "0.5"), TypeError, r"^value: expected an array of numbers")
case("glue_number: a bad name", lambda: pages.glue_number("a b", 1.0), ValueError, r"^name: expected a glue name")
case("glue_numbers: a bad prefix", lambda: pages.glue_numbers(3, a=1.0), TypeError, r"^prefix: expected a string")
case("glued_values: no such file", lambda: pages.glued_values("lessons/no_such.ipynb"), ValueError,
     r"^notebook: expected the path of a stored .ipynb, got 'lessons/no_such.ipynb'")
case("glued_values(None)", lambda: pages.glued_values(None), TypeError, r"^notebook: expected the path")
case("order_of_magnitude(0)", lambda: pages.order_of_magnitude(0.0), ValueError, r"^value: expected a finite non-zero number")
case("order_of_magnitude(NaN)", lambda: pages.order_of_magnitude(np.nan), ValueError, r"^value: expected a finite number")
case("order_of_magnitude('1')", lambda: pages.order_of_magnitude("1"), TypeError, r"^value: expected a number, got str")
case("published: unknown source", lambda: pages.published("seed000"), ValueError,
     r"^source: expected one of \['hmkcode', 'karobben2025', 'lamsal', 'pumaline2024'\], got 'seed000'")
case("errata: unknown key", lambda: pages.errata("pumaline2024", {"nonsense": 1.0}), ValueError,
     r"^exact: expected keys among the figures of pumaline2024")
case("errata: not a dict", lambda: pages.errata("pumaline2024", [0.5]), TypeError, r"^exact: expected a dict")
case("errata: a NaN value", lambda: pages.errata("pumaline2024", {"yhat": np.nan}), ValueError,
     r"^exact\['yhat'\]: expected a finite number, got nan")
case("draw_network(net=None)", lambda: pages.draw_network(None), TypeError, r"^net: expected a Network, got None")
case("draw_network: node values for other sizes", lambda: pages.draw_network(NET, node_values=[[1.0], [2.0], [3.0]]),
     ValueError, r"^node_values: expected one entry per unit of layers sized \(2, 2, 1\), got sizes \[1, 1, 1\]")
case("draw_network: NaN node values", lambda: pages.draw_network(NET, node_values=[[1, 2], [np.nan, 2], [3]]),
     ValueError, r"^node_values\[1\]: expected finite numbers")
case("draw_network(decimals=-1)", lambda: pages.draw_network(NET, decimals=-1), ValueError,
     r"^decimals: expected a whole number >= 0, got -1")
case("plot_losses: NaN", lambda: pages.plot_losses([1.0, np.nan]), ValueError, r"^losses\['loss'\]: expected finite numbers")
case("plot_losses: 2-D", lambda: pages.plot_losses({"a": np.ones((2, 2))}), ValueError, r"^losses\['a'\]: expected a 1-D array")
case("plot_losses: steps of another length", lambda: pages.plot_losses([1.0, 0.5], steps=[0, 1, 2]), ValueError,
     r"^steps: expected one step per loss, \(2,\), got \(3,\)")
for what, kwargs, error, pattern in [
    ("a layer out of range", dict(names={**NAMES, "w6": (3, 0, 1)}), ValueError,
     r"^names\['w6'\]: expected a layer from 1 to 2, got 3"),
    ("a unit out of range", dict(names={**NAMES, "w6": (2, 0, 2)}), ValueError,
     r"^names\['w6'\]: expected 0 <= to < 1 and 0 <= from < 2 in layer 2, got \(2, 0, 2\)"),
    ("a place named twice", dict(names={**NAMES, "w6": (2, 0, 0)}), ValueError,
     r"^names\['w6'\]: \(2, 0, 0\) is already named 'w5'"),
    ("a place that is not a triple", dict(names={**NAMES, "w6": (2, 0)}), ValueError,
     r"^names\['w6'\]: expected \(layer, to, from\)"),
    ("a missing value", dict(values={k: v for k, v in VALUES.items() if k != "w3"}), ValueError,
     r"^values: expected a value for exactly the names"),
    ("a NaN value", dict(values={**VALUES, "w2": np.nan}), ValueError, r"^values\['w2'\]: expected a finite number"),
    ("a weight not named", dict(names={k: v for k, v in NAMES.items() if k != "w6"},
                                values={k: v for k, v in VALUES.items() if k != "w6"}), ValueError,
     r"^names: expected all 6 weights of a \(2, 2, 1\) network named, got 5"),
    ("names as a list", dict(names=list(NAMES)), TypeError, r"^names: expected a dict name -> \(layer, to, from\)"),
    ("sizes as a number", dict(sizes=3), ValueError, r"^sizes: expected at least two layer sizes"),
]:
    args = dict(sizes=(2, 2, 1), names=NAMES, values=VALUES, biases=None, activation="identity") | kwargs
    case(f"from_named_weights: {what}", lambda args=args: pages.from_named_weights(**args), error, pattern)
case("named_values: a plain list", lambda: pages.named_values(list(NET.W), NAMES), TypeError,
     r"^per_layer: expected per-layer matrices such as net.W or grads.dW, got list")
case("named_values: names out of range", lambda: pages.named_values(NET.W, {"w9": (1, 5, 0)}), ValueError,
     r"^names\['w9'\]: expected 0 <= to < 2")
case("weight_map(net=None)", lambda: pages.weight_map(NAMES, None), TypeError, r"^net: expected a Network, got NoneType")
case("examples.single_neuron('both')", lambda: examples.single_neuron("both"), ValueError,
     r"^target: expected one of \['stated', 'used'\], got 'both'")
case("examples.network_222('layer')", lambda: examples.network_222("layer"), ValueError,
     r"^bias: expected one of \['frozen', 'neuron', 'shared'\], got 'layer'")
case("examples.xor(data='and')", lambda: examples.xor("and"), ValueError, r"^data: expected one of \['source', 'xor'\]")
case("examples.xor(seed=-1)", lambda: examples.xor(seed=-1), ValueError, r"^seed: expected a whole number >= 0")
case("examples.xor(hidden=0)", lambda: examples.xor(hidden=0), ValueError, r"^sizes\[1\]: expected a whole number >= 1, got 0")


# ---- found by trying to break the library (each a whole kind, kept as a case) -------------------------
BIG = bl.Network([[[1e200]]], activation="identity")  # finite weights whose loss overflows
MASKED = np.ma.masked_array([0.5, 0.9], mask=[0, 1])
BROKEN = Path(tempfile.mkdtemp(prefix="broken-notebooks-"))
for file_name, content in [("text.ipynb", b"not json"), ("no_cells.ipynb", b'{"nbformat": 4}'),
                           ("list.ipynb", b"[1, 2]"), ("binary.ipynb", bytes([0xff, 0xfe, 0x00]))]:
    (BROKEN / file_name).write_bytes(content)
for what, call in [
    ("sigmoid", lambda v: bl.sigmoid(v)), ("half_sse", lambda v: bl.half_sse(v, [0.5, 0.5])),
    ("Network", lambda v: bl.Network([[v]])), ("forward", lambda v: bl.forward(NET, v)),
]:
    arg = {"sigmoid": "z", "half_sse": "output", "Network": r"weights\[0\] \(W1\)", "forward": "x"}[what]
    case(f"{what}: booleans among numbers", lambda call=call: call([True, 0.5]), TypeError,
         rf"^{arg}: expected numbers, got booleans \(True/False\) among them")
    case(f"{what}: a masked array", lambda call=call: call(MASKED), TypeError,
         rf"^{arg}: expected a plain array, got a masked array; fill its masked entries first")
    case(f"{what}: a long double beyond a double's range", lambda call=call: call(np.array([np.longdouble("1e400"), 0.5])),
         ValueError, rf"^{arg}: expected finite numbers, got 1e\+400 at index \((0, )?0,?\)")
for what, call, arg in [
    ("train(lr=10**400)", lambda: bl.train(NET, X, Y, 10**400, 2), "lr"),
    ("sgd_step(lr=10**400)", lambda: bl.sgd_step(NET, GRADS, 10**400), "lr"),
    ("gradient_check(eps=10**400)", lambda: bl.gradient_check(NET, X, Y, eps=10**400), "eps"),
    ("relative_error(floor=10**400)", lambda: bl.relative_error(1.0, 1.0, floor=10**400), "floor"),
    ("order_of_magnitude(10**400)", lambda: pages.order_of_magnitude(10**400), "value"),
    ("errata(exact=10**400)", lambda: pages.errata("pumaline2024", {"yhat": 10**400}), r"exact\['yhat'\]"),
]:
    case(what, call, ValueError, rf"^{arg}: expected .*got a number of 401 digits, beyond a double's range")
for fn, call in [
    ("loss_of", lambda: bl.loss_of(BIG, [1.0], [0.0])),
    ("gradients", lambda: bl.gradients(BIG, [1.0], [0.0])),
    ("numerical_gradients", lambda: bl.numerical_gradients(BIG, [1.0], [0.0])),
    ("gradient_check", lambda: bl.gradient_check(BIG, [1.0], [0.0])),
    ("train", lambda: bl.train(BIG, [1.0], [0.0], 1e-300, 2)),
]:
    case(f"{fn}: a loss beyond a double's range", call, ValueError,
         r"^(x|trace): the loss (of the untrained network )?overflow")
for fn in ("half_sse", "mse"):
    case(f"{fn}: a loss beyond a double's range", lambda fn=fn: getattr(bl, fn)([1e200], [-1e200]), ValueError,
         r"^output: expected outputs and targets close enough that the loss fits a double, got a loss beyond a "
         r"double's range$")
case("bce: the first bad target after a target of exactly 1", lambda: bl.bce([0.5, 0.5], [1.0, 2.0]), ValueError,
     r"^target: expected numbers from 0 to 1, got 2.0 at index \(1,\)$")
case("numerical_gradients: a loss beyond a double's range, exactly", lambda: bl.numerical_gradients(BIG, [1.0], [0.0]),
     ValueError, r"^x: the loss overflows a double near this net's W1; expected smaller inputs or weights$")
case("train: an untrained loss beyond a double's range, exactly", lambda: bl.train(BIG, [1.0], [0.0], 0.1, 2), ValueError,
     r"^x: the loss of the untrained network overflows a double; expected smaller inputs or weights, or nearer targets$")
LIN = bl.Network([[[1.0]]], activation="identity")
case("sgd_step: a step beyond a double's range", lambda: bl.sgd_step(LIN, bl.gradients(LIN, [1e10], [0.0]), 1e300), ValueError, r"^lr: the step carried a parameter beyond a double's range; expected a smaller learning rate")
case("sgd_step: its gradients from another, equal network", lambda: bl.sgd_step(
    bl.Network([[[1.0]]], activation="identity"), bl.gradients(bl.Network([[[1.0]]], activation="identity"), [1.0], [0.0]),
    0.1), ValueError, r"^grads: expected the gradients of this net")
case("train: weights that overflow while the loss stays finite",
     lambda: bl.train(bl.Network([[[0.0]]], biases=[[0.0]]), [[1e3, 1e3]], [[0.0, 0.0]], 1e308, 1), ValueError,
     r"^lr: training diverged by step 1 \(from a loss of 0.25, the loss or the parameters grew beyond a double's range\)")
case("train a stack: one network's weights overflow",
     lambda: bl.train(bl.stack([bl.Network([[[0.0]]], biases=[[0.0]])] * 2), [[1e3, 1e3]], [[0.0, 0.0]], [0.1, 1e308], 1),
     ValueError, r"^lr: training diverged for 1 network\(s\), first network 1, by step 1")
case("Network: a frozen name that is not a string", lambda: bl.Network([[[0.1]]], frozen=[["W1"]]), TypeError,
     r"^frozen\[0\]: expected a parameter name such as 'b1', got list")
case("Network: a (2, 2) bias for 4 units", lambda: bl.Network([np.ones((4, 1))], biases=[np.zeros((2, 2))]), ValueError,
     r"^biases\[0\] \(b1\): expected a number, a vector or a column of biases, got shape \(2, 2\)")
case("Network.random(sizes=a 0-d array)", lambda: bl.Network.random(np.array(3)), ValueError, r"^sizes: expected at least two")
for sizes, error in [((1, 1.0), TypeError), (("1", "1"), TypeError), ((1, True), TypeError), ((1, 0), ValueError)]:
    case(f"from_named_weights(sizes={sizes})", lambda sizes=sizes: pages.from_named_weights(sizes, {"w": (1, 0, 0)}, {"w": 1.0}),
         error, r"^sizes\[\d\]: expected a whole number >= 1")
case("named_values: a dict without W keys", lambda: pages.named_values({1: np.eye(2)}, NAMES), ValueError,
     r"^per_layer: expected a dict with keys 'W1', 'W2', ..., got keys \['1'\]")
case("named_values: a stack's weights", lambda: pages.named_values(STACK.W, NAMES), ValueError,
     r"^per_layer: expected the weight matrices of one network")
case("named_values: bias gradients", lambda: pages.named_values(GRADS.db, NAMES), ValueError,
     r"^per_layer: expected the weight matrices of one network")
case("named_values: the activations", lambda: pages.named_values(TRACE.a, NAMES), TypeError,
     r"^per_layer: expected per-layer matrices such as net.W")
for what, kwargs, error, pattern in [
    ("names as a list", dict(names=["w1"]), TypeError, r"^names: expected a dict name -> \(layer, to, from\), got list"),
    ("a place as a list", dict(names={"w": [1, 0, 0]}), ValueError, r"^names\['w'\]: expected \(layer, to, from\)"),
    ("a place out of range", dict(names={"w": (9, 9, 9)}), ValueError, r"^names\['w'\]: expected a layer from 1 to 2, got 9"),
    ("node_labels=5", dict(node_labels=5), TypeError, r"^node_labels: expected one list per layer, inputs first, got int"),
    ("node values that are words", dict(node_values=[["a", "b"], [1, 2], [3]]), TypeError,
     r"^node_values\[0\]: expected an array of real numbers"),
    ("complex node values", dict(node_values=[[1j, 2], [1, 2], [3]]), TypeError, r"^node_values\[0\]: expected an array of real"),
    ("ax='x'", dict(ax="x"), TypeError, r"^ax: expected matplotlib axes or None, got str"),
]:
    case(f"draw_network: {what}", lambda kwargs=kwargs: pages.draw_network(NET, **kwargs), error, pattern)
case("plot_losses: a loss of 0 on a log scale", lambda: pages.plot_losses([1.0, 0.0]), ValueError,
     r"^losses\['loss'\]: expected losses > 0 on a log scale, got 0.0 at step index 1; pass log=False")
case("plot_losses(log='no')", lambda: pages.plot_losses([1.0], log="no"), TypeError, r"^log: expected True or False, got str")
case("plot_losses(ax=3)", lambda: pages.plot_losses([1.0], ax=3), TypeError, r"^ax: expected matplotlib axes or None")
for file_name in ("text.ipynb", "no_cells.ipynb", "list.ipynb", "binary.ipynb"):
    case(f"glued_values: {file_name}", lambda f=file_name: pages.glued_values(BROKEN / f), ValueError,
         r"^notebook: expected a stored .ipynb \(JSON with code cells\)")
case("errata(figures=a list)", lambda: pages.errata("pumaline2024", {"yhat": 0.5}, figures=[1]), TypeError,
     r"^figures: expected a dict key -> Figure")
case("errata(figures=strings)", lambda: pages.errata("pumaline2024", {"yhat": 0.5}, figures={"yhat": "0.5"}), TypeError,
     r"^figures: expected a dict key -> Figure")
case("errata: an unknown source with its own figures", lambda: pages.errata("nonsense", {}, figures={}), ValueError,
     r"^source: expected one of")
case("errata: an unexplained wrong figure", lambda: pages.errata("pumaline2024", {"yhat": 0.7}), ValueError,
     r"^exact\['yhat'\]: pumaline2024 prints 0.56 but the exact value is 0.700000; record why")
EMPTY = bl.Layers([])
for what, kwargs, pattern in [
    ("z=None", dict(z=None, a=EMPTY, net=NET), r"^z: expected per-layer values \(Layers\) for a Trace, got NoneType$"),
    ("z=a list", dict(z=[1], a=EMPTY, net=NET), r"^z: expected per-layer values \(Layers\) for a Trace, got list$"),
    ("a=None", dict(z=EMPTY, a=None, net=NET), r"^a: expected per-layer values \(Layers\) for a Trace, got NoneType$"),
    ("net=None", dict(z=EMPTY, a=EMPTY, net=None), r"^net: expected a Network or a Stack for a Trace, got NoneType$"),
]:
    case(f"Trace made by hand with {what}", lambda kwargs=kwargs: bl.Trace(**kwargs), TypeError, pattern)
for what, args, pattern in [
    ("delta=[]", (0.0, [], EMPTY, EMPTY, NET), r"^delta: expected per-layer values \(Layers\) for a Gradients, got list$"),
    ("dW=None", (0.0, EMPTY, None, EMPTY, NET), r"^dW: expected per-layer values \(Layers\) for a Gradients, got NoneType$"),
    ("db=None", (0.0, EMPTY, EMPTY, None, NET), r"^db: expected per-layer values \(Layers\) for a Gradients, got NoneType$"),
    ("net=3", (0.0, EMPTY, EMPTY, EMPTY, 3), r"^net: expected a Network or a Stack for a Gradients, got int$"),
]:
    case(f"Gradients made by hand with {what}", lambda args=args: bl.Gradients(*args), TypeError, pattern)
case("Layers(None)", lambda: bl.Layers(None), TypeError, r"^items: expected a list of per-layer values, got NoneType")
case("Layers('ab')", lambda: bl.Layers("ab"), TypeError, r"^items: expected a list of per-layer values, got str$")
case("Layers([1, 2])[5]", lambda: bl.Layers([1, 2])[5], ValueError, r"^layer\[5\]: expected a layer number from 1 to 2")
for what, call, symbol in [
    ("a stepped network's W", lambda: bl.sgd_step(NET, bl.gradients(NET, X, Y), 0.1).W[0], "W"),
    ("a stepped network's b", lambda: bl.sgd_step(NET, bl.gradients(NET, X, Y), 0.1).b[0], "b"),
    ("a new network's activation", lambda: bl.Network([[[0.1]], [[0.2]]]).activation[0], "activation"),
    ("a fresh trace's a", lambda: bl.forward(NET, X).a[3], "a"),
    ("a fresh trace's z", lambda: bl.forward(NET, X).z[0], "z"),
    ("fresh gradients' delta", lambda: bl.gradients(NET, X, Y).delta[0], "delta"),
    ("fresh gradients' dW", lambda: bl.gradients(NET, X, Y).dW[0], "dW"),
    ("fresh gradients' db", lambda: bl.gradients(NET, X, Y).db[0], "db"),
]:
    case(f"layer 0 or 3 of {what}", call, ValueError, rf"^{symbol}\[[03]\]: expected a layer number from [01] to 2")
case("stack: a rate per network in 3-D", lambda: bl.train(STACK, X, Y, np.full((2, 1, 1), 0.1), 2), ValueError,
     r"^lr: expected one number > 0, or 2 of them \(one per network\), got shape \(2, 1, 1\)$")
case("stack(a dict)", lambda: bl.stack({1: NET}), TypeError, r"^nets: expected a non-empty list of Networks, got dict$")
case("Network(weights=a dict)", lambda: bl.Network({"W1": [[0.1]]}), TypeError,
     r"^weights: expected a non-empty list of 2-D matrices, one per layer, got dict$")
case("Network: layer 3 that does not fit layer 2",
     lambda: bl.Network([np.zeros((3, 2)), np.zeros((4, 3)), np.zeros((1, 5))]), ValueError,
     r"^weights\[2\] \(W3\): expected 4 columns, one per unit of layer 2, got shape \(1, 5\)$")
case("Network: a 3-D bias", lambda: bl.Network([[[0.1]]], biases=[np.zeros((1, 1, 1))]), ValueError,
     r"^biases\[0\] \(b1\): expected a 0-D or 1-D or 2-D array, got shape \(1, 1, 1\)$")
case("Network(activation=3)", lambda: bl.Network([[[0.1]]], activation=3), TypeError,
     r"^activation: expected one name or a list of names, got int$")
case("Network(frozen=3)", lambda: bl.Network([[[0.1]]], frozen=3), TypeError,
     r"^frozen: expected parameter names such as \('b1', 'b2'\), got int$")
case("with_parameters: a weight matrix as a vector", lambda: NET.with_parameters(W1=[1.0, 2.0]), ValueError,
     r"^W1: expected shape \(2, 2\), got \(2,\)$")
for what, other in [("layer 1's bias mode", bl.Network(list(NET.W), [0.1, 0.2])),
                    ("layer 2's bias mode", bl.Network(list(NET.W), [[0.1, -0.1], None]))]:
    case(f"stack: {what} differs", lambda other=other: bl.stack([NET, other]), ValueError,
         r"^nets\[1\]: expected the shape of nets\[0\]")
case("Layers(first='a')", lambda: bl.Layers([1, 2], first="a"), TypeError, r"^first: expected the number of the first layer")
case("Layers(first=-1)", lambda: bl.Layers([1, 2], first=-1), ValueError, r"^first: expected the number of the first layer")
case("y for one sample as a row", lambda: bl.gradients(bl.Network.random((2, 3, 2)), [0.1, 0.2], [[0.3, 0.4]]), ValueError,
     r"^y: expected shape \(2, 1\).*got \(1, 2\), which looks like one target per row: pass y.T")
case("x of one input given as a vector of samples", lambda: bl.forward(bl.Network.random((1, 1)), [0.1, 0.2, 0.3]),
     ValueError, r"^x: expected shape \(1,\) .*got \(3,\); for 3 samples of one input, pass x.reshape\(1, 3\)")
case("y of two outputs given flat", lambda: bl.gradients(bl.Network.random((2, 2)), X, np.zeros(8)), ValueError,
     r"^y: expected shape \(2, 4\).*got \(8,\): make it one row per output unit and one column per sample")
case("whole_number names what came once", lambda: examples.xor(hidden=None), TypeError,
     r"^sizes\[1\]: expected a whole number >= 1, got None$")


# ---- optimizers: hyperparameters, state, and train(optimizer=...) ------------------------------------
for what, make, error, pattern in [
    ("Momentum(beta=1)", lambda: bl.Momentum(beta=1.0), ValueError,
     r"^beta: expected a number from 0 up to but not including 1, got 1.0$"),
    ("Momentum(beta=-0.1)", lambda: bl.Momentum(beta=-0.1), ValueError, r"^beta: expected a number from 0 up to"),
    ("Momentum(beta=NaN)", lambda: bl.Momentum(beta=float("nan")), ValueError, r"^beta: expected a finite number, got nan"),
    ("Momentum(beta='0.9')", lambda: bl.Momentum(beta="0.9"), TypeError, r"^beta: expected a number, got str '0.9'"),
    ("Momentum(beta=True)", lambda: bl.Momentum(beta=True), TypeError, r"^beta: expected a number, got bool"),
    ("Momentum(beta=[0.9])", lambda: bl.Momentum(beta=[0.9]), TypeError, r"^beta: expected a number, got list"),
    ("Adam(beta1=1)", lambda: bl.Adam(beta1=1), ValueError, r"^beta1: expected a number from 0 up to but not including 1"),
    ("Adam(beta2=1.5)", lambda: bl.Adam(beta2=1.5), ValueError, r"^beta2: expected a number from 0 up to"),
    ("Adam(beta2=-1e-9)", lambda: bl.Adam(beta2=-1e-9), ValueError, r"^beta2: expected a number from 0 up to"),
    ("Adam(beta1=None)", lambda: bl.Adam(beta1=None), TypeError, r"^beta1: expected a number, got None"),
    ("Adam(eps=0)", lambda: bl.Adam(eps=0.0), ValueError, r"^eps: expected a finite number > 0, got 0.0"),
    ("Adam(eps=-1e-8)", lambda: bl.Adam(eps=-1e-8), ValueError, r"^eps: expected a finite number > 0, got -1e-08"),
    ("Adam(eps=inf)", lambda: bl.Adam(eps=float("inf")), ValueError, r"^eps: expected a finite number > 0, got inf"),
    ("Adam(eps='1e-8')", lambda: bl.Adam(eps="1e-8"), TypeError, r"^eps: expected a number > 0, got str"),
    ("Adam(lr=0.01)", lambda: bl.Adam(lr=0.01), TypeError,
     r"^lr: expected the learning rate as an argument of step or train, not of the optimizer: "
     r"Adam\(\).step\(net, grads, lr, state\) or train\(net, x, y, lr, ..., optimizer=Adam\(\)\)$"),
    ("SGD(lr=0.1)", lambda: bl.SGD(lr=0.1), TypeError,
     r"^lr: expected the learning rate as an argument of step or train, not of the optimizer: "
     r"SGD\(\).step\(net, grads, lr, state\) or train\(net, x, y, lr, ..., optimizer=SGD\(\)\)$"),
    ("Momentum(lr=0.1)", lambda: bl.Momentum(lr=0.1), TypeError,
     r"^lr: expected the learning rate as an argument of step or train, not of the optimizer: "
     r"Momentum\(\).step\(net, grads, lr, state\) or train\(net, x, y, lr, ..., optimizer=Momentum\(\)\)$"),
    ("SGD(weight_decay=-0.1)", lambda: bl.SGD(weight_decay=-0.1), ValueError,
     r"^weight_decay: expected a number >= 0 \(λ of L \+ λ/2 Σ W²\), got -0.1$"),
    ("Momentum(weight_decay=inf)", lambda: bl.Momentum(weight_decay=float("inf")), ValueError,
     r"^weight_decay: expected a finite number, got inf"),
    ("Adam(weight_decay='0.1')", lambda: bl.Adam(weight_decay="0.1"), TypeError, r"^weight_decay: expected a number, got str"),
    ("Adam(weight_decay=None)", lambda: bl.Adam(weight_decay=None), TypeError, r"^weight_decay: expected a number, got None"),
]:
    case(what, make, error, pattern)
ADAM, MOMENTUM = bl.Adam(), bl.Momentum()
for what, optimizer, error, pattern in [
    ("a name", "adam", TypeError,
     r"^optimizer: expected None \(plain gradient descent\) or an optimizer such as SGD\(\), Momentum\(\) or Adam\(\), "
     r"got str 'adam'$"),
    ("the class itself", bl.Adam, TypeError, r"^optimizer: expected an optimizer, got the class Adam; make one with Adam\(\)$"),
    ("sgd_step", bl.sgd_step, TypeError, r"^optimizer: expected None \(plain gradient descent\) or an optimizer"),
    ("a state", ADAM.init(NET), TypeError, r"^optimizer: expected None .*got OptimizerState$"),
]:
    case(f"train(optimizer={what})", lambda optimizer=optimizer: bl.train(NET, X, Y, 0.1, 2, optimizer=optimizer),
         error, pattern)
    case(f"train a stack (optimizer={what})",
         lambda optimizer=optimizer: bl.train(STACK, X, Y, 0.1, 2, optimizer=optimizer), error, pattern)
TINY = bl.Network([[[1e-200]]], activation="identity")  # x = 1e200: a gradient of 1e200, whose square overflows
FROZEN_NET = bl.Network(list(NET.W), [[0.1, -0.1], 0.2], frozen=("b2",))
for what, call, error, pattern in [
    ("state=None", lambda: ADAM.step(NET, GRADS, 0.1, None), TypeError,
     r"^state: expected the OptimizerState of Adam\(\).init\(net\) or of the last step, got None$"),
    ("state as a dict", lambda: ADAM.step(NET, GRADS, 0.1, {"m": {}, "v": {}}), TypeError,
     r"^state: expected the OptimizerState of Adam\(\).init\(net\) .*got dict$"),
    ("state of momentum", lambda: ADAM.step(NET, GRADS, 0.1, MOMENTUM.init(NET)), ValueError,
     r"^state: expected Adam's state for this net, with m for \['W1', 'W2', 'b1', 'b2'\], got m for no parameter$"),
    ("state of Adam to momentum", lambda: MOMENTUM.step(NET, GRADS, 0.1, ADAM.init(NET)), ValueError,
     r"^state: expected Momentum's state for this net, with m for no parameter, got m for \['W1', 'W2', 'b1', 'b2'\]$"),
    ("state of a network with b2 frozen", lambda: ADAM.step(NET, GRADS, 0.1, ADAM.init(FROZEN_NET)), ValueError,
     r"^state: expected Adam's state for this net, with m for \['W1', 'W2', 'b1', 'b2'\], got m for \['W1', 'W2', 'b1'\]$"),
    ("state of a stack", lambda: ADAM.step(NET, GRADS, 0.1, ADAM.init(STACK)), ValueError,
     r"^state: expected m\['W1'\] of shape \(2, 2\), the shape of W1, got \(2, 2, 2\)$"),
    ("state of another shape", lambda: MOMENTUM.step(LINEAR, bl.gradients(LINEAR, X, Y), 0.1, MOMENTUM.init(NET)),
     ValueError, r"^state: expected Momentum's state for this net, with v for \['W1'\], got v for \['W1', 'W2', 'b1', 'b2'\]$"),
    ("lr=0", lambda: ADAM.step(NET, GRADS, 0.0, ADAM.init(NET)), ValueError, r"^lr: expected a finite number > 0, got 0.0$"),
    ("lr='fast'", lambda: MOMENTUM.step(NET, GRADS, "fast", MOMENTUM.init(NET)), TypeError,
     r"^lr: expected a number > 0, got str 'fast'$"),
    ("three rates for a stack of two", lambda: ADAM.step(STACK, bl.gradients(STACK, X, Y), [0.1, 0.2, 0.3], ADAM.init(STACK)),
     ValueError, r"^lr: expected one number > 0, or 2 of them \(one per network\), got shape \(3,\)$"),
    ("gradients of another network", lambda: ADAM.step(OTHER, GRADS, 0.1, ADAM.init(OTHER)), ValueError,
     r"^grads: expected the gradients of this net, got the gradients of another network$"),
    ("gradients by name", lambda: ADAM.step(NET, GRADS.by_name(), 0.1, ADAM.init(NET)), TypeError,
     r"^grads: expected the Gradients of a backward pass, got dict$"),
    ("net=None", lambda: ADAM.step(None, GRADS, 0.1, ADAM.init(NET)), TypeError, r"^net: expected a Network"),
    ("init(net=a list)", lambda: ADAM.init([NET.W[1]]), TypeError, r"^net: expected a Network \(or a Stack of them\), got list$"),
    ("a step beyond a double's range", lambda: bl.SGD().step(LINEAR, bl.gradients(LINEAR, [1e10, 0.0], [0.0]), 1e300,
                                                            bl.SGD().init(LINEAR)), ValueError,
     r"^lr: the step carried a parameter, or the optimizer's state, beyond a double's range; expected a smaller "
     r"learning rate than 1e\+300$"),
    ("Adam's v beyond a double's range", lambda: ADAM.step(TINY, bl.gradients(TINY, [1e200], [0.0]), 0.1, ADAM.init(TINY)),
     ValueError, r"^lr: the step carried a parameter, or the optimizer's state, beyond a double's range"),
]:
    case(f"optimizer step: {what}", call, error, pattern)
for what, kwargs, error, pattern in [
    ("t=-1", dict(t=-1, m={}, v={}), ValueError, r"^t: expected a whole number >= 0, got -1$"),
    ("t=1.5", dict(t=1.5, m={}, v={}), TypeError, r"^t: expected a whole number >= 0, got float 1.5$"),
    ("m=None", dict(t=0, m=None, v={}), TypeError, r"^m: expected a dict from parameter name to array, got None$"),
    ("v as a list", dict(t=0, m={}, v=[np.zeros(2)]), TypeError, r"^v: expected a dict from parameter name to array, got list$"),
    ("a key that is not a name", dict(t=0, m={1: np.zeros(2)}, v={}), TypeError,
     r"^m: expected parameter names such as 'W1' as keys, got int 1$"),
    ("a NaN", dict(t=0, m={}, v={"W1": [[np.nan]]}), ValueError, r"^v\['W1'\]: expected finite numbers, got nan"),
    ("a string", dict(t=0, m={"b1": "0"}, v={}), TypeError, r"^m\['b1'\]: expected an array of numbers, got str '0'$"),
]:
    case(f"OptimizerState({what})", lambda kwargs=kwargs: bl.OptimizerState(**kwargs), error, pattern)

# ---- softmax, categorical cross-entropy, initialisers --------------------------------------------
for fn in ("softmax", "softmax_jacobian"):
    for what, value, error, message in NOT_ARRAYS:
        case(f"{fn}(z={what})", lambda fn=fn, value=value: getattr(bl, fn)(value), error, r"^z: " + message)
    case(f"{fn}: z in 3-D", lambda fn=fn: getattr(bl, fn)(np.zeros((2, 2, 2))), ValueError,
         r"^z: expected a 1-D or 2-D array, got shape \(2, 2, 2\)$")
    case(f"{fn}: a number", lambda fn=fn: getattr(bl, fn)(1.0), ValueError, r"^z: expected a 1-D or 2-D array, got shape \(\)$")
case("ce: shapes that would broadcast", lambda: bl.ce(np.full((1, 4), 0.5), np.full((4, 1), 0.5)),
     ValueError, r"^target: expected the shape of output \(1, 4\).*got \(4, 1\)")
case("ce: a scalar target", lambda: bl.ce([0.5, 0.5], 1.0), ValueError, r"^target: expected a 1-D or 2-D array")
for what, value, error, message in NOT_ARRAYS:
    case(f"ce(output={what})", lambda value=value: bl.ce(value, [1.0]), error, r"^output: " + message)
    case(f"ce(target={what})", lambda value=value: bl.ce([0.5], value), error, r"^target: " + message)
case("ce: an output of exactly 0", lambda: bl.ce([0.0, 1.0], [0.0, 1.0]), ValueError,
     r"^output: expected probabilities strictly between 0 and 1, got 0.0 at index \(0,\)$")
case("ce: an output of 1.5", lambda: bl.ce([[0.5], [1.5]], [[0.0], [1.0]]), ValueError,
     r"^output: expected probabilities strictly between 0 and 1, got 1.5 at index \(1, 0\)$")
case("ce: a target of -0.5", lambda: bl.ce([0.5, 0.5], [1.5, -0.5]), ValueError,
     r"^target: expected numbers from 0 to 1, got 1.5 at index \(0,\)$")
case("ce: a target column summing to 0.9", lambda: bl.ce([[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.4], [0.0, 0.5]]),
     ValueError, r"^target: expected probability vectors for cross-entropy \(each column summing to 1\), got a "
     r"column summing to 0.9 \(sample 1\)$")
case("ce: a target of zeros", lambda: bl.ce([0.5, 0.5], [0.0, 0.0]), ValueError,
     r"^target: expected probability vectors .*got a column summing to 0.0 \(sample 0\)$")
case("ce: a target summing to 1 + 1e-5", lambda: bl.ce([0.5, 0.5], [0.5, 0.5 + 1e-5]), ValueError,
     r"^target: expected probability vectors .*got a column summing to 1.00001")
SOFTMAX_NET = bl.Network([[[0.3, -0.2], [0.1, 0.4], [0.2, 0.2]]], activation="softmax")  # 2 inputs, 3 classes
ONE_HOT = np.eye(3)[:, [0, 1, 2, 0]]
for fn, call in [
    ("backward", lambda y: bl.backward(SOFTMAX_NET, bl.forward(SOFTMAX_NET, X), y, "ce")),
    ("gradients", lambda y: bl.gradients(SOFTMAX_NET, X, y, "ce")),
    ("loss_of", lambda y: bl.loss_of(SOFTMAX_NET, X, y, "ce")),
    ("train", lambda y: bl.train(SOFTMAX_NET, X, y, 0.1, 2, loss="ce")),
    ("numerical_gradients", lambda y: bl.numerical_gradients(SOFTMAX_NET, X, y, "ce")),
    ("gradient_check", lambda y: bl.gradient_check(SOFTMAX_NET, X, y, "ce")),
]:
    case(f"{fn}: ce with a negative target", lambda call=call: call(ONE_HOT - 0.25 * np.eye(3)[:, [1, 1, 1, 1]]),
         ValueError, r"^y: expected probability vectors for cross-entropy \(one-hot or any distribution, each column "
         r"non-negative and summing to 1\), got -0.25 at index \(1, 0\)$")
    case(f"{fn}: ce with a target column summing to 2", lambda call=call: call(2 * ONE_HOT), ValueError,
         r"^y: expected probability vectors for cross-entropy \(each column summing to 1\), got a column summing "
         r"to 2.0 \(sample 0\)$")
    case(f"{fn}: ce with one-hot rows instead of columns", lambda call=call: call(ONE_HOT.T), ValueError,
         r"^y: expected shape \(3, 4\).*got \(4, 3\), which looks like one target per row: pass y.T")
for what, net in [("identity", LINEAR), ("relu", bl.Network([[[0.3, -0.2]]], activation="relu")),
                  ("tanh", bl.Network.random((2, 3, 2), ["sigmoid", "tanh"]))]:
    case(f"ce on a {what} output", lambda net=net: bl.loss_of(net, X, np.ones((net.sizes[-1], 4)) / net.sizes[-1], "ce"),
         ValueError, rf"^loss: 'ce' needs a softmax or sigmoid output layer \(outputs in \(0, 1\)\), got a network "
         rf"whose last layer is '{what}'$")
case("bce on a softmax output", lambda: bl.loss_of(SOFTMAX_NET, X, ONE_HOT, "bce"), ValueError,
     r"^loss: 'bce' needs a sigmoid output layer \(outputs in \(0, 1\)\), got a network whose last layer is 'softmax'$")
case("one sample of a 3-class softmax given 2 targets", lambda: bl.gradients(SOFTMAX_NET, X1, [0.5, 0.5], "ce"),
     ValueError, r"^y: expected shape \(3, 1\)")
case("Network.random: init 'glorot'", lambda: bl.Network.random((2, 1), init="glorot"), ValueError,
     r"^init: expected one of \['he_normal', 'he_uniform', 'normal', 'uniform', 'xavier_normal', 'xavier_uniform'\], "
     r"got 'glorot'$")
case("Network.random: init 'He_normal'", lambda: bl.Network.random((2, 1), init="He_normal"), ValueError,
     r"^init: expected one of .*got 'He_normal'$")
case("Network.random: init None", lambda: bl.Network.random((2, 1), init=None), TypeError, r"^init: expected one of .*got None$")
case("Network.random: init as a function", lambda: bl.Network.random((2, 1), init=np.zeros), TypeError,
     r"^init: expected one of .*got builtin_function_or_method$")
case("Network.random: xavier with a seed of -1", lambda: bl.Network.random((2, 1), init="xavier_normal", seed=-1),
     ValueError, r"^seed: expected a whole number >= 0, got -1$")


# ---- the scalar autograd ---------------------------------------------------------------------------------
from backprop_lib.autograd import Value, network_graph  # noqa: E402

for what, call, error, pattern in [
    ("Value('a')", lambda: Value("a"), TypeError, r"^data: expected a Value or a real number, got str 'a'"),
    ("Value(None)", lambda: Value(None), TypeError, r"^data: expected a Value or a real number, got None"),
    ("Value(True)", lambda: Value(True), TypeError, r"^data: expected a Value or a real number, got bool"),
    ("Value(nan)", lambda: Value(float("nan")), ValueError, r"^data: expected a finite number, got nan"),
    ("Value + 'x'", lambda: Value(1.0) + "x", TypeError, r"^other: expected a Value or a real number, got str"),
    ("Value * [1]", lambda: Value(1.0) * [1.0], TypeError, r"^other: expected a Value or a real number, got list"),
    ("Value / 0", lambda: Value(1.0) / 0, ValueError, r"^other: expected a divisor other than 0, got 0.0"),
    ("0 ** -1", lambda: Value(0.0) ** -1, ValueError, r"^exponent: expected at least 1 for a base of 0"),
    ("(-2) ** 0.5", lambda: Value(-2.0) ** 0.5, ValueError, r"^exponent: expected a whole number for a negative base"),
    ("** a Value", lambda: Value(2.0) ** Value(2.0), TypeError, r"^exponent: expected a Value or a real number"),
    ("exp(1000)", lambda: Value(1000.0).exp(), ValueError, r"^exp: expected an argument below 709.78, got 1000.0"),
    ("log(0)", lambda: Value(0.0).log(), ValueError, r"^log: expected a positive argument, got 0.0"),
    ("an overflowing product", lambda: Value(1e200) * 1e200, ValueError, r"^×: the result inf is beyond a double's range"),
    ("network_graph(net=list)", lambda: network_graph([NET.W[1]], X, Y), TypeError, r"^net: expected a Network"),
    ("network_graph: x as rows", lambda: network_graph(NET, X.T, Y), ValueError, r"^x: expected shape \(2,\).*pass x.T"),
    ("network_graph: loss 'l1'", lambda: network_graph(NET, X, Y, "l1"), ValueError, r"^loss: expected one of"),
    ("network_graph: loss 'ce'", lambda: network_graph(SOFTMAX_NET, X, ONE_HOT, "ce"), ValueError,
     r"^loss: expected 'half_sse', 'mse' or 'bce' for a graph of scalar operations, got 'ce'$"),
    ("network_graph: a softmax layer", lambda: network_graph(SOFTMAX_NET, X, ONE_HOT), ValueError,
     r"^net: expected element-wise activations for a graph of scalar operations, got a softmax layer$"),
]:
    case(f"autograd: {what}", call, error, pattern)


@pytest.mark.parametrize("call, error, pattern", CASES)
def test_bad_input_is_refused_by_name_with_no_warning_and_nothing_changed(call, error, pattern):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning on the way would fail the match below
        with pytest.raises(error, match=pattern):
            call()
    for now, before in zip(ARRAYS, SNAPSHOT):
        np.testing.assert_array_equal(now, before)
    assert all(not a.flags.writeable for a in [*NET.W, *NET.b, *TRACE.z, *TRACE.a, *GRADS.dW, *GRADS.db])


def test_the_table_holds_the_whole_kind():
    assert len(CASES) >= 200


def test_a_numpy_scalar_is_described_by_its_plain_value():
    """``float32 0.5``, as a Python float would read, not numpy's ``np.float32(0.5)``."""
    with pytest.raises(TypeError, match=r"^t: expected a whole number >= 0, got float32 0.5$"):
        bl.OptimizerState(t=np.float32(0.5), m={}, v={})
    with pytest.raises(TypeError, match=r"^seed: expected a whole number >= 0, got float64 2.0$"):
        bl.Network.random((2, 1), seed=np.float64(2.0))


def test_text_takes_a_string_as_a_plain_str_and_refuses_anything_else_by_name():
    from backprop_lib._validate import text

    assert text("given", "0.25") == "0.25" and type(text("given", np.str_("0.25"))) is str
    assert text("given", np.str_("0.25")) == "0.25"
    with pytest.raises(TypeError, match=r"^given: expected a string, got float 0.25$"):
        text("given", 0.25)
    with pytest.raises(TypeError, match=r"^given: expected a string, got None$"):
        text("given", None)
