// The single-neuron explorer of backprop_lib/explorers/neuron.py (chapter 1: pumaline,
// "Backpropagation Step by Step"). Its maths is core.js's, the library's passes in JavaScript:
// tests/test_explorer_core.py checks those against the library, tests/test_explorer_neuron.py
// what the page shows, to the digits shown.

// The neuron as core.js takes it: one sigmoid unit with the weight w and the bias b.
const neuronNet = (w, b) => ({W: [[[w]]], b: [[b]], activation: 'sigmoid'});

// The loss ½(y − σ(wx + b))² at any w, b: the curve of the plot.
const lossAt = (w, b, x, y) => lossOf(neuronNet(w, b), [[x]], [[y]]);

// Every number the explorer shows, for the weight w, bias b, input x, target y, learning rate lr:
// one forward pass, one backward pass and one step of gradient descent.
function neuron(w, b, x, y, lr) {
  const net = neuronNet(w, b);
  const fw = forward(net, [[x]]), bw = backward(net, fw, [[y]]);
  const next = sgdStep(net, bw, lr);
  const z = fw.z[1][0][0];                // the pre-activation z = w x + b
  const yhat = fw.a[1][0][0];             // the prediction ŷ = σ(z)
  const w_new = next.W[0][0][0], b_new = next.b[0][0];
  return {
    z, yhat,
    loss: bw.loss,                                            // half the squared error
    dL_dyhat: bw.dL_da[0][0],                                 // factor 1: −(y − ŷ) (mind the inner −1)
    dyhat_dz: ACTIVATIONS.sigmoid.derivative(z, yhat),        // factor 2: σ'(z) = ŷ(1 − ŷ)
    delta: bw.delta[1][0][0],                                 // the error δ = ∂L/∂z
    dL_dw: bw.dW[1][0][0],                                    // factor 3: ∂z/∂w = x
    dL_db: bw.db[1][0],                                       // factor 4: ∂z/∂b = 1
    w_new, b_new,                                             // one step of gradient descent
    loss_after: lossAt(w_new, b_new, x, y),
  };
}

// Whether the explorer can show the state st = {w, b, x, y, lr}: every number of neuron() finite,
// and the pre-activation at the new w and b too. The library refuses the others (NeuronExplorer's
// check of the state as a whole: its forward pass, gradients or step would overflow a double), so
// a slider, a key, Step or a preset that would lead to one changes nothing.
function acceptable(st) {
  const r = neuron(st.w, st.b, st.x, st.y, st.lr);
  const zAfter = forward(neuronNet(r.w_new, r.b_new), [[st.x]]).z[1][0][0];
  return Object.values(r).every(Number.isFinite) && Number.isFinite(zAfter);
}

// Round numbers for an axis: about n ticks from lo to hi, steps of 1, 2 or 5 times a power of ten.
function ticks(lo, hi, n) {
  const raw = (hi / 2 - lo / 2) / n * 2;  // (halved first: from −1e308 to 1e308 overflows)
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((k) => k * power).find((v) => v >= raw * 0.999);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) values.push(k * step);
  return {values, decimals, step};
}

// What each slider moves, its range, its step, how its value is printed and how far an arrow key
// moves it (Shift: ten times as far). w and b, which Step moves to any value, take steps of
// 0.0001, the last digit shown, so that the slider holds a stepped w = 0.3054 where it is and an
// arrow key moves it to 0.3154, not to a rounded 0.3200.
const SLIDERS = [
  ['w', 'weight w', -6, 6, 0.0001, 4, 0.01],
  ['b', 'bias b', -4, 4, 0.0001, 4, 0.01],
  ['x', 'input x', -2, 2, 0.05, 2, 0.05],
  ['y', 'target y', -0.5, 1.5, 0.05, 2, 0.05],
  ['lr', 'learning rate η', 0.05, 30, 0.05, 2, 0.05],
];

// Where an arrow key moves a slider's value: by `key` (Shift: ten times as far) from where it is,
// rounded to the digits shown, within the slider's range widened to hold the value (rangeHolding):
// beyond the range, a key moves it back towards it, and away from it not at all.
function keyed(value, sign, key, min, max, decimals) {
  const [lo, hi] = rangeHolding(value, min, max);
  const moved = value + sign * key;
  return moved > hi || moved < lo ? Math.min(hi, Math.max(lo, moved)) : Number(moved.toFixed(decimals));
}

