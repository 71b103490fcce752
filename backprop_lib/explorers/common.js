// Shared by every explorer: number format, HTML and SVG helpers, the slider (base.py puts it first in
// each explorer's module, then core.js, the maths, then the explorer's own file).

// A number as the book prints it: fixed decimals and a true minus sign (U+2212), "0" never signed.
function fmt(x, decimals = 4) {
  if (!Number.isFinite(x)) return String(x);
  let text = Math.abs(x).toFixed(decimals);
  if (x < 0 && Number(text) !== 0) text = '\u2212' + text;
  return text;
}

// Typed text with every space of any kind and every zero-width character (pasted text carries
// them unseen) removed and a true minus made "-"; commas untouched (plain_text in answer.py).
function plainText(text) {
  return String(text).replace(/[\s\u200b-\u200d\u2060]+/g, '').replace(/\u2212/g, '-');
}

// A number with thousands separators as the book prints them (2,410; -12,345.5): a first group of
// 1 to 3 digits not starting with 0, then groups of exactly 3 after each comma (GROUPED in
// answer.py, the same pattern).
const GROUPED = /^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?(e[-+]?\d+)?$/i;

// Typed text as the number parser reads it (number_text in answer.py): plainText, then the commas
// of a GROUPED number dropped (thousands separators), or else every comma made the decimal point.
function numberText(text) {
  const plain = plainText(text);
  return GROUPED.test(plain) ? plain.replace(/,/g, '') : plain.replace(/,/g, '.');
}

// Read a number typed by a reader (parse_number in answer.py): accepts a true minus, spaces,
// commas between groups of three digits as thousands separators, any other comma as decimal point.
function parseNumber(text) {
  const clean = numberText(text);
  // (\d+(\.\d*)? rather than \d+\.?\d*, which splits a run of digits in every way before it
  // fails: seconds of a frozen page on a long pasted text)
  if (clean === '' || !/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(clean)) return NaN;
  return Number(clean);
}

// A number with its sign always shown: "+" before a positive one that does not round to 0.
function signed(x, decimals = 4) {
  const text = fmt(x, decimals);
  return x > 0 && Number(text) !== 0 ? '+' + text : text;
}

// An HTML element: h('div', {class: 'x'}, child, 'text', ...)
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

// An SVG element: s('line', {x1: 0, ...}, child, ...)
function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c != null) node.append(c instanceof Node ? c : String(c));
  return node;
}

// A labelled range slider bound to a model trait; `show` formats the value beside it.
// Returns the row; the <input> carries data-trait, so tests can find and move it.
function slider(model, trait, {label, min, max, step, show = (v) => fmt(v, 2)}) {
  const id = 'bp-' + trait + '-' + Math.random().toString(36).slice(2, 8);
  const out = h('output', {for: id, class: 'bp-value'});
  const input = h('input', {type: 'range', id, min, max, step, 'data-trait': trait});
  const sync = () => { input.value = model.get(trait); out.textContent = show(Number(model.get(trait))); };
  input.addEventListener('input', () => {
    model.set(trait, Number(input.value));
    model.save_changes();
  });
  model.on('change:' + trait, sync);
  sync();
  return h('div', {class: 'bp-slider'}, h('label', {for: id}, label), input, out);
}

// fn, run in the next frame, once however often the function returned is called before it: for a
// ResizeObserver whose callback redraws what it observes (a redraw in the callback's own frame
// can change the size again, and Chromium then reports a "ResizeObserver loop" error).
function inNextFrame(fn) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fn(); });
  };
}

