// The answer box of backprop_lib/explorers/answer.py: the same check as there. The page holds no
// answer, only the keys of its roundings (answer_keys() in answer.py): the reader's number,
// rounded to the places asked for, is correct when its key is among them.

// Whether two numbers are within half a unit of the decimals-th place (is_correct in answer.py).
function isCorrect(given, answer, decimals) {
  const halfUnit = 0.5 * Math.pow(10, -decimals);
  return Math.abs(given - answer) <= halfUnit * (1 + 1e-9);
}

// SHA-256 of a text (its UTF-8 bytes), in hexadecimal, as Python's hashlib gives it: computed
// here, at once and offline (the browser's crypto.subtle is asynchronous, and absent from a page
// served over plain http). Its constants are the fractional parts of the square and cube roots
// of the first primes, as the standard (FIPS 180-4) defines them.
const SHA256_K = [], SHA256_START = [];
for (let n = 2; SHA256_K.length < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (!prime) continue;
  const fraction = (x) => ((x - Math.floor(x)) * 0x100000000) >>> 0;
  if (SHA256_START.length < 8) SHA256_START.push(fraction(Math.sqrt(n)));
  SHA256_K.push(fraction(Math.cbrt(n)));
}

function sha256Hex(text) {
  const bytes = Array.from(new TextEncoder().encode(text));
  const bits = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  bytes.push(0, 0, 0, 0, (bits >>> 24) & 0xff, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  const hash = SHA256_START.slice(), w = new Array(64);
  for (let block = 0; block < bytes.length; block += 64) {
    for (let t = 0; t < 64; t++) {
      if (t < 16) {
        const i = block + 4 * t;
        w[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
      } else {
        const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
    }
    let [a, b, c, d, e, f, g, k] = hash;
    for (let t = 0; t < 64; t++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[t] + w[t]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [k, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, k].forEach((x, i) => { hash[i] = (hash[i] + x) | 0; });
  }
  return hash.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

// Beyond this many units of the last place a double no longer holds every whole number
// (MAX_UNITS in answer.py), and what every key hashes first (KEY_TEXT).
const MAX_UNITS = 2 ** 52;
const KEY_TEXT = 'backprop-step-by-step answer';

// The whole numbers of units of the decimals-th place within half a unit of value: value rounded,
// one number, or both at an exact half; none from MAX_UNITS units on (roundings in answer.py).
function roundings(value, decimals) {
  const scale = Number('1e' + decimals), units = value * scale;
  if (!(Math.abs(units) < MAX_UNITS)) return [];
  const centre = Math.round(units);
  return [centre - 1, centre, centre + 1].filter((k) => isCorrect(value, k / scale, decimals));
}

// The key of a number of units of the decimals-th place (answer_key in answer.py).
function answerKey(decimals, units) {
  return sha256Hex(`${KEY_TEXT}|${decimals}|${units}`).slice(0, 16);
}

// Whether value rounded to decimals places is a rounding of the answer whose keys these are.
function matches(value, keys, decimals) {
  return Number.isFinite(value) && roundings(value, decimals).some((k) => keys[decimals].includes(answerKey(decimals, k)));
}

// How many decimal places the reader typed, read as parseNumber reads; null with an exponent.
function typedDecimals(text) {
  const clean = numberText(text);
  if (!Number.isFinite(parseNumber(text)) || /e/i.test(clean)) return null;
  return clean.includes('.') ? clean.split('.')[1].length : 0;
}

// What the box says after the reason when typed text is no number (FORMS in answer.py).
const FORMS = 'The box reads numbers such as 0.25, \u22120.25, 0,25 (decimal comma), 2,410 (thousands comma) or 2.5e-3';

// Why typed text is no number, in words, or '' when parseNumber reads a finite number from it:
// The first run of characters that are not part of a number (digits, '.', ',', signs) holding one
// that is not an exponent's e either, or '' (stray_text in answer.py). Found in one pass, as no
// regular expression with two stars could on a long run of e's.
function strayText(plain) {
  const numberish = (c) => /[0-9.,+\-]/.test(c);
  const chars = [...plain];
  const first = chars.findIndex((c) => !numberish(c) && !/[eE]/.test(c));
  if (first < 0) return '';
  let start = first, end = first + 1;
  while (start > 0 && !numberish(chars[start - 1])) start -= 1;
  while (end < chars.length && !numberish(chars[end])) end += 1;
  return chars.slice(start, end).join('');
}

// the same rule as why_not_a_number() in answer.py.
function whyNotANumber(text) {
  const value = parseNumber(text);
  if (Number.isFinite(value)) return '';
  const plain = plainText(text);
  if (!Number.isNaN(value)) return 'the number is too large to read';
  if (plain === '') return 'the box is empty';
  if (plain.includes('/')) return 'a fraction (1/2) is not read: type its value as a decimal';
  if (plain.includes('_')) return 'an underscore (1_000) is not read';
  if (innerSpace(text) && Number.isFinite(parseNumber(plain))) {
    return 'a space inside a number is read only between groups of three digits, as in 1 000: type ' +
      plain.replace(/-/g, '\u2212') + ' if that is the number meant';
  }
  const stray = strayText(plain);
  if (stray) return `\u201c${stray}\u201d is not part of a number`;
  if (/[^eE][-+]/.test(plain)) return 'a minus or plus sign is read only at the start, or after the e of an exponent';
  if (!/[0-9]/.test(plain)) return 'there is no digit';
  if (plain.split('.').length > 2) return 'there is more than one decimal point';
  if (plain.includes('.') && plain.includes(',')) {
    return 'a comma beside a decimal point is read only between groups of three digits, as in 12,345.5';
  }
  if (plain.split(',').length > 2) return 'several commas are read only between groups of three digits, as in 1,234,567';
  return 'an exponent is read only as digits, e and a whole number, as in 2.5e-3';
}

// How the box read a number typed with a comma, in words; '' for text with no comma or that is no
// number: the same rule as comma_reading() in answer.py.
function commaReading(text) {
  const plain = plainText(text);
  if (!plain.includes(',') || !Number.isFinite(parseNumber(text))) return '';
  let read = 'read as ' + numberText(text).replace(/-/g, '\u2212');
  if (!GROUPED.test(plain)) return read + ', the comma as a decimal point';
  if (plain.split(',').length > 2) return read + ', the commas as thousands separators';
  read += ', the comma as a thousands separator';
  if (plain.includes('.')) return read;
  return read + '; for a decimal point, type ' + plain.replace(/,/g, '.').replace(/-/g, '\u2212');
}

// A box asks for a percentage when its label ends with "(%)" (is_percentage in answer.py); it then
// takes a per cent sign after the number (PERCENT_SIGN), which typedNumber drops (typed_number).
const PERCENT_SIGN = /\s*%\s*$/;
const isPercentage = (label) => /\(%\)$/.test(String(label).replace(/\s+$/, ''));
const typedNumber = (text, percent) => (percent ? text.replace(PERCENT_SIGN, '') : text);

// What the box says, the same rule as advice() in answer.py, for the answer whose keys these are;
// `percent`: the box asks for a percentage.
function advice(typed, keys, decimals, hint, percent = false) {
  const text = typedNumber(typed, percent);
  const value = parseNumber(text);
  if (matches(value, keys, decimals)) return '\u2713 correct';
  if (!Number.isFinite(value)) return 'not yet: ' + whyNotANumber(text) + '. ' + FORMS;
  const shown = typedDecimals(text);
  let said;
  if (matches(-value, keys, decimals)) said = ': the size is right; check the sign';
  else if (shown !== null && shown >= 1 && shown < decimals && matches(value, keys, shown)) {
    said = `: right as far as it goes; give it to ${decimals} decimal place` + (decimals > 1 ? 's' : '');
  } else said = hint ? ': ' + hint : '';
  const reading = commaReading(text);
  return 'not yet' + said + (reading ? ` (${reading})` : '');
}

export default {
  render({ model, el }) {
    const id = 'bp-answer-' + Math.random().toString(36).slice(2, 8);
    const decimals = model.get('decimals'), percent = isPercentage(model.get('label'));
    // no inputmode="decimal": some phones' decimal keypads have no minus key
    const input = h('input', {type: 'text', id, autocomplete: 'off',
                              placeholder: decimals > 0 ? '0.' + '0'.repeat(decimals) : '0'});
    const verdict = h('span', {class: 'bp-verdict', role: 'status', 'aria-live': 'polite'});
    const show = () => {
      const v = model.get('verdict');
      verdict.dataset.verdict = v === 'correct' ? 'correct' : v === 'not yet' ? 'not-yet' : '';
      verdict.textContent = v === '' ? '' : advice(model.get('given'), model.get('accepted'), decimals, model.get('hint'), percent);
    };
    const check = () => {
      const ok = matches(parseNumber(typedNumber(input.value, percent)), model.get('accepted'), decimals);
      model.set('given', input.value);
      model.set('verdict', ok ? 'correct' : 'not yet');
      model.save_changes();
    };
    input.value = model.get('given');
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') check(); });
    model.on('change:verdict', show);
    model.on('change:hint', show);
    model.on('change:given', show);
    show();
    el.append(h('div', {class: 'bp-explorer bp-answer'},
      h('label', {for: id}, model.get('label') +
        (decimals > 0 ? ` (to ${decimals} decimal place${decimals > 1 ? 's' : ''})` : ' (a whole number)')),
      input, h('button', {type: 'button', onclick: check}, 'Check'), verdict));
  },
};
