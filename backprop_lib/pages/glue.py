"""Tying computed numbers into the book's prose.

A lesson never types a computed number into its text: it glues the value with myst-nb and
the sentence shows it with a role such as ``{glue:text}`yhat:.4f```.
"""

from __future__ import annotations

import numpy as np

from .._validate import ANY_NDIM, as_array, number, whole_number

#: Glued values are rounded to this many significant digits: far beyond what the prose shows,
#: and far enough from the last bits of a float that another BLAS build stores the same text.
GLUE_DIGITS = 12


def glue_number(name: str, value) -> float:
    """Glue ``value`` (a number or one-element array) under ``name`` for the prose, without
    displaying it, as a plain Python float. Returns the glued float."""
    from myst_nb import glue

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


def glued_values(notebook) -> dict:
    """Every number a stored notebook glued, ``{name: float}``, read from its saved outputs.

    Lets one chapter set its results beside the values another chapter computed step by
    step, without recomputing or retyping them."""
    import json
    from pathlib import Path

    if not isinstance(notebook, (str, Path)):
        raise TypeError(f"notebook: expected the path of a stored .ipynb, got {type(notebook).__name__}")
    path = Path(notebook)
    if not path.is_file():
        raise ValueError(f"notebook: expected the path of a stored .ipynb, got {str(path)!r}")
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

    Raises ``ValueError`` for zero or a non-finite value (no power of ten to write)."""
    value = number("value", value)
    digits = whole_number("digits", digits, minimum=0)
    if value == 0:
        raise ValueError(f"value: expected a finite non-zero number, got {value}")
    exponent = int(np.floor(np.log10(abs(value))))
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
    from myst_nb import glue

    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name: expected a glue name made of letters, digits and _, got {name!r:.40}")
    text = power_of_ten_text(value, digits)
    glue(name, Markdown(f"${text}$"), display=False)
    return text
