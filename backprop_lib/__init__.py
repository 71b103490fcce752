"""backprop_lib: the small numpy library behind "Backprop, Step by Step".

Each public function computes one equation of the book, and says which in its docstring.

    activations  sigmoid, identity, tanh, relu and their derivatives
    losses       sse (the sources' ½Σ(y − ŷ)²), mse (its mean over samples), bce
    network      Network: weights W[to, from], biases (per neuron, shared, none), frozen parameters
    backprop     forward and backward passes that keep every z, a, δ and gradient
    training     one SGD step, and a training loop that records the loss
    checking     finite-difference gradient checks
    sources      the sources' printed figures (as data) and the published-vs-exact table
    drawing      the network diagram and the loss curve
    examples     the worked examples' given values (import backprop_lib.examples)
    ensemble     many same-shaped networks trained at once (import backprop_lib.ensemble)
    book         glue helpers tying computed numbers into the prose (import backprop_lib.book)
"""

from .activations import ACTIVATIONS, get_activation, identity, relu, sigmoid, sigmoid_prime, tanh
from .backprop import Gradients, Trace, backward, forward, gradients, loss_of
from .checking import gradient_check, numerical_gradients, relative_error
from .drawing import draw_network, plot_losses
from .losses import LOSSES, bce, get_loss, mse, sse
from .network import Network, from_named_weights, named_values, weight_map
from .sources import compare, published
from .training import TrainingRun, sgd_step, train

__all__ = [
    "ACTIVATIONS", "LOSSES", "Gradients", "Network", "Trace", "TrainingRun",
    "backward", "bce", "compare", "draw_network", "forward", "from_named_weights", "get_activation",
    "get_loss", "gradient_check", "gradients", "identity", "loss_of", "mse", "named_values",
    "numerical_gradients", "plot_losses", "published", "relative_error", "relu", "sgd_step",
    "sigmoid", "sigmoid_prime", "sse", "tanh", "train", "weight_map",
]
