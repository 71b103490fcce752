"""Bad input, the whole kind, one table per layer of the check: every public function refuses it
at once with a TypeError or ValueError whose message starts with the argument's name and says
what was expected and what came; no warning escapes; no argument changes.

The layers, each tested once:

1. the validators of ``backprop_lib._validate`` (``as_array``, ``number``, ``positive_number``,
   ``number_in``, ``whole_number``, ``seed``): every kind of bad value against the validator
   itself, its message pinned whole, there and nowhere else;
2. the checks at the door of the passes and steps (``check_net``, ``check_inputs``,
   ``check_targets``, ``check_loss``, ``check_learning_rate``, ``check_gradients``, ``start``):
   what each adds (shapes, hints, a loss's targets), pinned whole, against the check itself;
3. one row per entry point and argument (``ROUTES``): the entry point hands that very argument
   to its check, under its name and with its options, and passes the refusal on as it is
   (see tests/routing.py), so every kind of bad value the check refuses, the entry point refuses
   in the same words; and it refuses two real bad values by name, a TypeError and (where the
   check has one) a ValueError. Where two entry points share a check with no public name,
   ``SAME`` shows the one refusing as the other does;

and then every refusal that belongs to one function alone (``CASES``), pinned where it is made.
"""

import re
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib import pages
from backprop_lib._validate import ANY_NDIM, as_array, function, number, number_in, one_of, positive_number, whole_number
from backprop_lib._validate import seed as check_seed
from backprop_lib.autograd import Value, network_graph
from backprop_lib.backprop import check_inputs, check_loss, check_net, check_targets
from backprop_lib.optimizers import check_gradients, check_learning_rate, start
from backprop_lib.pages import examples
from routing import THE_MARKER, Marker, spy_on

matplotlib.use("Agg")

M = THE_MARKER  # in a route's expected arguments: the marker the row handed over
NET = bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2])  # 2-2-1 sigmoid
LINEAR = bl.Network([[[0.3, -0.2]]], activation="identity")                               # 2-1 linear
OTHER = bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2])  # equal, not NET
X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])  # 4 samples, one per column
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
X1, Y1 = np.array([1.0, 2.0]), np.array([0.7])               # one sample, as vectors
TRACE = bl.forward(NET, X)
GRADS = bl.backward(NET, TRACE, Y)
STACK = bl.stack([NET, OTHER])
SOFTMAX_NET = bl.Network([[[0.3, -0.2], [0.1, 0.4], [0.2, 0.2]]], activation="softmax")  # 2 inputs, 3 classes
SOFTMAX_TRACE = bl.forward(SOFTMAX_NET, X)
ONE_HOT = np.eye(3)[:, [0, 1, 2, 0]]
NAMES = {"w1": (1, 0, 0), "w2": (1, 0, 1), "w3": (1, 1, 0), "w4": (1, 1, 1), "w5": (2, 0, 0), "w6": (2, 0, 1)}
VALUES = {k: i / 10 for i, k in enumerate(NAMES, start=1)}
ARRAYS = [X, Y, X1, Y1, ONE_HOT, *NET.W, *NET.b, *TRACE.z, *TRACE.a, *GRADS.dW, *GRADS.db]
SNAPSHOT = [a.copy() for a in ARRAYS]
READ_ONLY = [*NET.W, *NET.b, *TRACE.z, *TRACE.a, *GRADS.dW, *GRADS.db, *SOFTMAX_NET.W, *SOFTMAX_TRACE.a]
MASKED = np.ma.masked_array([0.5, 0.9], mask=[0, 1])
ADAM, MOMENTUM = bl.Adam(), bl.Momentum()
EPS_WHY = " (smaller drowns in round-off, larger in truncation error)"

CASES = []


def case(name, call, error, pattern):
    CASES.append(pytest.param(call, error, pattern, id=name))


# =====================================================================================================
# 1. The validators, each against every kind of bad value, its message pinned whole, once.
# =====================================================================================================
for what, value, kwargs, error, message in [
    ("None", None, {}, TypeError, r"expected an array of numbers, got None"),
    ("a string", "0.5", {}, TypeError, r"expected an array of numbers, got str '0.5'"),
    ("bytes", b"0.5", {}, TypeError, r"expected an array of numbers, got bytes b'0.5'"),
    ("a dict", {"a": 1}, {}, TypeError, r"expected an array of numbers, got dict"),
    ("a set", {0.5}, {}, TypeError, r"expected an array of numbers, got set"),
    ("booleans", [True, False], {}, TypeError, r"expected numbers, got booleans \(True/False\) among them"),
    ("booleans among numbers", [True, 0.5], {}, TypeError, r"expected numbers, got booleans \(True/False\) among them"),
    ("a boolean array", np.array([True, False]), {}, TypeError,
     r"expected numbers, got booleans \(True/False\); convert them with .astype\(float\)"),
    ("complex", [1 + 2j], {}, TypeError, r"expected an array of real numbers, got dtype complex128 \(list\)"),
    ("words", np.array(["a"]), {}, TypeError, r"expected an array of real numbers, got dtype <U1 \(ndarray\)"),
    ("an object", Marker(), {}, TypeError, r"expected an array of real numbers, got dtype object \(Marker\)"),
    ("ragged", [[1.0], [2.0, 3.0]], {}, TypeError,
     r"expected an array of numbers, got list \(setting an array element with a sequence\..*\)"),
    ("a masked array", MASKED, {}, TypeError,
     r"expected a plain array, got a masked array; fill its masked entries first \(\.filled\(\)\)"),
    ("a masked array in a list", [MASKED], {}, TypeError, r"expected a plain array, got a masked array; .*"),
    ("empty", [], {}, ValueError, r"expected a non-empty array, got shape \(0,\)"),
    ("empty rows", np.zeros((2, 0)), {}, ValueError, r"expected a non-empty array, got shape \(2, 0\)"),
    ("NaN", [0.5, np.nan], {}, ValueError, r"expected finite numbers, got nan at index \(1,\)"),
    ("inf", [np.inf], {}, ValueError, r"expected finite numbers, got inf at index \(0,\)"),
    ("-inf in a matrix", [[1.0, 2.0], [3.0, -np.inf]], {}, ValueError, r"expected finite numbers, got -inf at index \(1, 1\)"),
    ("a long double beyond a double's range", np.array([np.longdouble("1e400"), 0.5]), {}, ValueError,
     r"expected finite numbers, got 1e\+400 at index \(0,\)"),
    ("a number, by default", 0.5, {}, ValueError, r"expected a 1-D or 2-D array, got shape \(\)"),
    ("3-D, by default", np.zeros((2, 2, 2)), {}, ValueError, r"expected a 1-D or 2-D array, got shape \(2, 2, 2\)"),
    ("a vector for ndim=(2,)", [0.1, 0.2], dict(ndim=(2,)), ValueError, r"expected a 2-D array, got shape \(2,\)"),
    ("3-D for ndim=(0, 1, 2)", np.zeros((1, 1, 1)), dict(ndim=(0, 1, 2)), ValueError,
     r"expected a 0-D or 1-D or 2-D array, got shape \(1, 1, 1\)"),
    ("empty for ndim=ANY_NDIM", np.zeros((1, 0, 1)), dict(ndim=ANY_NDIM), ValueError,
     r"expected a non-empty array, got shape \(1, 0, 1\)"),
    ("NaN in 3-D for ndim=ANY_NDIM", np.full((1, 1, 2), np.nan), dict(ndim=ANY_NDIM), ValueError,
     r"expected finite numbers, got nan at index \(0, 0, 0\)"),
    ("an int beyond a double's range among numbers", [0.5, 10**400], {}, ValueError,
     r"expected finite numbers, got a number of 401 digits at index \(1,\), beyond a double's range"),
    ("an int beyond int64 alone, for ndim=ANY_NDIM", 10**400, dict(ndim=ANY_NDIM), ValueError,
     r"expected finite numbers, got a number of 401 digits at index \(\), beyond a double's range"),
    ("Decimals, no real numbers", [__import__("decimal").Decimal("0.5")], {}, TypeError,
     r"expected an array of real numbers, got dtype object \(list\)"),
]:
    case(f"as_array: {what}", lambda value=value, kwargs=kwargs: as_array("v", value, **kwargs), error, rf"^v: {message}$")

