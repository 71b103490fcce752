// Typesets the book's TeX when the book is built, with MathJax 3's own TeX input and CommonHTML
// output (npm's mathjax-full, the same version as the MathJax the pages used to load), so that a
// page arrives with its maths already drawn and a reader's browser runs no MathJax at all.
// book/_ext/prerendered_math.py starts this once per build and talks to it on stdin/stdout,
// one JSON object a line:
//   {"tex": "...", "display": true}   ->  {"html": "<mjx-container ...>...</mjx-container>"}
//                                         or {"error": "the TeX error, as MathJax words it"}
//   {"stylesheet": true}              ->  {"css": "..."}: every rule the formulas typeset so far
//                                         need (the characters of every page: one file for all)
// Each formula carries MathJax's hidden MathML copy for screen readers (mjx-assistive-mml), as
// the MathJax the pages loaded gave them.
const readline = require('readline');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {CHTML} = require('mathjax-full/js/output/chtml.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AssistiveMmlHandler} = require('mathjax-full/js/a11y/assistive-mml.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');

const fontURL = process.argv[2];  // where the pages find MathJax's fonts, relative to the stylesheet
const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
// every TeX package but the two that load packages while a browser typesets (all are loaded
// here), and noundefined, which draws an unknown macro's name in red where it should be an error
const packages = AllPackages.filter((name) => !['autoload', 'require', 'noundefined'].includes(name));
// an undefined macro or a TeX error is an error of the build, not red text on the page
const tex = new TeX({packages, formatError: (jax, err) => { throw err; }});
const chtml = new CHTML({fontURL});
const doc = mathjax.document('', {InputJax: tex, OutputJax: chtml});

const reply = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
readline.createInterface({input: process.stdin}).on('line', (line) => {
  const ask = JSON.parse(line);
  if (ask.stylesheet) {
    reply({css: adaptor.textContent(chtml.styleSheet(doc))});
    return;
  }
  try {
    const node = doc.convert(ask.tex, {display: ask.display});
    // a formula wider than its line scrolls sideways in its own box (book.css, the theme): one
    // keyboard stop each, as the MathJax the pages loaded made every formula
    adaptor.setAttribute(node, 'tabindex', '0');
    reply({html: adaptor.outerHTML(node)});
  } catch (err) {
    reply({error: String(err.message || err)});
  }
});
