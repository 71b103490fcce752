"""Optimizers: momentum, Adam and L2 weight decay, checked against their equations written
out again here in plain numpy (never the code under test), and plain SGD through the new path
equal bit for bit to the old one."""

import numpy as np
import pytest

import backprop_lib as bl
from backprop_lib.pages.examples import XOR_X, XOR_Y


# ---- the reference: a 2-2-1 sigmoid network and every rule, written out by hand ----------------
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def plain_gradients(P, X, Y):
    """The half-SSE loss of a 2-2-1 sigmoid network and its gradients, as a learner writes them."""
    A1 = sigmoid(P["W1"] @ X + P["b1"])
    A2 = sigmoid(P["W2"] @ A1 + P["b2"])
    d2 = (A2 - Y) * A2 * (1 - A2)
    d1 = (P["W2"].T @ d2) * A1 * (1 - A1)
    grads = {"W1": d1 @ X.T, "b1": d1.sum(axis=1, keepdims=True), "W2": d2 @ A1.T, "b2": d2.sum(axis=1, keepdims=True)}
    return 0.5 * np.sum((A2 - Y) ** 2), grads


def plain_run(P, X, Y, lr, steps, rule, lam=0.0, frozen=()):
    """``steps`` full-batch steps of ``rule``: ("sgd",), ("momentum", β) or ("adam", β1, β2, ε),
    with L2 decay λ on the weights. Returns the parameters, the losses and the state."""
    P = {name: np.array(value, dtype=float) for name, value in P.items()}
    m = {name: np.zeros_like(value) for name, value in P.items()}
    v = {name: np.zeros_like(value) for name, value in P.items()}
    losses = []
    for t in range(1, steps + 1):
        loss, G = plain_gradients(P, X, Y)
        losses.append(loss)
        for name in P:
            if name in frozen:
                continue
            g = G[name] + lam * P[name] if name.startswith("W") else G[name]
            if rule[0] == "sgd":
                P[name] = P[name] - lr * g
            elif rule[0] == "momentum":
                v[name] = rule[1] * v[name] + g
                P[name] = P[name] - lr * v[name]
            else:
                beta1, beta2, eps = rule[1:]
                m[name] = beta1 * m[name] + (1 - beta1) * g
                v[name] = beta2 * v[name] + (1 - beta2) * g ** 2
                m_hat, v_hat = m[name] / (1 - beta1 ** t), v[name] / (1 - beta2 ** t)
                P[name] = P[name] - lr * m_hat / (np.sqrt(v_hat) + eps)
    losses.append(plain_gradients(P, X, Y)[0])
    return P, np.array(losses), {"m": m, "v": v}


NET = bl.Network.random((2, 2, 1), seed=3, init="uniform")
START = {name: np.array(value) for name, value in NET.parameters().items()}

RULES = [  # the optimizer, the same rule for plain_run, λ, learning rate
    (bl.SGD(weight_decay=0.05), ("sgd",), 0.05, 0.8),
    (bl.Momentum(), ("momentum", 0.9), 0.0, 0.3),
    (bl.Momentum(beta=0.5, weight_decay=0.01), ("momentum", 0.5), 0.01, 0.5),
    (bl.Adam(), ("adam", 0.9, 0.999, 1e-8), 0.0, 0.05),
    (bl.Adam(beta1=0.8, beta2=0.99, eps=1e-4, weight_decay=0.02), ("adam", 0.8, 0.99, 1e-4), 0.02, 0.1),
    (bl.Adam(beta1=0.0, beta2=0.0), ("adam", 0.0, 0.0, 1e-8), 0.0, 0.01),
]
IDS = ["sgd+decay", "momentum", "momentum+decay", "adam", "adam+decay", "adam beta=0"]


def assert_parameters(net, P, rtol=1e-12, **kwargs):
    for name, value in net.parameters().items():
        np.testing.assert_allclose(value, P[name], rtol=rtol, atol=1e-15, err_msg=name, **kwargs)