// The settings the chapter's "things to try" ask for, each from the explorer's start (Reset's
// values) with a few numbers changed: [name, button text, the changes].
const PRESETS = [
  ['x-zero', 'x = 0: no gradient for w', {x: 0}],
  ['out-of-reach', 'y = 1.5: out of reach', {y: 1.5}],
  ['slide', 'slide into the valley (η = 3)', {x: 2, y: 0.6, w: -1, lr: 3}],
  ['bounce', 'bounce across it (η = 10)', {x: 2, y: 0.6, w: -1, lr: 10}],
];

// The caption under the plot says why the step's arrow is short or absent. The step moves w by
// −η ∂L/∂w with ∂L/∂w = (ŷ − y) σ′(z) x: it says which factor makes it short, and advises raising
// η only where the step at the slider's largest η would be long enough to see.
const SEEN = 4;       // an arrow shorter than this (in the plot's units, about pixels) is too short to see
const NEAR = 0.01;    // ŷ within this of y: the error ŷ − y is nearly 0
const FLAT = 0.05;    // σ′(z) below this, a fifth of its largest value ¼ (|z| > 2.9): the sigmoid is saturated

// [kind, text] of the caption, for the state st, its numbers r, the arrow's length and its length
// at the largest η (all else the same): ['', ''] when the arrow is long enough to see and x is not 0.
function shortNote(st, r, length, lengthAtTop) {
  if (st.x === 0) {
    return ['x-zero', r.delta === 0
      ? ' (w gets no gradient when x = 0: ∂L/∂w = δ x = 0; and here ŷ = y, so δ = 0 and b gets none either)'
      : ' (w gets no gradient when x = 0: ∂L/∂w = δ x = 0, so a step moves b alone)'];
  }
  if (length >= SEEN) return ['', ''];
  if (Math.abs(st.y - r.yhat) < NEAR) {
    return ['near-best', ` (too short to see: ŷ = ${fmt(r.yhat, DECIMALS)} is within ${NEAR} of y, so the ` +
      'error ŷ − y, and with it ∂L/∂w, is nearly 0)'];
  }
  if (r.dyhat_dz < FLAT) {
    return ['saturated', ` (too short to see: the sigmoid is saturated here, its slope σ′(z) = ${fmt(r.dyhat_dz, DECIMALS)} ` +
      'is under a fifth of its largest, ¼, so ∂L/∂w is small)'];
  }
  if (lengthAtTop >= SEEN) return ['short', ' (too short to see on this scale: raise η)'];
  return ['small', ` (too short to see on this scale, even at η = ${LR_TOP}: ∂L/∂w = ${fmt(r.dL_dw, DECIMALS)} ` +
    'is small here)'];
}

// The rows of numbers: [quantity, what it is, group].
const ROWS = [
  ['z', 'z = w x + b', 'forward'],
  ['yhat', 'ŷ = σ(z)', 'forward'],
  ['loss', 'L = ½(y − ŷ)²', 'forward'],
  ['dL_dyhat', '∂L/∂ŷ = −(y − ŷ)', 'backward'],
  ['dyhat_dz', '∂ŷ/∂z = σ′(z) = ŷ(1 − ŷ)', 'backward'],
  ['delta', 'δ = ∂L/∂ŷ · σ′(z)', 'backward'],
  ['dL_dw', '∂L/∂w = δ x', 'backward'],
  ['dL_db', '∂L/∂b = δ', 'backward'],
  ['w_new', 'new w = w − η ∂L/∂w', 'step'],
  ['b_new', 'new b = b − η ∂L/∂b', 'step'],
  ['loss_after', 'new L, at the new w and b', 'step'],
];

const DECIMALS = 4;

// The slider's largest learning rate.
const LR_TOP = SLIDERS.find(([trait]) => trait === 'lr')[3];

// The plot's frame, in SVG units.
const WIDTH = 400, HEIGHT = 250, LEFT = 52, RIGHT = 12, TOP = 10, BOTTOM = 40;

