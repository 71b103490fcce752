"""Bad input to the explorers, the whole kind, one table per layer of the check.

Every value an explorer's trait takes goes through one validator, ``Explorer._validated`` (the
trait's entry in its class's ``_checks``, or the rule of a :class:`Fixed` trait), however it
comes: as a constructor argument (``_check``, the same checks), set from Python (an
assignment), from the page (``set_state``, as the sliders' updates arrive), or inside
``hold_trait_notifications``. So:

1. ``BAD``, the validator's own table: every trait with each value it must refuse, against
   ``_validated`` itself: refused with a ``TypeError`` or a ``ValueError`` (as the table says)
   whose message starts with the trait's name and holds no numpy type, raised as
   ``RefusedType``/``RefusedValue`` (a ``traitlets.TraitError`` too, which is what makes traitlets
   roll back), and the explorer unchanged;
2. one row per explorer and way of setting a trait, and per constructor argument, proving that
   the way hands every trait's value, as it came, to that validator under the trait's name,
   passes its refusal on as it is, and that a refusal leaves every synced trait unchanged;
   each with one real bad value of the table too.

Then the particular cases a breaking pass found: Reset applying half of a bad start, overflows
blamed on the wrong argument, Reset aliasing the stepper's weights, and the answer box reading
typed text as the page does.
"""

from __future__ import annotations

import functools
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import traitlets

from backprop_lib.explorers import Answer, LearningRateExplorer, NetworkStepper, NeuronExplorer, XorExplorer
from backprop_lib.explorers.answer import JS_SPACE, parse_number
from backprop_lib.explorers.base import Checked, Explorer, Fixed, RefusedType, RefusedValue
from node_js import node, still_picture
from routing import Marker

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

#: The constructor's arguments (None, for some, means "the default": the rows hand it no None).
ARGUMENTS = {
    "Answer": {"answer", "decimals", "hint", "label"},
    "LearningRateExplorer": {"lr", "steps"},
    "NeuronExplorer": {"w", "b", "x", "y", "lr"},
    "NetworkStepper": {"bias", "lr", "x", "y", "decimals"},
    "XorExplorer": {"hidden", "lr", "seed", "epochs"},
}