# ---- against the equations ------------------------------------------------------------------
@pytest.mark.parametrize("optimizer, rule, lam, lr", RULES, ids=IDS)
def test_one_step_by_hand_follows_the_equations(optimizer, rule, lam, lr):
    state = optimizer.init(NET)
    stepped, after = optimizer.step(NET, bl.gradients(NET, XOR_X, XOR_Y), lr, state)
    P, _, plain_state = plain_run(START, XOR_X, XOR_Y, lr, 1, rule, lam)
    assert_parameters(stepped, P)
    assert after.t == 1 and state.t == 0
    for buffer in optimizer.buffers:
        for name, value in getattr(after, buffer).items():
            np.testing.assert_allclose(value, plain_state[buffer][name], rtol=1e-12, atol=1e-300, err_msg=name)
            assert not getattr(state, buffer)[name].any()  # the state given is unchanged


@pytest.mark.parametrize("optimizer, rule, lam, lr", RULES, ids=IDS)
def test_several_steps_by_hand_and_by_train_follow_the_equations(optimizer, rule, lam, lr):
    P, losses, plain_state = plain_run(START, XOR_X, XOR_Y, lr, 25, rule, lam)
    run = bl.train(NET, XOR_X, XOR_Y, lr, 25, optimizer=optimizer)
    np.testing.assert_allclose(run.losses, losses, rtol=1e-11)
    assert_parameters(run.net, P, rtol=1e-11)
    net, state = NET, optimizer.init(NET)
    for _ in range(25):
        net, state = optimizer.step(net, bl.gradients(net, XOR_X, XOR_Y), lr, state)
    assert_parameters(net, run.net.parameters(), rtol=0)  # the same arithmetic, by hand or by train
    assert state.t == run.state.t == 25
    for buffer in optimizer.buffers:
        for name, value in getattr(run.state, buffer).items():
            np.testing.assert_allclose(value, plain_state[buffer][name], rtol=1e-10, atol=1e-300, err_msg=name)
            np.testing.assert_array_equal(value, getattr(state, buffer)[name])


def test_mini_batches_with_an_optimizer_step_on_exactly_those_batches():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(2, 7)), rng.uniform(size=(1, 7))
    net, lr, adam = bl.Network.random((2, 2, 1), seed=3), 0.02, bl.Adam(weight_decay=0.1)
    run = bl.train(net, x, y, lr, epochs=3, batch_size=2, seed=11, optimizer=adam)
    batches, by_hand, state = bl.minibatches(7, 2, seed=11), net, adam.init(net)
    for _ in range(12):
        cols = next(batches)
        by_hand, state = adam.step(by_hand, bl.gradients(by_hand, x[:, cols], y[:, cols]), lr, state)
    assert_parameters(run.net, by_hand.parameters(), rtol=0)
    assert run.losses[-1] == bl.loss_of(by_hand, x, y)


# ---- plain SGD, old and new -------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [dict(steps=40), dict(epochs=5, batch_size=3, seed=2),
                                    dict(steps=9, record_every=4)])
def test_sgd_through_the_optimizer_path_is_bit_identical_to_plain_train(kwargs):
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(3, 8)), rng.uniform(size=(2, 8))
    for net in (bl.Network.random((3, 4, 2), ["tanh", "sigmoid"], seed=1, frozen=("b1",)),
                bl.stack([bl.Network.random((3, 4, 2), seed=s, bias="shared") for s in (0, 1)])):
        old = bl.train(net, x, y, 0.3, **kwargs)
        new = bl.train(net, x, y, 0.3, optimizer=bl.SGD(), **kwargs)
        np.testing.assert_array_equal(new.losses, old.losses)
        for name, value in old.net.parameters().items():
            np.testing.assert_array_equal(new.net.parameters()[name], value)
        assert old.state is None and new.state.t == new.steps[-1] and not new.state.m and not new.state.v


