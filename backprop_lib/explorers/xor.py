r"""The XOR explorer: train the 2-h-1 sigmoid network of chapter 7 on XOR in the page, and
watch the loss curve and the decision boundary as the hidden units, the learning rate, the
seed and the number of epochs change.

It reproduces the chapter's setting (Karobben, "Backpropagation Hand by Hand", on XOR's truth
table): the network of :func:`backprop_lib.pages.examples.xor` with ``data="xor"``, every
weight and bias drawn uniform on :math:`[0, 1)` from ``np.random.default_rng(seed)``, trained
by full-batch gradient descent on half the summed squared error,

.. math::

    \mathcal L = \tfrac12 \sum_{n=1}^{4} \bigl(\hat y_n - y_n\bigr)^2, \qquad
    \theta \leftarrow \theta - \eta\,\frac{\partial \mathcal L}{\partial \theta},

one step per epoch (the four samples at once), exactly as :func:`backprop_lib.train` does.

JavaScript cannot redraw numpy's random numbers, so the Python side draws the starting
network for every seed and number of hidden units the controls offer and keeps them in the
widget state (``starts``); the page trains from them with the training loop of ``core.js``,
the library's forward pass, backward pass and update in JavaScript (``xor.js``).
"""

from __future__ import annotations

import numpy as np

from .. import _validate as check_arg
from ..backprop import forward
from ..pages import examples
from ..training import TrainingRun, train
from .base import Checked, Explorer, Fixed

#: The numbers of hidden units the explorer offers (chapter 7's study tries 2, 3 and 4).
HIDDEN_UNITS = (2, 3, 4, 5, 6)

#: The seeds it offers: seed ``s`` is the starting network of ``examples.xor(seed=s)``.
SEEDS = tuple(range(10))

#: The learning rates it offers: the source's 0.1, the study's 0.5 to 2, and larger ones, up to
#: 10, where steps already overshoot. Beyond it (20, 50) the runs are chaotic: a difference in
#: the last bit of one rounding (numpy's and the browser's exp differ there) changes how a run
#: ends, so no two programs, nor two machines, would agree on the numbers.
LEARNING_RATES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)

#: Epochs from ``EPOCHS_MIN`` to ``EPOCHS_MAX`` in steps of ``EPOCHS_STEP`` (the source trains 10,000).
EPOCHS_MIN, EPOCHS_MAX, EPOCHS_STEP = 500, 50_000, 500

#: The loss and the batch mode of the chapter: half the summed squared error, full batch.
LOSS = "half_sse"


def _check_hidden(name: str, value) -> int:
    """A number of hidden units the explorer offers: a whole number from 2 to 6."""
    value = check_arg.whole_number(name, value, minimum=HIDDEN_UNITS[0])
    if value not in HIDDEN_UNITS:
        raise ValueError(f"{name}: expected a whole number from {HIDDEN_UNITS[0]} to {HIDDEN_UNITS[-1]}, got {value}")
    return value


def _check_seed(name: str, value) -> int:
    """A seed the explorer has starting networks for: a whole number from 0 to 9."""
    value = check_arg.seed(name, value)
    if value not in SEEDS:
        raise ValueError(f"{name}: expected a whole number from {SEEDS[0]} to {SEEDS[-1]} (the seeds the explorer "
                         f"has starting networks for), got {value}")
    return value


def _check_lr(name: str, value) -> float:
    """A learning rate the explorer offers: one of LEARNING_RATES (a number equal to one, such
    as 1 or np.float64(0.5), is taken as that rate)."""
    value = check_arg.positive_number(name, value)
    if value not in LEARNING_RATES:
        raise ValueError(f"{name}: expected one of {', '.join(f'{r:g}' for r in LEARNING_RATES)}, got {value!r}")
    return value


def _check_epochs(name: str, value) -> int:
    """A number of epochs: a multiple of 500 from 500 to 50,000."""
    value = check_arg.whole_number(name, value)
    if not (EPOCHS_MIN <= value <= EPOCHS_MAX and value % EPOCHS_STEP == 0):
        raise ValueError(f"{name}: expected a multiple of {EPOCHS_STEP} from {EPOCHS_MIN} to {EPOCHS_MAX}, "
                         f"got {value}")
    return value


def starting_parameters(hidden: int, seed: int) -> dict:
    """The starting network of ``examples.xor(data="xor", seed=seed, hidden=hidden)`` as
    nested lists (what the page trains from): ``W1`` of shape ``(hidden, 2)``, ``b1`` of
    ``hidden`` numbers, ``W2`` of shape ``(1, hidden)``, ``b2`` of one number. The numbers are
    the network's own doubles (JSON keeps every digit)."""
    seed, hidden = XorExplorer._check("seed", seed), XorExplorer._check("hidden", hidden)
    net = examples.xor(data="xor", seed=seed, hidden=hidden).net
    return {"W1": net.W[1].tolist(), "b1": net.b[1].ravel().tolist(),
            "W2": net.W[2].tolist(), "b2": net.b[2].ravel().tolist()}