for label, check, values in [
    ("number", number, [
        ("a string", "0.5", TypeError, r"expected a number, got str '0.5'"),
        ("None", None, TypeError, r"expected a number, got None"),
        ("True", True, TypeError, r"expected a number, got bool True"),
        ("a list", [0.9], TypeError, r"expected a number, got list"),
        ("complex", 1j, TypeError, r"expected a number, got complex 1j"),
        ("NaN", float("nan"), ValueError, r"expected a finite number, got nan"),
        ("inf", float("inf"), ValueError, r"expected a finite number, got inf"),
        ("a 0-d array of NaN", np.array(np.nan), ValueError, r"expected a finite number, got nan"),
        ("10**400", 10**400, ValueError, r"expected a number, got a number of 401 digits, beyond a double's range"),
    ]),
    ("positive_number", positive_number, [
        ("0", 0.0, ValueError, r"expected a finite number > 0, got 0.0"),
        ("-0.1", -0.1, ValueError, r"expected a finite number > 0, got -0.1"),
        ("NaN", float("nan"), ValueError, r"expected a finite number > 0, got nan"),
        ("inf", float("inf"), ValueError, r"expected a finite number > 0, got inf"),
        ("a string", "fast", TypeError, r"expected a number > 0, got str 'fast'"),
        ("True", True, TypeError, r"expected a number > 0, got bool True"),
        ("None", None, TypeError, r"expected a number > 0, got None"),
        ("a list", [0.1], TypeError, r"expected a number > 0, got list"),
        ("10**400", 10**400, ValueError, r"expected a number > 0, got a number of 401 digits, beyond a double's range"),
    ]),
    ("number_in(low=1e-10, high=1e-2)", lambda name, value: number_in(name, value, 1e-10, 1e-2, " (why)"), [
        ("below", 1e-13, ValueError, r"expected a number from 1e-10 to 0.01 \(why\), got 1e-13"),
        ("above", 0.5, ValueError, r"expected a number from 1e-10 to 0.01 \(why\), got 0.5"),
        ("just above, every digit", 0.0100000001, ValueError, r"expected a number from 1e-10 to 0.01 \(why\), got 0.0100000001"),
        ("0", 0.0, ValueError, r"expected a number from 1e-10 to 0.01 \(why\), got 0.0"),
        ("-1e-6", -1e-6, ValueError, r"expected a number from 1e-10 to 0.01 \(why\), got -1e-06"),
        ("NaN", float("nan"), ValueError, r"expected a finite number, got nan"),
        ("a string", "1e-6", TypeError, r"expected a number, got str '1e-6'"),
        ("10**400", 10**400, ValueError, r"expected a number, got a number of 401 digits, beyond a double's range"),
    ]),
    ("whole_number", whole_number, [
        ("0", 0, ValueError, r"expected a whole number >= 1, got 0"),
        ("2.5", 2.5, TypeError, r"expected a whole number >= 1, got float 2.5"),
        ("2.0", 2.0, TypeError, r"expected a whole number >= 1, got float 2.0"),
        ("True", True, TypeError, r"expected a whole number >= 1, got bool True"),
        ("numpy's True", np.bool_(True), TypeError, r"expected a whole number >= 1, got bool True"),
        ("None", None, TypeError, r"expected a whole number >= 1, got None"),
        ("a string", "3", TypeError, r"expected a whole number >= 1, got str '3'"),
        ("a numpy float, by its plain value", np.float32(0.5), TypeError, r"expected a whole number >= 1, got float32 0.5"),
        ("a whole numpy float", np.float64(2.0), TypeError, r"expected a whole number >= 1, got float64 2.0"),
    ]),
    ("whole_number(maximum=10)", lambda name, value: whole_number(name, value, maximum=10, why=" (why)"), [
        ("11", 11, ValueError, r"expected a whole number from 1 to 10 \(why\), got 11"),
        ("10**400", 10**400, ValueError, r"expected a whole number from 1 to 10 \(why\), got a number of 401 digits"),
        ("0", 0, ValueError, r"expected a whole number >= 1, got 0"),
    ]),
    ("whole_number(minimum=0)", lambda name, value: whole_number(name, value, minimum=0), [
        ("-1, for minimum=0", -1, ValueError, r"expected a whole number >= 0, got -1"),
        ("-1.0, for minimum=0", -1.0, TypeError, r"expected a whole number >= 0, got float -1.0"),
    ]),
    ("seed", check_seed, [
        ("-2", -2, ValueError, r"expected a whole number >= 0, got -2"),
        ("0.5", 0.5, TypeError, r"expected a whole number >= 0, got float 0.5"),
        ("None", None, TypeError, r"expected a whole number >= 0, got None"),
    ]),
    ("function", lambda name, value: function(name, value, "your function f(x)"), [
        ("None", None, TypeError, r"expected your function f\(x\), got None"),
        ("a number", 0.5, TypeError, r"expected your function f\(x\), got float 0.5"),
        ("its name", "f", TypeError, r"expected your function f\(x\), got str 'f'"),
        ("its result, a list", [0.5], TypeError, r"expected your function f\(x\), got list"),
        ("its result, an array", np.zeros(2), TypeError, r"expected your function f\(x\), got ndarray"),
        ("a value of a class", bl.autograd.Value(1.0), TypeError, r"expected your function f\(x\), got Value"),
    ]),
]:
    for what, value, error, message in values:
        case(f"{label}: {what}", lambda check=check, value=value: check("v", value), error, rf"^v: {message}$")


# =====================================================================================================
# 2. The checks at the door of the passes and steps: what each adds, against the check itself.
# =====================================================================================================
CE_LOSS, BCE_LOSS = check_loss(SOFTMAX_NET, "ce"), check_loss(NET, "bce")
BCE_WHY = (r"binary cross-entropy reads each output as the probability of a yes, in \(0, 1\), as a sigmoid unit gives it "
           r"\(and computes its loss exactly from z after one\); for outputs that are not probabilities, use 'mse' or "
           r"'half_sse'")
CE_WHY = (r"categorical cross-entropy scores a probability vector over the classes, each column summing to 1, as a "
          r"softmax layer gives it; after independent sigmoid units it is smallest when every output is 1, rewarding "
          r"a yes to every class; for independent yes/no outputs, use 'bce' after a sigmoid layer")
