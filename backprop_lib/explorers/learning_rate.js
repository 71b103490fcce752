// The learning-rate explorer of backprop_lib/explorers/learning_rate.py: full-batch gradient
// descent on the 2-2-1 linear network of chapter 4, by core.js's training loop (the library's
// train in JavaScript, checked against it by tests/test_explorer_core.py).

const POSITIONS = 1000;       // the η slider's positions, on a log scale from lr_min to lr_max
const TAIL = 20;              // the last steps that tell "converges" from "oscillates": a shorter run
                              // is "undecided" unless it overflowed, grew tenfold or reached the floor
const GROWTH = 10;            // "diverges" when the last loss passes GROWTH times the first
const NUDGE = 1e-9;           // "chaotic": η times (1 + NUDGE) moves one of the last TAIL losses
const SENSITIVE = 1e-4;       // by more than SENSITIVE of the largest of them (the digits shown)

// The losses L_0, ..., L_n of n steps, stopping at the first step whose loss or weights leave a
// double's range, where the library's train() refuses: then divergedAfter is that step.
function run(example, lr, steps) {
  const net = {W: example.W, b: null, activation: 'identity'};  // no biases, identity activations
  const {losses, divergedAfter} = train(net, example.x, example.y, lr, steps, example.loss);
  return {losses, divergedAfter};
}

// What the losses show, by the rule of regime_of() in learning_rate.py: 'converges', 'oscillates',
// 'diverges', or 'undecided' for a run too short to show any of them.
function regime(losses, divergedAfter, floor) {
  if (divergedAfter !== null || losses.length < 2) return 'diverges';
  const F = losses.map((v) => Math.max(v, floor));
  const first = F[0], last = F[F.length - 1];
  if (last > GROWTH * first) return 'diverges';
  if (last < first && last === floor) return 'converges';
  if (F.length - 1 < TAIL) return 'undecided';
  const tail = F.slice(-TAIL - 1);
  const falls = tail.every((v, r) => r === 0 || v <= tail[r - 1]);
  if (last < first && falls) return 'converges';
  return 'oscillates';
}

// The regime as the page names it, and as its plot's description ends.
const WORDS = {converges: 'Converges', oscillates: 'Oscillates', diverges: 'Diverges', undecided: 'Too few steps to tell'};
const ENDS = {converges: 'it converges', oscillates: 'it oscillates', diverges: 'it diverges',
              undecided: 'too few steps to tell where it goes'};

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// Why the run gets its regime, in words, from its losses L_0, ..., L_n (or those before the
// overflow, after divergedAfter steps): every number it names is one of these losses, a ratio
// of two, a count of steps or a step.
function why(word, losses, divergedAfter, floor) {
  if (divergedAfter !== null) return `the numbers grow beyond a double's range at step ${divergedAfter}.`;
  const n = losses.length - 1, first = losses[0], last = losses[n];
  if (word === 'diverges') return `the loss grows: after ${plural(n, 'step')} it is ${fmtLoss(last / first, 0)} times where it started.`;
  if (word === 'undecided') {
    return `a run of ${plural(n, 'step')} cannot tell a loss that settles from one that swings or grows: ` +
      `the verdict reads the last ${TAIL} steps, so take ${TAIL} or more.`;
  }
  const reached = losses.findIndex((v) => v < floor);
  if (word === 'converges' && reached >= 0) {
    return `the loss falls below ${power10(Math.log10(floor))} (zero but for float rounding) at step ${reached}.`;
  }
  const tail = losses.slice(-TAIL - 1);
  if (word === 'converges') return `the loss falls at each of the last ${TAIL} steps.`;
  const rises = tail.filter((v, r) => r > 0 && Math.max(v, floor) > Math.max(tail[r - 1], floor)).length;
  return `the loss rises at ${rises} of the last ${TAIL} steps, between ${fmtLoss(Math.min(...tail), floor)} and ` +
    `${fmtLoss(Math.max(...tail), floor)}, ` +
    (shrinking(tail) ? 'the swings shrinking: more steps may let it settle.' : 'without settling.');
}

// Where the rate stands against the bound η* of chapter 4's theorem, and what the theorem says there.
function side(lr, etaMax) {
  return lr < etaMax ? 'below the bound, where the theorem does not rule out reaching zero error (nor promise it)'
    : 'above the bound, where the theorem says gradient descent never drives the error to zero ' +
      '(unless a step lands exactly on a solution)';
}