// The weights the plot shows: a window about w as wide as the sigmoid's bend (about 4/|x| in w),
// kept while steps stay inside it, so that the point is seen to move.
// At any w a double holds: at least 2^12 doubles wide (w = 1e17 ± 6 is the same double: a window
// of zero width), its ends within a double's range.
function viewAround(w, x) {
  const half = Math.max(Math.min(6, Math.max(1.5, 3 / Math.max(Math.abs(x), 1e-9))), Math.abs(w) * 2 ** -40);
  return inRange({lo: w - half, hi: w + half});
}

// A view with its ends within a double's range (the largest double, and minus it).
function inRange({lo, hi}) {
  return {lo: Math.max(lo, -Number.MAX_VALUE), hi: Math.min(hi, Number.MAX_VALUE)};
}

// The width of a view, halved first so that it does not overflow (from −1e308 to 1e308).
const widthOf = (view) => 2 * (view.hi / 2 - view.lo / 2);

function widened(view, ...ws) {
  const margin = 0.05 * widthOf(view);
  return inRange({lo: Math.min(view.lo, ...ws.map((v) => v - margin)), hi: Math.max(view.hi, ...ws.map((v) => v + margin))});
}

// The view the plot shows for the state: the one it showed (a window about w when there is none),
// widened to hold w and the new w.
function viewFor(view, st, r) {
  const shown = view || viewAround(st.w, st.x);
  const inside = (v) => v >= shown.lo && v <= shown.hi;
  return inside(st.w) && inside(r.w_new) ? shown : widened(shown, st.w, r.w_new);
}

const onPlane = (u) => Math.max(-1e6, Math.min(1e6, u));

// The plot's scales for the state st, its numbers r, the trail and the view: the curve L(w) over
// the view, the loss at the top of the axis (a round number above every loss drawn), and px, py,
// which take w and L to the plot's units.
function scales(state, r, trail, view) {
  const {b, x, y} = state;
  const wLo = view.lo, wHi = view.hi;
  const n = 240;
  const curve = [];
  for (let i = 0; i <= n; i++) {
    const wi = wLo + (wHi / 2 - wLo / 2) * (2 * i / n);
    curve.push([wi, lossAt(wi, b, x, y)]);
  }
  const lMax = Math.max(...curve.map((p) => p[1]), r.loss, r.loss_after, ...trail.map((p) => p[1]));
  const yTicks = ticks(0, Math.max(lMax * 1.08, 0.01), 5);
  const lTop = Math.ceil(Math.max(lMax * 1.08, 0.01) / yTicks.step - 1e-9) * yTicks.step;
  if (yTicks.values[yTicks.values.length - 1] < lTop - yTicks.step * 1e-6) yTicks.values.push(lTop);
  // (each kept within ±1e6, far outside the plot: a point beyond a double's range is drawn off it)
  const px = (v) => onPlane(LEFT + (v / 2 - wLo / 2) / (wHi / 2 - wLo / 2) * (WIDTH - LEFT - RIGHT));
  const py = (v) => onPlane(HEIGHT - BOTTOM - v / lTop * (HEIGHT - TOP - BOTTOM));
  return {curve, yTicks, lTop, px, py};
}

// The length of the step's arrow, from (w, L) to (new w, new L), in the plot's units.
function stepLength({px, py}, st, r) {
  return Math.hypot(px(r.w_new) - px(st.w), py(r.loss_after) - py(r.loss));
}

// The caption's note for the state st (numbers r) drawn in `view` with `trail`, with what it is
// made from: the arrow's length, and its length at the largest η in the view the plot would take.
function stepNote(st, r, trail, view) {
  const length = stepLength(scales(st, r, trail, view), st, r);
  const top = neuron(st.w, st.b, st.x, st.y, LR_TOP), topView = viewFor(view, st, top);
  // (a step at the largest η that leaves a double's range is long enough to see)
  const lengthAtTop = acceptable({...st, lr: LR_TOP})
    ? stepLength(scales({...st, lr: LR_TOP}, top, trail, topView), st, top) : Infinity;
  return {note: shortNote(st, r, length, lengthAtTop), length, lengthAtTop, topView};
}

