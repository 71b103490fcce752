// The answer box of backprop_lib/explorers/answer.py: the same check as is_correct() there.

function isCorrect(given, answer, decimals) {
  const halfUnit = 0.5 * Math.pow(10, -decimals);
  return Math.abs(given - answer) <= halfUnit * (1 + 1e-9);
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
// the same rule as why_not_a_number() in answer.py.
function whyNotANumber(text) {
  const value = parseNumber(text);
  if (Number.isFinite(value)) return '';
  const plain = plainText(text);
  if (!Number.isNaN(value)) return 'the number is too large to read';
  if (plain === '') return 'the box is empty';
  if (plain.includes('/')) return 'a fraction (1/2) is not read: type its value as a decimal';
  if (plain.includes('_')) return 'an underscore (1_000) is not read';
  const stray = plain.match(/[^0-9.,+\-]*[^0-9.,+\-eE][^0-9.,+\-]*/);
  if (stray) return `\u201c${stray[0]}\u201d is not part of a number`;
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

// What the box says, the same rule as advice() in answer.py.
function advice(text, answer, decimals, hint) {
  const value = parseNumber(text);
  if (Number.isFinite(value) && isCorrect(value, answer, decimals)) return '\u2713 correct';
  if (!Number.isFinite(value)) return 'not yet: ' + whyNotANumber(text) + '. ' + FORMS;
  const shown = typedDecimals(text);
  let said;
  if (answer !== 0 && isCorrect(-value, answer, decimals)) said = ': the size is right; check the sign';
  else if (shown !== null && shown >= 1 && shown < decimals && isCorrect(value, answer, shown)) {
    said = `: right as far as it goes; give it to ${decimals} decimal place` + (decimals > 1 ? 's' : '');
  } else said = hint ? ': ' + hint : '';
  const reading = commaReading(text);
  return 'not yet' + said + (reading ? ` (${reading})` : '');
}

export default {
  render({ model, el }) {
    const id = 'bp-answer-' + Math.random().toString(36).slice(2, 8);
    const decimals = model.get('decimals');
    // no inputmode="decimal": some phones' decimal keypads have no minus key
    const input = h('input', {type: 'text', id, autocomplete: 'off',
                              placeholder: decimals > 0 ? '0.' + '0'.repeat(decimals) : '0'});
    const verdict = h('span', {class: 'bp-verdict', role: 'status', 'aria-live': 'polite'});
    const show = () => {
      const v = model.get('verdict');
      verdict.dataset.verdict = v === 'correct' ? 'correct' : v === 'not yet' ? 'not-yet' : '';
      verdict.textContent = v === '' ? '' : advice(model.get('given'), model.get('answer'), decimals, model.get('hint'));
    };
    const check = () => {
      const value = parseNumber(input.value);
      const ok = Number.isFinite(value) && isCorrect(value, model.get('answer'), decimals);
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
