// The 2-2-2 network stepper of backprop_lib/explorers/network.py: forward pass, loss, backward
// pass and update of a sigmoid network with the loss ½ Σ (ŷ − y)², drawn on the network.
// Its maths is core.js's, the library's passes in JavaScript (tests/test_explorer_core.py checks
// them against the library); the browser test compares every number it shows with the library's.
//
// Parameters as the traits hold them, as core.js takes them: W[ℓ − 1][to][from] is the weight
// from unit `from` of layer ℓ − 1 to unit `to` of layer ℓ; b[ℓ − 1] is null (no bias), [b] (one
// bias shared by the layer) or one bias per unit.

const STAGE_ORDER = ['weights', 'forward', 'loss', 'backward', 'update'];
const STAGE_BUTTONS = [['forward', 'Forward'], ['loss', 'Loss'], ['backward', 'Backward'], ['update', 'Update']];

// The stepper's network for core.js: sigmoid layers; its one sample x and target y as columns.
const stepperNet = (W, b, frozen = []) => ({W, b, activation: 'sigmoid', frozen});
const column = (v) => v.map((e) => [e]);

// The forward pass and the backward pass for the one sample, each per-unit number in a vector:
// fw: z[ℓ], a[ℓ] (ℓ = 1, 2; a[0] = x); bw: delta[ℓ], dW[ℓ], db[ℓ], the loss ½ Σ (ŷ − y)², each
// output's miss ŷ − y (its ∂L/∂ŷ) and its term ½(ŷ − y)².
function passes(W, b, x, y) {
  const net = stepperNet(W, b), f = forward(net, column(x)), g = backward(net, f, column(y));
  const first = (M) => (M == null ? null : M.map((row) => row[0]));
  return {
    fw: {z: f.z.map(first), a: f.a.map(first)},
    bw: {delta: g.delta.map(first), dW: g.dW, db: g.db, loss: g.loss, error: first(g.dL_da),
         terms: first(lossTerms(f.a[W.length], column(y)))},
  };
}

// A number with its sign, as the book's drawings print gradients: +0.0802, −0.0176, 0.0000.

// ---- the picture --------------------------------------------------------------------------------
const VW = 800, VH = 420, X0 = 62, DX = 262, Y0 = 122, DY = 170, R = 44, BIAS_Y = 32;

// (x, y) of unit j of a layer of n units: layer ℓ at x = X0 + ℓ·DX, its units DY apart, centred.
function unitXY(layer, j, n) {
  return [X0 + layer * DX, Y0 + DY / 2 + (j - (n - 1) / 2) * DY];
}

// A label of lines, each a list of runs: a string, an SVG node, or [text, quantity] for a number,
// marked for the tests with data-quantity. `backing`: a rectangle in the page's colour behind it.
function label(x, y, lines, attrs = {}, backing = false) {
  const t = s('text', { x, y, 'text-anchor': 'middle', ...attrs });
  const lineHeight = 16, first = -(lines.length - 1) * lineHeight / 2;
  lines.forEach((runs, i) => {
    const line = s('tspan', { x, dy: i === 0 ? first + 5 : lineHeight });
    for (const run of runs) {
      if (typeof run === 'string' || run instanceof Node) line.append(run);
      else line.append(s('tspan', { 'data-quantity': run[1], class: 'bp-number' }, run[0]));
    }
    t.append(line);
  });
  if (!backing) return t;
  // about 0.58 em a character at 14 px: wide enough for the digits, a little room for the rest
  const chars = Math.max(...lines.map((runs) => runs.map((r) => (typeof r === 'string' ? r : r instanceof Node ?
    r.textContent : r[0]).length).reduce((a, c) => a + c, 0)));
  const w = chars * 8.1 + 6, hgt = lines.length * lineHeight + 4;
  return s('g', {}, s('rect', { x: x - w / 2, y: y - hgt / 2, width: w, height: hgt, rx: 3, class: 'bp-label-back' }), t);
}

