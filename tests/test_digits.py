"""The digits chapter's pictures show their numbers; the benchmark's pure parts; the README's
speed table agrees with benchmarks/results.json; the benchmark measures the chapter's setting.

nbval compares text, not images, so the pictures are read back here through the artists they
tag (see backprop_lib/pages/digits.py)."""

import importlib.util
import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from backprop_lib.pages import digit_sets, draw_digits, glued_values, plot_confusion_matrix, plot_learning_curves

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]


def load_speed():
    spec = importlib.util.spec_from_file_location("speed", ROOT / "benchmarks" / "speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


speed = load_speed()


@pytest.fixture
def plt():
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


# ---- draw_digits ---------------------------------------------------------------------------------------------

def test_digit_sets_cut_the_whole_set_in_three_as_the_digits_chapter_counts_them():
    """The three sets make up scikit-learn's digits, image for image, scaled to 0..1, each digit
    held out in the same proportion, with as many digits as the digits chapter glued."""
    from sklearn.datasets import load_digits

    sets, digits = digit_sets(), load_digits()
    chapter = glued_values(next((ROOT / "lessons").glob("*_digits.ipynb")))
    parts = [(sets.x_train, sets.t_train), (sets.x_val, sets.t_val), (sets.x_test, sets.t_test)]
    assert [x.shape[1] for x, _ in parts] == [chapter["n_train"], chapter["n_val"], chapter["n_test"]]
    pixels = np.hstack([x for x, _ in parts]).T * 16
    assert sorted(map(bytes, np.round(pixels).astype(np.int8))) == sorted(map(bytes, digits.data.astype(np.int8)))
    for x, t in parts:  # each image keeps its digit, and each digit its share of the set
        rows = {bytes(np.round(16 * c).astype(np.int8)): d for c, d in zip(x.T, t)}
        assert all(rows[bytes(image.astype(np.int8))] == d for image, d in zip(digits.data, digits.target)
                   if bytes(image.astype(np.int8)) in rows)
        share = np.bincount(t, minlength=10) / np.bincount(digits.target, minlength=10)
        assert np.ptp(share) < 0.02
    assert np.array_equal(sets.y_train, np.eye(10)[:, sets.t_train]) and np.array_equal(sets.y_val.argmax(0), sets.t_val)
    assert 0 <= min(x.min() for x, _ in parts) and max(x.max() for x, _ in parts) == 1


def test_each_column_is_drawn_as_its_image_row_by_row_with_its_title(plt):
    x = np.arange(64 * 3, dtype=float).reshape(3, 64).T % 17  # three columns of 64 pixels
    fig, axes = plt.subplots(2, 2)
    images = draw_digits(axes, x, titles=["a", "b", "c"], vmax=16)
    assert [im.get_gid() for im in images] == ["digit 0", "digit 1", "digit 2"]
    for k, im in enumerate(images):
        np.testing.assert_array_equal(im.get_array(), x[:, k].reshape(8, 8))
        assert im.get_clim() == (0.0, 16.0) and im.get_cmap().name == "gray_r"
    assert [ax.get_title() for ax in axes.ravel()] == ["a", "b", "c", ""]
    assert not axes.ravel()[3].images and not axes.ravel()[3].axison


def test_the_grey_scale_is_shared_and_defaults_to_the_largest_pixel(plt):
    x = np.zeros((64, 2))
    x[0, 0], x[5, 1] = 3.0, 12.0
    fig, axes = plt.subplots(1, 2)
    images = draw_digits(axes, x)
    assert all(im.get_clim() == (0.0, 12.0) for im in images)


@pytest.mark.parametrize("args, match", [
    (dict(x=np.zeros((63, 2))), r"^x: expected 64 pixels per column \(8×8 images\), got shape \(63, 2\)"),
    (dict(x=np.zeros((64, 5))), r"^axes: expected at least 5 axes, one per sample, got 4"),
    (dict(x=np.zeros((64, 2)), titles=["only one"]), r"^titles: expected 2 strings"),
    (dict(x=-np.ones((64, 2))), r"^x: expected pixels >= 0"),
    (dict(x=np.ones((64, 2)), vmax=0), r"^vmax: expected a finite number > 0, got 0.0"),
    (dict(x=np.ones((64, 2)), vmax=np.inf), r"^vmax: expected a finite number > 0, got inf"),
])
def test_draw_digits_refuses_bad_input_naming_the_argument(plt, args, match):
    fig, axes = plt.subplots(2, 2)
    with pytest.raises(ValueError, match=match):
        draw_digits(axes, **args)
    assert not any(ax.images for ax in axes.ravel())


@pytest.mark.parametrize("args, match", [
    (dict(titles="ab"), r"^titles: expected a list of 2 strings \(one per sample\), got str 'ab'"),
    (dict(titles=2), r"^titles: expected a list of 2 strings \(one per sample\), got int 2"),
    (dict(titles=["a", 7]), r"^titles\[1\]: expected a string, got int 7"),
    (dict(vmax=True), r"^vmax: expected a number > 0, got bool True"),
    (dict(vmax="1"), r"^vmax: expected a number > 0, got str '1'"),
    (dict(vmax=[1.0]), r"^vmax: expected a number > 0, got list"),
])
def test_draw_digits_refuses_the_wrong_kind_of_titles_and_vmax(plt, args, match):
    fig, axes = plt.subplots(2, 2)
    with pytest.raises(TypeError, match=match):
        draw_digits(axes, np.ones((64, 2)), **args)
    assert not any(ax.images for ax in axes.ravel())


def test_blank_images_are_drawn_blank(plt):
    fig, axes = plt.subplots(1, 2)
    images = draw_digits(axes, np.zeros((64, 2)), vmax=np.float32(2))
    assert all(im.get_clim() == (0.0, 2.0) for im in images)
    images = draw_digits(axes, np.zeros((64, 2)))  # no largest pixel to scale by: 0 to 1
    assert all(im.get_clim() == (0.0, 1.0) and not im.get_array().any() for im in images)


def test_draw_digits_wants_axes(plt):
    with pytest.raises(TypeError, match="^axes: expected matplotlib axes"):
        draw_digits("not axes", np.ones((64, 1)))


# ---- plot_confusion_matrix -----------------------------------------------------------------------------------

def test_every_non_zero_count_is_written_in_its_cell_and_zeros_are_blank(plt):
    counts = np.array([[5, 0, 1], [0, 7, 0], [2, 0, 4]])
    fig, ax = plt.subplots()
    texts = plot_confusion_matrix(ax, counts, labels=["a", "b", "c"])
    assert set(texts) == {(0, 0), (0, 2), (1, 1), (2, 0), (2, 2)}
    for (i, j), text in texts.items():
        assert text.get_text() == str(counts[i, j]) and text.get_position() == (j, i)
        assert text.get_gid() == f"count {i},{j}"
    colours = ax.images[0].get_array()
    assert np.allclose(colours[0, 1], 1.0) and np.allclose(colours[1, 0], 1.0)      # zero: white
    assert colours[0, 0, 2] > colours[0, 0, 0]   # right answers blue
    assert colours[2, 0, 0] > colours[2, 0, 2]   # mistakes orange
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"


@pytest.mark.parametrize("counts, labels, match", [
    (np.ones((2, 3)), None, r"^counts: expected a square matrix, got shape \(2, 3\)"),
    (np.array([[1, -1], [0, 1]]), None, "^counts: expected whole numbers >= 0"),
    (np.array([[1.5, 0], [0, 1]]), None, "^counts: expected whole numbers >= 0"),
    (np.eye(2), ["a"], "^labels: expected 2 class names, got 1"),
])
def test_plot_confusion_matrix_refuses_bad_input_naming_the_argument(plt, counts, labels, match):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=match):
        plot_confusion_matrix(ax, counts, labels)
    assert not ax.images and not ax.texts