def test_sgd_step_by_hand_is_sgd_step_bit_for_bit():
    grads = bl.gradients(NET, XOR_X, XOR_Y)
    new, state = bl.SGD().step(NET, grads, 0.7, bl.SGD().init(NET))
    old = bl.sgd_step(NET, grads, 0.7)
    for name, value in old.parameters().items():
        np.testing.assert_array_equal(new.parameters()[name], value)
    assert state.t == 1


def test_every_step_moves_the_parameters_through_the_one_update(monkeypatch):
    """θ ← θ − η d is written once (optimizers.Run.update): plain gradient descent in train, sgd_step
    and every optimizer's step all run it, and nothing else moves a parameter."""
    from backprop_lib import optimizers

    calls, update = [], optimizers.Run.update

    def counted(run, *args):
        calls.append(type(run.optimizer).__name__)
        return update(run, *args)

    monkeypatch.setattr(optimizers.Run, "update", counted)
    grads = bl.gradients(NET, XOR_X, XOR_Y)
    trained = bl.train(NET, XOR_X, XOR_Y, 0.5, 3)
    assert calls == ["SGD"] * 3
    bl.sgd_step(NET, grads, 0.5)
    bl.Adam().step(NET, grads, 0.1, bl.Adam().init(NET))
    bl.train(NET, XOR_X, XOR_Y, 0.1, 2, optimizer=bl.Momentum())
    assert calls == ["SGD"] * 4 + ["Adam"] + ["Momentum"] * 2
    monkeypatch.setattr(optimizers.Run, "update", lambda run, *args: None)  # an update that moves nothing ...
    for name, value in bl.train(NET, XOR_X, XOR_Y, 0.5, 3).net.parameters().items():
        np.testing.assert_array_equal(value, NET.parameters()[name])  # ... leaves the run where it started
        assert not np.array_equal(value, trained.net.parameters()[name])
    for name, value in bl.sgd_step(NET, grads, 0.5).parameters().items():
        np.testing.assert_array_equal(value, NET.parameters()[name])


def test_momentum_with_beta_0_is_sgd():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(2, 6)), rng.uniform(size=(1, 6))
    net = bl.Network.random((2, 3, 1), seed=4)
    for kwargs in (dict(steps=30), dict(epochs=4, batch_size=4)):
        sgd = bl.train(net, x, y, 0.5, **kwargs)
        momentum = bl.train(net, x, y, 0.5, optimizer=bl.Momentum(beta=0.0), **kwargs)
        np.testing.assert_array_equal(momentum.losses, sgd.losses)
        for name, value in sgd.net.parameters().items():
            np.testing.assert_array_equal(momentum.net.parameters()[name], value)


def test_momentum_in_the_other_convention_takes_the_same_steps():
    """v' ← β v' − η g, θ ← θ + v' (CS231n) is v' = −η v of PyTorch's v ← β v + g, θ ← θ − η v
    (for a constant η)."""
    lr, beta = 0.3, 0.9
    run = bl.train(NET, XOR_X, XOR_Y, lr, 20, optimizer=bl.Momentum(beta=beta))
    P = dict(START)
    velocity = {name: np.zeros_like(value) for name, value in P.items()}
    for _ in range(20):
        _, G = plain_gradients(P, XOR_X, XOR_Y)
        for name in P:
            velocity[name] = beta * velocity[name] - lr * G[name]
            P[name] = P[name] + velocity[name]
    assert_parameters(run.net, P, rtol=1e-11)
    for name, value in run.state.v.items():
        np.testing.assert_allclose(-lr * value, velocity[name], rtol=1e-11, atol=1e-300)


# ---- Adam's first step, frozen parameters, weight decay ---------------------------------------
def test_adams_first_step_moves_every_parameter_by_about_lr_against_the_sign_of_its_gradient():
    grads = bl.gradients(NET, XOR_X, XOR_Y).by_name()
    assert min(np.abs(g).min() for g in grads.values()) > 1e-4
    for lr in (1e-3, 0.1):
        stepped, _ = bl.Adam().step(NET, bl.gradients(NET, XOR_X, XOR_Y), lr, bl.Adam().init(NET))
        for name, value in stepped.parameters().items():
            moved = value - NET.parameters()[name]
            np.testing.assert_allclose(moved, -lr * np.sign(grads[name]), rtol=1e-4, err_msg=name)
            np.testing.assert_allclose(moved, -lr * grads[name] / (np.abs(grads[name]) + 1e-8), rtol=1e-12)


