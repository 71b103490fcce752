"""backprop_lib: the small numpy library behind "Backprop, Step by Step".

Each public function computes one equation of the book, and says which in its docstring.
Layers are numbered as in the book: ``net.W[1]`` is W¹, ``trace.a[0]`` the input x.

The backprop core:

    activations  sigmoid, identity, tanh, relu and their derivatives; softmax and its Jacobian
    losses       half_sse (the sources' ½ Σ (ŷ − y)²), mse, bce, ce, and the output error δᴸ of each
    network      Network: weights W[ℓ], biases b[ℓ] (per neuron, shared, none), frozen parameters,
                 random ones (normal, uniform, Xavier/Glorot, He)
    stacks       Stack: N networks of one shape, run by the same passes (stack, unstack)
    backprop     the forward and backward passes, keeping every z, a, δ and gradient (forward,
                 backward; the passes themselves on per-layer lists: feedforward, backpropagate)
    optimizers   one gradient-descent step (sgd_step); SGD, momentum and Adam, each with L2
                 weight decay, for train(optimizer=...): every update of the parameters
    training     mini-batches, and a loop that records the loss
    checking     finite-difference gradient checks that know about kinks
    exercises    checkers for the reader's own code (forward, backward, update, a training loop,
                 a scalar autograd): each runs it on random networks against the library and
                 names the first entry that differs (check_forward, ..., check_value; Verdict)
    scratch      a whole trainer in plain numpy, as a reader writes it (forward, backward,
                 update, train): the worked solution the checkers agree with

The passes compute their matrix products on one BLAS thread when BLAS would split them
(``_blas``): no wait for a second core when the machine is busy.

The book's helpers, in ``backprop_lib.pages`` (import it when writing a chapter): glue for
the prose, the sources' printed figures, the worked examples' given values, drawings and tables.
"""

from .activations import (ACTIVATIONS, get_activation, identity, identity_prime, relu, relu_prime, sigmoid,
                          sigmoid_prime, softmax, softmax_jacobian, tanh, tanh_prime)
from .backprop import Gradients, Trace, backward, forward, gradients, loss_of
from .checking import GradientCheck, gradient_check, numerical_gradients, relative_error
from .exercises import Verdict, check_backward, check_forward, check_train, check_update, check_value
from .layers import Layers
from .losses import LOSSES, bce, ce, get_loss, half_sse, mse
from .network import Network
from .optimizers import SGD, Adam, Momentum, OptimizerState, sgd_step
from .stacks import Stack, stack, unstack
from .training import TrainingRun, minibatches, train

__all__ = [
    "ACTIVATIONS", "LOSSES", "Adam", "GradientCheck", "Gradients", "Layers", "Network", "Stack", "Trace", "TrainingRun",
    "Verdict", "backward", "bce", "ce", "check_backward", "check_forward", "check_train", "check_update", "check_value",
    "forward", "get_activation", "get_loss", "gradient_check", "gradients", "half_sse",
    "identity", "identity_prime", "loss_of", "minibatches", "Momentum", "mse", "numerical_gradients", "OptimizerState", "relative_error",
    "relu", "relu_prime", "SGD", "sgd_step", "sigmoid", "sigmoid_prime", "softmax", "softmax_jacobian", "stack", "tanh",
    "tanh_prime", "train", "unstack",
]