def test_a_one_class_confusion_matrix_has_its_count_and_no_mistakes(plt):
    fig, ax = plt.subplots()
    texts = plot_confusion_matrix(ax, [[5]], labels=["a"])
    assert list(texts) == [(0, 0)] and texts[0, 0].get_text() == "5"


@pytest.mark.parametrize("ax, counts, labels, error, match", [
    ("grid", np.eye(2), None, ValueError, r"^ax: expected one matplotlib axes, got 4 of them"),
    ("text", np.eye(2), None, TypeError, r"^ax: expected matplotlib axes"),
    (None, np.eye(3), "abc", TypeError, r"^labels: expected a list of 3 class names, got str 'abc'"),
    (None, np.eye(2), 2, TypeError, r"^labels: expected a list of 2 class names, got int 2"),
    (None, [[1, 0], [2.5, 1]], None, ValueError, r"^counts: expected whole numbers >= 0, got 2.5 at index \(1, 0\)"),
    (None, [[1, -3], [0, 1]], None, ValueError, r"^counts: expected whole numbers >= 0, got -3.0 at index \(0, 1\)"),
])
def test_plot_confusion_matrix_names_the_axes_and_labels_it_refuses(plt, ax, counts, labels, error, match):
    fig, axes = plt.subplots(2, 2)
    given = {"grid": axes, "text": "axes", None: axes[0, 0]}[ax]
    with pytest.raises(error, match=match):
        plot_confusion_matrix(given, counts, labels)
    assert not any(a.images for a in axes.ravel())