@pytest.mark.parametrize("optimizer", [bl.SGD(weight_decay=0.1), bl.Momentum(beta=0.9, weight_decay=0.1), bl.Adam(weight_decay=0.1)],
                         ids=["sgd", "momentum", "adam"])
def test_frozen_parameters_are_never_updated_and_have_no_state(optimizer):
    net = bl.Network.random((2, 3, 1), seed=1, frozen=("W1", "b2"))
    run = bl.train(net, XOR_X, XOR_Y, 0.1, 20, optimizer=optimizer)
    stacked = bl.train(bl.stack([net, net]), XOR_X, XOR_Y, 0.1, 5, optimizer=optimizer)
    for trained in (run.net, *stacked.nets):
        np.testing.assert_array_equal(trained.W[1], net.W[1])
        np.testing.assert_array_equal(trained.b[2], net.b[2])
        assert not np.array_equal(trained.W[2], net.W[2]) and not np.array_equal(trained.b[1], net.b[1])
    for state in (run.state, stacked.state, optimizer.init(net)):
        for buffer in optimizer.buffers:
            assert sorted(getattr(state, buffer)) == ["W2", "b1"]


def test_weight_decays_gradient_is_that_of_the_loss_plus_half_lambda_sum_of_squared_weights():
    """A step of SGD(weight_decay=λ) with η = 1 moves θ by the decayed gradient; central
    differences of L + λ/2 Σ W² (the weights only, not the biases) give the same."""
    lam, eps = 0.3, 1e-6
    net = bl.Network.random((2, 3, 1), seed=2, init="uniform")

    def objective(candidate):
        return bl.loss_of(candidate, XOR_X, XOR_Y) + lam / 2 * sum(np.sum(w ** 2) for w in candidate.W)

    stepped, _ = bl.SGD(weight_decay=lam).step(net, bl.gradients(net, XOR_X, XOR_Y), 1.0, bl.SGD(weight_decay=lam).init(net))
    for name, value in net.parameters().items():
        decayed = value - stepped.parameters()[name]
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus, minus = value.copy(), value.copy()
            plus[index] += eps
            minus[index] -= eps
            numeric[index] = (objective(net.with_parameters(**{name: plus}))
                              - objective(net.with_parameters(**{name: minus}))) / (2 * eps)
        np.testing.assert_allclose(decayed, numeric, rtol=1e-7, atol=1e-9, err_msg=name)
    plain = bl.gradients(net, XOR_X, XOR_Y).by_name()
    for name in ("b1", "b2"):  # biases do not decay
        np.testing.assert_allclose(net.parameters()[name] - stepped.parameters()[name], plain[name], rtol=1e-12)


# ---- state: shapes, immutability, stacks, divergence ---------------------------------------------
def test_the_state_holds_one_array_per_parameter_of_its_shape_zero_at_first_and_read_only():
    net = bl.Network.random((3, 4, 2), seed=0, bias="shared")
    for model in (net, bl.stack([net, net, net])):
        state = bl.Adam().init(model)
        assert state.t == 0 and repr(state) == "OptimizerState(t=0; m for W1, b1, W2, b2; v for W1, b1, W2, b2)"
        for buffer in ("m", "v"):
            arrays = getattr(state, buffer)
            assert {k: a.shape for k, a in arrays.items()} == {k: p.shape for k, p in model.parameters().items()}
            assert all(not a.any() and not a.flags.writeable for a in arrays.values())
            with pytest.raises(TypeError):
                arrays["W1"] = np.zeros((4, 3))
        with pytest.raises(AttributeError):
            state.t = 3
        assert not bl.Momentum().init(model).m and set(bl.Momentum().init(model).v) == {"W1", "b1", "W2", "b2"}
        assert not bl.SGD().init(model).m and not bl.SGD().init(model).v
    assert bl.Momentum().init(net).v["b1"].shape == (1, 1)


