// Loaded after require.js and before the html-manager's embed-amd.js on pages that hold widgets
// (myst-nb's nb_ipywidgets_js, set in _config.yml). Everything the widgets need is served from this
// folder of the build, so the explorers work offline, from file:// too, with no kernel.
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
  // typesetPromise. Registered now, so it runs on `load` before embed-amd.js renders the widgets.
  window.addEventListener('load', function () {
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
  });
})();