for what, call, error, pattern in [
    ("check_net(a list of weights)", lambda: check_net([NET.W[1]]), TypeError,
     r"^net: expected a Network \(or a Stack of them\), got list$"),
    ("check_net(None)", lambda: check_net(None), TypeError, r"^net: expected a Network \(or a Stack of them\), got NoneType$"),
    ("check_inputs: x with 3 inputs", lambda: check_inputs(NET, np.zeros((3, 4))), ValueError,
     r"^x: expected shape \(2,\) for one sample or \(2, m\) for m samples \(one column each\), got \(3, 4\)$"),
    ("check_inputs: x as rows", lambda: check_inputs(NET, X.T), ValueError,
     r"^x: expected shape \(2,\) for one sample or \(2, m\) for m samples \(one column each\), got \(4, 2\), "
     r"which looks like one sample per row: pass x.T$"),
    ("check_inputs: x of 3 rows for 1 input", lambda: check_inputs(bl.Network.random((1, 1)), np.zeros((3, 2))), ValueError,
     r"^x: expected shape \(1,\) for one sample or \(1, m\) for m samples \(one column each\), got \(3, 2\)$"),
    ("check_inputs: x of one input given as a vector of samples",
     lambda: check_inputs(bl.Network.random((1, 1)), [0.1, 0.2, 0.3]), ValueError,
     r"^x: expected shape \(1,\) .*got \(3,\); for 3 samples of one input, pass x.reshape\(1, 3\)$"),
    ("check_inputs(net=None)", lambda: check_inputs(None, X), TypeError, r"^net: expected a Network"),
    ("check_targets: y as a vector for a batch, which would broadcast", lambda: check_targets(NET, X, Y[0]), ValueError,
     r"^y: expected shape \(1, 4\), one row per output unit and one column per sample, got \(4,\): "
     r"make it one row per output unit, y.reshape\(1, 4\)$"),
    ("check_targets: y as rows", lambda: check_targets(NET, X, Y.T), ValueError,
     r"^y: expected shape \(1, 4\), one row per output unit and one column per sample, got \(4, 1\), "
     r"which looks like one target per row: pass y.T$"),
    ("check_targets: y for 3 samples of 4", lambda: check_targets(NET, X, Y[:, :3]), ValueError,
     r"^y: expected shape \(1, 4\), one row per output unit and one column per sample, got \(1, 3\)$"),
    ("check_targets: y for 2 samples given flat", lambda: check_targets(NET, X[:, :2], np.zeros(2)), ValueError,
     r"^y: expected shape \(1, 2\).*got \(2,\): make it one row per output unit, y.reshape\(1, 2\)$"),
    ("check_targets: y for 1 sample given 2 values", lambda: check_targets(NET, X1[:, None], [0.1, 0.2]), ValueError,
     r"^y: expected shape \(1, 1\), one row per output unit and one column per sample, got \(2,\)$"),
    ("check_targets: y of 4 numbers as a row for 2 outputs and 2 samples",
     lambda: check_targets(bl.Network.random((2, 2)), X[:, :2], np.zeros((1, 4))), ValueError,
     r"^y: expected shape \(2, 2\), one row per output unit and one column per sample, got \(1, 4\)$"),
    ("check_targets: y for one sample as a row", lambda: check_targets(bl.Network.random((2, 3, 2)), X1[:, None], [[0.3, 0.4]]),
     ValueError, r"^y: expected shape \(2, 1\).*got \(1, 2\), which looks like one target per row: pass y.T$"),
    ("check_targets: y of two outputs given flat", lambda: check_targets(bl.Network.random((2, 2)), X, np.zeros(8)),
     ValueError, r"^y: expected shape \(2, 4\).*got \(8,\): make it one row per output unit and one column per sample, "
     r"shape \(2, 4\)$"),
    ("check_targets: one sample of a 3-class softmax given 2 targets",
     lambda: check_targets(SOFTMAX_NET, X1[:, None], [0.5, 0.5], CE_LOSS), ValueError, r"^y: expected shape \(3, 1\)"),
    ("check_targets: bce, a target of 2", lambda: check_targets(NET, X, 2 * Y, BCE_LOSS), ValueError,
     r"^y: expected targets from 0 to 1 for cross-entropy, got 2.0$"),
    ("check_targets: bce, a target of -1", lambda: check_targets(NET, X, -Y, BCE_LOSS), ValueError,
     r"^y: expected targets from 0 to 1 for cross-entropy, got -1.0$"),
    ("check_targets: bce, the first bad one", lambda: check_targets(NET, X, np.array([[1.0, 2.0, 3.0, 0.0]]), BCE_LOSS),
     ValueError, r"^y: expected targets from 0 to 1 for cross-entropy, got 2.0$"),
    ("check_targets: ce with a negative target",
     lambda: check_targets(SOFTMAX_NET, X, ONE_HOT - 0.25 * np.eye(3)[:, [1, 1, 1, 1]], CE_LOSS), ValueError,
     r"^y: expected probability vectors for cross-entropy \(one-hot or any distribution, each column "
     r"non-negative and summing to 1\), got -0.25 at index \(1, 0\)$"),
    ("check_targets: ce with a target column summing to 2", lambda: check_targets(SOFTMAX_NET, X, 2 * ONE_HOT, CE_LOSS),
     ValueError, r"^y: expected probability vectors for cross-entropy \(each column summing to 1\), got a column summing "
     r"to 2.0 \(sample 0\)$"),
    ("check_targets: ce with one-hot rows instead of columns", lambda: check_targets(SOFTMAX_NET, X, ONE_HOT.T, CE_LOSS),
     ValueError, r"^y: expected shape \(3, 4\).*got \(4, 3\), which looks like one target per row: pass y.T$"),
    ("check_loss('l2')", lambda: check_loss(NET, "l2"), ValueError,
     r"^loss: expected one of \['bce', 'ce', 'half_sse', 'mse'\], got 'l2'$"),
    ("check_loss(None)", lambda: check_loss(NET, None), TypeError,
     r"^loss: expected one of \['bce', 'ce', 'half_sse', 'mse'\], got None$"),
    ("check_loss: cross-entropy on a linear output", lambda: check_loss(LINEAR, "bce"), ValueError,
     rf"^loss: 'bce' needs a sigmoid output layer, got a network whose last layer is 'identity': {BCE_WHY}$"),
    ("check_loss: cross-entropy on a linear output layer after a sigmoid one",
     lambda: check_loss(bl.Network([np.ones((2, 2)), np.ones((1, 2))], activation=["sigmoid", "identity"]), "bce"),
     ValueError, r"^loss: 'bce' needs a sigmoid output layer, got a network whose last layer is 'identity': "),
    *[(f"check_loss: ce on a {what} output", lambda net=net: check_loss(net, "ce"), ValueError,
       rf"^loss: 'ce' needs a softmax output layer, got a network whose last layer is '{what}': {CE_WHY}$")
      for what, net in [("identity", LINEAR), ("relu", bl.Network([[[0.3, -0.2]]], activation="relu")),
                        ("tanh", bl.Network.random((2, 3, 2), ["sigmoid", "tanh"])),
                        ("sigmoid", bl.Network.random((2, 3, 2), ["tanh", "sigmoid"]))]],
    ("check_loss: bce on a softmax output", lambda: check_loss(SOFTMAX_NET, "bce"), ValueError,
     rf"^loss: 'bce' needs a sigmoid output layer, got a network whose last layer is 'softmax': {BCE_WHY}$"),
    ("check_learning_rate: a list for one network", lambda: check_learning_rate(NET, [0.1]), TypeError,
     r"^lr: expected a number > 0, got list$"),
    ("check_learning_rate: a stack, one rate too many", lambda: check_learning_rate(STACK, [0.1, 0.2, 0.3]), ValueError,
     r"^lr: expected one number > 0, or 2 of them \(one per network\), got shape \(3,\)$"),
    ("check_learning_rate: a stack, a rate per network in 3-D", lambda: check_learning_rate(STACK, np.full((2, 1, 1), 0.1)),
     ValueError, r"^lr: expected one number > 0, or 2 of them \(one per network\), got shape \(2, 1, 1\)$"),
    ("check_learning_rate: a stack, a rate of 0", lambda: check_learning_rate(STACK, [0.1, 0.0]), ValueError,
     r"^lr\[1\]: expected a finite number > 0, got 0.0$"),
    ("check_gradients: gradients of another, equal network", lambda: check_gradients(OTHER, GRADS), ValueError,
     r"^grads: expected the gradients of this net, got the gradients of another network$"),
    ("check_gradients: gradients by name", lambda: check_gradients(NET, GRADS.by_name()), TypeError,
     r"^grads: expected the Gradients of a backward pass, got dict$"),
    ("start(optimizer=a name)", lambda: start("adam", NET), TypeError,
     r"^optimizer: expected None \(plain gradient descent\) or an optimizer such as SGD\(\), Momentum\(\) or Adam\(\), "
     r"got str 'adam'$"),
    ("start(optimizer=the class itself)", lambda: start(bl.Adam, NET), TypeError,
     r"^optimizer: expected an optimizer, got the class Adam; make one with Adam\(\)$"),
    ("start(optimizer=sgd_step)", lambda: start(bl.sgd_step, STACK), TypeError,
     r"^optimizer: expected None \(plain gradient descent\) or an optimizer such as SGD\(\), Momentum\(\) or Adam\(\), "
     r"got function$"),
    ("start(optimizer=a state)", lambda: start(ADAM.init(NET), NET), TypeError,
     r"^optimizer: expected None \(plain gradient descent\) or an optimizer such as SGD\(\), Momentum\(\) or Adam\(\), "
     r"got OptimizerState$"),
]:
    case(what, call, error, pattern)


# =====================================================================================================
# 3. Every entry point hands each argument to its check, by name, and passes the refusal on.
# =====================================================================================================
ROUTES = []
ROUTED = set()  # (entry point, argument)


OTHER_GRADS = bl.gradients(OTHER, X, Y)
#: For each check, a bad value of its table that it refuses with a ValueError (a TypeError for
#: the checks of a kind of thing): each row hands it to the entry point for real, as well as the marker.
REAL_BAD = {
    as_array: (np.array([[np.nan]]), ValueError), number: (np.nan, ValueError), positive_number: (0.0, ValueError),
    number_in: (np.nan, ValueError), whole_number: (-1, ValueError), check_seed: (-1, ValueError),
    check_inputs: (np.zeros((2, 2, 2)), ValueError), check_targets: (np.zeros((1, 1, 1)), ValueError),
    check_loss: ("l2", ValueError), check_net: (None, TypeError), check_learning_rate: (0.0, ValueError),
    check_gradients: (OTHER_GRADS, ValueError), start: ("adam", TypeError), function: (None, TypeError),
    one_of: ("l2", ValueError),
}


def route(entry, arg, call, check, expected, marker=Marker, variant=""):
    """``call(marker)`` (``entry`` given ``marker()`` as ``arg``) must call ``check`` with the
    arguments ``expected`` (``M``: the marker itself); the refusal names ``arg`` (or the name
    ``expected`` gives the check)."""
    name = expected.get("name", arg)
    ROUTES.append(pytest.param(call, check, expected, name, marker, REAL_BAD[check],
                               id=f"{entry}({arg}{variant}) -> {check.__name__}"))
    ROUTED.add((entry, arg))


# ---- the validators, from the functions that call them directly ------------------------------------
for fn in ("sigmoid", "sigmoid_prime", "identity", "identity_prime", "tanh", "tanh_prime", "relu", "relu_prime"):
    route(fn, "z", lambda v, fn=fn: getattr(bl, fn)(v), as_array, dict(name="z", value=M, ndim=ANY_NDIM, finite=True))
for fn in ("softmax", "softmax_jacobian"):
    route(fn, "z", lambda v, fn=fn: getattr(bl, fn)(v), as_array, dict(name="z", value=M, ndim=(1, 2), finite=True))
for fn in ("half_sse", "mse", "bce", "ce"):
    route(fn, "output", lambda v, fn=fn: getattr(bl, fn)(v, [0.5]), as_array,
          dict(name="output", value=M, ndim=(1, 2), finite=True))
    route(fn, "target", lambda v, fn=fn: getattr(bl, fn)([0.5], v), as_array,
          dict(name="target", value=M, ndim=(1, 2), finite=True))
route("check_inputs", "x", lambda v: check_inputs(NET, v), as_array, dict(name="x", value=M, ndim=(1, 2), finite=True))
route("check_targets", "y", lambda v: check_targets(NET, X, v), as_array, dict(name="y", value=M, ndim=(1, 2), finite=True))
route("check_learning_rate", "lr", lambda v: check_learning_rate(NET, v), positive_number, dict(name="lr", value=M))
route("check_learning_rate", "lr", lambda v: check_learning_rate(STACK, v), as_array,
      dict(name="lr", value=M, ndim=ANY_NDIM, finite=True), marker=lambda: [Marker(), Marker()],
      variant=", a stack's, one per network")
route("Network", "weights", lambda v: bl.Network([NET.W[1], v]), as_array,
      dict(name="weights[1] (W2)", value=M, ndim=(2,), finite=True))
