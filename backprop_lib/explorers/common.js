// Shared by every explorer: number format, HTML and SVG helpers, the slider (base.py puts it first in
// each explorer's module, then core.js, the maths, then the explorer's own file).

// A number as the book prints it, as Python's f"{x:.{decimals}f}" does, with a true minus sign
// (U+2212), "0" never signed: fixed decimals at any size (toFixed turns exponential from 1e21 on:
// a double that large is a whole number, written out in full by BigInt, as Python does).
function fmt(x, decimals = 4) {
  if (!Number.isFinite(x)) return String(x);
  let text = Math.abs(x) < 1e21 ? Math.abs(x).toFixed(decimals)
    : BigInt(Math.abs(x)).toString() + (decimals > 0 ? '.' + '0'.repeat(decimals) : '');
  if (x < 0 && Number(text) !== 0) text = '\u2212' + text;
  return text;
}

// A number as Python's f"{x:.{digits}g}" prints it (the book prints learning rates with "g"):
// `digits` significant digits, no trailing zeros, an exponent of two digits or more below 1e-4 and
// from 10^digits on (1e-07, 1e+308); a true minus sign, as fmt.
function general(x, digits = 6) {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const [mantissa, power] = Math.abs(x).toExponential(digits - 1).split('e');
  const exponent = Number(power);
  const bare = (t) => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  const text = exponent < -4 || exponent >= digits
    ? bare(mantissa) + 'e' + (exponent < 0 ? '-' : '+') + String(Math.abs(exponent)).padStart(2, '0')
    : bare(Math.abs(x).toFixed(digits - 1 - exponent));
  return (x < 0 ? '\u2212' : '') + text;
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

// A number with spaces as thousands separators (1 000, 12 345,5), its ends trimmed: a first group of
// 1 to 3 digits not starting with 0, then groups of exactly 3 after each run of spaces (SPACED in
// answer.py, the same pattern).
const SPACED = /^[-+]?[1-9]\d{0,2}(\s+\d{3})+([.,]\d*)?(e[-+]?\d+)?$/i;

// Whether typed text has a space inside it (its ends aside, zero-width characters dropped, a true
// minus made "-") that is no thousands separator of SPACED: "0.14 09" and "1 2" are no numbers
// (inner_space in answer.py).
function innerSpace(text) {
  const inner = String(text).replace(/[\u200b-\u200d\u2060]+/g, '').replace(/\u2212/g, '-').replace(/^\s+|\s+$/g, '');
  return /\s/.test(inner) && !SPACED.test(inner);
}

// Read a number typed by a reader (parse_number in answer.py): accepts a true minus, spaces at its
// ends and between groups of three digits, commas between groups of three digits as thousands
// separators, any other comma as decimal point.
function parseNumber(text) {
  if (innerSpace(text)) return NaN;
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

// The slider's range [min, max] widened to hold `value` where a value comes from elsewhere (a Step,
// Python) beyond it: the thumb then stands at the value, and the arrow keys move from there.
function rangeHolding(value, min, max) {
  return Number.isFinite(value) ? [Math.min(min, value), Math.max(max, value)] : [min, max];
}

// A labelled range slider bound to a model trait; `show` formats the value beside it (and is what
// a screen reader says of it, aria-valuetext); `accepts(value)`, if given, says whether the whole
// state would take the value: a move it refuses leaves the trait as it was, and `refused(value)` is
// told; `taken(value)`, after a move it takes. A value beyond [min, max] widens the slider's range to
// hold it (rangeHolding).
// Returns the row; the <input> carries data-trait, so tests can find and move it.
function slider(model, trait, {label, min, max, step, show = (v) => fmt(v, 2), accepts = () => true,
                               refused = () => {}, taken = () => {}}) {
  const id = 'bp-' + trait + '-' + Math.random().toString(36).slice(2, 8);
  const out = h('output', {for: id, class: 'bp-value'});
  const input = h('input', {type: 'range', id, min, max, step, 'data-trait': trait});
  const sync = () => {
    const value = Number(model.get(trait));
    const [lo, hi] = rangeHolding(value, min, max);
    input.setAttribute('min', lo);
    input.setAttribute('max', hi);
    input.value = value;
    out.textContent = show(value);
    input.setAttribute('aria-valuetext', show(value));
  };
  input.addEventListener('input', () => {
    const value = Number(input.value);
    if (!accepts(value)) {
      sync();
      refused(value);
      return;
    }
    model.set(trait, value);
    model.save_changes();
    taken(value);
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