function draw(st) {
  const { W, b, x, y, stage, names, units, d, frozen } = st;
  const sizes = [x.length, ...W.map((Wl) => Wl.length)];
  const L = W.length;
  const fw = st.fw, bw = st.bw;
  const shownStage = stage === 'update' && !st.before ? 'weights' : stage;
  const svg = s('svg', { viewBox: `0 0 ${VW} ${VH}`, role: 'img', class: 'bp-network-svg', 'data-stage': shownStage,
                         'aria-label': st.summary });
  const edges = s('g', { class: 'bp-edges' }), marks = s('g', { class: 'bp-marks' });
  const nameOf = {};
  for (const [name, where] of Object.entries(names)) nameOf[where.join(',')] = name;
  const largest = Math.max(...bw.dW.slice(1).flat(2).map(Math.abs));

  // the edges and their numbers
  for (let l = 1; l <= L; l++) {
    const steepest = Math.max(...W[l - 1].flatMap((row, j) => row.map((_, k) =>
      Math.abs(unitXY(l, j, sizes[l])[1] - unitXY(l - 1, k, sizes[l - 1])[1]))));
    W[l - 1].forEach((row, j) => row.forEach((w, k) => {
      const key = `W${l}[${j}, ${k}]`, name = nameOf[[l, j, k].join(',')] || key;
      const [x0, y0] = unitXY(l - 1, k, sizes[l - 1]), [x1, y1] = unitXY(l, j, sizes[l]);
      const grad = bw.dW[l][j][k];
      let cls = 'bp-edge', width = 1.6;
      if (shownStage === 'backward') {
        cls += frozen.includes('W' + l) || grad === 0 ? ' bp-frozen' : grad > 0 ? ' bp-pos' : ' bp-neg';
        width = largest > 0 ? 1.2 + 6 * Math.abs(grad) / largest : 1.2;
      } else if (shownStage === 'forward') cls += ' bp-flow';
      edges.append(s('line', { x1: x0, y1: y0, x2: x1, y2: y1, class: cls, 'stroke-width': width.toFixed(2),
                               'data-edge': key }));
      // the label sits along its edge: before the middle on a rising edge, after it on a falling one
      const rise = steepest === 0 ? 0 : (y0 - y1) / steepest, t = 0.5 - 0.18 * rise;
      const angle = Math.atan2(y1 - y0, x1 - x0) * 180 / Math.PI;
      let lines;
      if (shownStage === 'backward') lines = [[`∂𝓛/∂${name}`], [[signed(grad, d), 'd' + key]]];
      else if (shownStage === 'update') {
        lines = [[`${name} `, [fmt(st.before.W[l - 1][j][k], d), 'old ' + key]], ['→ ', [fmt(w, d), 'new ' + key]]];
      } else lines = [[`${name} = `, [fmt(w, d), key]]];
      const g = s('g', { transform: `translate(${(x0 + t * (x1 - x0)).toFixed(1)} ${(y0 + t * (y1 - y0)).toFixed(1)}) ` +
                                    `rotate(${angle.toFixed(2)})` });
      g.append(label(0, 0, lines, { class: 'bp-edge-label' }, true));
      marks.append(g);
    }));
  }

  // the biases: a box above the layer when its units share one, a line under each unit otherwise
  for (let l = 1; l <= L; l++) {
    const bl = b[l - 1];
    if (bl == null) continue;
    const isFrozen = frozen.includes('b' + l), note = isFrozen ? ' (frozen)' : '';
    const text = (name, j) => {
      const key = `b${l}[${j}]`;
      if (shownStage === 'backward') return [[`∂𝓛/∂${name} = `, [signed(bw.db[l][j], d), 'd' + key], note]];
      if (shownStage === 'update' && !isFrozen) {
        return [[`${name} `, [fmt(st.before.b[l - 1][j], d), 'old ' + key], ' → ', [fmt(bl[j], d), 'new ' + key]]];
      }
      return [[`${name} = `, [fmt(bl[j], d), key], note]];
    };
    if (bl.length === 1 && sizes[l] > 1) {
      const bx = X0 + (l - 0.5) * DX;
      for (let j = 0; j < sizes[l]; j++) {
        const [ux, uy] = unitXY(l, j, sizes[l]);
        edges.append(s('line', { x1: bx, y1: BIAS_Y, x2: ux, y2: uy, class: 'bp-bias-line' + (isFrozen ? ' bp-frozen' : '') }));
      }
      marks.append(s('rect', { x: bx - 92, y: BIAS_Y - 14, width: 184, height: 28, rx: 4, class: 'bp-bias-box' }));
      marks.append(label(bx, BIAS_Y, text(`b${l}`, 0), { class: 'bp-bias-label' }));
    } else {
      for (let j = 0; j < sizes[l]; j++) {
        const [ux, uy] = unitXY(l, j, sizes[l]);
        marks.append(label(ux, uy + R + 16, text('b', j), { class: 'bp-bias-label' }));
      }
    }
  }

  // the units, with what this stage computes in them
  const nodes = s('g', { class: 'bp-units' });
  for (let l = 0; l <= L; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      const [ux, uy] = unitXY(l, j, sizes[l]);
      const active = (shownStage === 'forward' && l > 0) || (shownStage === 'backward' && l > 0) ||
                     (shownStage === 'loss' && l === L);
      nodes.append(s('circle', { cx: ux, cy: uy, r: R, class: 'bp-unit' + (l === 0 ? ' bp-input' : '') +
                                 (active ? ' bp-active' : '') }));
      const lines = [[s('tspan', { class: 'bp-unit-name' }, units[l][j])]];
      if (l === 0) lines.push(['x ', [fmt(x[j], d), `x[${j}]`]]);
      else if (shownStage === 'forward' || shownStage === 'loss') {
        lines.push(['z ', [fmt(fw.z[l][j], d), `z${l}[${j}]`]], ['a ', [fmt(fw.a[l][j], d), `a${l}[${j}]`]]);
      } else if (shownStage === 'backward') lines.push(['δ ', [signed(bw.delta[l][j], d), `delta${l}[${j}]`]]);
      nodes.append(label(ux, uy, lines.map((runs) => runs), { class: 'bp-unit-label' }));
    }
    const caption = l === 0 ? 'input' : 'sigmoid';
    const [cx] = unitXY(l, 0, sizes[l]);
    nodes.append(label(cx, VH - 22, [[`layer ${l}`], [caption]], { class: 'bp-layer-label' }));
  }

  // beside each output: its target; at the loss stage its miss, its term of the loss, and the loss
  const rx = X0 + L * DX + R + 12;
  for (let j = 0; j < sizes[L]; j++) {
    const [, uy] = unitXY(L, j, sizes[L]);
    const lines = [['y ', [fmt(y[j], d), `y[${j}]`]]];
    if (shownStage === 'loss') {
      lines.push(['ŷ − y = ', [signed(bw.error[j], d), `error[${j}]`]],
                 ['½(ŷ − y)² = ', [fmt(bw.terms[j], d), `loss term[${j}]`]]);
    }
    marks.append(label(rx, uy, lines, { class: 'bp-target-label', 'text-anchor': 'start' }));
  }
  if (shownStage === 'loss') {
    const [, ya] = unitXY(L, 0, sizes[L]), [, yb] = unitXY(L, sizes[L] - 1, sizes[L]);
    marks.append(s('rect', { x: rx - 4, y: (ya + yb) / 2 - 15, width: 122, height: 30, rx: 4, class: 'bp-loss-box' }));
    marks.append(label(rx + 4, (ya + yb) / 2, [['𝓛 = ', [fmt(bw.loss, d), 'loss']]],
                       { class: 'bp-loss-label', 'text-anchor': 'start' }));
  }
  svg.append(edges, marks, nodes);
  return svg;
}

