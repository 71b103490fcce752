r"""The single-neuron explorer: one sigmoid neuron, every number of its forward pass, its
backward pass and one step of gradient descent, and the loss drawn as a function of the weight.

It reproduces chapter 1's worked example, pumaline, "Backpropagation Step by Step": one
input :math:`x`, one weight :math:`w`, one bias :math:`b`, a sigmoid and half the squared error,

.. math::
   z = w x + b, \qquad \hat y = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
   \mathcal L = \tfrac12 (y - \hat y)^2,

   \frac{\partial \mathcal L}{\partial \hat y} = -(y - \hat y), \qquad
   \frac{\partial \hat y}{\partial z} = \sigma'(z) = \hat y (1 - \hat y), \qquad
   \delta = \frac{\partial \mathcal L}{\partial \hat y}\,\sigma'(z),

   \frac{\partial \mathcal L}{\partial w} = \delta x, \qquad
   \frac{\partial \mathcal L}{\partial b} = \delta, \qquad
   w \leftarrow w - \eta \frac{\partial \mathcal L}{\partial w}, \qquad
   b \leftarrow b - \eta \frac{\partial \mathcal L}{\partial b}.

The page computes these in JavaScript (``neuron.js``, with the passes of ``core.js``, the
library's in JavaScript), so the
explorer stays live in the static book with no kernel; the Python side computes the same
quantities with the library (:func:`~backprop_lib.gradients`, :func:`~backprop_lib.sgd_step`),
and tests/test_explorer_neuron.py compares the two in a browser.
"""

from __future__ import annotations

import traitlets

from .. import _validate as check_arg
from ..activations import sigmoid_prime
from ..backprop import Gradients, Trace, forward, gradients, loss_of
from ..losses import get_loss
from ..network import Network
from ..training import sgd_step
from .base import Checked, Explorer, count, refusing, target

#: The names of the numbers the explorer shows, in the order it shows them: the forward pass,
#: the backward pass, one step. Each is a property of :class:`NeuronExplorer` and the
#: ``data-quantity`` of the number on the page.
QUANTITIES = ("z", "yhat", "loss", "dL_dyhat", "dyhat_dz", "delta", "dL_dw", "dL_db", "w_new", "b_new", "loss_after")


#: The neuron's numbers, each with its check: w, b, x finite numbers; y a target for a sigmoid
#: output (from -1000 to 1000); lr a finite number > 0. ``start`` holds one of each.
NUMBERS = {"w": check_arg.number, "b": check_arg.number, "x": check_arg.number, "y": target,
           "lr": check_arg.positive_number}


def _check_start(name: str, value) -> dict:
    """Where "Reset" returns to: a dict of the five numbers w, b, x, y, lr, each checked as the
    trait of its name is (the message names ``start['lr']``, say)."""
    if not isinstance(value, dict):
        raise TypeError(f"{name}: expected a dict of {', '.join(NUMBERS)}, got {check_arg.describe(value)}")
    if value.keys() != NUMBERS.keys():
        raise ValueError(f"{name}: expected the keys {', '.join(NUMBERS)}, "
                         f"got {', '.join(repr(k) for k in value) or 'none'}")
    checked = {key: check(f"{name}[{key!r}]", value[key]) for key, check in NUMBERS.items()}
    stage = overflowing_stage(checked)
    if stage is not None:
        raise ValueError(f"{name}: expected a state with which every number the explorer shows stays within a "
                         f"double's range, got {checked}: {STAGES[stage][0]} overflows")
    return checked


#: What the state as a whole must allow, stage by stage (:func:`check_state`): what overflows
#: when it does not, and the arguments to blame, in order, when the constructor is given them.
STAGES = (("the forward pass (z = w x + b)", ("x", "w", "b")),
          ("the gradient (\u2202L/\u2202w = \u03b4 x)", ("x", "y", "w", "b")),
          ("the step (w \u2212 \u03b7 \u2202L/\u2202w, b \u2212 \u03b7 \u2202L/\u2202b)", ("lr",)),
          ("the forward pass after the step", ("lr",)))


def overflowing_stage(state: dict) -> int | None:
    """The index in :data:`STAGES` of the first of the library's passes that the neuron's state
    ``{w, b, x, y, lr}`` (each already checked alone) carries beyond a double's range, where the
    library refuses it; ``None`` when every number the explorer shows is finite."""
    w, b, x, y, lr = (state[name] for name in NUMBERS)
    net = Network([[[w]]], [b], activation="sigmoid")
    stages = (lambda: forward(net, [x]), lambda: gradients(net, [x], [y]),
              lambda: sgd_step(net, gradients(net, [x], [y]), lr),
              lambda: forward(sgd_step(net, gradients(net, [x], [y]), lr), [x]))
    for index, stage in enumerate(stages):
        try:
            stage()
        except ValueError:
            return index
    return None