// The sentence on a chaotic run.
const CHAOS = ' The swings are chaotic: change \u03b7 in its ninth digit and the last losses change in their ' +
  'fourth digit or sooner, so the digits shown depend on how this machine rounds.';

// Whether an oscillating run is chaotic, by the rule of chaotic() in learning_rate.py: then
// its last digits depend on the rounding of the arithmetic, the page's or numpy's.
function chaotic(example, lr, steps, losses) {
  const twin = run(example, lr * (1 + NUDGE), steps);
  if (twin.divergedAfter !== null) return true;
  const n = Math.min(TAIL, losses.length);
  const tail = losses.slice(-n), other = twin.losses.slice(-n);
  const largest = Math.max(...tail);
  return tail.some((v, r) => Math.abs(other[r] - v) > SENSITIVE * largest);
}

// Whether the swings of the last losses shrink: the later half peaks lower than the earlier.
function shrinking(tail) {
  const half = Math.floor(tail.length / 2);
  return half > 1 && Math.max(...tail.slice(half)) < (1 - 1e-6) * Math.max(...tail.slice(0, half));
}

const SUPERSCRIPT = {'-': '\u207b', 0: '\u2070', 1: '\u00b9', 2: '\u00b2', 3: '\u00b3', 4: '\u2074',
                     5: '\u2075', 6: '\u2076', 7: '\u2077', 8: '\u2078', 9: '\u2079'};
function power10(k) { return '10' + String(k).split('').map((c) => SUPERSCRIPT[c]).join(''); }

// A loss as the explorer prints it: 4 significant digits from 0.001 to 10 000, else
// 3 significant digits times a power of ten; below the floor, "below 10⁻²⁰".
function fmtLoss(v, floor) {
  if (v < floor) return 'below ' + power10(Math.round(Math.log10(floor)));
  if (v >= 1e-3 && v < 1e4) return v.toPrecision(4);
  const [mantissa, exponent] = v.toExponential(2).split('e');
  return mantissa + ' \u00d7 ' + power10(Number(exponent));
}

// η as shown: at most 4 significant digits, no trailing zeros (common.js's general, Python's ".4g").
function fmtRate(v) { return general(v, 4); }

// The slider's position for a rate, and the rate (3 significant digits) at a position.
function positionOf(lr, min, max) {
  return Math.round(POSITIONS * Math.log(lr / min) / Math.log(max / min));
}
function rateAt(position, min, max) {
  const v = min * Math.pow(max / min, position / POSITIONS);
  return Math.min(max, Math.max(min, Number(v.toPrecision(3))));
}

