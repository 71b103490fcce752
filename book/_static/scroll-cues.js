// On a narrow screen, a picture, table or equation wider than the screen scrolls sideways in its
// own box (book.css). This says so: a line just above each box that is wider than it shows, in
// words, which way the rest is. It is shown only while the box overflows (checked again when
// the window is resized and once the fonts, MathJax's too, have come), so a wide screen shows none. Code boxes
// and the explorers (which have their own cue), with their still pictures, are left alone.
(function () {
  var BOXES = [
    "div.cell.tag_wide-figure div.cell_output",
    "div.cell_output div.output",
    "div.cell_output div.text_html",
    "article div.output.text_html",
    "div.table-wrapper",
    "div.pst-scrollable-table-container",
    "article table.dataframe",
    "article div.math",
    'article mjx-container[display="true"]',
  ].join(", ");  // not a formula within a line (span.math): one too long for a phone is set apart
  // in the source as a displayed equation instead

  function kind(box) {
    if (box.querySelector("img, svg:not(mjx-container svg)")) return "This picture";
    if (box.matches("table") || box.querySelector("table")) return "This table";
    if (box.matches("div.math, mjx-container") || box.querySelector("mjx-container")) return "This equation";
    return "This output";
  }

  // Wider than it shows: something drawn in it reaches past its right edge by more than 4 px
  // (a hat or a slanted letter may overhang its box by a pixel or two, which hides nothing).
  // Not scrollWidth alone: MathJax's hidden copy of each formula for screen readers
  // (mjx-assistive-mml) widens a box's scrollWidth with nothing to see.
  function overflows(box) {
    if (box.scrollWidth <= box.clientWidth + 1) return false;
    var edge = box.getBoundingClientRect().left + box.clientLeft + box.clientWidth + 4;
    var parts = box.querySelectorAll("*");
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].closest("mjx-assistive-mml")) continue;
      var r = parts[i].getBoundingClientRect();
      if (r.width > 0 && r.right > edge) return true;
    }
    return false;
  }

  // The cue goes above the outermost box (an equation's div.math, not its mjx-container).
  function anchor(box) {
    var outer = box;
    for (var e = box.parentElement; e && e !== document.body; e = e.parentElement) {
      if (e.matches(BOXES)) outer = e;
    }
    return outer;
  }

  function update() {
    var wide = new Map();  // anchor -> whether a box in it is wider than it shows
    document.querySelectorAll(BOXES).forEach(function (box) {
      // an explorer (or its still picture until it is drawn) says so itself
      if (box.closest(".bp-explorer, pre, .cell_input") || box.querySelector(".bp-explorer, .bp-preview")) return;
      var at = anchor(box);
      wide.set(at, wide.get(at) || overflows(box));
    });
    wide.forEach(function (isWide, at) {
      var cue = at.previousElementSibling;
      var has = cue && cue.classList.contains("bp-scroll-cue");
      if (!isWide && !has) return;
      if (!has) {
        cue = document.createElement("p");
        cue.className = "bp-scroll-cue";
        cue.textContent = kind(at) + " is wider than the screen: swipe it sideways to see the rest \u2192";
        at.parentNode.insertBefore(cue, at);
      }
      cue.hidden = !isWide;
    });
    // the width the cues are now right for (the page test waits for it after a resize)
    document.documentElement.dataset.scrollCues = String(window.innerWidth);
  }

  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; update(); });
  }

  function start() {
    update();
    window.addEventListener("resize", soon);
    window.addEventListener("load", soon);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(soon);  // a formula widens as its font comes
    if (window.ResizeObserver) {
      var article = document.querySelector("article") || document.body;
      new ResizeObserver(soon).observe(article);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