route("Network", "biases", lambda v: bl.Network(list(NET.W), [None, v]), as_array,
      dict(name="biases[1] (b2)", value=M, ndim=(0, 1, 2), finite=True))
route("Network.with_parameters", "W2", lambda v: NET.with_parameters(W2=v), as_array,
      dict(name="W2", value=M, ndim=(1, 2), finite=True))
route("OptimizerState", "m", lambda v: bl.OptimizerState(t=0, m={"b1": v}, v={}), as_array,
      dict(name="m['b1']", value=M, ndim=ANY_NDIM, finite=True))
route("OptimizerState", "v", lambda v: bl.OptimizerState(t=0, m={}, v={"W1": v}), as_array,
      dict(name="v['W1']", value=M, ndim=ANY_NDIM, finite=True))
route("relative_error", "a", lambda v: bl.relative_error(v, 1.0), as_array, dict(name="a", value=M, ndim=ANY_NDIM, finite=True))
route("relative_error", "b", lambda v: bl.relative_error(1.0, v), as_array, dict(name="b", value=M, ndim=ANY_NDIM, finite=True))
route("relative_error", "floor", lambda v: bl.relative_error(1.0, 1.0, floor=v), positive_number, dict(name="floor", value=M))
for fn in ("numerical_gradients", "gradient_check"):
    route(fn, "eps", lambda v, fn=fn: getattr(bl, fn)(NET, X, Y, eps=v), number_in,
          dict(name="eps", value=M, low=1e-10, high=0.01, why=EPS_WHY))
route("seed", "value", lambda v: check_seed("seed", v), whole_number, dict(name="seed", value=M, minimum=0))
for arg in ("steps", "epochs"):
    route("train", arg, lambda v, arg=arg: bl.train(NET, X, Y, 0.1, **{arg: v}), whole_number, dict(name=arg, value=M, minimum=1))
for arg in ("batch_size", "record_every"):
    route("train", arg, lambda v, arg=arg: bl.train(NET, X, Y, 0.1, 2, **{arg: v}), whole_number,
          dict(name=arg, value=M, minimum=1))
route("train", "seed", lambda v: bl.train(NET, X, Y, 0.1, 2, seed=v), check_seed, dict(name="seed", value=M))
route("minibatches", "m", lambda v: bl.minibatches(v, 1), whole_number, dict(name="m", value=M, minimum=1))
# the checkers of the reader's code: the reader's function (or class), the loss, the seed
READER = {"check_forward": ("forward", "your function forward(W, b, f, X), returning (Z, A)"),
          "check_backward": ("backward", "your function backward(W, f_prime, Z, A, Y), returning (Delta, dW, db)"),
          "check_update": ("update", "your function update(W, b, dW, db, lr), returning the new (W, b)"),
          "check_train": ("train", "your function train(W, b, f, f_prime, X, Y, X_held, Y_held, lr, epochs, "
                                   "batch_size, rng), returning (W, b, held)"),
          "check_value": ("Value", "your class Value, as check_value(Value)")}
for fn, (arg, expected) in READER.items():
    route(fn, arg, lambda v, fn=fn: getattr(bl, fn)(v), function, dict(name=arg, value=M, expected=expected))
    written = Value if fn == "check_value" else (lambda *args: None)
    route(fn, "seed", lambda v, fn=fn, written=written: getattr(bl, fn)(written, seed=v), check_seed,
          dict(name="seed", value=M))
for fn in ("check_backward", "check_train"):
    route(fn, "loss", lambda v, fn=fn: getattr(bl, fn)(lambda *args: None, loss=v), one_of,
          dict(name="loss", value=M, choices=bl.LOSSES))
route("minibatches", "batch_size", lambda v: bl.minibatches(3, v), whole_number, dict(name="batch_size", value=M, minimum=1))
route("minibatches", "seed", lambda v: bl.minibatches(3, 1, v), check_seed, dict(name="seed", value=M))
route("Network.random", "sizes", lambda v: bl.Network.random([2, 3, v]), whole_number, dict(name="sizes[2]", value=M, minimum=1))
route("Network.random", "seed", lambda v: bl.Network.random((2, 1), seed=v), check_seed, dict(name="seed", value=M))
route("OptimizerState", "t", lambda v: bl.OptimizerState(t=v, m={}, v={}), whole_number, dict(name="t", value=M, minimum=0))
route("pages.from_named_weights", "sizes", lambda v: pages.from_named_weights((1, v), {"w": (1, 0, 0)}, {"w": 1.0}),
      whole_number, dict(name="sizes[1]", value=M, minimum=1))
route("examples.xor", "hidden", lambda v: examples.xor(hidden=v), whole_number, dict(name="sizes[1]", value=M, minimum=1))
route("examples.xor", "seed", lambda v: examples.xor(seed=v), check_seed, dict(name="seed", value=M))
route("pages.order_of_magnitude", "value", lambda v: pages.order_of_magnitude(v), number, dict(name="value", value=M))
route("pages.glue_number", "value", lambda v: pages.glue_number("x", v), as_array,
      dict(name="value", value=M, ndim=ANY_NDIM, finite=False))
route("pages.plot_losses", "losses", lambda v: pages.plot_losses(v), as_array,
      dict(name="losses['loss']", value=M, ndim=(1,), finite=True))
route("pages.from_named_weights", "values", lambda v: pages.from_named_weights((2, 2, 1), NAMES, {**VALUES, "w2": v}), number,
      dict(name="values['w2']", value=M))
route("pages.errata", "exact", lambda v: pages.errata("pumaline2024", {"yhat": v}), number, dict(name="exact['yhat']", value=M))

# ---- the checks at the door, from the passes and steps ----------------------------------------------
for fn, call in [
    ("forward", lambda v: bl.forward(NET, v)),
    ("gradients", lambda v: bl.gradients(NET, v, Y)),
    ("loss_of", lambda v: bl.loss_of(NET, v, Y)),
    ("train", lambda v: bl.train(NET, v, Y, 0.1, 2)),
    ("numerical_gradients", lambda v: bl.numerical_gradients(NET, v, Y)),
    ("gradient_check", lambda v: bl.gradient_check(NET, v, Y)),
    ("autograd.network_graph", lambda v: network_graph(NET, v, Y)),
]:
    route(fn, "x", call, check_inputs, dict(net=NET, x=M, name="x"))
for fn, call, net, loss in [
    ("backward, ce", lambda v: bl.backward(SOFTMAX_NET, SOFTMAX_TRACE, v, "ce"), SOFTMAX_NET, CE_LOSS),
    ("gradients, ce", lambda v: bl.gradients(SOFTMAX_NET, X, v, "ce"), SOFTMAX_NET, CE_LOSS),
    ("loss_of, ce", lambda v: bl.loss_of(SOFTMAX_NET, X, v, "ce"), SOFTMAX_NET, CE_LOSS),
    ("train, ce", lambda v: bl.train(SOFTMAX_NET, X, v, 0.1, 2, loss="ce"), SOFTMAX_NET, CE_LOSS),
    ("numerical_gradients, ce", lambda v: bl.numerical_gradients(SOFTMAX_NET, X, v, "ce"), SOFTMAX_NET, CE_LOSS),
    ("gradient_check, ce", lambda v: bl.gradient_check(SOFTMAX_NET, X, v, "ce"), SOFTMAX_NET, CE_LOSS),
    ("backward, bce", lambda v: bl.backward(NET, TRACE, v, "bce"), NET, BCE_LOSS),
    ("gradients, bce", lambda v: bl.gradients(NET, X, v, "bce"), NET, BCE_LOSS),
    ("loss_of, bce", lambda v: bl.loss_of(NET, X, v, "bce"), NET, BCE_LOSS),
    ("train, bce", lambda v: bl.train(NET, X, v, 0.1, 2, loss="bce"), NET, BCE_LOSS),
    ("numerical_gradients, bce", lambda v: bl.numerical_gradients(NET, X, v, "bce"), NET, BCE_LOSS),
    ("gradient_check, bce", lambda v: bl.gradient_check(NET, X, v, "bce"), NET, BCE_LOSS),
    ("autograd.network_graph", lambda v: network_graph(NET, X, v, "bce"), NET, BCE_LOSS),
]:
    route(fn.split(",")[0], "y", call, check_targets, dict(net=net, y=M, loss=loss, name="y"), variant=fn[len(fn.split(",")[0]):])
for fn, call in [
    ("backward", lambda v: bl.backward(NET, TRACE, Y, v)),
    ("gradients", lambda v: bl.gradients(NET, X, Y, v)),
    ("loss_of", lambda v: bl.loss_of(NET, X, Y, v)),
    ("train", lambda v: bl.train(NET, X, Y, 0.1, 2, loss=v)),
    ("numerical_gradients", lambda v: bl.numerical_gradients(NET, X, Y, v)),
    ("gradient_check", lambda v: bl.gradient_check(NET, X, Y, v)),
    ("autograd.network_graph", lambda v: network_graph(NET, X, Y, v)),
]:
    route(fn, "loss", call, check_loss, dict(net=NET, loss=M))
