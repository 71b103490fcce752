"""The book's helpers, apart from the backprop core: what a chapter needs to show its numbers.

    glue       glue_number and friends: computed numbers into the prose (myst-nb glue)
    sources    the sources' printed figures, kept as data, and their errata (rounded, truncated, wrong)
    examples   the worked examples' given values, and the sources' own weight names
    drawing    the network diagram and the loss curve, with the actual numbers on them
    graphs     the computational graph of an autograd Value, its values, local derivatives and gradients
    look       style(): the book's look for figures and tables, set at the top of every lesson; its colours
    plots      pictures particular to a chapter: a classifier's decision boundary
    digits     the digits chapter's data split in three, and its pictures: digits as images, a confusion
               matrix, learning curves
    depth      the depth chapter's pictures: the signal's size layer by layer, activation histograms
"""

from . import examples
from .depth import layer_spread, plot_activation_ridges, plot_per_layer, saturated_share
from .digits import digit_sets, draw_digits, plot_confusion_matrix, plot_learning_curves
from .drawing import draw_network, plot_losses
from .examples import from_named_weights, named_values, weight_map
from .glue import glue_number, glue_numbers, glue_power, glued_values, order_of_magnitude, power_of_ten_text
from .graphs import draw_graph
from .look import style
from .plots import plot_decision_boundary
from .sources import errata, errata_from_notebook, for_reading, glue_errata, notes, published, source_name

__all__ = [
    "digit_sets", "draw_digits", "draw_graph", "draw_network", "errata", "errata_from_notebook", "examples", "for_reading",
    "from_named_weights", "glue_errata", "glue_number", "glue_numbers", "glue_power", "glued_values",
    "layer_spread", "named_values", "notes", "order_of_magnitude", "plot_activation_ridges",
    "plot_confusion_matrix", "plot_decision_boundary", "plot_learning_curves", "plot_losses", "plot_per_layer",
    "power_of_ten_text", "published", "saturated_share", "source_name", "style", "weight_map",
]
