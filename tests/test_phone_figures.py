"""On a phone (390 px wide, a 358 px column), the plots' type is large enough to read, the
computational graphs show whole (``draw_graph`` draws each twice, wide and wrapped; book.css
shows one by the screen's width) and the book's own pages' display equations fit the column.

A page shrinks a plot to its column, and its type with it: the type of a plot shows at
``points / 72 * (px an inch) * (shown width / own width)`` CSS px. The test measures what it can
in the built book, in Chromium at 390 px: each plot's shown width and its own width (its PNG's
pixels, stored at twice its CSS size), and its px an inch from the PNG itself (the pHYs chunk
matplotlib writes, twice the figure's dpi); the points are the smallest type size the book's
style sets (``pages.style()``). Drawings of networks and graphs (cells tagged ``wide-figure``)
keep their own size on a phone and are left out.
"""

from io import BytesIO
from urllib.request import urlopen

import matplotlib
import pytest
from PIL import Image

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from backprop_lib.autograd import Value  # noqa: E402
from backprop_lib.pages.graphs import draw_graph  # noqa: E402
from backprop_lib.pages.look import PHONE_WIDTH  # noqa: E402
from geometry import apart, corners  # noqa: E402

from test_book import PAGES, WAIT_FOR_MATH, toc_files  # noqa: E402

#: Smallest type, in CSS px, a phone shows readably (the body's is 16 px).
SMALLEST_PX = 10

PLOTS = """() => Array.from(document.querySelectorAll('article div.cell_output img'))
    .filter(i => !i.closest('div.cell.tag_wide-figure') && i.getBoundingClientRect().width > 0)
    .map(i => ({src: i.src, shown: i.getBoundingClientRect().width, natural: i.naturalWidth}))"""

# Display equations (MathJax 3 breaks none by itself): their typeset width against their box's.
EQUATIONS = """() => Array.from(document.querySelectorAll('article mjx-container[display="true"]'))
    .map(m => ({math: m.querySelector('mjx-math').getBoundingClientRect().width,
                box: m.getBoundingClientRect().width,
                tex: (m.querySelector('mjx-assistive-mml math') || {getAttribute: () => ''}).getAttribute('alttext')
                     || m.textContent.slice(0, 60)}))"""