for fn, call in [
    ("forward", lambda v: bl.forward(v, X)),
    ("backward", lambda v: bl.backward(v, TRACE, Y)),
    ("gradients", lambda v: bl.gradients(v, X, Y)),
    ("loss_of", lambda v: bl.loss_of(v, X, Y)),
    ("sgd_step", lambda v: bl.sgd_step(v, GRADS, 0.1)),
    ("train", lambda v: bl.train(v, X, Y, 0.1, 2)),
    ("Adam.step", lambda v: ADAM.step(v, GRADS, 0.1, ADAM.init(NET))),
    ("Adam.init", lambda v: ADAM.init(v)),
    ("autograd.network_graph", lambda v: network_graph(v, X, Y)),
]:
    route(fn, "net", call, check_net, dict(net=M, name="net"))
for fn, call in [
    ("sgd_step", lambda v: bl.sgd_step(NET, GRADS, v)),
    ("train", lambda v: bl.train(NET, X, Y, v, 2)),
    ("Adam.step", lambda v: ADAM.step(NET, GRADS, v, ADAM.init(NET))),
    ("Momentum.step", lambda v: MOMENTUM.step(NET, GRADS, v, MOMENTUM.init(NET))),
]:
    route(fn, "lr", call, check_learning_rate, dict(net=NET, lr=M))
route("sgd_step", "grads", lambda v: bl.sgd_step(NET, v, 0.1), check_gradients, dict(net=NET, grads=M))
route("Adam.step", "grads", lambda v: ADAM.step(NET, v, 0.1, ADAM.init(NET)), check_gradients, dict(net=NET, grads=M))
route("train", "optimizer", lambda v: bl.train(NET, X, Y, 0.1, 2, optimizer=v), start, dict(optimizer=M, net=NET))
route("train", "optimizer", lambda v: bl.train(STACK, X, Y, 0.1, 2, optimizer=v), start, dict(optimizer=M, net=STACK),
      variant=", a stack")

# ---- the same refusal as another entry point's, where the check they share has no public name ------
SAME = []
for fn in ("mse", "bce", "ce"):
    SAME.append(pytest.param(lambda fn=fn: getattr(bl, fn)(np.full((1, 4), 0.5), np.full((4, 1), 0.5)),
                             lambda: bl.half_sse(np.full((1, 4), 0.5), np.full((4, 1), 0.5)),
                             id=f"{fn}: shapes that would broadcast, as half_sse"))
    SAME.append(pytest.param(lambda fn=fn: getattr(bl, fn)([0.5, 0.5], [[0.5, 0.5]]),
                             lambda: bl.half_sse([0.5, 0.5], [[0.5, 0.5]]),
                             id=f"{fn}: a vector against a row, as half_sse"))
SAME.append(pytest.param(lambda: bl.gradient_check(STACK, X, Y), lambda: bl.numerical_gradients(STACK, X, Y),
                         id="gradient_check(net=a stack), as numerical_gradients"))
ROUTED |= {("gradient_check", "net"), ("numerical_gradients", "net")}


# =====================================================================================================
# 4. Each function's own refusals, pinned where they are made.
# =====================================================================================================
# ---- losses -----------------------------------------------------------------------------------------
case("half_sse: shapes that would broadcast", lambda: bl.half_sse(np.full((1, 4), 0.5), np.full((4, 1), 0.5)), ValueError,
     r"^target: expected the shape of output \(1, 4\) \(one row per output unit, one column per sample\), got \(4, 1\)$")
case("half_sse: a vector against a row", lambda: bl.half_sse([0.5, 0.5], [[0.5, 0.5]]), ValueError,
     r"^target: expected the shape of output \(2,\) \(one row per output unit, one column per sample\), got \(1, 2\)$")
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
    (dict(weights=[[[0.1]]], biases=[[0.1, 0.2]]), ValueError,
     r"^biases\[0\] \(b1\): expected one shared number or 1 numbers \(one per neuron\), got shape \(2,\)"),
    (dict(weights=[[[0.1]]], biases=[0.1, 0.2]), ValueError, r"^biases: expected None or a list of 1 entries"),
    (dict(weights=[[[0.1]]], biases=0.1), ValueError, r"^biases: expected None or a list of 1 entries"),
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
    (dict(sizes=[2, 1], bias="layer"), ValueError, r"^bias: expected one of \['neuron', 'none', 'shared'\], got 'layer'"),
    (dict(sizes=[2, 1], init="zeros"), ValueError, r"^init: expected one of \['he_normal', 'he_uniform', 'normal', 'uniform', 'xavier_normal', "
     r"'xavier_uniform'\], got 'zeros'"),
    (dict(sizes=[2, 1], activation="gelu"), ValueError, r"^activation\[0\]: expected one of"),
]:
    case(f"Network.random({kwargs})", lambda kwargs=kwargs: bl.Network.random(**kwargs), error, pattern)

case("with_parameters: unknown name", lambda: NET.with_parameters(W7=np.zeros((3, 2))), ValueError,
     r"^W7: expected a parameter name among \['W1', 'W2', 'b1', 'b2'\]")
case("with_parameters: wrong shape", lambda: NET.with_parameters(W1=np.zeros((3, 2))), ValueError,
     r"^W1: expected shape \(2, 2\), got \(3, 2\)")
case("bias_mode(0)", lambda: NET.bias_mode(0), ValueError, r"^b\[0\]: expected a layer number from 1 to 2")
case("W[0]", lambda: NET.W[0], IndexError, r"^W\[0\]: expected a layer number from 1 to 2 \(layers are numbered as in the book\)")
case("W[3]", lambda: NET.W[3], ValueError, r"^W\[3\]: expected a layer number from 1 to 2")
case("W['1']", lambda: NET.W["1"], TypeError, r"^W\[...\]: expected a layer number from 1 to 2, got str")
case("W[1.0]", lambda: NET.W[1.0], TypeError, r"^W\[...\]: expected a layer number from 1 to 2, got float")
case("W[0:1]", lambda: NET.W[0:1], TypeError, r"^W\[...\]: expected a layer number")
case("trace.z[0]", lambda: TRACE.z[0], ValueError, r"^z\[0\]: expected a layer number from 1 to 2")
case("trace.a[3]", lambda: TRACE.a[3], ValueError, r"^a\[3\]: expected a layer number from 0 to 2")

# ---- the passes: the trace, and overflows ---------------------------------------------------------
BIASED = bl.Network([[[1.0]]], [0.0], "identity")
case("sgd_step: only a bias stepped beyond a double's range",  # x = 0: the weight does not move
     lambda: bl.sgd_step(BIASED, bl.gradients(BIASED, [0.0], [-10.0]), 1e308), ValueError,
     r"^lr: the step carried a parameter beyond a double's range; expected a smaller learning rate than 1e\+308$")
case("numerical_gradients(net=a stack)", lambda: bl.numerical_gradients(STACK, X, Y), TypeError,
     r"^net: expected a Network \(check one network of a stack with stack.network\(k\)\), got Stack$")
case("train: only a bias stepped beyond a double's range, the loss still finite",  # x = 0: the weight does not move,
     lambda: bl.train(bl.Network([[[0.0]]], biases=[[0.0]]), [[0.0]], [[-1e3]], 1e308, 1), ValueError,  # σ(-inf) = 0
     r"^lr: training diverged by step 1 \(from a loss of 500500, the loss or the parameters grew beyond a double's "
     r"range\); expected a smaller learning rate than 1e\+308$")
case("optimizer step: only a bias stepped beyond a double's range",
     lambda: bl.SGD().step(BIASED, bl.gradients(BIASED, [0.0], [-10.0]), 1e308, bl.SGD().init(BIASED)), ValueError,
     r"^lr: the step carried a parameter, or the optimizer's state, beyond a double's range; expected a smaller "
     r"learning rate than 1e\+308$")
case("backward: a trace of another, equal network", lambda: bl.backward(OTHER, TRACE, Y), ValueError,
     r"^trace: expected the forward pass of this net, got the trace of another network")
case("backward: a trace of another shape", lambda: bl.backward(LINEAR, TRACE, Y), ValueError,
     r"^trace: expected the forward pass of this net")
case("backward: not a trace", lambda: bl.backward(NET, TRACE.a, Y), TypeError,
     r"^trace: expected the Trace of forward\(net, x\), got Layers")
case("backward: a gradient beyond a double's range while the loss is finite",
     lambda: bl.gradients(bl.Network([[[1e-310]], [[1e300]]], activation=["identity", "sigmoid"]), [1e10], [0.0]),
     ValueError, r"^trace: the gradient of W1 overflowed a double; expected smaller inputs or weights$")
case("loss_of: weights that overflow",
     lambda: bl.loss_of(bl.Network([[[1e300, 1e300]]], activation="identity"), [1e10, 1e10], [0.0]), ValueError,
     r"^x: the forward pass overflowed a double in layer 1; expected smaller inputs or weights$")
case("forward: weights that overflow", lambda: bl.forward(bl.Network([[[1e300, 1e300]]], activation="identity"),
                                                          [1e10, 1e10]), ValueError,
     r"^x: the forward pass overflowed a double in layer 1; expected smaller inputs or weights")