// The loss curve on a log scale, `width` pixels wide.
function lossPlot(result, steps, floor, width) {
  const H = 250, left = 58, right = 18, top = 16, bottom = 44;
  const {losses, divergedAfter} = result;
  const positive = losses.filter((v) => v > 0);
  const lo = Math.max(Math.min(...positive, 1), 1e-32);
  let yMin = Math.floor(Math.log10(lo)), yMax = Math.ceil(Math.log10(Math.max(...losses)));
  if (yMax - yMin < 2) { yMin -= 1; yMax += 1; }
  // a label every `every` decades, at multiples of it, at most 7 of them
  const every = [1, 2, 3, 5, 10, 20, 25, 50, 100].find((d) => (yMax - yMin) / d <= 6) || 200;
  yMin = Math.floor(yMin / every) * every;
  yMax = Math.ceil(yMax / every) * every;
  const X = (r) => left + (width - left - right) * r / steps;
  const YE = (e) => top + (H - top - bottom) * (yMax - e) / (yMax - yMin);  // at 10^e
  const Y = (v) => YE(Math.max(Math.log10(v), yMin));
  const svg = s('svg', {viewBox: `0 0 ${width} ${H}`, width, height: H, role: 'img', class: 'bp-lr-plot'});
  for (let k = yMin; k <= yMax; k += every) {
    svg.append(s('line', {x1: left, x2: width - right, y1: YE(k), y2: YE(k), class: 'bp-lr-grid'}),
               s('text', {x: left - 6, y: YE(k) + 4, 'text-anchor': 'end'}, power10(k)));
  }
  const xEvery = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500].find((d) => steps / d <= Math.max(3, Math.floor((width - left) / 70))) || 1000;
  for (let r = 0; r <= steps; r += xEvery) {
    svg.append(s('line', {x1: X(r), x2: X(r), y1: H - bottom, y2: H - bottom + 5, class: 'bp-lr-axis'}),
               s('text', {x: X(r), y: H - bottom + 18, 'text-anchor': 'middle'}, String(r)));
  }
  svg.append(
    s('line', {x1: left, x2: left, y1: top, y2: H - bottom, class: 'bp-lr-axis'}),
    s('line', {x1: left, x2: width - right, y1: H - bottom, y2: H - bottom, class: 'bp-lr-axis'}),
    s('text', {x: (left + width - right) / 2, y: H - 6, 'text-anchor': 'middle'}, 'step (one epoch each)'),
    s('text', {x: 14, y: (top + H - bottom) / 2, 'text-anchor': 'middle',
               transform: `rotate(-90 14 ${(top + H - bottom) / 2})`}, 'loss (log scale)'));
  if (Math.min(...losses) < 1e3 * floor && Math.log10(floor) >= yMin) {  // only where the curve comes near it
    svg.append(s('line', {x1: left, x2: width - right, y1: Y(floor), y2: Y(floor), class: 'bp-lr-floor'}),
               s('text', {x: width - right - 4, y: Y(floor) - 4, 'text-anchor': 'end', class: 'bp-lr-note'},
                 'below: counts as 0'));
  }
  const points = losses.map((v, r) => `${X(r).toFixed(1)},${Y(v).toFixed(1)}`).join(' ');
  svg.append(s('polyline', {points, class: 'bp-lr-curve'}));
  if (divergedAfter !== null) {
    const x = X(divergedAfter);
    svg.append(s('text', {x, y: top + 12, 'text-anchor': x > width / 2 ? 'end' : 'start', class: 'bp-lr-bad'},
      `\u2715 overflow at step ${divergedAfter}`));
  }
  return svg;
}

