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

// What the box says, the same rule as advice() in answer.py.
function advice(text, answer, decimals, hint) {
  const value = parseNumber(text);
  if (Number.isFinite(value) && isCorrect(value, answer, decimals)) return '\u2713 correct';
  if (!Number.isFinite(value)) return 'not yet: type a number, such as ' + (decimals ? '0.' + '0'.repeat(decimals) : '12');
  if (answer !== 0 && isCorrect(-value, answer, decimals)) return 'not yet: the size is right; check the sign';
  const shown = typedDecimals(text);
  if (shown !== null && shown >= 1 && shown < decimals && isCorrect(value, answer, shown)) {
    return `not yet: right as far as it goes; give it to ${decimals} decimal place` + (decimals > 1 ? 's' : '');
  }
  return 'not yet' + (hint ? ': ' + hint : '');
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