# ---- training ---------------------------------------------------------------------------------------
for what, kwargs, error, pattern in [
    ("steps and epochs", dict(steps=2, epochs=2), ValueError, r"^steps: expected either steps or epochs, got steps=2 and epochs=2"),
    ("neither steps nor epochs", dict(), ValueError, r"^steps: expected either steps or epochs, got steps=None and epochs=None"),
    ("batch_size=5 for 4 samples", dict(steps=2, batch_size=5), ValueError, r"^batch_size: expected at most the 4 samples of x, got 5"),
]:
    case(f"train({what})", lambda kwargs=kwargs: bl.train(NET, X, Y, 0.1, **kwargs), error, pattern)
for what, args, error, pattern in [
    ("batch_size > m", (3, 4), ValueError, r"^batch_size: expected at most the 3 samples, got 4"),
]:
    case(f"minibatches({what})", lambda args=args: bl.minibatches(*args), error, pattern)

# ---- checking ---------------------------------------------------------------------------------------
case("relative_error: shapes that would broadcast", lambda: bl.relative_error(np.zeros((2, 1)), np.zeros((1, 2))),
     ValueError, r"^b: expected the shape of a \(2, 1\), got \(1, 2\)")

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
case("glue_number: a bad name", lambda: pages.glue_number("a b", 1.0), ValueError, r"^name: expected a glue name")
case("glue_numbers: a bad prefix", lambda: pages.glue_numbers(3, a=1.0), TypeError, r"^prefix: expected a string")
case("glued_values: no such file", lambda: pages.glued_values("lessons/no_such.ipynb"), ValueError,
     r"^notebook: expected the path of a stored .ipynb, got 'lessons/no_such.ipynb'")
case("glued_values(None)", lambda: pages.glued_values(None), TypeError, r"^notebook: expected the path")
case("order_of_magnitude(0)", lambda: pages.order_of_magnitude(0.0), ValueError, r"^value: expected a finite non-zero number")
case("published: unknown source", lambda: pages.published("seed000"), ValueError,
     r"^source: expected one of \['hmkcode', 'karobben2025', 'lamsal', 'pumaline2024'\], got 'seed000'")
case("errata: unknown key", lambda: pages.errata("pumaline2024", {"nonsense": 1.0}), ValueError,
     r"^exact: expected keys among the figures of pumaline2024")
case("errata: not a dict", lambda: pages.errata("pumaline2024", [0.5]), TypeError, r"^exact: expected a dict")
case("draw_network(net=None)", lambda: pages.draw_network(None), TypeError, r"^net: expected a Network, got None")
case("draw_network: node values for other sizes", lambda: pages.draw_network(NET, node_values=[[1.0], [2.0], [3.0]]),
     ValueError, r"^node_values: expected one entry per unit of layers sized \(2, 2, 1\), got sizes \[1, 1, 1\]")
case("draw_network: NaN node values", lambda: pages.draw_network(NET, node_values=[[1, 2], [np.nan, 2], [3]]),
     ValueError, r"^node_values\[1\]: expected ")  # as_array's words, pinned in its table
case("draw_network(decimals=-1)", lambda: pages.draw_network(NET, decimals=-1), ValueError,
     r"^decimals: expected a whole number >= 0, got -1")
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


# ---- found by trying to break the library (each a whole kind, kept as a case) -------------------------
BIG = bl.Network([[[1e200]]], activation="identity")  # finite weights whose loss overflows
BROKEN = Path(tempfile.mkdtemp(prefix="broken-notebooks-"))
for file_name, content in [("text.ipynb", b"not json"), ("no_cells.ipynb", b'{"nbformat": 4}'),
                           ("list.ipynb", b"[1, 2]"), ("binary.ipynb", bytes([0xff, 0xfe, 0x00]))]:
    (BROKEN / file_name).write_bytes(content)
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
     r"^node_values\[0\]: expected "),
    ("complex node values", dict(node_values=[[1j, 2], [1, 2], [3]]), TypeError, r"^node_values\[0\]: expected "),
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
case("stack(a dict)", lambda: bl.stack({1: NET}), TypeError, r"^nets: expected a non-empty list of Networks, got dict$")
case("Network(weights=a dict)", lambda: bl.Network({"W1": [[0.1]]}), TypeError,
     r"^weights: expected a non-empty list of 2-D matrices, one per layer, got dict$")
case("Network: layer 3 that does not fit layer 2",
     lambda: bl.Network([np.zeros((3, 2)), np.zeros((4, 3)), np.zeros((1, 5))]), ValueError,
     r"^weights\[2\] \(W3\): expected 4 columns, one per unit of layer 2, got shape \(1, 5\)$")
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


# ---- optimizers: hyperparameters and state -----------------------------------------------------------
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
    ("a step beyond a double's range", lambda: bl.SGD().step(LINEAR, bl.gradients(LINEAR, [1e10, 0.0], [0.0]), 1e300,
                                                            bl.SGD().init(LINEAR)), ValueError,
     r"^lr: the step carried a parameter, or the optimizer's state, beyond a double's range; expected a smaller "
     r"learning rate than 1e\+300$"),
    ("Adam's v beyond a double's range", lambda: ADAM.step(TINY, bl.gradients(TINY, [1e200], [0.0]), 0.1, ADAM.init(TINY)),
     ValueError, r"^lr: the step carried a parameter, or the optimizer's state, beyond a double's range"),
]:
    case(f"optimizer step: {what}", call, error, pattern)
for what, kwargs, error, pattern in [
    ("m=None", dict(t=0, m=None, v={}), TypeError, r"^m: expected a dict from parameter name to array, got None$"),
    ("v as a list", dict(t=0, m={}, v=[np.zeros(2)]), TypeError, r"^v: expected a dict from parameter name to array, got list$"),
    ("a key that is not a name", dict(t=0, m={1: np.zeros(2)}, v={}), TypeError,
     r"^m: expected parameter names such as 'W1' as keys, got int 1$"),
]:
    case(f"OptimizerState({what})", lambda kwargs=kwargs: bl.OptimizerState(**kwargs), error, pattern)

# ---- softmax, categorical cross-entropy, initialisers --------------------------------------------
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
case("Network.random: init 'glorot'", lambda: bl.Network.random((2, 1), init="glorot"), ValueError,
     r"^init: expected one of \['he_normal', 'he_uniform', 'normal', 'uniform', 'xavier_normal', 'xavier_uniform'\], "
     r"got 'glorot'$")
case("Network.random: init 'He_normal'", lambda: bl.Network.random((2, 1), init="He_normal"), ValueError,
     r"^init: expected one of .*got 'He_normal'$")
case("Network.random: init None", lambda: bl.Network.random((2, 1), init=None), TypeError, r"^init: expected one of .*got None$")
case("Network.random: init as a function", lambda: bl.Network.random((2, 1), init=np.zeros), TypeError,
     r"^init: expected one of .*got builtin_function_or_method$")
case("Network.random: xavier with a seed of -1", lambda: bl.Network.random((2, 1), init="xavier_normal", seed=-1),
     ValueError, r"^seed: ")


# ---- the scalar autograd ---------------------------------------------------------------------------------
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
    ("exp(1000)", lambda: Value(1000.0).exp(), ValueError, r"^exp: expected an argument of at most 709.782712893384, got 1000.0$"),
    ("log(0)", lambda: Value(0.0).log(), ValueError, r"^log: expected a positive argument, got 0.0"),
    ("an overflowing product", lambda: Value(1e200) * 1e200, ValueError, r"^×: the result inf is beyond a double's range"),
    ("network_graph: loss 'ce'", lambda: network_graph(SOFTMAX_NET, X, ONE_HOT, "ce"), ValueError,
     r"^loss: expected 'half_sse', 'mse' or 'bce' for a graph of scalar operations, got 'ce'$"),
    ("network_graph: a softmax layer", lambda: network_graph(SOFTMAX_NET, X, ONE_HOT), ValueError,
     r"^net: expected element-wise activations for a graph of scalar operations, got a softmax layer$"),
]:
    case(f"autograd: {what}", call, error, pattern)


# ---- the checkers of the reader's code --------------------------------------------------------------------
case("check_value(a function)", lambda: bl.check_value(lambda data: data), TypeError,
     r"^Value: expected your class Value itself, as check_value\(Value\), got function$")
case("check_value(a Value, not the class)", lambda: bl.check_value(Value(1.0)), TypeError,
     r"^Value: expected your class Value, as check_value\(Value\), got Value$")
case("check_backward(loss='sse')", lambda: bl.check_backward(lambda *args: None, loss="sse"), ValueError,
     r"^loss: expected one of \['bce', 'ce', 'half_sse', 'mse'\], got 'sse'$")


# ---- issue 20, "nothing silently wrong": records checked whole, sizes and counts, callbacks, optimizers ----
def by_hand(record, **fields):
    """``record`` with ``fields`` replaced, through its constructor (``dataclasses.replace``)."""
    import dataclasses

    return dataclasses.replace(record, **fields)


def dW_with(first):
    """Per-layer weight gradients whose layer 1 is ``first`` and layer 2 that of GRADS."""
    return bl.Layers([first, GRADS.dW[2]], symbol="dW")


