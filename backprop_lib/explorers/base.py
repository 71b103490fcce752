"""The base class of every explorer: its JavaScript, its stylesheet, a stable text form."""

from __future__ import annotations

from pathlib import Path

import anywidget

HERE = Path(__file__).resolve().parent


class Explorer(anywidget.AnyWidget):
    """An anywidget widget whose JavaScript is ``common.js`` followed by its own file.

    A subclass names its JavaScript file in ``_js`` (a file beside this one, say ``"answer.js"``,
    whose ``export default`` has a ``render({model, el})``), and lists in ``_shown`` the traits its
    text form shows. ``common.js`` gives every explorer the same number format (a true minus sign),
    slider and SVG helpers; ``explorers.css`` the same look, in the light and the dark colour mode,
followed by the subclass's own stylesheet if it names one in ``_style``.

    The text form (``repr``) holds no memory address, so a stored output stays byte-identical
    from run to run and nbval compares it like any other output.
    """

    _js: str = ""
    _style: str = ""
    _shown: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        # Only where _js is set: ipywidgets' add_traits makes a subclass of each instance's class,
        # which must not set _esm again over the trait anywidget made of it.
        if "_js" in cls.__dict__:
            cls._esm = (HERE / "common.js").read_text() + "\n" + (HERE / cls._js).read_text()
            cls._css = (HERE / "explorers.css").read_text() + ("\n" + (HERE / cls._style).read_text() if cls._style else "")
        super().__init_subclass__(**kwargs)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__name__}({shown})"