# ---- plot_learning_curves ------------------------------------------------------------------------------------

def test_learning_curves_draw_every_run_and_the_highlighted_one_in_full(plt):
    epochs = np.arange(4)
    loss = {"training": np.array([[2.0, 1.0, 0.5, 0.2], [2.1, 1.1, 0.6, 0.3]]),
            "held-out": np.array([[2.0, 1.2, 0.8, 0.7], [2.2, 1.3, 0.9, 0.8]])}
    accuracy = {"training": np.array([[10, 80, 95, 99], [11, 81, 96, 100.0]]),
                "held-out": np.array([[10, 75, 90, 92], [9, 74, 89, 93.0]])}
    fig, (a, b) = plt.subplots(2)
    lines = plot_learning_curves(a, b, epochs, loss, accuracy, highlight=1)
    assert len(lines) == 8
    for (quantity, side, run), line in lines.items():
        values = (loss if quantity == "loss" else accuracy)[side][run]
        np.testing.assert_array_equal(line.get_ydata(), values)
        assert line.get_gid() == f"{side} {quantity} seed {run}"
        assert (line.get_alpha() == 1.0) == (run == 1)
    assert a.get_yscale() == "log" and b.get_yscale() == "linear"
    assert [t.get_text() for t in a.get_legend().get_texts()] == ["training", "held-out"]


