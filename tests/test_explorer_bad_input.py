"""Bad input to the explorers, the whole kind: every trait a reader or the page can set, every
way a value can come (the constructor, an assignment, ``set_state`` as the page's updates
arrive, an assignment inside ``hold_trait_notifications``), refused with a ``ValueError`` or a
``TypeError`` whose message starts with the trait's name, and the explorer's whole state (every
synced trait) unchanged afterwards. Then the particular cases a breaking pass found: Reset
applying half of a bad start, overflows blamed on the wrong argument, Reset aliasing the
stepper's weights, and the answer box reading typed text as the page does.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from backprop_lib.explorers import Answer, LearningRateExplorer, NetworkStepper, NeuronExplorer, XorExplorer
from backprop_lib.explorers.answer import JS_SPACE, parse_number
from backprop_lib.explorers.base import Checked, Fixed

ROOT = Path(__file__).resolve().parents[1]
COMMON_JS = ROOT / "backprop_lib" / "explorers" / "common.js"

MAKE = {
    "Answer": lambda **kw: Answer(**{"answer": 0.25, "decimals": 3, "hint": "h", "label": "l", **kw}),
    "LearningRateExplorer": lambda **kw: LearningRateExplorer(**{"lr": 0.3, "steps": 40, **kw}),
    "NeuronExplorer": lambda **kw: NeuronExplorer(**kw),
    "NetworkStepper": lambda **kw: NetworkStepper(**{"bias": "neuron", **kw}),
    "XorExplorer": lambda **kw: XorExplorer(**{"hidden": 3, "lr": 0.5, "seed": 2, "epochs": 1000, **kw}),
}
CLASSES = {"Answer": Answer, "LearningRateExplorer": LearningRateExplorer, "NeuronExplorer": NeuronExplorer,
           "NetworkStepper": NetworkStepper, "XorExplorer": XorExplorer}

#: The constructor's arguments, and those for which None means "the default" (so not bad there).
ARGUMENTS = {
    "Answer": ({"answer", "decimals", "hint", "label"}, set()),
    "LearningRateExplorer": ({"lr", "steps"}, {"lr"}),
    "NeuronExplorer": ({"w", "b", "x", "y", "lr"}, {"w", "b", "x", "y", "lr"}),
    "NetworkStepper": ({"bias", "lr", "x", "y", "decimals"}, {"lr", "x", "y"}),
    "XorExplorer": ({"hidden", "lr", "seed", "epochs"}, set()),
}

NAN, INF = math.nan, math.inf
START_BAD_LR = {"w": 0.9, "b": 0.9, "x": 0.5, "y": 1.0, "lr": -1}
W_OK = [[[0.1, 0.3], [0.2, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]

#: (explorer, trait, bad values): every trait with a check, each with what it must refuse.
BAD = [
    ("Answer", "answer", [None, "0.5", True, NAN, INF, -INF, [0.5], 1j, 10 ** 400]),
    ("Answer", "decimals", [None, -1, -3, -400, 13, 99, 2.0, True, np.bool_(True), "4"]),
    ("Answer", "hint", [None, 3, b"x", ["h"]]),
    ("Answer", "label", [None, 3, b"x"]),
    ("Answer", "given", [None, 0.5, b"1"]),
    ("Answer", "verdict", [None, "maybe", "Correct", True]),
    ("LearningRateExplorer", "lr", [None, -1, 0, 0.0099999999999, 1.0000001, 5.0, NAN, INF, "0.1", True, [0.1]]),
    ("LearningRateExplorer", "steps", [None, 0, -1, 1001, 1.5, 100.0, True, "100", np.float64(3)]),
    ("LearningRateExplorer", "lr_min", [0.5, None]),
    ("LearningRateExplorer", "lr_max", [2.0]),
    ("LearningRateExplorer", "steps_max", [5]),
    ("LearningRateExplorer", "floor", [0.0]),
    ("LearningRateExplorer", "example", [{}, None]),
    ("NeuronExplorer", "w", [None, "0.3", True, NAN, INF, [0.3]]),
    ("NeuronExplorer", "b", [None, NAN, -INF, np.bool_(False)]),
    ("NeuronExplorer", "x", [None, INF, [1.0], "1"]),
    ("NeuronExplorer", "y", [None, 1e200, -1e200, 1000.5, NAN, INF, True]),
    ("NeuronExplorer", "lr", [None, -1, 0, 0.0, INF, NAN, True, "fast"]),
    ("NeuronExplorer", "steps", [None, -1, True, 1.5]),
    ("NeuronExplorer", "start", [None, [], {"bogus": 3}, START_BAD_LR, {"w": 0.3, "b": 0.1, "x": 0.5, "y": 1.0},
                                 {"w": "a", "b": 0.1, "x": 0.5, "y": 1.0, "lr": 0.1},
                                 {"w": 0.3, "b": 0.1, "x": 0.5, "y": 1e200, "lr": 0.1}]),
    ("NetworkStepper", "bias", [None, "per-neuron", 3]),
    ("NetworkStepper", "lr", [None, -1, 0, NAN, INF, True, "0.6"]),
    ("NetworkStepper", "decimals", [None, 0, 9, 99, -1, True, 4.0]),
    ("NetworkStepper", "x", [None, [0.1, 0.5, 0.2], [[0.1, 0.5]], [NAN, 0.5], [INF, 0.5], "ab", [True, 0.5]]),
    ("NetworkStepper", "y", [None, [1e308, 1e308], [2000.0, 0.5], [0.05, NAN], [0.1], "ab"]),
    ("NetworkStepper", "stage", [None, "nonsense", "Forward", 2]),
    ("NetworkStepper", "step", [None, -1, True, 1.5]),
    ("NetworkStepper", "weights", [None, [], "w", [[[0.1, 0.3], [0.2, 0.4]]], [[[NAN, 0.3], [0.2, 0.4]], W_OK[1]]]),
    ("NetworkStepper", "biases", [None, [], "b", [[0.1]], [[0.1, 0.2, 0.3], [0.1]], [[NAN], [0.2]], [[], [0.2]]]),
    ("NetworkStepper", "previous_weights", [None, [[1.0]], "w"]),
    ("NetworkStepper", "previous_biases", [None, 5, [[0.1]]]),
    ("NetworkStepper", "initial_weights", [[], W_OK[::-1]]),
    ("NetworkStepper", "initial_biases", [[], [[0.0], [0.0]]]),
    ("NetworkStepper", "frozen", [["b1"], None]),
    ("NetworkStepper", "names", [{}, None]),
    ("NetworkStepper", "units", [[], None]),
    ("XorExplorer", "hidden", [None, 99, 1, 7, 3.0, True, "3"]),
    ("XorExplorer", "lr", [None, 0.3, 50, True, -0.1, NAN, "0.1", np.float32(0.1)]),
    ("XorExplorer", "seed", [None, 10, -1, 2.0, True]),
    ("XorExplorer", "epochs", [None, 7, 750, 0, 1e4, 50_500]),
    ("XorExplorer", "choices", [{}, None]),
    ("XorExplorer", "samples", [{}]),
    ("XorExplorer", "starts", [{}]),
]



def _is_argument(kind: str, trait: str, value) -> bool:
    arguments, none_is_default = ARGUMENTS[kind]
    return trait in arguments and not (value is None and trait in none_is_default)


def _is_trait(kind: str, trait: str) -> bool:
    return trait in CLASSES[kind].class_traits(sync=True)


#: The bad values of the constructors' arguments, and of the traits.
ARGUMENT_CASES = [pytest.param(kind, trait, value, id=f"{kind}({trait}={value!r:.40})")
                  for kind, trait, values in BAD for value in values if _is_argument(kind, trait, value)]
TRAIT_CASES = [pytest.param(kind, trait, value, id=f"{kind}.{trait}={value!r:.40}")
               for kind, trait, values in BAD for value in values if _is_trait(kind, trait)]


def state(explorer) -> str:
    """Everything the explorer shares with the page, and its text form."""
    return json.dumps(explorer.get_state(), sort_keys=True, default=repr) + repr(explorer)


def refused(info, trait: str) -> None:
    err = info.value
    assert isinstance(err, (ValueError, TypeError)), type(err)
    message = str(err)
    assert message.startswith(trait) and message[len(trait)] in ":[", message
    assert "np." not in message, f"a numpy type in the message: {message}"


@pytest.mark.parametrize("kind, trait, value", ARGUMENT_CASES)
def test_the_constructor_refuses_it(kind, trait, value):
    with pytest.raises((ValueError, TypeError)) as info:
        MAKE[kind](**{trait: value})
    refused(info, trait)


@pytest.mark.parametrize("kind, trait, value", TRAIT_CASES)
@pytest.mark.parametrize("how", ["assignment", "set_state", "held"])
def test_later_it_is_refused_and_nothing_changes(kind, trait, value, how):
    explorer = MAKE[kind]()
    if kind == "NetworkStepper":
        explorer.update()  # previous_* set, step 1
    before = state(explorer)
    with pytest.raises((ValueError, TypeError)) as info:
        if how == "assignment":
            setattr(explorer, trait, value)
        elif how == "set_state":
            explorer.set_state({trait: value})
        else:
            with explorer.hold_trait_notifications():
                setattr(explorer, trait, value)
    refused(info, trait)
    assert state(explorer) == before


@pytest.mark.parametrize("kind, good, bad", [
    ("LearningRateExplorer", {"steps": 10}, {"lr": -1}),
    ("NeuronExplorer", {"w": 0.9, "b": -0.2}, {"lr": -1}),
    ("NetworkStepper", {"stage": "loss", "lr": 0.1}, {"step": -1}),
    ("XorExplorer", {"lr": 1.0, "seed": 3}, {"hidden": 99}),
    ("Answer", {"given": "0.3", "verdict": "not yet"}, {"decimals": -5}),
])
def test_one_bad_value_among_good_ones_in_one_update_changes_nothing(kind, good, bad):
    explorer = MAKE[kind]()
    before = state(explorer)
    for message in ({**good, **bad}, {**bad, **good}):
        with pytest.raises((ValueError, TypeError)) as info:
            explorer.set_state(message)
        refused(info, next(iter(bad)))
        assert state(explorer) == before
    with pytest.raises((ValueError, TypeError)):
        with explorer.hold_trait_notifications():
            for name, value in {**good, **bad}.items():
                setattr(explorer, name, value)
    assert state(explorer) == before


def test_every_synced_trait_is_checked_and_in_the_table_above():
    tabled = {(kind, trait) for kind, trait, _ in BAD}
    for kind, cls in CLASSES.items():
        own = set(cls.class_traits(sync=True)) - set(cls.__mro__[1].class_traits(sync=True))
        assert own, kind
        for trait in own:
            assert isinstance(getattr(cls, trait), Checked), (kind, trait)
            assert trait in cls._checks, (kind, trait)
            assert (kind, trait) in tabled, f"{kind}.{trait} has no bad values in BAD"
        fixed = {name for name, check in cls._checks.items() if isinstance(check, Fixed)}
        assert fixed <= own


# ---- what the constructor takes, a trait takes, as the same plain Python value -------------------
@pytest.mark.parametrize("kind, trait, value, stored", [
    ("XorExplorer", "lr", np.float32(0.5), 0.5),
    ("XorExplorer", "lr", Fraction(1, 2), 0.5),
    ("XorExplorer", "lr", np.int64(1), 1.0),
    ("XorExplorer", "hidden", np.int64(4), 4),
    ("XorExplorer", "seed", np.uint8(7), 7),
    ("LearningRateExplorer", "lr", np.float32(0.25), float(np.float32(0.25))),
    ("LearningRateExplorer", "steps", np.int64(7), 7),
    ("NeuronExplorer", "w", np.float64(0.5), 0.5),
    ("NeuronExplorer", "lr", Fraction(1, 4), 0.25),
    ("NetworkStepper", "lr", np.int32(2), 2.0),
    ("NetworkStepper", "decimals", np.int64(6), 6),
    ("NetworkStepper", "x", np.array([[0.3], [0.7]]), [0.3, 0.7]),
    ("Answer", "answer", np.float64(0.125), 0.125),
    ("Answer", "decimals", np.int16(2), 2),
    ("Answer", "label", np.str_("∂L/∂w"), "∂L/∂w"),
])
def test_what_the_constructor_takes_a_trait_takes_as_a_plain_python_value(kind, trait, value, stored):
    for explorer in (MAKE[kind](**{trait: value}), MAKE[kind]()):
        setattr(explorer, trait, value)
        assert getattr(explorer, trait) == stored and type(getattr(explorer, trait)) is type(stored)
        assert "np." not in repr(explorer)


def test_numpy_arguments_leave_no_numpy_type_in_the_text_form_or_the_messages():
    assert repr(NetworkStepper(bias=np.str_("neuron"), lr=np.float64(1))) == \
        "NetworkStepper(bias='neuron', lr=1.0, stage='weights', step=0)"
    assert repr(XorExplorer(hidden=np.int64(3), lr=np.float64(0.5), seed=np.int32(2), epochs=np.int64(1000))) == \
        "XorExplorer(hidden=3, lr=0.5, seed=2, epochs=1000)"
    with pytest.raises(ValueError, match=r"^steps: expected a whole number from 1 to 1000, got 1001$"):
        LearningRateExplorer(steps=np.int64(1001))
    with pytest.raises(ValueError, match=r"^steps: expected a whole number >= 1, got 0$"):
        LearningRateExplorer(steps=np.int64(0))
    with pytest.raises(ValueError, match=r"^bias: expected one of \['frozen', 'neuron', 'shared'\], got 'x'$"):
        NetworkStepper(bias=np.str_("x"))


def test_a_refused_number_is_shown_with_every_digit():
    with pytest.raises(ValueError, match=r", got 0\.0099999999999$"):
        LearningRateExplorer(lr=0.0099999999999)
    with pytest.raises(ValueError, match=r", got 1\.0000001$"):
        LearningRateExplorer(lr=1.0000001)
    with pytest.raises(ValueError, match=r", got 0\.30000000000000004$"):
        XorExplorer(lr=0.1 + 0.2)


def test_the_refusals_name_the_trait_in_the_projects_words_not_traitlets():
    stepper = NetworkStepper()
    with pytest.raises(ValueError, match=r"^stage: expected one of \['backward', 'forward', 'loss', 'update', "
                                         r"'weights'\], got 'nonsense'$"):
        stepper.stage = "nonsense"
    with pytest.raises(TypeError, match=r"^hidden: expected a whole number >= 2, got float 3\.0$"):
        XorExplorer().hidden = 3.0
    with pytest.raises(TypeError, match=r"^lr: expected a number > 0, got bool True$"):
        XorExplorer().lr = True
    with pytest.raises(TypeError, match=r"^lr: expected a number, got None$"):
        LearningRateExplorer().lr = None
    with pytest.raises(ValueError, match=r"^decimals: expected a whole number >= 0, got -400$"):
        Answer(0.5).decimals = -400


# ---- 4: Reset applies all of a checked start, or nothing ---------------------------------------
def test_reset_applies_all_of_the_start_or_nothing():
    neuron = NeuronExplorer()
    with pytest.raises(ValueError, match=r"^start\['lr'\]: expected a finite number > 0, got -1"):
        neuron.start = dict(START_BAD_LR)
    with pytest.raises(ValueError, match=r"^start: expected the keys w, b, x, y, lr, got 'bogus'$"):
        neuron.start = {"bogus": 3}
    assert not hasattr(neuron, "bogus")
    neuron.step()
    neuron.start["lr"] = -1  # changed in place, where no check sees it
    before = state(neuron)
    with pytest.raises(ValueError, match=r"^start\['lr'\]: expected a finite number > 0, got -1"):
        neuron.reset()
    assert state(neuron) == before and neuron.steps == 1
    del neuron.start["lr"]
    before = state(neuron)
    with pytest.raises(ValueError, match=r"^start: expected the keys"):
        neuron.reset()
    assert state(neuron) == before
    neuron.start = {"w": 0.9, "b": 0.9, "x": 0.5, "y": 1.0, "lr": 0.2}
    neuron.reset()
    assert repr(neuron) == "NeuronExplorer(w=0.9, b=0.9, x=0.5, y=1.0, lr=0.2)" and neuron.steps == 0


# ---- 5: a target too large is refused at the door, naming y -------------------------------------
@pytest.mark.parametrize("make", [lambda: NeuronExplorer(y=1e200), lambda: NetworkStepper(y=[1e308, 1e308]),
                                  lambda: NetworkStepper(y=[0.5, -1e155])])
def test_a_target_beyond_a_sigmoids_sensible_range_is_refused_naming_y(make):
    with pytest.raises(ValueError, match=r"^y: expected (a number|numbers) from -1000 to 1000 \(a target for a "
                                         r"sigmoid output, which lies between 0 and 1\), got "):
        make()


def test_at_the_edge_of_the_targets_the_numbers_stay_finite():
    for y in (-1000.0, 1000.0):
        neuron = NeuronExplorer(y=y)
        assert all(math.isfinite(v) for v in neuron.quantities().values())
        stepper = NetworkStepper(y=[y, -y])
        assert math.isfinite(stepper.loss)


# ---- 6: Reset gives the stepper copies of its starting weights ----------------------------------
def test_reset_leaves_the_weights_no_alias_of_the_initial_ones():
    stepper = NetworkStepper(bias="neuron")
    initial_w, initial_b = json.dumps(stepper.initial_weights), json.dumps(stepper.initial_biases)
    stepper.update()
    stepper.reset()
    assert stepper.weights is not stepper.initial_weights and stepper.biases is not stepper.initial_biases
    stepper.weights[0][0][0] = 99.0
    stepper.biases[0][0] = 99.0
    assert json.dumps(stepper.initial_weights) == initial_w and json.dumps(stepper.initial_biases) == initial_b
    stepper.reset()
    stepper.initial_weights[1][1][1] = -5.0  # in place: the other way round
    assert stepper.weights[1][1][1] == 0.8


# ---- 8: typed text, read by the one rule of the page ---------------------------------------------
#: (typed, the number it is, or None for "not a number").
TYPED = [
    ("0.0539", 0.0539), ("-0.0539", -0.0539), ("\u22120.0539", -0.0539), ("+0.5", 0.5), ("  -0,0539 ", -0.0539),
    ("1,5", 1.5), (".5", 0.5), ("5.", 5.0), ("-.5e1", -5.0), ("1e3", 1000.0), ("1E-2", 0.01), ("2e+2", 200.0),
    ("1\u2009000", 1000.0), ("1\u00a0000.5", 1000.5), ("1\u202f000", 1000.0), ("\ufeff12", 12.0),
    ("1 2 3", 123.0), ("\t7\n", 7.0), ("\u3000\u20058", 8.0), ("1e400", INF), ("-1e400", -INF), ("007", 7.0),
    ("", None), ("   ", None), ("abc", None), ("--0.05", None), ("+-1", None), ("1_000", None), ("１２", None),
    ("٣", None), ("1.2.3", None), ("1,000.5", None), ("nan", None), ("NaN", None), ("inf", None),
    ("Infinity", None), ("0x10", None), ("1e", None), ("e5", None), (".", None), ("-", None), ("1e2.5", None),
    ("\x1c1", None), ("\x851", None), ("1/2", None), ("½", None), ("0.5%", None), ("1e-", None),
]


@pytest.mark.parametrize("typed, number", TYPED, ids=[repr(t) for t, _ in TYPED])
def test_python_reads_typed_text_by_the_one_rule(typed, number):
    value = parse_number(typed)
    assert math.isnan(value) if number is None else value == number
    box = Answer(number if number is not None and math.isfinite(number) else 1000.0, decimals=4)
    assert box.check(typed) is (number is not None and math.isfinite(number))
    assert (box.given, box.verdict) == (typed, "correct" if box.check(typed) else "not yet")


def _node(script: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    return subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=60).stdout


def test_common_js_reads_the_same_table_the_same_way_in_node():
    source = COMMON_JS.read_text()  # function definitions only: it runs in node as it is
    script = (source + "\nconst typed = " + json.dumps([t for t, _ in TYPED]) + ";\n"
              "console.log(JSON.stringify(typed.map((t) => { const v = parseNumber(t); "
              "return Number.isNaN(v) ? null : Number.isFinite(v) ? v : String(v); })));")
    read = json.loads(_node(script))
    for (typed, number), value in zip(TYPED, read):
        expected = None if number is None else number if math.isfinite(number) else str(number).replace("inf", "Infinity")
        assert value == expected, f"{typed!r}: the page reads {value!r}, the table says {number!r}"


def test_the_spaces_python_removes_are_those_js_regex_s_matches():
    js = json.loads(_node("const s = []; for (let c = 0; c < 0x10000; c++) "
                          "if (/\\s/.test(String.fromCharCode(c))) s.push(c); console.log(JSON.stringify(s));"))
    python = [c for c in range(0x10000) if re.fullmatch(f"[{JS_SPACE}]", chr(c))]
    assert python == js


def test_an_explorer_with_a_synced_trait_and_no_check_is_refused_when_defined():
    import traitlets

    from backprop_lib.explorers.base import Explorer

    with pytest.raises(TypeError, match=r"not Checked: \['t'\], no check: \['t'\]"):
        type("Unchecked", (Explorer,), {"_js": "answer.js", "t": traitlets.Int(0).tag(sync=True)})
    with pytest.raises(TypeError, match=r"not Checked: \[\], no check: \['t'\]"):
        type("Untabled", (Answer,), {"_js": "answer.js", "t": Checked(0).tag(sync=True)})
