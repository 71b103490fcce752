r"""The learning-rate explorer of chapter 4: the loss of the 2-2-1 linear network over the
training steps, for a learning rate :math:`\eta` picked on a slider.

It reproduces the learning-rate study of chapter 4, on that chapter's worked example (hmkcode,
"Backpropagation Step by Step": inputs :math:`i = (2, 3)`, target :math:`y = 1`, no biases,
identity activations; :func:`backprop_lib.pages.examples.linear_221`). Every step is one step of
full-batch gradient descent on the half squared error,

.. math::

    \mathcal L = \tfrac12 (\hat y - y)^2, \qquad
    \hat y = W^2 W^1 i, \qquad
    \theta \leftarrow \theta - \eta\,\frac{\partial \mathcal L}{\partial \theta},

and with one sample each step is also an epoch. The page marks the bound of the chapter's
theorem (``04-linear-221-eta-max``),

.. math:: \eta^* = \frac{1}{\lVert i\rVert\,|y|},

above which gradient descent cannot bring the error to zero.

The arithmetic runs twice: in JavaScript on the page (``learning_rate.js``, with the training
loop of ``core.js``, the library's in JavaScript, so the explorer stays live in the static book
with no kernel) and here, with the library's own
:func:`~backprop_lib.train`, for a notebook to read (:attr:`LearningRateExplorer.losses`,
:attr:`~LearningRateExplorer.eta_max`, :attr:`~LearningRateExplorer.regime`,
:attr:`~LearningRateExplorer.chaotic`). The browser test
compares the two, to the digits the page shows.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .. import _validate as check_arg
from ..backprop import loss_of
from ..training import train
from .base import Checked, Explorer, Fixed, whole_in

#: The slider's range of learning rates (a log scale): two decades around the bound.
LR_MIN, LR_MAX = 0.01, 1.0

#: The most steps the explorer runs.
STEPS_MAX = 1000

#: A loss below this counts as zero: the prediction then equals the target to about 1e-10,
#: and what is left is float rounding, which differs from one machine's arithmetic to another's.
FLOOR = 1e-20

#: How many of the last steps decide between "converges" and "oscillates": a run of fewer steps
#: that has not overflowed, grown tenfold or reached the floor is "undecided", too short to show
#: either (one step lowering the loss says nothing of where training ends).
TAIL = 20

#: A run "diverges" when its last loss is more than this many times its first (or not finite).
GROWTH = 10.0

REGIMES = ("converges", "oscillates", "diverges", "undecided")

#: An oscillating run is "chaotic" when the rate times (1 + NUDGE) moves one of its last TAIL
#: losses by more than SENSITIVE of the largest of them: then rounding differences in the last
#: bit grow just as fast, and the page's JavaScript and numpy (whose BLAS may fuse a multiply and
#: an add) end at other numbers.
NUDGE, SENSITIVE = 1e-9, 1e-4


def _example():
    from ..pages import examples  # imported here: pages imports matplotlib and pandas

    return examples.linear_221()


def _check_lr(name: str, lr) -> float:
    """A learning rate on the slider: a finite number from 0.01 to 1."""
    return check_arg.number_in(name, lr, LR_MIN, LR_MAX, " (the slider's range)")


@lru_cache(maxsize=64)
def _run(lr: float, steps: int) -> tuple[np.ndarray, int | None]:
    """The losses :math:`\\mathcal L_0, \\ldots` of ``steps`` steps at rate ``lr``, by the library's
    :func:`~backprop_lib.train`, and the step after which the run left a double's range (or None).

    When ``train`` refuses (it names ``lr`` when the numbers overflow), the run is repeated one
    step at a time, each step a ``train(..., steps=1)`` from the network the last one left (the
    same arithmetic), to keep the losses before the overflow."""
    ex = _example()
    try:
        run = train(ex.net, ex.x, ex.y, lr=lr, steps=steps, loss=ex.loss)
        return _frozen(run.losses), None
    except ValueError as err:
        if not str(err).startswith("lr:"):
            raise
    net, losses = ex.net, []
    for done in range(steps):
        try:
            run = train(net, ex.x, ex.y, lr=lr, steps=1, loss=ex.loss)
        except ValueError:  # loss_of(net) is finite: it was the last step's final loss (or L_0)
            return _frozen(losses or [loss_of(net, ex.x, ex.y, loss=ex.loss)]), done + 1
        if not losses:
            losses.append(float(run.losses[0]))
        losses.append(float(run.losses[1]))
        net = run.net
    raise AssertionError("train refused the whole run but none of its steps")  # pragma: no cover


def _frozen(values) -> np.ndarray:
    arr = np.array(values, dtype=float)
    arr.setflags(write=False)
    return arr


def regime_of(losses, diverged: bool = False) -> str:
    r"""What a run's losses :math:`\mathcal L_0, \ldots, \mathcal L_n` show, in one word; the page
    says the same by the same rule (``regime`` in ``learning_rate.js``).

    With :math:`F_r = \max(\mathcal L_r, 10^{-20})` (a loss below ``FLOOR`` counts as zero):

    - ``"diverges"``: the numbers left a double's range (``diverged``), or
      :math:`F_n > 10\,F_0`;
    - ``"converges"``: :math:`F_n < F_0` and the loss is at the floor;
    - ``"undecided"``: else, fewer than 20 steps (``TAIL``): too few to tell a loss that settles
      from one that swings or grows (one step at twice the bound lowers the loss, and the run
      overflows later);
    - ``"converges"``: :math:`F_n < F_0` and the loss rose at none of the last 20 steps
      (:math:`F_r \le F_{r-1}`);
    - ``"oscillates"``: otherwise; the loss goes up and down without settling.

    Raises ``ValueError`` (naming ``losses``) for fewer than two losses or a non-finite one.
    """
    losses = check_arg.as_array("losses", losses, ndim=(1,))
    if losses.size < 2:
        raise ValueError(f"losses: expected at least two losses (before and after a step), got {losses.size}")
    if diverged:
        return "diverges"
    floored = np.maximum(losses, FLOOR)
    first, last = floored[0], floored[-1]
    if last > GROWTH * first:
        return "diverges"
    if last < first and last == FLOOR:
        return "converges"
    if losses.size - 1 < TAIL:
        return "undecided"
    tail = floored[-TAIL - 1:]
    if last < first and np.all(np.diff(tail) <= 0):
        return "converges"
    return "oscillates"


class LearningRateExplorer(Explorer):
    r"""A slider for the learning rate :math:`\eta` (log scale, from 0.01 to 1, with the bound
    :math:`\eta^* = 1/(\lVert i\rVert\,|y|)` of chapter 4's theorem marked), another for the
    number of steps, and the loss of the 2-2-1 linear network over the steps, on a log scale,
    with the loss after the first step, the final loss and the regime in words (or, for a run of
    fewer than 20 steps that shows none yet, that it is too short to tell).

    ``LearningRateExplorer(lr=0.05, steps=100)``

    Parameters
    ----------
    lr : float
        The learning rate :math:`\eta` to start from, from 0.01 to 1 (default: the article's 0.05).
    steps : int
        The number of full-batch gradient-descent steps (each one epoch), from 1 to 1000.

    Raises
    ------
    TypeError, ValueError
        ``lr: expected a number from 0.01 to 1 ...``, ``steps: expected a whole number ...``,
        naming the argument, before anything is built. Setting the traits ``lr`` and ``steps``
        later checks them the same way and leaves them unchanged on error.

    The traits ``lr`` and ``steps`` are shared with the page: move the sliders in Jupyter and
    read :attr:`losses`, :attr:`regime` here; set them here and the page follows. The
    worked example (weights, inputs, target) is sent to the page once, in ``example``.
    """

    _js = "learning_rate.js"
    _style = "learning_rate.css"
    _shown = ("lr", "steps")

    lr = Checked(0.05).tag(sync=True)
    steps = Checked(100).tag(sync=True)
    lr_min = Checked(LR_MIN).tag(sync=True)
    lr_max = Checked(LR_MAX).tag(sync=True)
    steps_max = Checked(STEPS_MAX).tag(sync=True)
    floor = Checked(FLOOR).tag(sync=True)
    example = Checked({}).tag(sync=True)

    #: lr: a number from 0.01 to 1; steps: a whole number from 1 to 1000; the rest is fixed.
    _checks = {
        "lr": _check_lr,
        "steps": whole_in(1, STEPS_MAX),
        "lr_min": Fixed("the slider's lowest rate"),
        "lr_max": Fixed("the slider's highest rate"),
        "steps_max": Fixed("the most steps"),
        "floor": Fixed("the loss that counts as zero"),
        "example": Fixed("the worked example"),
    }

    def __init__(self, lr=None, steps=100):
        ex = _example()
        lr = self._check("lr", ex.lr if lr is None else lr)
        steps = self._check("steps", steps)
        super().__init__(lr=lr, steps=steps, example={
            "W": [layer.tolist() for layer in ex.net.W],  # W[0] is W^1: rows = units of the layer
            "x": ex.x.tolist(),                            # one column per sample
            "y": ex.y.tolist(),
            "loss": ex.loss,
            "lr": ex.lr,                                   # the article's rate, one of the presets
        })

    @property
    def eta_max(self) -> float:
        r""":math:`\eta^* = 1/(\lVert i\rVert\,|y|)`, the bound of chapter 4's theorem for the example's
        one sample: above it, gradient descent cannot bring the error to zero."""
        ex = _example()
        i, y = ex.x[:, 0], float(ex.y[0, 0])
        return 1.0 / (math.sqrt(float(i @ i)) * abs(y))

    @property
    def losses(self) -> np.ndarray:
        r"""The loss :math:`\mathcal L_r` after :math:`r = 0, 1, \ldots` steps at the rate ``lr``, by
        the library's :func:`~backprop_lib.train` (read-only). ``steps + 1`` losses, or, when the
        run diverges, the finite ones before the step in :attr:`diverged_after`."""
        return _run(self.lr, self.steps)[0]

    @property
    def diverged_after(self) -> int | None:
        """The step after which the loss or a weight left a double's range (``train`` names ``lr``
        then), or ``None`` when the run stays finite."""
        return _run(self.lr, self.steps)[1]

    @property
    def regime(self) -> str:
        """``"converges"``, ``"oscillates"``, ``"diverges"`` or ``"undecided"`` (too few steps to
        tell): see :func:`regime_of`."""
        losses, diverged = _run(self.lr, self.steps)
        if losses.size < 2:  # diverged at the first step: only the starting loss is finite
            return "diverges"
        return regime_of(losses, diverged is not None)

    @property
    def chaotic(self) -> bool:
        """Whether the run oscillates chaotically: :attr:`regime` is ``"oscillates"`` and the rate
        times ``1 + 1e-9`` moves one of the last 20 losses by more than 1e-4 of the largest of them
        (in the digits the page shows), or overflows. Then the digits shown depend on the
        rounding of the arithmetic, and the page, which computes in JavaScript, may show other
        ones than numpy's."""
        if self.regime != "oscillates":
            return False
        twin, diverged = _run(self.lr * (1 + NUDGE), self.steps)
        if diverged is not None:
            return True
        n = min(TAIL, self.losses.size)
        tail = self.losses[-n:]
        return bool(np.any(np.abs(twin[-n:] - tail) > SENSITIVE * tail.max()))