NAN, INF = math.nan, math.inf
START_BAD_LR = {"w": 0.9, "b": 0.9, "x": 0.5, "y": 1.0, "lr": -1}
W_OK = [[[0.1, 0.3], [0.2, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]

#: (explorer, trait, refused with a TypeError, refused with a ValueError): every trait with a
#: check (and ``bias``, the stepper's argument that is no trait), each with what it must refuse.
BAD = [
    ("Answer", "answer", [None, "0.5", True, [0.5], 1j], [NAN, INF, -INF, 10 ** 400, 1e13, -4.6e12]),
    ("Answer", "accepted", [], [[], None, [["0" * 16]] * 4]),
    ("Answer", "decimals", [None, 2.0, True, np.bool_(True), "4"], [-1, -3, -400, 13, 99]),
    ("Answer", "hint", [None, 3, b"x", ["h"]], []),
    ("Answer", "label", [None, 3, b"x"], []),
    ("Answer", "given", [None, 0.5, b"1"], []),
    ("Answer", "verdict", [None, True], ["maybe", "Correct"]),
    ("LearningRateExplorer", "lr", [None, "0.1", True, [0.1]], [-1, 0, 0.0099999999999, 1.0000001, 5.0, NAN, INF]),
    ("LearningRateExplorer", "steps", [None, 1.5, 100.0, True, "100", np.float64(3)], [0, -1, 1001]),
    ("LearningRateExplorer", "lr_min", [], [0.5, None]),
    ("LearningRateExplorer", "lr_max", [], [2.0]),
    ("LearningRateExplorer", "steps_max", [], [5]),
    ("LearningRateExplorer", "floor", [], [0.0]),
    ("LearningRateExplorer", "example", [], [{}, None]),
    ("NeuronExplorer", "w", [None, "0.3", True, [0.3]], [NAN, INF]),
    ("NeuronExplorer", "b", [None, np.bool_(False)], [NAN, -INF]),
    ("NeuronExplorer", "x", [None, [1.0], "1"], [INF]),
    ("NeuronExplorer", "y", [None, True], [1e200, -1e200, 1000.5, NAN, INF]),
    ("NeuronExplorer", "lr", [None, True, "fast"], [-1, 0, 0.0, INF, NAN]),
    ("NeuronExplorer", "steps", [None, True, 1.5], [-1]),
    ("NeuronExplorer", "start", [None, [], {"w": "a", "b": 0.1, "x": 0.5, "y": 1.0, "lr": 0.1}],
     [{"bogus": 3}, START_BAD_LR, {"w": 0.3, "b": 0.1, "x": 0.5, "y": 1.0},
      {"w": 0.3, "b": 0.1, "x": 0.5, "y": 1e200, "lr": 0.1}]),
    ("NetworkStepper", "bias", [None, 3], ["per-neuron"]),
    ("NetworkStepper", "lr", [None, True, "0.6"], [-1, 0, NAN, INF]),
    ("NetworkStepper", "decimals", [None, True, 4.0], [0, 9, 99, -1]),
    ("NetworkStepper", "x", [None, "ab", [True, 0.5]], [[0.1, 0.5, 0.2], [[0.1, 0.5]], [NAN, 0.5], [INF, 0.5]]),
    ("NetworkStepper", "y", [None, "ab"], [[1e308, 1e308], [2000.0, 0.5], [0.05, NAN], [0.1]]),
    ("NetworkStepper", "stage", [None, 2], ["nonsense", "Forward"]),
    ("NetworkStepper", "step", [None, True, 1.5], [-1]),
    ("NetworkStepper", "weights", [None, "w"], [[], [[[0.1, 0.3], [0.2, 0.4]]], [[[NAN, 0.3], [0.2, 0.4]], W_OK[1]]]),
    ("NetworkStepper", "biases", [None, "b"], [[], [[0.1]], [[0.1, 0.2, 0.3], [0.1]], [[NAN], [0.2]], [[], [0.2]]]),
    ("NetworkStepper", "previous_weights", [None, "w"], [[[1.0]]]),
    ("NetworkStepper", "previous_biases", [None, 5], [[[0.1]]]),
    ("NetworkStepper", "initial_weights", [], [[], W_OK[::-1]]),
    ("NetworkStepper", "initial_biases", [], [[], [[0.0], [0.0]]]),
    ("NetworkStepper", "frozen", [], [["b1"], None]),
    ("NetworkStepper", "names", [], [{}, None]),
    ("NetworkStepper", "units", [], [[], None]),
    ("XorExplorer", "hidden", [None, 3.0, True, "3"], [99, 1, 7]),
    ("XorExplorer", "lr", [None, True, "0.1"], [0.3, 50, -0.1, NAN, np.float32(0.1)]),
    ("XorExplorer", "seed", [None, 2.0, True], [10, -1]),
    ("XorExplorer", "epochs", [None, 1e4], [7, 750, 0, 50_500]),
    ("XorExplorer", "choices", [], [{}, None]),
    ("XorExplorer", "samples", [], [{}]),
    ("XorExplorer", "starts", [], [{}]),
]
VALUES = [pytest.param(kind, trait, value, error, id=f"{kind}.{trait}={value!r:.40}")
          for kind, trait, type_errors, value_errors in BAD
          for error, values in ((TypeError, type_errors), (ValueError, value_errors)) for value in values]
HOWS = ("assignment", "set_state", "held")


def _is_trait(kind: str, trait: str) -> bool:
    return trait in CLASSES[kind].class_traits(sync=True)


def _real_bad(kind: str, trait: str) -> list:
    """One real bad value of ``BAD`` for ``trait`` of each kind of refusal it has, not None (the
    way tests hand it None by itself, and a constructor may take None for "the default"), with
    the error it is refused with."""
    (type_errors, value_errors), = [row[2:] for row in BAD if row[:2] == (kind, trait)]
    found = [(next((v for v in values if v is not None), None), error)
             for error, values in ((TypeError, type_errors), (ValueError, value_errors))]
    return [(value, error) for value, error in found if value is not None]


@functools.cache
def made(kind: str):
    """One explorer of each kind, shared by the validator's table (a refusal changes nothing:
    each row checks it); the stepper after one update, so that its previous_* are set."""
    explorer = MAKE[kind]()
    if kind == "NetworkStepper":
        explorer.update()
    return explorer


def state(explorer) -> str:
    """Everything the explorer shares with the page, and its text form."""
    return json.dumps(explorer.get_state(), sort_keys=True, default=repr) + repr(explorer)


def refused(info, trait: str) -> None:
    err = info.value
    assert isinstance(err, (ValueError, TypeError)), type(err)
    message = str(err)
    assert message.startswith(trait) and message[len(trait)] in ":[", message
    assert "np." not in message, f"a numpy type in the message: {message}"


def set_by(how: str, explorer, trait: str, value) -> None:
    """Set ``trait`` to ``value`` the way ``how`` says: an assignment, the page's ``set_state``,
    or an assignment inside ``hold_trait_notifications``."""
    if how == "assignment":
        setattr(explorer, trait, value)
    elif how == "set_state":
        explorer.set_state({trait: value})
    else:
        with explorer.hold_trait_notifications():
            setattr(explorer, trait, value)


# ---- 1. the validator's own table ------------------------------------------------------------------
@pytest.mark.parametrize("kind, trait, value, error", VALUES)
def test_the_validator_refuses_it_by_name_as_a_trait_error_and_changes_nothing(kind, trait, value, error):
    explorer = made(kind)
    before = state(explorer)
    with pytest.raises(RefusedType if error is TypeError else RefusedValue) as info:
        explorer._validated(trait, value)
    assert isinstance(info.value, traitlets.TraitError) and isinstance(info.value, error)
    refused(info, trait)
    assert state(explorer) == before


# ---- 2. every way in hands the value to that validator, and a refusal changes nothing -------------
class Spy:
    """Stands in for ``Explorer._validated``: a value in ``refusals`` (by identity) is recorded
    with the trait's name and answered with its refusal; any other goes to the validator."""

    def __init__(self, refusals: dict):
        self.refusals, self.seen = refusals, []

    def __call__(self, explorer, name, value):
        for given, refusal in self.refusals.items():
            if value is given:
                self.seen.append((name, value))
                raise refusal
        return Explorer._validated(explorer, name, value)


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("kind", CLASSES)
def test_every_way_of_setting_a_trait_goes_through_the_validator_and_a_refusal_changes_nothing(monkeypatch, kind, how):
    """For each trait: a marker and None (which traitlets would let by, were ``Checked`` to allow
    it) reach ``_validated`` as they came, under the trait's name; its refusal, a ``RefusedType``
    or a ``RefusedValue``, reaches the caller as it is; the explorer is unchanged. Then one real
    bad value of the table of each kind (TypeError, ValueError), refused by name, with nothing changed."""
    explorer = MAKE[kind]()
    if kind == "NetworkStepper":
        explorer.update()
    traits = [trait for k, trait, *_ in BAD if k == kind and _is_trait(kind, trait)]
    assert traits
    for i, trait in enumerate(traits):
        before = state(explorer)
        marker = Marker()
        first, second = (RefusedType, RefusedValue) if i % 2 else (RefusedValue, RefusedType)
        refusals = {marker: first(f"{trait}: refused by the spy"), None: second(f"{trait}: refused by the spy")}
        spy = Spy(refusals)
        with monkeypatch.context() as patch:
            patch.setattr(CLASSES[kind], "_validated", lambda self, name, value: spy(self, name, value))
            for value, refusal in refusals.items():
                with pytest.raises(type(refusal)) as info:
                    set_by(how, explorer, trait, value)
                assert info.value is refusal, f"{trait}: the refusal was not passed on as it is: {info.value!r}"
                assert spy.seen[-1][0] == trait and spy.seen[-1][1] is value, (trait, spy.seen)
                assert state(explorer) == before, trait
        for value, error in _real_bad(kind, trait):
            with pytest.raises(error) as info:
                set_by(how, explorer, trait, value)
            refused(info, trait)
            assert state(explorer) == before, trait


CONSTRUCTOR_ARGUMENTS = [pytest.param(kind, argument, id=f"{kind}({argument})")
                         for kind, arguments in ARGUMENTS.items() for argument in sorted(arguments)]


@pytest.mark.parametrize("kind, argument", CONSTRUCTOR_ARGUMENTS)
def test_the_constructor_hands_each_argument_to_its_check_before_anything_is_built(monkeypatch, kind, argument):
    """The argument reaches ``_check`` (the validator's check, ``_checks[argument]``) as it came,
    under its name, before the widget is made, and its refusal reaches the caller as it is; then
    one real bad value of the table of each kind (TypeError, ValueError) is refused by name."""
    cls, explorer_init = CLASSES[kind], Explorer.__init__
    for refusal in (RefusedType(f"{argument}: refused by the spy"), RefusedValue(f"{argument}: refused by the spy")):
        marker, seen, building = Marker(), [], []

        def spy(klass, name, value, marker=marker, refusal=refusal, seen=seen, building=building):
            if value is marker:
                seen.append((name, bool(building)))
                raise refusal
            return Explorer._check.__func__(klass, name, value)

        def init(self, building=building, **kwargs):
            building.append(True)  # the widget is being made: too late for a check of the arguments
            explorer_init(self, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(cls, "_check", classmethod(spy))
            patch.setattr(Explorer, "__init__", init)
            with pytest.raises(type(refusal)) as info:
                MAKE[kind](**{argument: marker})
        assert info.value is refusal and seen == [(argument, False)], (info.value, seen)
    for value, error in _real_bad(kind, argument):
        with pytest.raises(error) as info:
            MAKE[kind](**{argument: value})
        refused(info, argument)


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
    tabled = {(kind, trait) for kind, trait, *_ in BAD}
    for kind, cls in CLASSES.items():
        own = set(cls.class_traits(sync=True)) - set(cls.__mro__[1].class_traits(sync=True))
        assert own, kind
        for trait in own:
            assert isinstance(getattr(cls, trait), Checked), (kind, trait)
            assert trait in cls._checks, (kind, trait)
            assert (kind, trait) in tabled, f"{kind}.{trait} has no bad values in BAD"
        fixed = {name for name, check in cls._checks.items() if isinstance(check, Fixed)}
        assert fixed <= own
        assert ARGUMENTS[kind] <= set(cls._checks) and {(kind, a) for a in ARGUMENTS[kind]} <= tabled, kind


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
    ("1 2 3", None), ("0.14 09", None), ("1 2", None), ("\u2212 0.5", None), ("1 000", 1000.0), ("12 345,5", 12345.5),
    ("1  000 000", 1e6), ("1 00", None), ("01 000", None), ("1 000.5 5", None), ("\t7\n", 7.0), ("\u3000\u20058", 8.0), ("1e400", INF), ("-1e400", -INF), ("007", 7.0),
    ("", None), ("   ", None), ("abc", None), ("--0.05", None), ("+-1", None), ("1_000", None), ("１２", None),
    ("٣", None), ("1.2.3", None), ("nan", None), ("NaN", None), ("inf", None),
    ("Infinity", None), ("0x10", None), ("1e", None), ("e5", None), (".", None), ("-", None), ("1e2.5", None),
    ("\x1c1", None), ("\x851", None), ("1/2", None), ("½", None), ("0.5%", None), ("1e-", None),
    # commas: between groups of three digits after a first group of 1-3 (not 0) they separate
    # thousands, as the book prints them; any other single comma is a decimal comma
    ("2,410", 2410.0), ("1,000.5", 1000.5), ("12,345.5", 12345.5), ("1,234,567", 1234567.0), ("\u22122,410", -2410.0),
    ("2, 410", None), ("1,000e3", 1e6), ("0,140", 0.14), ("2,41", 2.41), ("1234,567", 1234.567), ("01,000", 1.0),
    ("1,0000", 1.0), ("1,23,456", None), ("1.234,5", None), ("1,2,3", None), ("12,34", 12.34),
]


@pytest.mark.parametrize("typed, number", TYPED, ids=[repr(t) for t, _ in TYPED])
def test_python_reads_typed_text_by_the_one_rule(typed, number):
    value = parse_number(typed)
    assert math.isnan(value) if number is None else value == number
    box = Answer(number if number is not None and math.isfinite(number) else 1000.0, decimals=4)
    assert box.check(typed) is (number is not None and math.isfinite(number))
    assert (box.given, box.verdict) == (typed, "correct" if box.check(typed) else "not yet")


def _node(script: str) -> str:
    return node("-e", script, timeout=60)


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


# ---- 9: the state as a whole -------------------------------------------------------------------
#: (explorer, the state it is put in first, a change each trait of which is fine alone but the
#: state it makes is not, the trait named, a word of the message). The neuron's constructor, given
#: the whole state at once, blames the first argument the overflowing pass reads (NEURON_BLAMES).
WHOLE = [
    ("NeuronExplorer", {"w": 1e308}, {"x": 10.0}, "x", "the forward pass (z = w x + b) overflows"),
    ("NeuronExplorer", {"x": 1e307, "w": 0.0, "b": 0.0, "y": 0.5}, {"y": 1000.0}, "y", "the gradient"),
    ("NeuronExplorer", {"x": 0.01, "w": 0.0, "b": 0.0, "y": 1000.0}, {"lr": 1e308}, "lr", "the step"),
    ("NetworkStepper", {}, {"previous_biases": []}, "previous_biases", "got previous_weights set and previous_biases []"),
    ("NetworkStepper", {}, {"previous_weights": []}, "previous_weights", "got previous_biases set and previous_weights []"),
    ("NetworkStepper", {}, {"previous_biases": [[0.1], [0.2]]}, "previous_biases", "as many biases per layer"),
]


NEURON_BLAMES = {"the forward pass (z = w x + b) overflows": "x", "the gradient": "x", "the step": "lr"}


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("kind, first, change, named, said", WHOLE)
def test_a_state_refused_as_a_whole_names_the_trait_and_changes_nothing(kind, first, change, named, said, how):
    """Traits checked together, not alone: the neuron's numbers must leave every number it shows
    within a double's range (w = 1e308 is a number and so is x = 10, not both); the stepper's
    record of the last update is whole (previous_weights with no previous_biases drew old weights
    and no old biases). However the change comes, it is refused naming the trait, saying what
    was expected and what came, and changes nothing. (Seen failing: each was taken before.)"""
    explorer = MAKE[kind]()
    if kind == "NetworkStepper":
        explorer.update()
    explorer.set_state(first)
    before = state(explorer)
    with pytest.raises(RefusedValue) as info:
        if how == "set_state":
            explorer.set_state(change)
        else:
            for trait, value in change.items():
                set_by(how, explorer, trait, value)
    refused(info, named)
    assert "expected" in str(info.value) and said in str(info.value), str(info.value)
    assert state(explorer) == before
    # and the constructor's own check blames the first argument the pass that overflows reads
    if kind == "NeuronExplorer":
        with pytest.raises(RefusedValue, match=f"^{NEURON_BLAMES[said]}: .*{re.escape(said)}"):
            NeuronExplorer(**(first | change))


# ---- 10: common.js's number formats and sliders, for every explorer ------------------------------
#: Numbers at every size: Python's formats and the page's must print them alike.
SIZES = [0.0, -0.0, 1.0, -1.0, 0.1 + 0.2, 1e-7, -2.5e-5, 1e-4, 0.6, 123456.7, 999999.5, 1234567.0, 1e16, 1e17,
         123456789012345678901.0, 1e21, -1e21, 1e22, 3.14159e200, 1e308, -1.7976931348623157e308, 5e-324, 0.00049999]


def test_common_js_prints_numbers_as_pythons_formats_at_every_size():
    """fmt(x, d) is Python's f"{x:.{d}f}" and general(x, digits) its f"{x:.{digits}g}" (as the
    book prints learning rates), each with a true minus and "0" never signed, at every size: toFixed
    turned exponential from 1e21 (1e+21.0000), and the stepper printed η raw (0.30000000000000004).
    (Seen failing: with the old fmt, 1e21 and beyond.)"""
    cases = [[x, d] for x in SIZES for d in (0, 2, 4)]
    script = (COMMON_JS.read_text() + f"\nconst cases = {json.dumps(cases)};\n"
              "console.log(JSON.stringify(cases.map(([x, d]) => [fmt(x, d), general(x, d + 2)])));")
    printed = json.loads(_node(script))

    def signed(text: str) -> str:
        return text[1:] if re.fullmatch(r"-0(\.0*)?", text) else re.sub("^-", "\u2212", text)

    assert [tuple(p) for p in printed] == [(signed(f"{x:.{d}f}"), signed(f"{x:.{d + 2}g}")) for x, d in cases]


def test_every_explorers_sliders_say_their_value_to_a_screen_reader_and_hold_it():
    """Every range slider of every explorer, drawn as the build draws it, carries aria-valuetext
    (what a screen reader says: the value as shown beside it, not the thumb's raw position) and a
    range that holds its value. (Seen failing: common.js's slider set no aria-valuetext.)"""
    sliders = 0
    for kind, make in MAKE.items():
        html = still_picture(make())
        for row in re.findall(r'<div class="bp-still-slider[^"]*">.*?</output>', html):
            slider = re.search(r"<input[^>]*>", row).group(0)
            shown = re.sub(r"<[^>]+>", "", re.search(r"<output.*?</output>", row).group(0))
            text = re.search(r'aria-valuetext="([^"]*)"', slider)
            assert text and shown in text.group(1), (kind, slider, shown)
            low, high, value = (re.search(r'\b%s="([^"]*)"' % a, slider).group(1) for a in ("min", "max", "value"))
            assert float(low) <= float(value) <= float(high), (kind, slider)
            sliders += 1
    assert sliders == 5 + 2 + 4, sliders  # the neuron's 5, the learning rate's 2, the XOR explorer's 4
