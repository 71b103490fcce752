"""Sphinx extension: pages that read on a phone's narrow screen.

book.css lets a picture, table or equation wider than the screen scroll sideways in its own
box, so the page itself never does. Two small scripts (in book/_static) finish the job:

- ``scroll-cues.js`` puts a line above each such box while it is wider than it shows ("This
  picture is wider than the screen: swipe it sideways to see the rest"), so that half a
  figure is never taken for the whole;
- ``unbroken-numbers.js`` keeps each number in a table on one line: a narrow column would
  otherwise break ``1.250e-01`` after its minus sign.

tests/test_book.py checks both on every page at 390 px.
"""


def setup(app):
    app.add_js_file("scroll-cues.js", loading_method="defer")
    app.add_js_file("unbroken-numbers.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