export default {
  render({ model, el }) {
    const example = model.get('example');
    const min = model.get('lr_min'), max = model.get('lr_max'), floor = model.get('floor');
    // η* = 1/(‖i‖·|y|), the bound of chapter 4's theorem, for the example's one sample
    const i = example.x.map((row) => row[0]);
    const etaMax = 1 / (Math.sqrt(i.reduce((sum, v) => sum + v * v, 0)) * Math.abs(example.y[0][0]));

    const id = 'bp-lr-' + Math.random().toString(36).slice(2, 8);
    const input = h('input', {type: 'range', id, min: 0, max: POSITIONS, step: 1, 'data-trait': 'lr'});
    const shownRate = h('output', {for: id, class: 'bp-value', 'data-quantity': 'lr-slider'});
    input.addEventListener('input', () => {
      model.set('lr', rateAt(Number(input.value), min, max));
      model.save_changes();
    });
    const at = (lr) => `calc(var(--bp-thumb) / 2 + ${positionOf(lr, min, max) / POSITIONS} * (100% - var(--bp-thumb)))`;
    const decades = [];
    const kMin = Math.ceil(Math.log10(min) - 1e-9), kMax = Math.floor(Math.log10(max) + 1e-9);
    for (let k = kMin; k <= kMax; k++) {
      const edge = 10 ** k === min ? ' bp-lr-start' : 10 ** k === max ? ' bp-lr-end' : '';
      decades.push(h('span', {class: 'bp-lr-decade' + edge, style: `left: ${at(10 ** k)}`}, fmtRate(10 ** k)));
    }
    const track = h('div', {class: 'bp-lr-track'},
      h('div', {class: 'bp-lr-marks', 'aria-hidden': 'true'},
        h('span', {class: 'bp-lr-bound', style: `left: ${at(etaMax)}`}, '\u03b7*')),
      input,
      h('div', {class: 'bp-lr-scale', 'aria-hidden': 'true'},
        h('span', {class: 'bp-lr-above', style: `left: ${at(etaMax)}`}), ...decades));

    const preset = (label, lr) => h('button', {type: 'button', 'data-lr': lr, onclick: () => {
      model.set('lr', lr);
      model.save_changes();
    }}, label);
    const snap = (v) => Number(v.toPrecision(3));
    const presets = h('div', {class: 'bp-lr-presets'}, h('span', {}, 'Try:'),
      preset(`the article's ${fmtRate(example.lr)}`, example.lr),
      preset('\u00bd \u03b7*', snap(etaMax / 2)),
      preset('just below \u03b7*', snap(0.99 * etaMax)),
      preset('just above \u03b7*', snap(1.01 * etaMax)),
      preset('2 \u03b7*', snap(2 * etaMax)));

    const q = (name) => h('span', {'data-quantity': name});
    const out = {
      etaMax: q('eta-max'), lr: q('lr'), ratio: q('lr-ratio'), side: q('bound-side'),
      start: q('loss-start'), first: q('loss-step-1'), final: q('final-loss'), steps: q('steps'), end: h('span'),
      regime: h('strong', {'data-quantity': 'regime'}), why: q('regime-why'), chaos: q('chaos'),
    };
    const readout = h('div', {class: 'bp-lr-readout bp-numbers'},
      h('p', {}, 'Bound of the theorem: \u03b7* = 1/(\u2016i\u2016\u00b7|y|) = ', out.etaMax,
        '. This \u03b7 = ', out.lr, ' is ', out.ratio, ' \u03b7*: ', out.side, '.'),
      h('p', {}, 'Loss ', out.start, ' at the start, ', out.first, ' after step 1', out.end),
      h('p', {role: 'status', 'aria-live': 'polite'}, out.regime, ': ', out.why, out.chaos));

    const figure = h('div', {class: 'bp-lr-figure'});
    let width = 640;

    // The run of the setting shown, kept so that a change of width only redraws the plot.
    let shown = null;
    const update = () => {
      const lr = Number(model.get('lr')), steps = Number(model.get('steps'));
      input.value = positionOf(lr, min, max);
      input.setAttribute('aria-valuetext', `\u03b7 = ${fmtRate(lr)}`);
      shownRate.textContent = fmtRate(lr);
      const result = run(example, lr, steps);
      const {losses, divergedAfter} = result;
      const word = regime(losses, divergedAfter, floor);
      shown = {result, lr, steps, word};
      out.etaMax.textContent = fmt(etaMax, 4);
      out.lr.textContent = fmtRate(lr);
      out.ratio.textContent = fmt(lr / etaMax, 2);
      out.side.textContent = side(lr, etaMax);
      out.start.textContent = fmtLoss(losses[0], floor);
      out.first.textContent = losses.length > 1 ? fmtLoss(losses[1], floor) : 'overflow';
      out.final.textContent = divergedAfter !== null ? `diverged after ${plural(divergedAfter, 'step')}`
        : fmtLoss(losses[losses.length - 1], floor);
      out.steps.textContent = String(steps);
      if (divergedAfter !== null) out.end.replaceChildren('; the run ', out.final, ' (of ', out.steps, '): the numbers overflowed.');
      else out.end.replaceChildren(', and ', out.final, ' after ', out.steps, steps === 1 ? ' step.' : ' steps.');
      out.regime.textContent = WORDS[word];
      out.regime.dataset.regime = word;
      out.why.textContent = why(word, losses, divergedAfter, floor);
      const chaos = word === 'oscillates' && chaotic(example, lr, steps, losses);
      out.chaos.textContent = chaos ? CHAOS : '';
      redraw();
    };
    // The plot of the run shown, at the figure's width: all a change of width needs (no new run).
    const redraw = () => {
      const {result, lr, steps, word} = shown;
      const svg = lossPlot(result, steps, floor, width);
      svg.setAttribute('aria-label', `The loss over ${plural(steps, 'step')} at learning rate ${fmtRate(lr)}, on a log ` +
        `scale: from ${fmtLoss(result.losses[0], floor)} to ${out.final.textContent}; ${ENDS[word]}.`);
      figure.replaceChildren(svg);
    };

    const stepsRow = slider(model, 'steps', {label: 'Steps', min: 1, max: model.get('steps_max'), step: 1,
                                             show: (v) => String(v)});
    el.append(h('div', {class: 'bp-explorer bp-lr'},
      h('div', {class: 'bp-slider bp-lr-row'}, h('label', {for: id}, 'Learning rate \u03b7'), track, shownRate),
      presets, stepsRow, readout, figure));

    model.on('change:lr', update);
    model.on('change:steps', update);
    update();
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(inNextFrame(() => {
        const w = Math.max(280, Math.floor(figure.clientWidth));
        if (w && Math.abs(w - width) > 2) { width = w; redraw(); }
      }));
      observer.observe(figure);
    }
  },
};
