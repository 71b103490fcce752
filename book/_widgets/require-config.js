// Loaded after require.js and before the html-manager's embed-amd.js on pages that hold widgets,
// all three deferred (myst-nb's nb_ipywidgets_js, set in _config.yml). Everything the widgets
// need is served from this folder of the build, so the explorers work offline, from file:// too,
// with no kernel.
(function () {
  // This folder, at any page depth: the URL this script itself was loaded from.
  var here = new URL('./', document.currentScript.src).href.replace(/\/$/, '');
  window.requirejs.config({
    paths: {
      // embed-amd.js finds its fonts under this module path; without it they are fetched from a CDN.
      '@jupyter-widgets/html-manager/dist': here,
      // anywidget's AMD module, copied from the installed Python package; unmapped, the
      // html-manager would ask a CDN for it.
      anywidget: here + '/anywidget'
    }
  });
  // MathJax 3 has no Hub, but @jupyter-widgets/base typesets widget descriptions through
  // MathJax.Hub.Queue(['Typeset', MathJax.Hub, element]). Answer those calls with MathJax 3's own
  // typesetPromise. The widgets are drawn as soon as the page is parsed (the scripts are
  // deferred, MathJax's before these), so the answer is set up now; and again on `load`, should
  // MathJax come later.
  function mathJaxHub() {
    var mj = window.MathJax;
    if (!mj || mj.Hub) return;
    mj.Hub = {
      Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var call = arguments[i];
          if (Array.isArray(call) && call[0] === 'Typeset' && call[2] && mj.startup) {
            mj.startup.promise.then(function (el) { return function () { return mj.typesetPromise([el]); }; }(call[2]));
          }
        }
      }
    };
  }
  mathJaxHub();
  window.addEventListener('load', mathJaxHub);

  // Each explorer's still picture (book/_ext/first_paint.py) stands before it until it is drawn;
  // book.css hides it then (:has). Where a browser knows no :has, the picture is removed here.
  if (!(window.CSS && CSS.supports && CSS.supports('selector(:has(*))'))) {
    new MutationObserver(function () {
      document.querySelectorAll('.widget-subarea .bp-explorer').forEach(function (drawn) {
        var area = drawn.closest('.widget-subarea'), before = area && area.previousElementSibling;
        if (before && before.classList.contains('bp-preview')) before.remove();
      });
    }).observe(document.documentElement, {childList: true, subtree: true});
  }
})();