def test_a_state_made_by_hand_is_checked_and_copied():
    w = np.array([[0.1, 0.2]])
    state = bl.OptimizerState(t=2, m={}, v={"W1": w})
    w[0, 0] = 9.0
    assert state.v["W1"][0, 0] == 0.1 and not state.v["W1"].flags.writeable
    net = bl.Network([[[0.3, -0.2]]], activation="identity")
    stepped, after = bl.Momentum(beta=0.5).step(net, bl.gradients(net, [1.0, 2.0], [0.0]), 0.1, state)
    g = (0.3 - 0.4) * np.array([[1.0, 2.0]])
    np.testing.assert_allclose(after.v["W1"], 0.5 * np.array([[0.1, 0.2]]) + g, rtol=1e-15)
    np.testing.assert_allclose(stepped.W[1], net.W[1] - 0.1 * after.v["W1"], rtol=1e-15)
    assert after.t == 3


def test_a_step_leaves_the_network_and_the_state_unchanged():
    adam = bl.Adam()
    net1, state1 = adam.step(NET, bl.gradients(NET, XOR_X, XOR_Y), 0.1, adam.init(NET))
    before = {name: np.array(value) for name, value in state1.m.items()}
    net2, state2 = adam.step(net1, bl.gradients(net1, XOR_X, XOR_Y), 0.1, state1)
    for name, value in before.items():
        np.testing.assert_array_equal(state1.m[name], value)
        assert not np.array_equal(state2.m[name], value)
    assert_parameters(NET, START, rtol=0)
    for name, value in net2.parameters().items():
        assert not value.flags.writeable


@pytest.mark.parametrize("optimizer", [bl.Momentum(beta=0.8, weight_decay=0.01), bl.Adam(weight_decay=0.01)], ids=["momentum", "adam"])
def test_a_stack_with_an_optimizer_is_each_network_with_it(optimizer):
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(2, 5)), rng.uniform(0.05, 0.95, size=(1, 5))
    nets = [bl.Network.random((2, 3, 1), ["tanh", "sigmoid"], seed=s, frozen=("b2",)) for s in (0, 1, 7)]
    rates = [0.01, 0.05, 0.2]
    run = bl.train(bl.stack(nets), x, y, rates, 60, optimizer=optimizer)
    for k, (net, lr) in enumerate(zip(nets, rates)):
        single = bl.train(net, x, y, lr, 60, optimizer=optimizer)
        np.testing.assert_allclose(run.losses[k], single.losses, rtol=0, atol=1e-12)
        assert_parameters(run.nets[k], single.net.parameters(), rtol=1e-12)
        for buffer in optimizer.buffers:
            for name, value in getattr(single.state, buffer).items():
                np.testing.assert_allclose(getattr(run.state, buffer)[name][k], value, rtol=1e-10, atol=1e-300)


def test_divergence_with_an_optimizer_is_still_reported_naming_lr():
    net = bl.Network([[[0.22, 0.15], [0.03, 0.11]], [[0.1, 0.19]]], activation="identity")
    with pytest.raises(ValueError, match=r"^lr: training diverged by step \d+ .*smaller learning rate than 0.6"):
        bl.train(net, [2.0, 3.0], [1.0], lr=0.6, steps=500, optimizer=bl.Momentum(beta=0.5))
    with pytest.raises(ValueError, match=r"^lr: training diverged for 1 network\(s\), first network 1, by step"):
        bl.train(bl.stack([net, net]), [2.0, 3.0], [1.0], lr=[0.05, 0.6], steps=500, optimizer=bl.Momentum(beta=0.5))


