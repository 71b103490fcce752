// Name the theme's buttons by what they show (WCAG 2.5.3, label in name): the search buttons
// show "Search Ctrl+K", the colour-mode button its mode's name and the toggles of hidden code
// cells "Show code cell source", which their labels omit.
(function () {
  function visibleText(el) {
    return (el.innerText || "").replace(/\s+/g, " ").trim();
  }
  function nameButtons() {
    document.querySelectorAll(".search-button__button").forEach(function (button) {
      var shown = visibleText(button);
      button.setAttribute("aria-label", shown && shown !== "Search" ? shown : "Search");
    });
    // the toggles of hidden code cells ("Show code cell source"): named by what they show
    document.querySelectorAll("details > summary[aria-label]").forEach(function (summary) {
      var shown = visibleText(summary);
      if (shown) summary.setAttribute("aria-label", shown);
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      var titles = Array.from(button.querySelectorAll("svg title, [title]"))
        .map(function (t) { return t.textContent || t.getAttribute("title"); })
        .filter(Boolean);
      button.setAttribute("aria-label", titles.length ? "Color mode: " + titles.join(", ") : "Color mode");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameButtons);
  } else {
    nameButtons();
  }
  window.addEventListener("load", nameButtons);
})();
