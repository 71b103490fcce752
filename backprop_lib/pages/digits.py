r"""The handwritten-digits chapter's data and pictures: the digits split into training,
validation and test sets (:func:`digit_sets`), digits as images, a confusion matrix with its
counts, and learning curves of loss and accuracy, epoch by epoch.

As in ``drawing.py``, the artists are tagged with a ``gid`` saying what they show (``"digit 3"``
for the fourth image, ``"count 4,9"`` for the count of true 4s taken for 9s, ``"held-out loss
seed 2"`` for a curve), and each function returns what it drew, so that a test can read a
figure back against its numbers: nbval compares text, not images.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_array, describe, positive_number, text, whole_number
from ._checks import axes_array, on_log_scale, one_axes
from .look import BLUE, ORANGE, as_at_100_dpi

#: How :func:`digit_sets` splits the digits: a quarter put aside as test digits, then a fifth of
#: the rest as validation digits, each split stratified and seeded; pixels divided by 16.
TEST_SIZE, SPLIT_SEED, VAL_SIZE, VAL_SEED, SCALE = 0.25, 0, 0.2, 0, 16.0


@dataclass(frozen=True, eq=False)
class DigitSets:
    """The three sets of :func:`digit_sets`. ``x_*``: the pixels divided by 16, one column a
    digit, ``(64, m)``; ``y_*``: one-hot targets, ``(10, m)``; ``t_*``: the digits, ``(m,)``.
    The test set has no one-hot targets: it is read once, for an accuracy."""

    x_train: np.ndarray
    y_train: np.ndarray
    t_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    t_val: np.ndarray
    x_test: np.ndarray
    t_test: np.ndarray


def digit_sets() -> DigitSets:
    """scikit-learn's 1,797 handwritten digits, split as the digits chapter splits them: a
    quarter put aside as test digits (``train_test_split`` stratified by digit, ``random_state``
    0), a fifth of the rest as validation digits (the same), the rest for training; the pixels,
    whole numbers 0 to 16, divided by 16. Read from scikit-learn's installation, no download."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X_rest, X_test, t_rest, t_test = train_test_split(digits.data, digits.target, test_size=TEST_SIZE,
                                                      random_state=SPLIT_SEED, stratify=digits.target)
    X_train, X_val, t_train, t_val = train_test_split(X_rest, t_rest, test_size=VAL_SIZE, random_state=VAL_SEED,
                                                      stratify=t_rest)
    return DigitSets(X_train.T / SCALE, np.eye(10)[:, t_train], t_train, X_val.T / SCALE, np.eye(10)[:, t_val], t_val,
                     X_test.T / SCALE, t_test)


#: Colours for the sides of a learning curve: the training set, and a set held out from training
#: (called "validation" when it is the one settings are chosen on).
SIDES = {"training": BLUE, "held-out": ORANGE, "validation": ORANGE}