def test_divergence_driven_by_weight_decay_names_weight_decay_too():
    """A tiny rate with a huge λ: the decay term λW, not η, blows the weight up; the message
    says both, and without weight decay it names lr alone."""
    net = bl.Network([[[0.5]]], activation="identity")
    for optimizer in (bl.SGD(weight_decay=1e308), bl.Momentum(weight_decay=1e308), bl.Adam(weight_decay=1e308)):
        with pytest.raises(ValueError, match=r"smaller learning rate than 1e-300 or a smaller weight_decay than 1e\+308$"):
            bl.train(net, [1.0], [0.0], lr=1e-300, steps=3, optimizer=optimizer)
    linear = bl.Network([[[0.22, 0.15], [0.03, 0.11]], [[0.1, 0.19]]], activation="identity")
    for optimizer in (None, bl.SGD()):  # no weight decay: lr alone is named
        with pytest.raises(ValueError, match=r"smaller learning rate than 0.6$"):
            bl.train(linear, [2.0, 3.0], [1.0], lr=0.6, steps=500, optimizer=optimizer)
    # a weight decay below 1 is named too
    with pytest.raises(ValueError, match=r"smaller learning rate than 0.6 or a smaller weight_decay than 0.1$"):
        bl.train(linear, [2.0, 3.0], [1.0], lr=0.6, steps=500, optimizer=bl.SGD(weight_decay=0.1))


def test_adams_second_moment_overflowing_is_reported_naming_lr():
    """A gradient of 1e200 with a loss of 0.5: g² overflows, v becomes inf and the step 0."""
    net = bl.Network([[[1e-200]]], activation="identity")
    with pytest.raises(ValueError, match=r"^lr: training diverged by step 1 \(from a loss of 0.5, the loss or"):
        bl.train(net, [1e200], [0.0], 0.1, 1, optimizer=bl.Adam())
    with pytest.raises(ValueError, match=r"^lr: the step carried a parameter, or the optimizer's state, beyond"):
        bl.Adam().step(net, bl.gradients(net, [1e200], [0.0]), 0.1, bl.Adam().init(net))


def test_optimizers_are_values():
    assert bl.Adam() == bl.Adam(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0) != bl.Adam(eps=1e-7)
    assert repr(bl.Momentum()) == "Momentum(beta=0.9, weight_decay=0.0)"
    assert bl.Momentum(beta=np.float32(0.5)).beta == 0.5 and type(bl.Momentum(beta=np.float32(0.5)).beta) is float
    with pytest.raises(AttributeError):
        bl.Adam().beta1 = 0.5


def test_hyperparameters_given_as_numpy_numbers_are_kept_as_plain_floats():
    given = {"SGD": (bl.SGD, ["weight_decay"]), "Momentum": (bl.Momentum, ["beta", "weight_decay"]),
             "Adam": (bl.Adam, ["beta1", "beta2", "eps", "weight_decay"])}
    for kind, (make, names) in given.items():
        for name in names:
            optimizer = make(**{name: np.array(0.25)})  # a 0-d array, as from np.mean
            assert type(getattr(optimizer, name)) is float and getattr(optimizer, name) == 0.25, (kind, name)
            assert f"{name}=0.25" in repr(optimizer)
            hash(optimizer)  # a value: hashable as its plain fields are
    assert repr(bl.SGD(weight_decay=1)) == "SGD(weight_decay=1.0)"


def test_a_state_made_by_hand_takes_a_numpy_step_count_and_a_stacks_3d_arrays():
    state = bl.OptimizerState(t=np.int64(4), m={}, v={"W1": np.zeros((3, 1, 2))})  # 3 networks' W1 of shape (1, 2)
    assert state.t == 4 and type(state.t) is int
    assert state.v["W1"].shape == (3, 1, 2)
    assert repr(state) == "OptimizerState(t=4; v for W1)"


def test_a_state_without_buffers_reads_as_its_step_count_alone():
    assert repr(bl.SGD().init(NET)) == "OptimizerState(t=0)"
    assert repr(bl.OptimizerState(t=7, m={}, v={})) == "OptimizerState(t=7)"