for what, fields, pattern in [
    ("a dW1 of (1, 2) for a W1 of (2, 2), which a step would broadcast", dict(dW=dW_with(np.ones((1, 2)))),
     r"^dW\[1\]: expected shape \(2, 2\) for a Gradients of this net, got \(1, 2\)$"),
    ("a dW1 of (3, 2, 2), which would make W1 3-D", dict(dW=dW_with(np.ones((3, 2, 2)))),
     r"^dW\[1\]: expected shape \(2, 2\) for a Gradients of this net, got \(3, 2, 2\)$"),
    ("a dW1 given as a vector", dict(dW=dW_with(np.ones(4))), r"^dW\[1\]: expected shape \(2, 2\) .*got \(4,\)$"),
    ("a NaN in dW1, named as such (not blamed on lr)", dict(dW=dW_with(np.array([[0.1, np.nan], [0.0, 0.0]]))),
     r"^dW\[1\]: expected finite numbers, got nan at index \(0, 1\)$"),
    ("an infinite db2", dict(db=bl.Layers([GRADS.db[1], np.array([[np.inf]])], symbol="db")),
     r"^db\[2\]: expected finite numbers, got inf at index \(0, 0\)$"),
    ("no db1 for a layer with biases", dict(db=bl.Layers([None, GRADS.db[2]], symbol="db")),
     r"^db\[1\]: expected an array of shape \(2, 1\) for a Gradients of this net, got None$"),
    ("a db1 of the wrong shape", dict(db=bl.Layers([np.zeros((1, 1)), GRADS.db[2]], symbol="db")),
     r"^db\[1\]: expected shape \(2, 1\) for a Gradients of this net, got \(1, 1\)$"),
    ("a dW of one layer too few", dict(dW=bl.Layers([GRADS.dW[1]], symbol="dW")),
     r"^dW: expected one entry per layer of the net, layers 1 to 2, for a Gradients, got layers 1 to 1$"),
    ("a dW numbered from 0", dict(dW=bl.Layers(list(GRADS.dW), first=0, symbol="dW")),
     r"^dW: expected one entry per layer of the net, layers 1 to 2, for a Gradients, got layers 0 to 1$"),
    ("a delta1 for 3 samples and a delta2 for 4", dict(delta=bl.Layers([np.zeros((2, 3)), GRADS.delta[2]], symbol="d")),
     r"^delta\[1\]: expected shape \(2, 4\) for a Gradients of this net, got \(2, 3\)$"),
    ("words in dW1", dict(dW=dW_with(np.array([["a", "b"], ["c", "d"]]))),
     r"^dW\[1\]: expected an array of real numbers, got dtype <U1 \(ndarray\)$"),
    ("a NaN loss", dict(loss=float("nan")), r"^loss: expected a finite number, got nan$"),
    ("a loss as a list", dict(loss=[0.5]), r"^loss: expected a number, got list$"),
]:
    case(f"Gradients made by hand: {what}", lambda fields=fields: by_hand(GRADS, **fields),
         TypeError if "words" in what or "list" in what else ValueError, pattern)
STACK_GRADS = bl.gradients(STACK, X, Y)
case("Gradients made by hand: one loss for a stack of two", lambda: by_hand(STACK_GRADS, loss=[0.5, 0.5, 0.5]), ValueError,
     r"^loss: expected one loss per network, shape \(2,\), got \(3,\)$")
case("Gradients made by hand: a network's dW1 in a stack's gradients",
     lambda: by_hand(STACK_GRADS, dW=bl.Layers([GRADS.dW[1], STACK_GRADS.dW[2]], symbol="dW")), ValueError,
     r"^dW\[1\]: expected shape \(2, 2, 2\) for a Gradients of this net, got \(2, 2\)$")
for fn, step in [("sgd_step", lambda g: bl.sgd_step(NET, g, 0.1)),
                 ("Adam().step", lambda g: ADAM.step(NET, g, 0.1, ADAM.init(NET))),
                 ("Momentum().step", lambda g: MOMENTUM.step(NET, g, 0.1, MOMENTUM.init(NET)))]:
    for shape in ((1, 2), (3, 2, 2)):
        case(f"{fn}: a dW1 of {shape} for a W1 of (2, 2)", lambda step=step, shape=shape: step(by_hand(GRADS, dW=dW_with(np.ones(shape)))),
             ValueError, rf"^dW\[1\]: expected shape \(2, 2\) for a Gradients of this net, got {re.escape(str(shape))}$")
for what, fields, pattern in [
    ("an input given as a vector", dict(a=bl.Layers([X[:, 0], *list(TRACE.a)[1:]], first=0, symbol="a")),
     r"^a\[0\]: expected a 2-D array, got shape \(2,\)$"),
    ("a z2 for 3 samples", dict(z=bl.Layers([TRACE.z[1], np.zeros((1, 3))], symbol="z")),
     r"^z\[2\]: expected shape \(1, 4\) for a Trace of this net, got \(1, 3\)$"),
    ("an a1 of 3 units", dict(a=bl.Layers([X, np.zeros((3, 4)), TRACE.a[2]], first=0, symbol="a")),
     r"^a\[1\]: expected shape \(2, 4\) for a Trace of this net, got \(3, 4\)$"),
    ("an a numbered from 1", dict(a=bl.Layers(list(TRACE.a)[1:], symbol="a")),
     r"^a: expected one entry per layer, layers 0 to 2, got layers 1 to 2$"),
    ("an infinite z1", dict(z=bl.Layers([np.full((2, 4), np.inf), TRACE.z[2]], symbol="z")),
     r"^z\[1\]: expected finite numbers, got inf at index \(0, 0\)$"),
    ("a network of another shape", dict(net=bl.Network.random((2, 3, 1))),
     r"^z\[1\]: expected shape \(3, 4\) for a Trace of this net, got \(2, 4\)$"),
]:
    case(f"Trace made by hand: {what}", lambda fields=fields: by_hand(TRACE, **fields), ValueError, pattern)

RUN = bl.train(NET, X, Y, 0.1, 2)
for what, fields, error, pattern in [
    ("a NaN loss", dict(losses=[0.5, np.nan, 0.4]), ValueError, r"^losses: expected finite numbers, got nan at index \(1,\)$"),
    ("steps as floats", dict(steps=[0.0, 1.0, 2.0]), ValueError, r"^steps: expected 3 whole numbers, one per loss, got list"),
    ("one step too few", dict(steps=[0, 1]), ValueError, r"^steps: expected 3 whole numbers, one per loss"),
    ("ended_higher as a word", dict(ended_higher="no"), TypeError, r"^ended_higher: expected a bool, got str 'no'$"),
    ("a state that is a dict", dict(state={"t": 2}), TypeError, r"^state: expected None or an OptimizerState, got dict$"),
    ("records of another length", dict(records=(1, 2)), ValueError,
     r"^records: expected None or 3 records, one per loss, got tuple$"),
    ("a net that is a list", dict(net=[NET]), TypeError, r"^net: expected a Network \(or a Stack of them\), got list$"),
]:
    case(f"TrainingRun made by hand: {what}", lambda fields=fields: by_hand(RUN, **fields), error, pattern)

# sizes and counts beyond what a double or the memory holds, refused by name (not a MemoryError, OverflowError)
SIZES_TOO_BIG = (r"^sizes: expected a network of at most 1,000,000,000 weights \(8 GB of doubles\), got "
                 r"2,000,000,000,000 weights for sizes \[2, 1000000000000\]$")
case("Network.random: a layer of 10**12 units", lambda: bl.Network.random((2, 10**12)), ValueError, SIZES_TOO_BIG)
case("Network.random: 10**5 x 10**5 units", lambda: bl.Network.random((2, 10**5, 10**5)), ValueError,
     r"^sizes: expected a network of at most 1,000,000,000 weights .*got 10,000,200,000 weights")
case("Network.random: a layer of 10**400 units", lambda: bl.Network.random((2, 10**400)), ValueError,
     r"^sizes: expected a network of at most 1,000,000,000 weights .*got a number of 401 digits weights for sizes \[2, 1000")
case("pages.from_named_weights: a layer of 10**12 units", lambda: pages.from_named_weights((2, 10**12), NAMES, VALUES),
     ValueError, SIZES_TOO_BIG)
case("examples.xor(hidden=10**12)", lambda: examples.xor(hidden=10**12), ValueError,
     r"^sizes: expected a network of at most 1,000,000,000 weights \(8 GB of doubles\), got 3,000,000,000,000")
case("minibatches(m=10**12)", lambda: bl.minibatches(10**12, 1), ValueError,
     r"^m: expected a whole number from 1 to 1,000,000,000 \(the samples' order is an array of m entries\), got "
     r"1,000,000,000,000$")
case("OptimizerState(t=10**400)", lambda: bl.OptimizerState(t=10**400, m={}, v={}), ValueError,
     r"^t: expected a whole number from 0 to 9,007,199,254,740,992 \(a step count that a double holds exactly\), got a "
     r"number of 401 digits$")
case("OptimizerState(t=2**53 + 1)", lambda: bl.OptimizerState(t=2**53 + 1, m={}, v={}), ValueError,
     r"^t: expected a whole number from 0 to 9,007,199,254,740,992 .*got 9,007,199,254,740,993$")
case("Adam().step from a state of 2**53 steps", lambda: ADAM.step(NET, GRADS, 0.1, bl.OptimizerState(
    2**53, dict(ADAM.init(NET).m), dict(ADAM.init(NET).v))), ValueError,
     r"^state: expected a state of fewer than 9,007,199,254,740,992 steps \(the count a double holds exactly\), got "
     r"t = 9,007,199,254,740,992$")