class XorExplorer(Explorer):
    r"""Train the 2-h-1 sigmoid network of chapter 7 on XOR, in the page, and draw its loss
    curve and its output over the input square.

    ``XorExplorer(hidden=2, lr=0.1, seed=0, epochs=10_000)``

    Parameters
    ----------
    hidden : int
        :math:`h`, the number of hidden units: one of ``HIDDEN_UNITS`` (2 to 6).
    lr : float
        :math:`\eta`, the learning rate: one of ``LEARNING_RATES`` (0.1 to 10).
    seed : int
        The seed of the starting network, ``examples.xor(data="xor", seed=seed, hidden=hidden)``:
        one of ``SEEDS`` (0 to 9).
    epochs : int
        Full-batch steps, each over the four samples: a multiple of 500 from 500 to 50,000.

    Shapes: the network has :math:`W^1` ``(h, 2)``, :math:`b^1` ``(h, 1)``, :math:`W^2`
    ``(1, h)``, :math:`b^2` ``(1, 1)``; the samples are XOR's truth table, ``x`` ``(2, 4)``
    and ``y`` ``(1, 4)``, one column each. The page shows the loss after every step (a curve on
    a log scale), the output :math:`\hat y` over :math:`[-0.5, 1.5]^2` with the line
    :math:`\hat y = \tfrac12`, the final loss (to 4 significant digits) and the four outputs (to
    4 decimals). The page's arithmetic and numpy's differ in the last bit of some roundings; up
    to :math:`\eta = 5` that leaves the results within :math:`10^{-11}` of each other, at
    :math:`\eta = 10` within about :math:`10^{-6}`, well below the digits shown.

    Raises
    ------
    TypeError, ValueError
        Naming the argument: ``hidden: expected a whole number from 2 to 6, got 7``,
        ``lr: expected one of 0.1, 0.2, ..., got 0.3``, ``seed: ...``, ``epochs: ...``, before
        anything is built. Setting a trait later checks it the same way and leaves it as it was.

    The traits ``hidden``, ``lr``, ``seed`` and ``epochs`` are shared with the page; the
    properties :attr:`run`, :attr:`losses`, :attr:`outputs` and :attr:`final_loss` compute
    with the library (:func:`backprop_lib.train`) what the page shows for the same settings.
    """

    _js = "xor.js"
    _style = "xor.css"
    _shown = ("hidden", "lr", "seed", "epochs")

    hidden = Checked(2).tag(sync=True)
    lr = Checked(0.1).tag(sync=True)
    seed = Checked(0).tag(sync=True)
    epochs = Checked(examples.XOR_EPOCHS).tag(sync=True)
    #: What the controls offer: {"hidden": [...], "seeds": [...], "lr": [...], "epochs": [min, max, step]}.
    choices = Checked({}).tag(sync=True)
    #: The samples, one column each: {"x": 2×4 nested list, "y": 1×4}.
    samples = Checked({}).tag(sync=True)
    #: starts[str(hidden)][seed]: the starting parameters (see :func:`starting_parameters`).
    starts = Checked({}).tag(sync=True)

    #: hidden: one of HIDDEN_UNITS; lr: one of LEARNING_RATES; seed: one of SEEDS; epochs: a
    #: multiple of 500 from 500 to 50,000; what the controls offer and the data are fixed.
    _checks = {
        "hidden": _check_hidden,
        "lr": _check_lr,
        "seed": _check_seed,
        "epochs": _check_epochs,
        "choices": Fixed("what the controls offer"),
        "samples": Fixed("XOR's truth table"),
        "starts": Fixed("the starting networks"),
    }

    def __init__(self, hidden: int = 2, lr: float = 0.1, seed: int = 0, epochs: int = examples.XOR_EPOCHS):
        settings = {name: self._check(name, value)
                    for name, value in (("hidden", hidden), ("lr", lr), ("seed", seed), ("epochs", epochs))}
        starts = {str(h): [starting_parameters(h, s) for s in SEEDS] for h in HIDDEN_UNITS}
        choices = {"hidden": list(HIDDEN_UNITS), "seeds": list(SEEDS), "lr": list(LEARNING_RATES),
                   "epochs": [EPOCHS_MIN, EPOCHS_MAX, EPOCHS_STEP]}
        samples = {"x": examples.XOR_X.tolist(), "y": examples.XOR_Y.tolist()}
        self._runs = {}
        super().__init__(choices=choices, samples=samples, starts=starts, **settings)

    @property
    def example(self):
        """The chapter's worked example for the current ``seed`` and ``hidden``:
        ``examples.xor(data="xor", seed=seed, hidden=hidden)`` (its ``net`` is the start)."""
        return examples.xor(data="xor", seed=self.seed, hidden=self.hidden)

    @property
    def run(self) -> TrainingRun:
        """The library's run for the current settings:
        ``train(start, x, y, lr, epochs=epochs, loss="half_sse")``, full batch (kept for the
        next call with the same settings)."""
        key = (self.hidden, self.lr, self.seed, self.epochs)
        if key not in self._runs:
            ex = self.example
            self._runs = {key: train(ex.net, ex.x, ex.y, self.lr, epochs=self.epochs, loss=LOSS)}
        return self._runs[key]

    @property
    def losses(self) -> np.ndarray:
        r""":math:`\mathcal L` before each step and after the last, shape ``(epochs + 1,)``."""
        return self.run.losses

    @property
    def outputs(self) -> np.ndarray:
        r"""The trained network's :math:`\hat y` for the inputs (0, 0), (0, 1), (1, 0), (1, 1), shape ``(4,)``."""
        return forward(self.run.net, examples.XOR_X).output[0]

    @property
    def final_loss(self) -> float:
        r""":math:`\mathcal L` after the last step."""
        return float(self.run.losses[-1])

    @property
    def solves(self) -> bool:
        r"""Whether every output is on its target's side of one half (the chapter's "solves XOR")."""
        return bool(np.all((self.outputs > 0.5) == (examples.XOR_Y[0] == 1)))
