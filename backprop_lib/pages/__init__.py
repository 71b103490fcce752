"""The book's helpers, apart from the backprop core: what a chapter needs to show its numbers.

    glue       glue_number and friends: computed numbers into the prose (myst-nb glue)
    sources    the sources' printed figures, kept as data, and the published-vs-exact table
    examples   the worked examples' given values, and the sources' own weight names
    drawing    the network diagram and the loss curve, with the actual numbers on them
"""

from . import examples
from .drawing import draw_network, plot_losses
from .examples import from_named_weights, named_values, weight_map
from .glue import glue_number, glue_numbers, glued_values, order_of_magnitude
from .sources import compare, published

__all__ = [
    "compare", "draw_network", "examples", "from_named_weights", "glue_number", "glue_numbers", "glued_values",
    "named_values", "order_of_magnitude", "plot_losses", "published", "weight_map",
]
