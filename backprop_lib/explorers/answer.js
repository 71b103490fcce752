// The answer box of backprop_lib/explorers/answer.py: the same check as is_correct() there.

function isCorrect(given, answer, decimals) {
  const halfUnit = 0.5 * Math.pow(10, -decimals);
  return Math.abs(given - answer) <= halfUnit * (1 + 1e-9);
}

export default {
  render({ model, el }) {
    const id = 'bp-answer-' + Math.random().toString(36).slice(2, 8);
    const decimals = model.get('decimals');
    const input = h('input', {type: 'text', id, inputmode: 'decimal', autocomplete: 'off',
                              placeholder: decimals > 0 ? '0.' + '0'.repeat(decimals) : '0'});
    const verdict = h('span', {class: 'bp-verdict', role: 'status', 'aria-live': 'polite'});
    const show = () => {
      const v = model.get('verdict');
      verdict.dataset.verdict = v === 'correct' ? 'correct' : v === 'not yet' ? 'not-yet' : '';
      verdict.textContent = v === 'correct' ? '✓ correct'
        : v === 'not yet' ? 'not yet' + (model.get('hint') ? ': ' + model.get('hint') : '') : '';
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
    show();
    el.append(h('div', {class: 'bp-explorer bp-answer'},
      h('label', {for: id}, model.get('label') +
        (decimals > 0 ? ` (to ${decimals} decimal place${decimals > 1 ? 's' : ''})` : ' (a whole number)')),
      input, h('button', {type: 'button', onclick: check}, 'Check'), verdict));
  },
};