@pytest.mark.parametrize("loss, accuracy, highlight, error, match", [
    ({"test": np.ones(3)}, {"training": np.ones(3)}, 0, ValueError, "^loss: expected a dict with keys among"),
    ({}, {"training": np.ones(3)}, 0, ValueError, "^loss: expected a dict with keys among"),
    (None, {"training": np.ones(3)}, 0, TypeError, r"^loss: expected a dict with keys among .*, got None"),
    ({"training": np.ones(2)}, {"training": np.ones(3)}, 0, ValueError,
     r"^loss\['training'\]: expected 3 values per run"),
    ({"training": np.zeros(3)}, {"training": np.ones(3)}, 0, ValueError,
     r"^loss\['training'\]: expected losses > 0 on a log scale, got 0.0 at index 0$"),
    ({"training": np.ones(3)}, {"held-out": np.full(3, 101.0)}, 0, ValueError,
     r"^accuracy\['held-out'\]: expected accuracies"),
    ({"training": np.ones(3)}, {"training": np.ones(3)}, 1, ValueError,
     "^highlight: expected a run from 0 to 0, got 1"),
    # the loss is fine and would be drawn first: nothing is, the accuracy being wrong
    ({"training": np.ones(3)}, [50, 50, 50], 0, TypeError, r"^accuracy: expected a dict .*, got list"),
    ({"training": np.ones(3)}, {"training": np.ones(2)}, 0, ValueError,
     r"^accuracy\['training'\]: expected 3 values per run"),
    ({"training": np.ones(3)}, {"training": [50, 50, -1]}, 0, ValueError,
     r"^accuracy\['training'\]: expected .* got -1.0"),
    ({"training": np.ones((2, 3)), "held-out": np.ones(3)}, {"training": np.ones((2, 3))}, 1, ValueError,
     "^highlight: expected a run from 0 to 0, got 1"),
])
def test_plot_learning_curves_refuses_bad_input_by_name_leaving_both_axes_empty(plt, loss, accuracy, highlight,
                                                                                error, match):
    fig, (a, b) = plt.subplots(2)
    with pytest.raises(error, match=match):
        plot_learning_curves(a, b, np.arange(3), loss, accuracy, highlight=highlight)
    assert not a.lines and not b.lines and a.get_legend() is None and a.get_yscale() == "linear"


def test_plot_learning_curves_names_the_axes_it_refuses(plt):
    fig, (a, b) = plt.subplots(2)
    ones = {"training": np.ones(3)}
    with pytest.raises(TypeError, match="^ax_loss: expected matplotlib axes"):
        plot_learning_curves("a", b, np.arange(3), ones, ones)
    with pytest.raises(ValueError, match="^ax_accuracy: expected one matplotlib axes, got 2 of them"):
        plot_learning_curves(a, [a, b], np.arange(3), ones, ones)
    with pytest.raises(ValueError, match="^ax_accuracy: expected axes other than ax_loss"):
        plot_learning_curves(a, a, np.arange(3), ones, ones)
    assert not a.lines and not b.lines


def test_a_numpy_integer_highlight_keys_the_lines_by_plain_ints(plt):
    fig, (a, b) = plt.subplots(2)
    two = {"training": np.ones((2, 3))}
    lines = plot_learning_curves(a, b, np.arange(3), two, {"training": np.full((2, 3), 50.0)}, highlight=np.int64(1))
    assert sorted(lines) == [("accuracy", "training", 0), ("accuracy", "training", 1),
                             ("loss", "training", 0), ("loss", "training", 1)]
    assert all(type(run) is int for _, _, run in lines)


# ---- the benchmark's pure parts, and what it shares with the chapter -----------------------------------------

def results_example():
    rows = [speed.result_row(key, label, goal, ratio, "detail", {"t": 0.1234567891})
            for (key, label, goal, _), ratio in zip(speed.MEASUREMENTS, [1.1436, 0.01734, 1.5, 0.5704])]
    return {"date": "2000-01-01", "machine": {}, "rounds": 5, "measurements": rows}


def test_a_result_row_rounds_the_ratio_and_says_whether_it_met_its_goal():
    row = speed.result_row("k", "label", 1.5, 1.50001, "d", {"a": 0.1234567891, "tiny": 3.6789e-7, "epochs": 40})
    # times to four significant digits: a time of a few tenths of a microsecond is not written as 0
    assert row == {"key": "k", "label": "label", "ratio": 1.5, "goal": 1.5, "met": False, "detail": "d",
                   "times": {"a": 0.1235, "tiny": 3.679e-7, "epochs": 40}}
    assert speed.result_row("k", "l", 1.0, 0.99, "d", {})["met"] is True
    assert speed.result_row("k", "l", 1.0, 1.0, "d", {})["met"] is True          # goal "≤ 1"
    assert speed.result_row("digits_sklearn", "l", 1.0, 1.0, "d", {})["met"] is False  # goal "< 1": faster
    assert speed.result_row("digits_sklearn", "l", 1.0, 0.999, "d", {})["met"] is True


