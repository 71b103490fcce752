"""Tying computed numbers into the book's prose.

A lesson never types a computed number into its text: it glues the value with myst-nb and
the sentence shows it with a role such as ``{glue:text}`yhat:.4f```. Without myst-nb (a lesson
run outside the book) the same output is written all the same: the lesson runs, and stores
what it would have stored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from .._validate import ANY_NDIM, as_array, number, whole_number

#: Glued values are rounded to this many significant digits: far beyond what the prose shows,
#: and far enough from the last bits of a float that another BLAS build stores the same text.
GLUE_DIGITS = 12


#: What myst-nb puts before the MIME types of a value glued without being displayed.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value, display: bool = True) -> None:
    """Glue ``value`` under ``name`` for the prose: myst-nb's ``glue`` when myst-nb is installed;
    without it, the very output myst-nb's ``glue`` writes (the value's display formats, under
    ``GLUE_PREFIX`` when not displayed, with ``{"scrapbook": {"name", "mime_prefix"}}`` in the
    output's metadata), so that a lesson run outside the book stores the same outputs, and
    :func:`glued_values` reads them the same."""
    try:
        from myst_nb import glue as myst_nb_glue
    except ImportError:
        myst_nb_glue = _glue_without_myst_nb
    myst_nb_glue(name, value, display=display)


def _glue_without_myst_nb(name: str, value, display: bool = True) -> None:
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipython_display

    mimebundle, metadata = format_display_data(value)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=mime_prefix)
    ipython_display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


def glue_number(name: str, value) -> float:
    """Glue ``value`` (a number or one-element array) under ``name`` for the prose, without
    displaying it, as a plain Python float. Returns the glued float."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name: expected a glue name made of letters, digits and _, got {name!r:.40}")
    arr = as_array("value", value, ndim=ANY_NDIM, finite=False)
    if arr.size != 1 or not np.isfinite(arr).all():
        raise ValueError(f"value: expected one finite number for {name!r}, got {value!r:.60}")
    number = float(f"{float(arr.reshape(())):.{GLUE_DIGITS}g}") + 0.0  # + 0.0 turns -0.0 into 0.0
    glue(name, number, display=False)
    return number


def glue_numbers(prefix: str = "", **values) -> None:
    """Glue several numbers at once: ``glue_numbers(z=z, yhat=yhat)`` glues ``z`` and ``yhat``
    (with ``prefix`` before each name)."""
    if not isinstance(prefix, str):
        raise TypeError(f"prefix: expected a string, got {type(prefix).__name__}")
    for name, value in values.items():
        glue_number(prefix + name, value)


def running_notebook() -> Path | None:
    """The file of the notebook whose kernel runs this code, where its front end says so:
    Jupyter's server (``JPY_SESSION_NAME``, which IPython also keeps as ``__session__``) and
    VS Code (``__vsc_ipynb_file__``). ``None`` elsewhere (a script, nbclient, nbval)."""
    names = [os.environ.get("JPY_SESSION_NAME")]
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    if shell is not None:
        names += [shell.user_ns.get("__session__"), shell.user_ns.get("__vsc_ipynb_file__")]
    for name in names:
        if isinstance(name, str) and name.endswith(".ipynb") and Path(name).is_absolute() and Path(name).is_file():
            return Path(name)
    return None


def lesson_folders() -> list[Path]:
    """Where a lesson's sibling lessons are looked for, first to last: the running notebook's
    own folder (:func:`running_notebook`), the current folder (where Jupyter, nbclient, nbval
    and the book's Colab cell start a lesson's kernel), and the ``lessons/`` folder of the
    repository that holds this library (a working copy, installed editable or put on
    ``sys.path``)."""
    notebook = running_notebook()
    folders = [notebook.parent] if notebook else []
    folders += [Path.cwd(), Path(__file__).resolve().parents[2] / "lessons"]
    return list(dict.fromkeys(folders))