def _names(name: str, values, n: int, what: str) -> list:
    """``values``: a list (or tuple, array, range) of ``n`` entries, not one string."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray, range)):
        raise TypeError(f"{name}: expected a list of {n} {what}, got {describe(values)}")
    values = list(np.ravel(values)) if isinstance(values, np.ndarray) else list(values)
    if len(values) != n:
        raise ValueError(f"{name}: expected {n} {what}, got {len(values)}")
    return values


def draw_digits(axes, x, titles=None, side: int = 8, vmax: float | None = None) -> list:
    r"""Draw the samples ``x`` as images, one per axes, dark ink on white.

    ``x``: pixel columns, shape ``(side², n)`` (one sample per column, as everywhere in the
    book); column :math:`n` is reshaped row by row into a ``side`` × ``side`` image (the
    digits data set stores its 8×8 images that way). ``axes``: ``n`` or more matplotlib axes
    (an array from ``plt.subplots``); axes beyond the ``n``-th are switched off. ``titles``:
    ``None`` or one string per sample, written above its image. The grey scale runs from 0
    (white) to ``vmax`` (black; by default the largest pixel of ``x``, or 1 when every pixel
    is 0), the same for every image, so images can be compared.

    Returns the images drawn (``AxesImage``, tagged ``"digit k"``). Raises ``TypeError`` or
    ``ValueError`` naming the argument: too few axes, a column of the wrong length, one title
    too many or too few, a negative pixel."""
    flat = axes_array("axes", axes)
    side = whole_number("side", side)
    if vmax is not None:
        vmax = positive_number("vmax", vmax)
    x = as_array("x", x, ndim=(2,))
    if x.shape[0] != side * side:
        raise ValueError(f"x: expected {side * side} pixels per column ({side}×{side} images), got shape {x.shape}")
    if (x < 0).any():
        raise ValueError(f"x: expected pixels >= 0, got {x.min()}")
    n = x.shape[1]
    if len(flat) < n:
        raise ValueError(f"axes: expected at least {n} axes, one per sample, got {len(flat)}")
    if titles is not None:
        titles = [text(f"titles[{k}]", title)
                  for k, title in enumerate(_names("titles", titles, n, "strings (one per sample)"))]
    top = vmax if vmax is not None else float(x.max()) if x.max() > 0 else 1.0
    images = []
    for k, ax in enumerate(flat):
        ax.set_axis_off()
        if k >= n:
            continue
        image = ax.imshow(x[:, k].reshape(side, side), cmap="gray_r", vmin=0.0, vmax=top, interpolation="nearest")
        image.set_gid(f"digit {k}")
        images.append(image)
        if titles is not None:
            ax.set_title(titles[k], fontsize=as_at_100_dpi(10), pad=3)
    return images


def plot_confusion_matrix(ax, counts, labels=None) -> dict:
    r"""Draw a confusion matrix with its counts written in the cells.

    ``counts``: a square matrix of whole numbers ≥ 0, ``counts[i, j]`` the number of samples of
    true class ``i`` that the classifier put in class ``j`` (rows: true class, columns:
    predicted class, as ``sklearn.metrics.confusion_matrix`` returns it); the diagonal holds the
    right answers. ``labels``: the class names (default ``0, 1, ...``). The cells on the
    diagonal are shaded blue, the mistakes orange, each by its count, so a single mistake shows;
    a zero is left blank.

    Returns ``{(i, j): Text}``, the count written in each non-zero cell (tagged
    ``"count i,j"``). Raises ``ValueError`` naming ``counts`` or ``labels`` for a matrix that is
    not square, not whole, negative, or labels of the wrong number; ``TypeError`` naming ``ax``
    or ``labels`` for something other than axes, or labels that are not a list."""
    from matplotlib.colors import to_rgba

    ax = one_axes("ax", ax)
    counts = as_array("counts", counts, ndim=(2,))
    k = counts.shape[0]
    if counts.shape != (k, k) or k == 0:
        raise ValueError(f"counts: expected a square matrix, got shape {counts.shape}")
    bad = (counts < 0) | (counts != np.round(counts))
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(f"counts: expected whole numbers >= 0, got {float(counts[i, j])!r} at index ({i}, {j})")
    labels = [str(v) for v in (range(k) if labels is None else _names("labels", labels, k, "class names"))]
    right, wrong = np.array(to_rgba(BLUE)), np.array(to_rgba(ORANGE))
    colours = np.ones((k, k, 4))
    diagonal = np.eye(k, dtype=bool)
    top_right, top_wrong = max(counts[diagonal].max(), 1), max(counts[~diagonal].max(initial=0), 1)  # k = 1: none off
    for i in range(k):
        for j in range(k):
            c = counts[i, j]
            if c:
                share = 0.25 + 0.75 * c / (top_right if i == j else top_wrong)
                colours[i, j] = 1 - share * (1 - (right if i == j else wrong))
                colours[i, j, 3] = 1.0
    ax.imshow(colours, interpolation="nearest")
    texts = {}
    for i in range(k):
        for j in range(k):
            c = int(counts[i, j])
            if c:
                dark = (c / (top_right if i == j else top_wrong)) > 0.5
                texts[i, j] = ax.text(j, i, str(c), ha="center", va="center", fontsize=as_at_100_dpi(9),
                                      color="white" if dark else "black", gid=f"count {i},{j}")
    ax.set_xticks(range(k), labels)
    ax.set_yticks(range(k), labels)
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(k + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(k + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.85", lw=0.6)
    ax.tick_params(which="minor", length=0)
    return texts


def plot_learning_curves(ax_loss, ax_accuracy, epochs, loss: dict, accuracy: dict, highlight: int = 0) -> dict:
    r"""Learning curves: the loss (left axes) and the accuracy in % (right axes) after each
    epoch, for the training set and the held-out set.

    ``epochs``: the epoch of each value, shape ``(E + 1,)`` (0 for the untrained network).
    ``loss``, ``accuracy``: ``{"training": values, "held-out": values}`` (or ``"validation"``
    in place of ``"held-out"``), each of shape
    ``(E + 1,)`` for one run or ``(S, E + 1)`` for ``S`` runs (say, seeds): run ``highlight``
    is drawn in full, the others faintly behind it. The loss is drawn on a log scale.

    Returns ``{(quantity, side, run): Line2D}`` for every line (tagged ``"<side> <quantity>
    seed <run>"``). Raises naming the argument: a side other than ``"training"``,
    ``"held-out"`` and ``"validation"``, a shape that does not match ``epochs``, a loss ≤ 0, an accuracy outside
    0–100, ``highlight`` beyond the runs; every argument is checked before anything is drawn."""
    ax_loss, ax_accuracy = one_axes("ax_loss", ax_loss), one_axes("ax_accuracy", ax_accuracy)
    if ax_accuracy is ax_loss:
        raise ValueError("ax_accuracy: expected axes other than ax_loss (the loss is drawn on a log scale), "
                         "got the same axes")
    epochs = as_array("epochs", epochs, ndim=(1,))
    highlight = whole_number("highlight", highlight, minimum=0)
    drawn = []  # every argument checked before anything is drawn
    for quantity, curves, ax in (("loss", loss, ax_loss), ("accuracy", accuracy, ax_accuracy)):
        if not isinstance(curves, dict):
            raise TypeError(f"{quantity}: expected a dict with keys among {list(SIDES)}, got {describe(curves)}")
        if set(curves) - set(SIDES) or not curves:
            raise ValueError(f"{quantity}: expected a dict with keys among {list(SIDES)}, got {curves!r:.60}")
        checked = []
        for side, values in curves.items():
            given = as_array(f"{quantity}[{side!r}]", values, ndim=(1, 2))
            values = np.atleast_2d(given)
            if values.shape[1] != epochs.size:
                raise ValueError(f"{quantity}[{side!r}]: expected {epochs.size} values per run (one per epoch), "
                                 f"got shape {values.shape}")
            if quantity == "loss":
                on_log_scale(f"{quantity}[{side!r}]", given, "losses")
            if quantity == "accuracy" and ((values < 0) | (values > 100)).any():
                outside = float(values[(values < 0) | (values > 100)][0])
                raise ValueError(f"{quantity}[{side!r}]: expected accuracies in % (0 to 100), got {outside!r}")
            if not highlight < values.shape[0]:
                raise ValueError(f"highlight: expected a run from 0 to {values.shape[0] - 1}, got {highlight}")
            checked.append((side, values))
        drawn.append((quantity, ax, checked))
    lines = {}
    for quantity, ax, checked in drawn:
        for side, values in checked:
            for run in [r for r in range(values.shape[0]) if r != highlight] + [highlight]:
                main = run == highlight
                lines[quantity, side, run] = ax.plot(
                    epochs, values[run], color=SIDES[side], lw=2.0 if main else 0.8, alpha=1.0 if main else 0.35,
                    label=side if main else None, gid=f"{side} {quantity} seed {run}")[0]
        ax.set_xlabel("epoch")
        ax.legend(loc="upper right" if quantity == "loss" else "lower right")
    ax_loss.set_yscale("log")
    ax_loss.set_ylabel("cross-entropy loss")
    ax_accuracy.set_ylabel("accuracy (%)")
    return lines
