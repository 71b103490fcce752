"""Copy, pickle, hand to another process: every record of the library round-trips through
``copy.copy``, ``copy.deepcopy`` and ``pickle`` equal and still immutable, through its own
constructor (so a record changed on the way is checked as one made by hand); a pool of processes
trains the XOR study's seeds and returns the very networks one process trains; and no array of
the library can be marked writeable again, by a caller or by an ``on_record``."""

import copy
from collections.abc import Mapping
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages import examples

NET = bl.Network([[[0.3, -0.2], [0.1, 0.4]], [[0.5, 0.6]]], biases=[[0.1, -0.1], 0.2], frozen=("b2",))
NO_BIAS = bl.Network.random((2, 3, 1), ["tanh", "sigmoid"], bias="none", seed=3)
SOFTMAX = bl.Network.random((2, 4, 3), ["relu", "softmax"], bias="shared", seed=1)
X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
STACK = bl.stack([NET, NET.with_parameters(W1=[[1.0, 2.0], [3.0, 4.0]])])


def records():
    """One of each record the library makes, by name."""
    return {
        "a network": NET, "a network without biases": NO_BIAS, "a softmax network with shared biases": SOFTMAX,
        "a stack": STACK, "layers": NET.W, "a trace": bl.forward(NET, X), "gradients": bl.gradients(NET, X, Y),
        "a stack's trace": bl.forward(STACK, X), "a stack's gradients": bl.gradients(STACK, X, Y),
        "an SGD state": bl.SGD().init(NET), "a momentum state": bl.Momentum().step(NET, bl.gradients(NET, X, Y), 0.1,
                                                                                   bl.Momentum().init(NET))[1],
        "an Adam state": bl.train(NET, X, Y, 0.1, 3, optimizer=bl.Adam()).state,
        "a training run": bl.train(NET, X, Y, 0.1, 3, optimizer=bl.Adam(), on_record=lambda step, net: step),
        "a stack's training run": bl.train(STACK, X, Y, [0.1, 0.2], 3),
        "an optimizer": bl.Adam(beta1=0.8),
        "a gradient check": bl.gradient_check(NET, X, Y),
    }


def same(a, b) -> None:
    """``a`` and ``b`` hold the same: type, parameters, per-layer values, arrays (and their dtype)."""
    assert type(a) is type(b)
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, (bl.Network, bl.Stack)):
        shape = [(n.sizes, tuple(n.activation), n.frozen, [n.bias_mode(l) for l in range(1, n.n_layers + 1)])
                 for n in (a, b)]
        assert shape[0] == shape[1]
        same(a.parameters(), b.parameters())
    elif isinstance(a, bl.Layers):
        assert (a.first, a.symbol, len(a)) == (b.first, b.symbol, len(b))
        for u, v in zip(a, b):
            same(u, v)
    elif isinstance(a, Mapping):
        assert a.keys() == b.keys()
        for key in a:
            same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for u, v in zip(a, b):
            same(u, v)
    elif hasattr(a, "__dataclass_fields__"):
        for field in a.__dataclass_fields__:
            if field != "_":
                same(getattr(a, field), getattr(b, field))
    else:
        assert a == b


def arrays_of(record) -> list:
    """Every array a record holds, however deep."""
    if isinstance(record, np.ndarray):
        return [record]
    if isinstance(record, (bl.Network, bl.Stack)):
        return list(record.parameters().values())
    if isinstance(record, bl.Layers):
        return [v for v in record if isinstance(v, np.ndarray)]
    if isinstance(record, bl.OptimizerState):
        return [*record.m.values(), *record.v.values()]
    if isinstance(record, bl.GradientCheck):
        return [*record.analytic.values(), *record.numeric.values()]
    if hasattr(record, "__dataclass_fields__"):
        return [a for field in record.__dataclass_fields__ if field != "_" for a in arrays_of(getattr(record, field))]
    return []


def immutable(record) -> None:
    """No attribute can be set, and no array can be written or marked writeable again."""
    for array in arrays_of(record):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array.setflags(write=True)
    if not isinstance(record, bl.Layers):
        with pytest.raises(AttributeError):
            record.net = None  # any attribute: a frozen dataclass or a Network refuses it


ROUND_TRIPS = {
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
    **{f"pickle protocol {p}": (lambda r, p=p: pickle.loads(pickle.dumps(r, protocol=p)))
       for p in range(2, pickle.HIGHEST_PROTOCOL + 1)},
}