// What the update does to the biases, after what it does to the weights.
function biasesMove({b, frozen}) {
  const layers = b.map((bl, l) => (bl == null ? null : frozen.includes('b' + (l + 1)))).filter((f) => f !== null);
  if (layers.every((f) => f)) return layers.length ? '; the biases are frozen. ' : '. ';
  return layers.some((f) => f) ? '; so does every bias not frozen, by −η ∂𝓛/∂b. ' : '; so does every bias, by −η ∂𝓛/∂b. ';
}

// What each stage says, above the picture.
function captionOf(st) {
  const { stage, d, step } = st;
  const shownStage = stage === 'update' && !st.before ? 'weights' : stage;
  const n = (value, quantity) => h('span', { class: 'bp-number', 'data-quantity': quantity }, value);
  switch (shownStage) {
    case 'forward':
      return [h('strong', {}, 'Forward pass. '), 'Each unit adds its inputs times their weights, plus its bias: ' +
        'the pre-activation z; then squashes it: the activation a = σ(z).'];
    case 'loss':
      return [h('strong', {}, 'Loss. '), 'Each output ŷ misses its target y by ŷ − y and adds ½(ŷ − y)² to the ' +
        'loss 𝓛 = ', n(fmt(st.bw.loss, d), 'loss'), '.'];
    case 'backward':
      return [h('strong', {}, 'Backward pass. '), 'Each unit\'s error δ = ∂𝓛/∂z, and on each edge ∂𝓛/∂w: the ' +
        'error of the unit it enters times the activation it carries. Orange: positive (the weight will ' +
        'fall); blue: negative (it will rise); the thicker, the larger.' +
        (st.bw.dW.slice(1).flat(2).some((g) => g === 0) ? ' Grey: zero (the weight stays).' : '')];
    case 'update':
      return [h('strong', {}, `Update ${step}. `), `Every weight moves by −η ∂𝓛/∂w, η = ${general(st.lr)}: old → new` +
        biasesMove(st) +
        'The loss goes from ', n(fmt(st.beforeLoss, d), 'loss before'), ' to ', n(fmt(st.loss, d), 'loss after'),
        '. Next stage: the forward pass with the new weights.'];
    default:
      return [h('strong', {}, step === 0 ? 'The given weights. ' : 'The current weights. '),
        'Next stage takes the forward pass; Update makes a whole step at once.'];
  }
}