def test_the_readme_table_has_one_row_per_measurement_with_its_ratio_and_goal():
    table = speed.readme_table(results_example()).splitlines()
    assert table[:2] == ["| measurement | ratio | goal |", "| --- | --- | --- |"]
    assert [row.split(" | ")[1:] for row in table[2:]] == [["1.14", "≤ 1.3 |"], ["0.017", "≤ 1.3 |"],
                                                          ["1.5", "≤ 1.5 |"], ["0.57", "< 1 |"]]


def test_the_plain_loop_computes_what_the_library_computes_on_the_chapter_s_digits():
    import backprop_lib as bl

    x_train, _, _, _, y_train = speed.digits_split()
    x, y = x_train[:, :200], y_train[:, :200]
    net = bl.Network.random(speed.SIZES, speed.ACTIVATION, seed=3)
    run = bl.train(net, x, y, speed.LR, epochs=2, batch_size=speed.BATCH, loss="ce", seed=5, optimizer=bl.Adam())
    plain = speed.plain_digits(net.W[1], net.b[1], net.W[2], net.b[2], x, y, speed.LR, speed.BATCH, 2,
                               np.random.default_rng(5))
    np.testing.assert_allclose(run.losses, plain, rtol=1e-10, atol=0)


def test_mlp_classifier_is_set_up_as_the_chapter_sets_bl_train():
    clf = speed.mlp_classifier(seed=3)
    p = clf.get_params()
    assert p["hidden_layer_sizes"] == (32,) and p["activation"] == "logistic" and p["solver"] == "adam"
    assert (p["learning_rate_init"], p["batch_size"], p["max_iter"], p["alpha"]) == (
        speed.LR, speed.BATCH, speed.EPOCHS, 0.0)
    assert p["tol"] == 0.0 and p["n_iter_no_change"] >= p["max_iter"] and p["random_state"] == 3
    assert not p["early_stopping"]


def test_the_benchmark_measures_the_chapter_s_data_and_settings():
    glued = glued_values(ROOT / "lessons" / "11_digits.ipynb")
    assert glued["test_size"] == speed.TEST_SIZE and glued["split_seed"] == speed.SPLIT_SEED
    assert glued["val_size"] == speed.VAL_SIZE and glued["val_seed"] == speed.VAL_SEED
    assert glued["scale"] == speed.SCALE
    assert (glued["lr"], glued["batch"], glued["epochs"]) == (speed.LR, speed.BATCH, speed.EPOCHS)
    x_train, x_test, t_train, t_test, y_train = speed.digits_split()
    assert (x_train.shape[1], x_test.shape[1]) == (glued["n_train"], glued["n_test"])
    assert x_train.shape[0] == 64 and np.array_equal(y_train.argmax(axis=0), t_train)


# ---- results.json, the README and the chapter agree -----------------------------------------------------------

RESULTS = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))


def test_results_json_holds_every_measurement_the_machine_and_the_date():
    assert [row["key"] for row in RESULTS["measurements"]] == [key for key, *_ in speed.MEASUREMENTS]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", RESULTS["date"])
    assert {"processor", "cores", "python", "numpy", "scikit-learn"} <= set(RESULTS["machine"])
    for row in RESULTS["measurements"]:
        if row["ratio"] != row["goal"]:  # a ratio rounded onto its goal may have been just above or below it
            assert row["met"] == (row["ratio"] < row["goal"])


def test_the_readme_s_speed_table_is_the_one_results_json_gives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert speed.readme_table(RESULTS) in readme, "README's speed table differs from benchmarks/results.json"


def test_the_chapter_shows_the_times_of_results_json():
    glued = glued_values(ROOT / "lessons" / "11_digits.ipynb")
    vs = next(row for row in RESULTS["measurements"] if row["key"] == "digits_sklearn")
    assert glued["time_ratio"] == vs["ratio"]
    assert glued["time_lib"] == vs["times"]["backprop_lib_s"]
    assert glued["time_sk"] == vs["times"]["mlpclassifier_s"]