function plot(svg, clipId, state, r, trail, view) {
  const {w, b, x, y} = state;
  const wLo = view.lo, wHi = view.hi;
  const {curve, yTicks, lTop, px, py} = scales(state, r, trail, view);
  const x0 = LEFT, x1 = WIDTH - RIGHT, y0 = HEIGHT - BOTTOM, y1 = TOP;

  const parts = [];
  parts.push(s('defs', {}, s('clipPath', {id: clipId}, s('rect', {x: x0, y: y1, width: x1 - x0, height: y0 - y1}))));
  // axes, ticks and grid
  const wTicks = ticks(wLo, wHi, 5);
  for (const v of wTicks.values) {
    parts.push(s('line', {x1: px(v), x2: px(v), y1: y0, y2: y1, class: 'bp-neuron-grid'}));
    parts.push(s('text', {x: px(v), y: y0 + 16, 'text-anchor': 'middle'}, fmt(v, wTicks.decimals)));
  }
  for (const v of yTicks.values) {
    parts.push(s('line', {x1: x0, x2: x1, y1: py(v), y2: py(v), class: 'bp-neuron-grid'}));
    parts.push(s('text', {x: x0 - 6, y: py(v) + 4, 'text-anchor': 'end'}, fmt(v, yTicks.decimals)));
  }
  parts.push(s('line', {x1: x0, x2: x1, y1: y0, y2: y0, class: 'bp-neuron-axis'}));
  parts.push(s('line', {x1: x0, x2: x0, y1: y0, y2: y1, class: 'bp-neuron-axis'}));
  parts.push(s('text', {x: (x0 + x1) / 2, y: HEIGHT - 6, 'text-anchor': 'middle'}, 'weight w'));
  parts.push(s('text', {x: 14, y: (y0 + y1) / 2, 'text-anchor': 'middle',
                        transform: `rotate(-90 14 ${(y0 + y1) / 2})`}, 'loss L'));

  const clipped = s('g', {'clip-path': `url(#${clipId})`});
  // the curve L(w) for this b, x, y
  clipped.append(s('polyline', {class: 'bp-neuron-curve',
    points: curve.map(([a, l]) => `${px(a).toFixed(2)},${py(l).toFixed(2)}`).join(' ')}));
  // the tangent at w: slope ∂L/∂w
  // (no farther than where it leaves the plot twice over: a steep slope times a wide view overflows)
  const reach = Math.min(widthOf(view) * 0.2, 2 * lTop / Math.abs(r.dL_dw));
  clipped.append(s('line', {class: 'bp-neuron-tangent',
    x1: px(w - reach), y1: py(r.loss - r.dL_dw * reach), x2: px(w + reach), y2: py(r.loss + r.dL_dw * reach)}));
  // the points of the steps taken so far, joined in order
  if (trail.length) {
    const path = [...trail, [w, r.loss]];
    clipped.append(s('polyline', {class: 'bp-neuron-trail',
      points: path.map(([a, l]) => `${px(a).toFixed(2)},${py(l).toFixed(2)}`).join(' ')}));
    for (const [a, l] of trail) clipped.append(s('circle', {class: 'bp-neuron-past', cx: px(a), cy: py(l), r: 2.5}));
  }
  // the step: from (w, L) to (new w, new L); blue when ∂L/∂w < 0 (w grows), orange when > 0
  const sx = px(w), sy = py(r.loss), ex = px(r.w_new), ey = py(r.loss_after);
  const length = stepLength({px, py}, state, r);
  const sign = r.dL_dw < 0 ? 'negative' : 'positive';
  if (length >= 1) {
    const head = Math.min(10, length * 0.6);
    const ux = (ex - sx) / length, uy = (ey - sy) / length;
    const bx = ex - ux * head, by = ey - uy * head;
    clipped.append(s('line', {class: `bp-neuron-step bp-${sign}`, x1: sx, y1: sy, x2: bx, y2: by}));
    clipped.append(s('polygon', {class: `bp-neuron-arrowhead bp-${sign}`, points: [
      [ex, ey], [bx - uy * head * 0.45, by + ux * head * 0.45], [bx + uy * head * 0.45, by - ux * head * 0.45],
    ].map((p) => p.map((v) => v.toFixed(2)).join(',')).join(' ')}));
  }
  clipped.append(s('circle', {class: 'bp-neuron-next', cx: ex, cy: ey, r: 4.5}));
  clipped.append(s('circle', {class: 'bp-neuron-now', cx: sx, cy: sy, r: 5}));
  parts.push(clipped);

  svg.replaceChildren(...parts);
  svg.setAttribute('aria-label',
    `The loss L as a function of the weight w, for b = ${fmt(b, 2)}, x = ${fmt(x, 2)}, y = ${fmt(y, 2)}, ` +
    `w from ${fmt(wLo, 2)} to ${fmt(wHi, 2)}. Now w = ${fmt(w, DECIMALS)} and L = ${fmt(r.loss, DECIMALS)}; ` +
    `the tangent there has slope ∂L/∂w = ${fmt(r.dL_dw, DECIMALS)}; one step moves w to ` +
    `${fmt(r.w_new, DECIMALS)} and the loss to ${fmt(r.loss_after, DECIMALS)}.`);
  return length;
}