def find_lesson(notebook) -> Path:
    """The stored notebook ``notebook`` names: the path itself when absolute, otherwise the
    first of :func:`lesson_folders` that holds it, so that a lesson finds its siblings, such as
    ``find_lesson("05_network_222.ipynb")``, wherever its kernel was started."""
    if not isinstance(notebook, (str, Path)):
        raise TypeError(f"notebook: expected the path of a stored .ipynb, got {type(notebook).__name__}")
    path = Path(notebook)
    if path.is_absolute():
        if path.is_file():
            return path
        raise ValueError(f"notebook: expected the path of a stored .ipynb, got {str(path)!r}, which is no file")
    folders = lesson_folders()
    for folder in folders:
        if (folder / path).is_file():
            return folder / path
    raise ValueError(f"notebook: expected the path of a stored .ipynb, got {str(path)!r}, which none of these "
                     f"folders holds: {', '.join(str(folder) for folder in folders)}")


def glued_values(notebook) -> dict:
    """Every number a stored notebook glued, ``{name: float}``, read from its saved outputs.
    A relative path is looked up with :func:`find_lesson`: beside the running lesson first.

    Lets one chapter set its results beside the values another chapter computed step by
    step, without recomputing or retyping them."""
    import json

    path = find_lesson(notebook)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        outputs = [out for cell in cells if cell["cell_type"] == "code" for out in cell.get("outputs", [])]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ValueError(f"notebook: expected a stored .ipynb (JSON with code cells), got {str(path)!r} ({err!r:.80})") \
            from None
    values = {}
    for out in outputs:
        record = out.get("metadata", {}).get("scrapbook") if isinstance(out, dict) else None
        if not record:
            continue
        text = out.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
        try:
            values[record["name"]] = float(text)
        except (KeyError, TypeError, ValueError):
            continue  # a glued table or figure, not a number
    return values


def order_of_magnitude(value) -> float:
    r"""``value`` rounded to the nearest power of ten, :math:`10^{\operatorname{round}(\log_{10}|v|)}`.

    For numbers at the level of round-off, such as a finite-difference check's error: their
    digits differ from one machine to another, their order of magnitude does not."""
    value = abs(number("value", value))
    if value == 0:
        raise ValueError(f"value: expected a finite non-zero number, got {value}")
    return float(10.0 ** np.round(np.log10(value)))


def power_of_ten_text(value, digits: int = 1) -> str:
    r"""``value`` written for the prose as LaTeX: :math:`m \times 10^{e}` with ``digits``
    places in :math:`m` (:math:`1 \le |m| < 10`), or :math:`10^{e}` alone when :math:`m`
    rounds to 1. ``power_of_ten_text(1.93e-10)`` is ``"1.9 \times 10^{-10}"``.

    Exact to a double's ends (5e-324 is :math:`4.9 \times 10^{-324}`). Raises ``ValueError``
    for zero or a non-finite value (no power of ten to write)."""
    value = number("value", value)
    digits = whole_number("digits", digits, minimum=0)
    if value == 0:
        raise ValueError(f"value: expected a finite non-zero number, got {value}")
    exponent = int(np.floor(np.log10(abs(value))))
    if abs(exponent) > 300:  # 10^e is subnormal, 0 or inf out there: Python's exact rounding writes it
        mantissa_text, exponent_text = f"{value:.{digits}e}".split("e")
        mantissa, exponent = float(mantissa_text), int(exponent_text)
    else:
        mantissa = round(value / 10.0 ** exponent, digits)
    if abs(mantissa) >= 10:  # 9.96 rounds up to 10.0: write 1.0 × 10^(e + 1)
        mantissa, exponent = mantissa / 10, exponent + 1
    sign = "-" if mantissa < 0 else ""
    if abs(mantissa) == 1:
        return f"{sign}10^{{{exponent}}}"
    return f"{mantissa:.{digits}f} \\times 10^{{{exponent}}}"


def glue_power(name: str, value, digits: int = 1) -> str:
    r"""Glue ``value`` under ``name`` as inline math for the prose, written by
    :func:`power_of_ten_text` (:math:`1.9 \times 10^{-10}`): a small number that a plain
    ``1.9e-10`` would let a phone break at its sign. Shown with ``{glue:md}`name```. Returns
    the LaTeX."""
    from IPython.display import Markdown

    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name: expected a glue name made of letters, digits and _, got {name!r:.40}")
    text = power_of_ten_text(value, digits)
    glue(name, Markdown(f"${text}$"), display=False)
    return text