def smallest_points() -> float:
    """The smallest type size, in points, of a plot drawn in the book's style."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    from backprop_lib import pages

    pages.style()
    keys = ["font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
            "legend.fontsize"]
    return min(FontProperties(size=mpl.rcParams[key]).get_size_in_points() for key in keys)


def plot_type_px(page, points: float) -> list[tuple[str, float]]:
    """``(image, px)`` for every plot on ``page`` as shown now: the CSS px its ``points`` type
    shows at."""
    found = []
    for plot in page.evaluate(PLOTS):
        png = Image.open(BytesIO(urlopen(plot["src"]).read()))
        dpi = png.info["dpi"][0]  # stored pixels an inch: twice the CSS px an inch
        own_css_width = plot["natural"] / 2
        found.append((plot["src"].rsplit("/", 1)[-1], points / 72 * dpi / 2 * plot["shown"] / own_css_width))
    return found


LESSONS = [name for name in toc_files() if name.startswith("lessons/")]


@pytest.mark.parametrize("lesson", LESSONS)
def test_plot_type_reads_on_a_phone(lesson, book_server, browser):
    points = smallest_points()
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(f"{book_server}/{lesson}.html", wait_until="load")
        found = plot_type_px(page, points)
    finally:
        page.close()
    small = [f"{name}: {px:.1f} px" for name, px in found if px < SMALLEST_PX]
    assert not small, f"{lesson}: {points:g} pt plot type shows under {SMALLEST_PX} px at 390 px: {small}"


BOOK_PAGES = [name for name in PAGES if name.startswith("book/")]


@pytest.mark.parametrize("page_name", BOOK_PAGES)
def test_display_equations_of_the_books_pages_fit_a_phone(page_name, book_server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(f"{book_server}/{page_name}.html", wait_until="load")
        assert page.evaluate(WAIT_FOR_MATH), f"{page_name}: MathJax never loaded"
        equations = page.evaluate(EQUATIONS)
    finally:
        page.close()
    wide = [f"{e['tex'][:60]!r}: {e['math']:.0f} px in {e['box']:.0f}" for e in equations if e["math"] > e["box"] + 1]
    assert not wide, f"{page_name}: display equations wider than a phone's column: {wide}"


def neuron_and_two_uses():
    """Chapter 2's two graphs: a neuron's loss, and a weight used twice; after their backward pass."""
    x, w, b, y = Value(0.5, "x"), Value(0.3, "w"), Value(0.1, "b"), Value(1.0, "y")
    neuron = ((w * x + b).sigmoid() - y).half_square()
    w2, x1, x2 = Value(0.3, "w"), Value(0.5, "x1"), Value(1.5, "x2")
    twice = ((w2 * x1 + w2 * x2) - y).half_square()
    for loss in (neuron, twice):
        loss.backward()
    return neuron, twice


@pytest.mark.parametrize("backward", [False, True])
@pytest.mark.parametrize("which", [0, 1])
def test_a_wide_graph_is_drawn_again_wrapped_to_a_phones_width_with_every_number(which, backward):
    plt.close("all")
    loss = neuron_and_two_uses()[which]
    wide = draw_graph(loss, backward=backward, title="A title as long as chapter two's longest, in one line")
    current = plt.gcf()
    figures = [plt.figure(n) for n in plt.get_fignums()]
    assert len(figures) == 2, "a drawing wider than a phone is drawn a second time, wrapped"
    # a notebook shows its figures from the least to the most recently current: the wide one first
    assert figures[0] is wide.figure and current is figures[1], "the wide drawing shows first"
    wrapped = figures[1].axes[0]
    assert figures[0].get_size_inches()[0] > PHONE_WIDTH >= figures[1].get_size_inches()[0]
    texts = {ax: {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()} for ax in (wide, wrapped)}
    assert texts[wrapped] == texts[wide], "the wrapped drawing shows every number of the wide one"
    renderer = figures[1].canvas.get_renderer()
    boxes = [(t.get_gid(), corners(t, renderer)) for t in wrapped.texts if t.get_gid() and t.get_text()]
    clash = [(a, b) for i, (a, ca) in enumerate(boxes) for b, cb in boxes[i + 1:] if not apart(ca, cb)]
    assert not clash, f"texts of the wrapped drawing overlap: {clash}"
    inside = figures[1].bbox
    out = [gid for gid, c in boxes if min(p[0] for p in c) < inside.x0 - 1 or max(p[0] for p in c) > inside.x1 + 1]
    assert not out, f"texts of the wrapped drawing cut at its edges: {out}"
    # the operations stand in two rows or more, each row's from left to right in the order they compute
    ops = [t for t in wrapped.texts if (t.get_gid() or "").startswith("op ")]
    rows = {}
    for t in ops:
        rows.setdefault(round(t.get_position()[1], 6), []).append(t)
    assert len(rows) >= 2, "the spine wraps onto a second row"
    order = [t.get_gid() for _, row in sorted(rows.items(), reverse=True) for t in sorted(row, key=lambda t: t.get_position()[0])]
    wide_order = [t.get_gid() for t in sorted((t for t in wide.texts if (t.get_gid() or "").startswith("op ")
                                                and abs(t.get_position()[1]) < 1e-9), key=lambda t: t.get_position()[0])]
    rest = iter(order)
    assert all(gid in rest for gid in wide_order), f"the spine keeps its order, row after row: {order}"
    plt.close("all")


def test_wrapping_where_a_wire_other_than_the_spine_would_cross_rows_is_refused():
    twice = neuron_and_two_uses()[1]
    with pytest.raises(ValueError, match="per_row: expected a number of columns"):
        draw_graph(twice, per_row=1)  # the weight's slanting wire would leave its row
    plt.close("all")


# Each computational graph of chapter 2 (a wide-figure cell with two pictures): the picture
# shown, its width, its box's, and its own width (PNG pixels, twice its CSS size).
GRAPHS = """() => Array.from(document.querySelectorAll('div.cell.tag_wide-figure div.cell_output'))
    .filter(o => o.querySelectorAll('img').length === 2)
    .map(o => Array.from(o.querySelectorAll('img')).map(i => ({
        src: i.src, shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
        right: i.getBoundingClientRect().right, edge: o.getBoundingClientRect().right,
        scrolls: o.scrollWidth > o.clientWidth + 1})))"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chapter_2s_graphs_show_whole_on_a_phone_and_wide_on_a_laptop(width, book_server, browser):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{book_server}/lessons/02_computational_graph.html", wait_until="load")
        graphs = page.evaluate(GRAPHS)
    finally:
        page.close()
    assert len(graphs) == 3, f"chapter 2 draws three graphs, each twice; found {len(graphs)}"
    for wide, wrapped in graphs:
        assert wide["natural"] > wrapped["natural"], "the wide drawing comes first, then the wrapped one"
        shown = [picture for picture in (wide, wrapped) if picture["shown"] > 0]
        assert shown == [wrapped if width == 390 else wide], f"at {width} px one picture shows, the right one"
        picture = shown[0]
        assert picture["right"] <= picture["edge"] + 1 and not picture["scrolls"], f"cut at {width} px: {picture}"
        dpi = Image.open(BytesIO(urlopen(picture["src"]).read())).info["dpi"][0]
        px = 9 / 72 * dpi / 2 * picture["shown"] / (picture["natural"] / 2)  # its numbers are 9 pt
        assert px >= SMALLEST_PX, f"the graph's 9 pt numbers show at {px:.1f} px at {width} px"
