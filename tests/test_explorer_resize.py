"""Resizing the page: an explorer that watches its own size (a ResizeObserver) redraws at the new
width without a "ResizeObserver loop" error, which Chromium reports when an observer's callback
changes the size of what it observes in the same frame (chapter 4's page logged three)."""

import pytest

from backprop_lib.explorers import LearningRateExplorer, NetworkStepper, NeuronExplorer, XorExplorer
from browsing import open_bare

#: A phone, a tablet, a laptop and back: every change of width a reader's window makes.
WIDTHS = [390, 700, 1280, 360, 1000, 390]

#: Resolves after two frames: by then every observer has seen the new size, and any loop error
#: it caused has been reported.
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("explorer", [LearningRateExplorer, NetworkStepper, NeuronExplorer, XorExplorer],
                         ids=lambda cls: cls.__name__)
def test_resizing_the_page_redraws_without_a_resize_loop_error(explorer, browser, tmp_path):
    page, problems = open_bare(browser, explorer(), tmp_path)
    for width in WIDTHS:
        for height in (900, 700):  # a width and a height change, as a rotating phone makes
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate(TWO_FRAMES)
    page.evaluate(TWO_FRAMES)
    page.close()
    assert not problems, problems