case("train(steps=2**60)", lambda: bl.train(NET, X, Y, 0.1, 2**60), ValueError,
     r"^steps: expected a whole number from 1 to 9,007,199,254,740,992 \(a step count that a double holds exactly, as "
     r"an optimizer's state counts it\), got 1,152,921,504,606,846,976$")
case("train(epochs=2**60, batch_size=1)", lambda: bl.train(NET, X, Y, 0.1, epochs=2**60, batch_size=1), ValueError,
     r"^epochs: expected a whole number from 1 to 2,251,799,813,685,248 \(at 4 steps an epoch, at most 2\*\*53 steps, a "
     r"count a double holds exactly\), got 1,152,921,504,606,846,976$")


# callbacks whose body never runs when called: refused before the first step, or at the first call
async def async_record(step, net):
    return step


async def async_generator_record(step, net):
    yield step


def generator_record(step, net):
    yield step


class AsyncCall:
    async def __call__(self, step, net):
        return step


for what, on_record, kind in [("an async def", async_record, "async function"),
                              ("an async generator", async_generator_record, "async generator function"),
                              ("a generator function", generator_record, "generator function"),
                              ("an object whose __call__ is async", AsyncCall(), "async function")]:
    case(f"train(on_record={what})", lambda on_record=on_record: bl.train(NET, X, Y, 0.1, 2, on_record=on_record),
         TypeError, rf"^on_record: expected a plain function \(def\), whose body runs when it is called, got the {kind} "
         r".*: train never awaits or iterates what it returns$")
case("train(on_record=a lambda returning a coroutine)",
     lambda: bl.train(NET, X, Y, 0.1, 2, on_record=lambda step, net: async_record(step, net)), TypeError,
     r"^on_record: expected a function whose body runs when it is called, got one that returned coroutine at step 0, "
     r"which train would never await or iterate$")

# a positional number to an optimizer: PyTorch's learning rate, not a hyperparameter read silently
for kind, make in [("Adam", lambda: bl.Adam(0.01)), ("SGD", lambda: bl.SGD(0.1)), ("Momentum", lambda: bl.Momentum(0.9))]:
    case(f"{kind}(a positional number)", make, TypeError,
         rf"^lr: expected the learning rate as an argument of step or train, not of the optimizer: {kind}\(\)\.step")
case("Adam(two positional numbers)", lambda: bl.Adam(0.9, 0.999), TypeError, r"positional argument")

# a shared bias, as Network takes it; a bias mode kept
case("with_parameters: one number for a bias per neuron", lambda: NET.with_parameters(b1=0.3), ValueError,
     r"^b1: expected shape \(2, 1\), got \(1, 1\)$")
case("with_parameters: a row of biases", lambda: NET.with_parameters(b1=[[0.1, 0.2]]), ValueError,
     r"^b1: expected a number, a vector or a column of biases, got shape \(1, 2\)$")
case("with_parameters: NaN as a shared bias", lambda: NET.with_parameters(b2=np.nan), ValueError,
     r"^b2: expected finite numbers, got nan at index \(\)$")

# the scalar autograd's range: refused naming the operation, never OverflowError or ZeroDivisionError
for what, call, pattern in [
    ("Value(1e200) ** 2", lambda: Value(1e200) ** 2, r"^\^2: the result inf is beyond a double's range$"),
    ("Value(2) ** 2000", lambda: Value(2.0) ** 2000, r"^\^2000: the result inf is beyond a double's range$"),
    ("Value(1e-200) ** -2", lambda: Value(1e-200) ** -2, r"^\^-2: the result inf is beyond a double's range$"),
    ("Value(-2) ** 2001", lambda: Value(-2.0) ** 2001, r"^\^2001: the result -inf is beyond a double's range$"),
    ("Value(1e300) / 1e-300", lambda: Value(1e300) / 1e-300, r"^÷: the result inf is beyond a double's range$"),
    ("Value(-1e308) - 1e308", lambda: Value(-1e308) - 1e308, r"^−: the result -inf is beyond a double's range$"),
    ("Value(1e200).half_square()", lambda: Value(1e200).half_square(), r"^½\(·\)²: the result inf is beyond"),
    ("Value(10**400)", lambda: Value(10**400), r"^data: expected a finite number, got an integer of 401 digits, beyond "
                                               r"a double's range$"),
    ("Value(2) ** 10**400", lambda: Value(2.0) ** 10**400, r"^exponent: expected a finite number, got an integer of 401"),
    ("Value + 10**400", lambda: Value(2.0) + 10**400, r"^other: expected a finite number, got an integer of 401"),
    ("exp just past ln of the largest double", lambda: Value(709.7827128933841).exp(),
     r"^exp: expected an argument of at most 709.782712893384, got 709.7827128933841$"),
]:
    case(f"autograd: {what}", call, ValueError, pattern)
case("autograd: a label that is a number", lambda: Value(1.0, 3), TypeError, r"^label: expected a string, got int 3$")
case("autograd.network_graph(a stack)", lambda: network_graph(STACK, X, Y), TypeError,
     r"^net: expected a Network \(build the graph of one network of a stack, stack.network\(k\)\), got Stack$")


@contextmanager
def no_warning_and_nothing_changed():
    """The call inside raises before a warning escapes (a warning fails it) and leaves every
    argument of the tables as it was, the library's own arrays read-only."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
    for now, before in zip(ARRAYS, SNAPSHOT):
        np.testing.assert_array_equal(now, before)
    assert all(not a.flags.writeable for a in READ_ONLY)


@pytest.mark.parametrize("call, error, pattern", CASES)
def test_bad_input_is_refused_by_name_with_no_warning_and_nothing_changed(call, error, pattern):
    with no_warning_and_nothing_changed():
        with pytest.raises(error, match=pattern):
            call()


@pytest.mark.parametrize("call, check, expected, name, marker, bad", ROUTES)
def test_each_entry_point_hands_its_argument_to_its_check_by_name(monkeypatch, call, check, expected, name, marker, bad):
    """Refused as its check refuses it, by name: the marker with a TypeError (it is no kind of
    value any check takes), and a bad value of the check's table with its error; and handed to
    that check as it came, under its name and with its options, the check's refusal (a
    TypeError or a ValueError) reaching the caller unchanged."""
    value, error = bad
    for given, refusal in ((marker(), TypeError), (value, error)):
        with no_warning_and_nothing_changed():
            with pytest.raises(refusal, match=rf"^{re.escape(name)}: "):
                call(given)
    for refusal in (TypeError(f"{name}: refused by the spy"), ValueError(f"{name}: refused by the spy")):
        given = marker()
        spy = spy_on(monkeypatch, check, given, refusal)
        with no_warning_and_nothing_changed():
            with pytest.raises(type(refusal)) as info:
                call(given)
        monkeypatch.undo()
        assert info.value is refusal, f"the refusal was not passed on as it is: {info.value!r}"
        assert not spy.mismatches(expected), spy.mismatches(expected)


@pytest.mark.parametrize("call, reference", SAME)
def test_a_shared_check_refuses_alike_wherever_it_is_called(call, reference):
    with pytest.raises((TypeError, ValueError)) as expected:
        reference()
    with no_warning_and_nothing_changed():
        with pytest.raises(type(expected.value)) as info:
            call()
    assert str(info.value) == str(expected.value)


#: The arguments that every public function taking them must be shown to route (``ROUTES``).
ROUTED_ARGUMENTS = {"z", "x", "y", "output", "target", "net", "loss", "lr", "eps", "grads", "a", "b", "floor", "steps", "epochs",
                    "batch_size", "record_every", "seed", "m", "t"}


def test_every_public_function_routes_every_argument_it_checks():
    """Each argument of ``ROUTED_ARGUMENTS`` that a public function of the library takes has its
    row in ``ROUTES``: a new function, or a new argument, is not left out of the tables."""
    import inspect

    missing = []
    for name in bl.__all__:
        obj = getattr(bl, name)
        if inspect.isfunction(obj):
            wanted = set(inspect.signature(obj).parameters) & ROUTED_ARGUMENTS
            missing += [(name, arg) for arg in sorted(wanted) if (name, arg) not in ROUTED]
    for method in ("init", "step"):  # every optimizer's, shared: routed once, through Adam's
        assert getattr(bl.SGD, method) is getattr(bl.Momentum, method) is getattr(bl.Adam, method)
        wanted = set(inspect.signature(getattr(bl.Adam, method)).parameters) & ROUTED_ARGUMENTS
        missing += [(f"Adam.{method}", arg) for arg in sorted(wanted) if (f"Adam.{method}", arg) not in ROUTED]
    assert not missing, f"no row in ROUTES for {missing}"
    assert len(ROUTES) >= 80 and len(CASES) >= 200


def test_text_takes_a_string_as_a_plain_str_and_refuses_anything_else_by_name():
    from backprop_lib._validate import text

    assert text("given", "0.25") == "0.25" and type(text("given", np.str_("0.25"))) is str
    assert text("given", np.str_("0.25")) == "0.25"
    with pytest.raises(TypeError, match=r"^given: expected a string, got float 0.25$"):
        text("given", 0.25)
    with pytest.raises(TypeError, match=r"^given: expected a string, got None$"):
        text("given", None)