export default {
  render({ model, el }) {
    const get = (name) => model.get(name);
    const buttons = {};
    // A press sets up to six traits, each firing its change event: the page is drawn once, after
    // the last (`pressing` holds the redraws back until then), not once for each.
    let pressing = false;
    const press = (action) => () => {
      pressing = true;
      try {
        act(action);
      } finally {
        pressing = false;
      }
      redraw();
      model.save_changes();
    };
    const act = (action) => {
      if (action === 'reset') {
        model.set('weights', get('initial_weights'));
        model.set('biases', get('initial_biases'));
        model.set('previous_weights', []);
        model.set('previous_biases', []);
        model.set('step', 0);
        model.set('stage', 'weights');
      } else if (action === 'update' || (action === 'next' && get('stage') === 'backward')) {
        const W = get('weights'), b = get('biases'), net = stepperNet(W, b, get('frozen'));
        const next = sgdStep(net, backward(net, forward(net, column(get('x'))), column(get('y'))), get('lr'));
        model.set('previous_weights', W);
        model.set('previous_biases', b);
        model.set('weights', next.W);
        model.set('biases', next.b);
        model.set('step', get('step') + 1);
        model.set('stage', 'update');
      } else if (action === 'next') {
        const stage = get('stage');
        model.set('stage', stage === 'update' ? 'forward' : STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1]);
      } else {
        model.set('stage', action);
      }
    };
    buttons.next = h('button', { type: 'button', class: 'bp-next', onclick: press('next') }, 'Next stage ▸');
    const stageGroup = h('div', { class: 'bp-stage-buttons', role: 'group', 'aria-label': 'Stages of a training step' });
    // 1–3 only show a stage of the current weights; 4 takes a step each time it is pressed, so it
    // says so and stands apart
    STAGE_BUTTONS.forEach(([stage, text], i) => {
      const update = stage === 'update';
      const label = update ? `${i + 1} ${text} (one step)` : `${i + 1} ${text}`;
      buttons[stage] = h('button', {
        type: 'button', 'data-stage': stage, onclick: press(stage), class: update ? 'bp-update' : null,
        title: update ? 'Take one step of gradient descent: every press changes the weights again'
          : `Show the ${text.toLowerCase()}${stage === 'loss' ? '' : ' pass'} with the current weights (changes no weight)`,
        'aria-label': update ? `${label}: takes one more step of gradient descent, changing the weights` : null,
      }, label);
      if (update) stageGroup.append(h('span', { class: 'bp-stage-divider', 'aria-hidden': 'true' }));
      stageGroup.append(buttons[stage]);
    });
    buttons.reset = h('button', { type: 'button', class: 'bp-reset', onclick: press('reset') }, 'Reset');
    const caption = h('p', { class: 'bp-network-caption', role: 'status', 'aria-live': 'polite' });
    const figure = h('div', { class: 'bp-network-figure', tabindex: '0', role: 'group',
                              'aria-label': 'The network diagram (scrolls sideways on a narrow screen)' });
    const status = h('p', { class: 'bp-network-status bp-numbers' });
    // on a screen too narrow for the diagram, a hint that it scrolls (shown while it overflows)
    const swipe = h('p', { class: 'bp-network-swipe', hidden: true },
      h('span', { 'aria-hidden': 'true' }, '↔ '), 'Swipe sideways to see the whole network');
    const root = h('div', { class: 'bp-explorer bp-network' },
      h('div', { class: 'bp-network-controls' }, buttons.next, buttons.reset, stageGroup), caption, swipe, figure,
      status);
    const overflowing = () => { swipe.hidden = figure.scrollWidth <= figure.clientWidth + 1; };
    const watcher = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(inNextFrame(overflowing));
    if (watcher) watcher.observe(figure);

    const redraw = () => {
      const W = get('weights'), b = get('biases'), x = get('x'), y = get('y'), d = get('decimals');
      const { fw, bw } = passes(W, b, x, y);
      const pw = get('previous_weights'), pb = get('previous_biases');
      const before = pw && pw.length ? { W: pw, b: pb } : null;
      const beforeLoss = before ? lossOf(stepperNet(pw, pb), column(x), column(y)) : null;
      const startLoss = lossOf(stepperNet(get('initial_weights'), get('initial_biases')), column(x), column(y));
      const stage = get('stage'), step = get('step');
      const shownStage = stage === 'update' && !before ? 'weights' : stage;
      const st = { W, b, x, y, d, fw, bw, before, beforeLoss, loss: bw.loss, stage, step, lr: get('lr'),
                   names: get('names'), units: get('units'), frozen: get('frozen') };
      st.summary = `The 2-2-2 network, ${shownStage === 'weights' ? 'its weights' : shownStage + ' stage'}, ` +
        `after ${step} update${step === 1 ? '' : 's'}; loss ${fmt(bw.loss, d)}.`;
      root.dataset.stage = shownStage;
      root.dataset.step = String(step);
      for (const [name] of STAGE_BUTTONS) {
        const current = name === shownStage;
        buttons[name].classList.toggle('bp-current', current);
        if (current) buttons[name].setAttribute('aria-current', 'step');
        else buttons[name].removeAttribute('aria-current');
      }
      caption.replaceChildren(...captionOf(st));
      figure.replaceChildren(draw(st));
      overflowing();
      const n = (value, quantity) => h('span', { class: 'bp-number', 'data-quantity': quantity }, value);
      status.replaceChildren('Updates made: ', n(String(step), 'step'), ' · loss with the current weights: ',
        n(fmt(bw.loss, d), 'loss now'), ' · at the start: ', n(fmt(startLoss, d), 'loss start'));
    };
    const traits = ['weights', 'biases', 'previous_weights', 'previous_biases', 'stage', 'step', 'x', 'y', 'lr',
                    'decimals', 'frozen'];
    const redrawUnlessPressed = () => { if (!pressing) redraw(); };
    for (const t of traits) model.on('change:' + t, redrawUnlessPressed);
    redraw();
    el.append(root);
    return () => {
      for (const t of traits) model.off('change:' + t, redrawUnlessPressed);
      if (watcher) watcher.disconnect();
    };
  },
};
