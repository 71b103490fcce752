"""Explorers: small widgets to play with, each in the chapter it serves.

Each is an ``anywidget`` widget whose arithmetic runs in JavaScript and draws SVG, so that it
stays live in the static book (kept in the lesson as widget state, rendered by the html-manager
with no kernel, offline) and in Jupyter, where its Python side reads and sets the same state and
computes the same numbers with this library. The maths in the page is ``core.js``, this
library's passes written once in JavaScript for every explorer (forward, backward, the update,
the training loop), which tests/test_explorer_core.py runs in node against the library, exact to
round-off, on random networks; each explorer's browser test (tests/test_explorer_*.py) moves it
in the built book and compares what it shows with this library's values, to the digits shown.

- :class:`NeuronExplorer` (chapter 1): one sigmoid neuron's forward and backward numbers and
  one gradient step, on the loss curve.
- :class:`LearningRateExplorer` (chapter 4): the 2-2-1 linear network's error over the steps for
  a learning rate, converging, oscillating or diverging, with the stability bound marked.
- :class:`NetworkStepper` (chapter 5): the 2-2-2 network, stage by stage: forward, loss,
  backward, update.
- :class:`XorExplorer` (chapter 7): XOR trained in the page, the loss curve and the decision
  boundary.
- :class:`Answer`: a numeric answer box for the exercises, "correct" or "not yet" with a hint.
"""

from .answer import Answer
from .base import Explorer
from .learning_rate import LearningRateExplorer
from .network import NetworkStepper
from .neuron import NeuronExplorer
from .xor import XorExplorer

__all__ = ["Answer", "Explorer", "LearningRateExplorer", "NetworkStepper", "NeuronExplorer", "XorExplorer"]