def check_state(name: str, state: dict) -> None:
    """The neuron's state ``{w, b, x, y, lr}`` as a whole, where ``name`` came last: raise a
    ``ValueError`` naming ``name`` when one of the library's passes on it (:data:`STAGES`) would
    leave a double's range (``w = 1e308`` is a number, and so is ``x = 10``, but not together)."""
    stage = overflowing_stage(state)
    if stage is not None:
        others = ", ".join(f"{key}={value!r}" for key, value in state.items() if key != name)
        raise ValueError(f"{name}: expected a value with which every number the explorer shows stays within a "
                         f"double's range (with {others}), got {state[name]!r}: {STAGES[stage][0]} overflows")


def _start():
    """The chapter's worked example, y = 1 (the target the post states)."""
    from ..pages import examples

    ex = examples.single_neuron("stated")
    return {"w": ex.net.W[1].item(), "b": ex.net.b[1].item(), "x": ex.x.item(), "y": ex.y.item(), "lr": ex.lr}


class NeuronExplorer(Explorer):
    r"""One sigmoid neuron to play with: sliders for :math:`w`, :math:`b`, :math:`x`, :math:`y`
    and :math:`\eta`; every number of the forward and the backward pass; the loss as a function
    of :math:`w` with its tangent and the gradient step; a "Step" and a "Reset" button, and
    "Try:" buttons for the chapter's suggestions (x = 0; y = 1.5; x = 2, y = 0.6, w = −1 with
    η = 3, which slides into the valley, and η = 10, which bounces across it).

    ``NeuronExplorer(w=None, b=None, x=None, y=None, lr=None)``

    Each argument left out (``None``) is the chapter's worked example, pumaline,
    "Backpropagation Step by Step", with the target its text states: :math:`w = 0.3`,
    :math:`b = 0.1`, :math:`x = 0.5`, :math:`y = 1`, :math:`\eta = 0.1`
    (:func:`backprop_lib.pages.examples.single_neuron`).

    Parameters
    ----------
    w, b : float
        The weight and the bias, finite numbers.
    x : float
        The input, a finite number.
    y : float
        The target, a number from -1000 to 1000 (a sigmoid's output lies between 0 and 1; a
        target far beyond would only overflow the squared error).
    lr : float
        The learning rate :math:`\eta`, a finite number > 0.

    Raises
    ------
    TypeError, ValueError
        ``w: expected a number, got str '0.3'``, ``lr: expected a finite number > 0, got 0.0``:
        the message names the argument, says what was expected and what came. Arguments are
        checked before anything is built; setting a trait to a bad value (from Python or from
        the page, alone or among others in one ``set_state``) raises the same way and leaves the
        explorer as it was: each trait's check is in ``_checks``. The numbers are also checked
        together (:func:`check_state`): ``w=1e308`` and ``x=10`` are each a number, but the forward
        pass of both overflows, so the second to come is refused, naming it.

    The traits ``w``, ``b``, ``x``, ``y`` and ``lr`` are shared with the page (the sliders),
    ``steps`` counts the steps taken since the start. The properties (:attr:`z`, :attr:`yhat`,
    :attr:`loss`, :attr:`dL_dyhat`, :attr:`dyhat_dz`, :attr:`delta`, :attr:`dL_dw`,
    :attr:`dL_db`, :attr:`w_new`, :attr:`b_new`, :attr:`loss_after`) are the numbers the page
    shows, computed with the library; :meth:`step` and :meth:`reset` do what the buttons do.
    """

    _js = "neuron.js"
    _style = "neuron.css"
    _shown = ("w", "b", "x", "y", "lr")

    w = Checked(0.0).tag(sync=True)
    b = Checked(0.0).tag(sync=True)
    x = Checked(0.0).tag(sync=True)
    y = Checked(0.0).tag(sync=True)
    lr = Checked(0.1).tag(sync=True)
    steps = Checked(0).tag(sync=True)
    #: Where "Reset" returns to: the values given to the constructor.
    start = Checked({"w": 0.0, "b": 0.0, "x": 0.0, "y": 0.0, "lr": 0.1}).tag(sync=True)

    #: The numbers as in :data:`NUMBERS`; steps: a whole number >= 0; start: see ``_check_start``.
    _checks = {**NUMBERS, "steps": count, "start": _check_start}

    def __init__(self, w=None, b=None, x=None, y=None, lr=None):
        given = {"w": w, "b": b, "x": x, "y": y, "lr": lr}
        example = _start()
        values = {name: self._check(name, example[name] if value is None else value) for name, value in given.items()}
        stage = overflowing_stage(values)
        if stage is not None:  # blamed on the first argument given of those the stage reads
            blamed = STAGES[stage][1]
            refusing(check_state, next((n for n in blamed if given[n] is not None), blamed[0]), values)
        super().__init__(**values, steps=0, start=dict(values))

    @traitlets.validate(*NUMBERS)
    def _whole_state(self, proposal):
        """Each number of the neuron checked with the others: :func:`check_state`."""
        return self._state_checked(proposal, check_state, NUMBERS)

    # ---- the neuron, as the library builds and runs it ------------------------------------
    @property
    def net(self) -> Network:
        """The neuron as a library network: :math:`W^1 = [w]`, :math:`b^1 = [b]`, a sigmoid."""
        return Network([[[self.w]]], [self.b], activation="sigmoid")

    @property
    def trace(self) -> Trace:
        r"""The forward pass :func:`~backprop_lib.forward` at the input :math:`x`."""
        return forward(self.net, [self.x])

    @property
    def gradients(self) -> Gradients:
        r"""The library's :func:`~backprop_lib.gradients` at :math:`(x, y)`: ``.loss``,
        ``.delta[1]``, ``.dW[1]`` (:math:`\partial\mathcal L/\partial w`), ``.db[1]``
        (:math:`\partial\mathcal L/\partial b`), each a 1×1 array."""
        return gradients(self.net, [self.x], [self.y])

    # ---- the forward pass ------------------------------------------------------------------
    @property
    def z(self) -> float:
        r""":math:`z = w x + b`, the pre-activation."""
        return self.trace.z[1].item()

    @property
    def yhat(self) -> float:
        r""":math:`\hat y = \sigma(z) = 1/(1 + e^{-z})`, the prediction."""
        return self.trace.output.item()

    @property
    def loss(self) -> float:
        r""":math:`\mathcal L = \tfrac12 (y - \hat y)^2`."""
        return float(self.gradients.loss)

    # ---- the backward pass -----------------------------------------------------------------
    @property
    def dL_dyhat(self) -> float:
        r""":math:`\partial\mathcal L/\partial\hat y = -(y - \hat y)`."""
        return get_loss("half_sse").grad(self.trace.output, [[self.y]]).item()

    @property
    def dyhat_dz(self) -> float:
        r""":math:`\partial\hat y/\partial z = \sigma'(z) = \hat y(1 - \hat y)`."""
        return float(sigmoid_prime(self.trace.z[1]).item())

    @property
    def delta(self) -> float:
        r"""The error :math:`\delta = \partial\mathcal L/\partial z
        = \partial\mathcal L/\partial\hat y \cdot \sigma'(z)`."""
        return self.gradients.delta[1].item()

    @property
    def dL_dw(self) -> float:
        r""":math:`\partial\mathcal L/\partial w = \delta x`, the slope of the loss in :math:`w`."""
        return self.gradients.dW[1].item()

    @property
    def dL_db(self) -> float:
        r""":math:`\partial\mathcal L/\partial b = \delta`."""
        return self.gradients.db[1].item()

    # ---- one step ----------------------------------------------------------------------------
    def _stepped(self) -> Network:
        net = self.net  # a new Network at each reading: its gradients must be of this one
        return sgd_step(net, gradients(net, [self.x], [self.y]), self.lr)

    @property
    def w_new(self) -> float:
        r""":math:`w - \eta\,\partial\mathcal L/\partial w`, the weight after one step."""
        return self._stepped().W[1].item()

    @property
    def b_new(self) -> float:
        r""":math:`b - \eta\,\partial\mathcal L/\partial b`, the bias after one step."""
        return self._stepped().b[1].item()

    @property
    def loss_after(self) -> float:
        r"""The loss after one step, :math:`\tfrac12\bigl(y - \sigma(w_{\text{new}} x + b_{\text{new}})\bigr)^2`."""
        return float(loss_of(self._stepped(), [self.x], [self.y]))

    def quantities(self) -> dict:
        """Every number the page shows, ``{name: float}``, named as in :data:`QUANTITIES`."""
        return {name: getattr(self, name) for name in QUANTITIES}

    def step(self) -> None:
        r"""One step of gradient descent, as the "Step" button: :math:`w \leftarrow w - \eta\,
        \partial\mathcal L/\partial w`, :math:`b \leftarrow b - \eta\,\partial\mathcal L/\partial b`
        (:func:`~backprop_lib.sgd_step`), and ``steps`` counts it. Raises naming ``lr`` if the
        step would carry a parameter beyond a double's range, or naming ``w`` or ``b`` if the
        state it leads to would (:func:`check_state`), changing nothing."""
        stepped = self._stepped()
        with self.hold_sync(), self.hold_trait_notifications():
            self.w, self.b = stepped.W[1].item(), stepped.b[1].item()
            self.steps += 1

    def reset(self) -> None:
        """Back to the values the explorer started from, as the "Reset" button; ``steps`` is 0.
        ``start`` is checked first (it may have been changed in place), and all of it is applied
        or, on a refusal, none of it."""
        start = self._check("start", self.start)
        with self.hold_sync(), self.hold_trait_notifications():
            for name, value in start.items():
                setattr(self, name, value)
            self.steps = 0