export default {
  render({ model, el }) {
    const uid = Math.random().toString(36).slice(2, 8);
    let trail = [];    // (w, L) before each step taken with the button, until a slider moves
    let view = null;   // the weights the plot shows (see viewAround)

    const sliders = SLIDERS.map(([trait, label, min, max, step, decimals, key]) => {
      const takes = (value) => acceptable({...state(), [trait]: value});
      const named = (value) => `${trait === 'lr' ? 'η' : trait} = ${fmt(value, decimals)}`;
      const moved = () => {
        trail = [];
        if (trait !== 'w' && trait !== 'lr') view = null;  // a new curve: a new window about w
        draw();
      };
      const row = slider(model, trait, {label, min, max, step, show: (v) => fmt(v, decimals), accepts: takes,
                                        refused: (value) => refuse(named(value)), taken: moved});
      row.querySelector('output').dataset.quantity = trait;
      const input = row.querySelector('input');
      // the arrow keys move the value by `key` from where it is (not from the slider's grid)
      input.addEventListener('keydown', (event) => {
        const sign = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1}[event.key];
        if (!sign) return;
        event.preventDefault();
        const value = keyed(Number(model.get(trait)), sign, key * (event.shiftKey ? 10 : 1), min, max, decimals);
        if (!takes(value)) {
          refuse(named(value));
          return;
        }
        model.set(trait, value);
        model.save_changes();
        moved();
      });
      return row;
    });

    const numbers = {};
    const groups = {
      forward: h('div', {class: 'bp-neuron-group'}, h('div', {class: 'bp-neuron-head'}, 'Forward pass')),
      backward: h('div', {class: 'bp-neuron-group'}, h('div', {class: 'bp-neuron-head'}, 'Backward pass')),
      step: h('div', {class: 'bp-neuron-group'}, h('div', {class: 'bp-neuron-head'}, 'One step, η = ',
        numbers.lrHead = h('span', {}))),
    };
    for (const [quantity, what, group] of ROWS) {
      numbers[quantity] = h('span', {class: 'bp-neuron-num', 'data-quantity': quantity});
      groups[group].append(h('div', {class: 'bp-neuron-row'}, h('span', {class: 'bp-neuron-eq'}, what),
                                   numbers[quantity]));
    }

    const svg = s('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'bp-neuron-svg'});
    const moved = h('span', {'data-quantity': 'dw'});
    const note = h('span', {class: 'bp-neuron-note', 'data-note': ''});
    // what was not taken, and why (until the next drawing): a setting the library refuses
    const refusal = h('p', {class: 'bp-neuron-refused', 'data-refused': '', role: 'status', 'aria-live': 'polite'});
    const refuse = (what) => {
      refusal.dataset.refused = what;
      refusal.textContent = `Not taken: ${what} would carry the numbers beyond a double's range.`;
    };
    const counter = h('span', {'data-quantity': 'steps'});

    const state = () => ({w: model.get('w'), b: model.get('b'), x: model.get('x'), y: model.get('y'),
                          lr: model.get('lr')});

    function draw() {
      const st = state();
      const r = neuron(st.w, st.b, st.x, st.y, st.lr);
      for (const [quantity] of ROWS) numbers[quantity].textContent = fmt(r[quantity], DECIMALS);
      numbers.lrHead.textContent = fmt(st.lr, 2);
      const dw = r.w_new - st.w;
      moved.textContent = signed(dw, DECIMALS);
      counter.textContent = String(model.get('steps'));
      view = viewFor(view, st, r);
      plot(svg, 'bp-neuron-clip-' + uid, st, r, trail, view);
      const [kind, why] = stepNote(st, r, trail, view).note;
      note.dataset.note = kind;
      note.textContent = why;
      refusal.dataset.refused = '';
      refusal.textContent = '';
    }

    const takeStep = () => {
      const st = state();
      const r = neuron(st.w, st.b, st.x, st.y, st.lr);
      if (!acceptable({...st, w: r.w_new, b: r.b_new})) {
        refuse('a step');
        return;
      }
      trail.push([st.w, r.loss]);
      model.set('w', r.w_new);
      model.set('b', r.b_new);
      model.set('steps', model.get('steps') + 1);
      model.save_changes();
      draw();
    };
    // start afresh from a setting of the traits: no trail, the view refitted, no steps taken
    const startFrom = (setting, what) => {
      if (!acceptable({...state(), ...setting})) {
        refuse(what);
        return;
      }
      trail = [];
      view = null;
      for (const [trait, value] of Object.entries(setting)) model.set(trait, value);
      model.set('steps', 0);
      model.save_changes();
      draw();
    };
    const reset = () => startFrom(model.get('start') || {}, 'Reset');

    // a preset: the start with the preset's changes, and no steps taken yet
    const preset = ([name, text, changes]) => {
      const setting = {...(model.get('start') || {}), ...changes};
      const title = ['w', 'b', 'x', 'y', 'lr'].filter((k) => k in setting)
        .map((k) => `${k === 'lr' ? 'η' : k} = ${fmt(setting[k], k === 'w' || k === 'b' ? 4 : 2)}`).join(', ');
      return h('button', {type: 'button', 'data-preset': name, title: 'Set ' + title,
        onclick: () => startFrom(setting, `“${text}”`)}, text);
    };
    const presets = h('div', {class: 'bp-neuron-presets', role: 'group', 'aria-label': 'Settings to try'},
      h('span', {}, 'Try:'), ...PRESETS.map(preset));

    for (const trait of ['w', 'b', 'x', 'y', 'lr', 'steps']) model.on('change:' + trait, draw);

    const legend = h('ul', {class: 'bp-neuron-legend'},
      h('li', {}, h('span', {class: 'bp-neuron-key bp-neuron-key-curve', 'aria-hidden': 'true'}),
        'the loss L as a function of w, for this b, x and y'),
      h('li', {}, h('span', {class: 'bp-neuron-key bp-neuron-key-tangent', 'aria-hidden': 'true'}),
        'its tangent at w, of slope ∂L/∂w'),
      h('li', {}, s('svg', {class: 'bp-neuron-key-step', viewBox: '0 0 44 12', 'aria-hidden': 'true'},
          s('line', {class: 'bp-neuron-step bp-negative', x1: 1, y1: 6, x2: 13, y2: 6}),
          s('polygon', {class: 'bp-neuron-arrowhead bp-negative', points: '20,6 12,1.5 12,10.5'}),
          s('line', {class: 'bp-neuron-step bp-positive', x1: 43, y1: 6, x2: 31, y2: 6}),
          s('polygon', {class: 'bp-neuron-arrowhead bp-positive', points: '24,6 32,1.5 32,10.5'})),
        'one step, to the new w and the new L (blue: w grows, orange: w shrinks); ',
        'it moves b too, so it can end off this curve, drawn for the current b'),
      h('li', {}, h('span', {class: 'bp-neuron-key bp-neuron-key-trail', 'aria-hidden': 'true'}),
        'where the earlier steps began (each on the curve of its own b)'));

    el.append(h('div', {class: 'bp-explorer bp-neuron'},
      h('div', {class: 'bp-neuron-controls'}, ...sliders),
      presets,
      h('div', {class: 'bp-neuron-buttons'},
        h('button', {type: 'button', 'data-action': 'step', onclick: takeStep}, 'Step'),
        h('button', {type: 'button', 'data-action': 'reset', onclick: reset}, 'Reset'),
        h('span', {role: 'status', 'aria-live': 'polite'}, 'steps taken: ', counter)),
      h('div', {class: 'bp-neuron-body'},
        h('div', {class: 'bp-neuron-plot'}, svg,
          h('p', {class: 'bp-neuron-dw'}, 'The step moves w by −η ∂L/∂w = ', moved, note), refusal,
          legend),
        h('div', {class: 'bp-neuron-numbers bp-numbers'}, groups.forward, groups.backward, groups.step))));
    draw();
  },
};