@pytest.mark.parametrize("how", ROUND_TRIPS)
@pytest.mark.parametrize("what", records())
def test_every_record_round_trips_equal_and_still_immutable(what, how):
    record = records()[what]
    again = ROUND_TRIPS[how](record)
    same(again, record)
    immutable(again)
    immutable(record)  # the original too: nothing was unlocked on the way


@pytest.mark.parametrize("how", ["copy.deepcopy", "pickle protocol 5"])
def test_a_trace_and_its_network_copied_together_stay_together_and_still_backpropagate(how):
    """Copied together, the trace's network is the copied network (pickle and deepcopy keep
    identity within one call): the copies work together as the originals do."""
    trace = bl.forward(NET, X)
    net2, trace2 = ROUND_TRIPS[how]((NET, trace))
    assert trace2.net is net2 and net2 is not NET
    same(bl.backward(net2, trace2, Y).dW, bl.backward(NET, trace, Y).dW)
    run = bl.train(NET, X, Y, 0.1, 2, optimizer=bl.Adam())
    net3, state3 = ROUND_TRIPS[how]((run.net, run.state))
    grads = bl.gradients(net3, X, Y)
    same(bl.Adam().step(net3, grads, 0.1, state3), bl.Adam().step(run.net, bl.gradients(run.net, X, Y), 0.1, run.state))


def test_a_pickled_record_changed_on_the_way_is_checked_as_one_made_by_hand():
    """Unpickling calls what ``__reduce__`` gives, the constructor: the reduced arguments with a
    weight turned to NaN (or a gradient of the wrong shape) are refused naming the field."""
    cls, (weights, biases, activation, frozen) = NET.__reduce__()
    with pytest.raises(ValueError, match=r"^weights\[0\] \(W1\): expected finite numbers, got nan at index \(0, 0\)$"):
        cls([np.full((2, 2), np.nan), weights[1]], biases, activation, frozen)
    grads = bl.gradients(NET, X, Y)
    cls, args = grads.__reduce__()
    bad = (args[0], args[1], bl.Layers([np.zeros((1, 2)), args[2][2]], symbol="dW"), *args[3:])
    with pytest.raises(ValueError, match=r"^dW\[1\]: expected shape \(2, 2\) for a Gradients of this net, got \(1, 2\)$"):
        cls(*bad)


def test_no_array_of_the_library_can_be_marked_writeable_again():
    """A network's, a trace's, gradients', a state's and a run's arrays are read-only views of
    read-only arrays: numpy refuses to mark them writeable, so no one can change a record."""
    for what, record in records().items():
        immutable(record)


def test_an_on_record_that_marks_a_weight_writeable_cannot_change_the_callers_network():
    before = {name: p.copy() for name, p in NET.parameters().items()}

    def unlock_and_write(step, net):
        net.W[1].setflags(write=True)
        net.W[1][0, 0] = 99.0

    with pytest.raises(ValueError, match=r"cannot set WRITEABLE flag to True"):
        bl.train(NET, X, Y, 0.1, 3, on_record=unlock_and_write)
    same(NET.parameters(), before)


# ---- a pool of processes, as the XOR study would use one ---------------------------------------------
SEEDS = range(6)
STEPS = 500


def train_xor(seed: int) -> bl.TrainingRun:
    """One start of chapter 7's study: the 2-2-1 sigmoid network on XOR's truth table, uniform
    weights from ``seed``, its learning rate, full-batch gradient descent (a worker of the pool:
    module-level, so a spawned process can import it)."""
    ex = examples.xor("xor", seed=seed)
    return bl.train(ex.net, ex.x, ex.y, ex.lr, STEPS)


def test_a_process_pool_trains_the_xor_seeds_to_the_networks_of_one_process():
    """Each worker is a fresh interpreter (spawn, as on macOS and Windows): the networks and
    runs it returns are pickled back through their constructors, and equal, bit for bit, those
    one process trains."""
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        pooled = list(pool.map(train_xor, SEEDS))
    for seed, run in zip(SEEDS, pooled):
        alone = train_xor(seed)
        same(run, alone)
        immutable(run)
        immutable(run.net)
    assert len({float(run.losses[-1]) for run in pooled}) == len(SEEDS)  # six different starts, six different ends
