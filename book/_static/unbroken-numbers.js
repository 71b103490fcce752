// A number in a table stays on one line: a narrow column on a phone would otherwise break
// 1.250e-01 after its minus sign, or 12,345 after its comma. Each cell whose whole text is one
// number gets the class bp-number (book.css: white-space: nowrap); cells of words still wrap.
(function () {
  var NUMBER = /^[-\u2212+]?(\d[\d,]*)?\.?\d+(e[-\u2212+]?\d+)?%?$/i;
  function mark() {
    document.querySelectorAll("article td, article th").forEach(function (cell) {
      if (NUMBER.test(cell.textContent.trim())) cell.classList.add("bp-number");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
