// The XOR explorer of backprop_lib/explorers/xor.py: the 2-h-1 sigmoid network of chapter 7,
// trained on XOR in the page by core.js's training loop (the library's train in JavaScript,
// checked against it by tests/test_explorer_core.py):
//   forward    Z1 = W1 X + b1, A1 = σ(Z1), Z2 = W2 A1 + b2, A2 = σ(Z2)
//   loss       L = ½ Σ_n (A2 − Y)²                        (recorded before each step, and after the last)
//   backward   Δ2 = (A2 − Y) ⊙ A2(1 − A2),  ∂L/∂W2 = Δ2 A1ᵀ,  ∂L/∂b2 = Σ_n Δ2
//              Δ1 = (W2ᵀ Δ2) ⊙ A1(1 − A1),  ∂L/∂W1 = Δ1 Xᵀ,   ∂L/∂b1 = Σ_n Δ1
//   update     θ ← θ − η ∂L/∂θ, all four samples at once (full batch), one step per epoch.
// The starting networks come from Python (numpy's default_rng), in the widget state. It trains in
// slices (core.js's trainInSlices), so that the page answers its reader meanwhile, and a new
// setting cancels the run of the last one: the newest wins.

// A starting network of the widget state ({W1: h×2, b1: h, W2: 1×h, b2: 1}) as core.js takes it.
const xorNet = (start) => ({W: [start.W1, start.W2], b: [start.b1, start.b2], activation: 'sigmoid'});

// matplotlib's RdBu_r (blue low, red high), as the book's decision-boundary figures use it,
// in ten bands 0–0.1, ..., 0.9–1 like their filled contours.
const RDBU_R = ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7',
                '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'];
function rdbu(v) {
  const t = Math.min(Math.max(v, 0), 1) * (RDBU_R.length - 1);
  const i = Math.min(Math.floor(t), RDBU_R.length - 2), f = t - i;
  const [p, q] = [RDBU_R[i], RDBU_R[i + 1]].map((c) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16)));
  return 'rgb(' + p.map((c, k) => Math.round(c + f * (q[k] - c))).join(',') + ')';
}
const BANDS = Array.from({length: 10}, (_, k) => rdbu((k + 0.5) / 10));  // each band's colour, made once
function band(v) { return BANDS[Math.min(Math.floor(Math.min(Math.max(v, 0), 1) * 10), 9)]; }

// A whole number with a comma every three digits, 50,000 (as toLocaleString('en-US'), far faster).
const thousands = (v) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// A loss to 4 significant digits, never fewer than 4 decimals: 0.2573, 0.0003248, 0.00002487.
function lossText(v) {
  const decimals = v > 0 ? Math.max(4, 3 - Math.floor(Math.log10(v))) : 4;
  return fmt(v, Math.min(decimals, 20));
}

// The loss curve, on a log scale, with the plateaus ½ and ¼ of the chapter.
function drawLosses(svg, losses) {
  const W = 320, H = 230, left = 50, right = 22, top = 10, bottom = 40;
  const steps = losses.length - 1;
  let lo = Infinity, hi = 0;
  for (const v of losses) { if (v > 0) lo = Math.min(lo, v); hi = Math.max(hi, v); }
  lo = Math.max(lo, 1e-12);
  const d0 = Math.floor(Math.log10(lo)), d1 = Math.max(Math.ceil(Math.log10(hi)), d0 + 1);
  const X = (s) => left + (W - left - right) * s / steps;
  const Y = (v) => top + (H - top - bottom) * (d1 - Math.log10(Math.max(v, 1e-12))) / (d1 - d0);
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const every = Math.ceil((d1 - d0 + 1) / 6);
  for (let d = d0; d <= d1; d++) {
    svg.append(s('line', {x1: left, x2: W - right, y1: Y(10 ** d), y2: Y(10 ** d), class: 'bp-grid'}));
    if ((d1 - d) % every === 0) {
      svg.append(s('text', {x: left - 5, y: Y(10 ** d) + 4, 'text-anchor': 'end'}, d >= -2 ? String(10 ** d) : '1e' + d));
    }
  }
  for (const t of [0, steps / 2, steps]) {
    svg.append(s('line', {x1: X(t), x2: X(t), y1: H - bottom, y2: H - bottom + 4, class: 'bp-axis'}));
    svg.append(s('text', {x: X(t), y: H - bottom + 16, 'text-anchor': t === 0 ? 'start' : t === steps ? 'end' : 'middle'}, thousands(t)));
  }
  svg.append(s('text', {x: (left + W - right) / 2, y: H - 4, 'text-anchor': 'middle'}, 'step'));
  for (const [level, name] of [[0.5, '½'], [0.25, '¼']]) {
    if (10 ** d0 <= level && level <= 10 ** d1) {
      svg.append(s('line', {x1: left, x2: W - right, y1: Y(level), y2: Y(level), class: 'bp-level'}));
      svg.append(s('text', {x: W - right + 3, y: Y(level) + 4}, name));
    }
  }
  svg.append(s('rect', {x: left, y: top, width: W - left - right, height: H - top - bottom, class: 'bp-frame'}));
  const n = Math.min(steps, 400);
  let path = '';
  for (let i = 0; i <= n; i++) {
    const step = Math.round(i * steps / n);
    path += (i ? 'L' : 'M') + X(step).toFixed(1) + ' ' + Y(losses[step]).toFixed(1);
  }
  svg.append(s('path', {d: path, class: 'bp-curve'}));
}

// The output over [−0.5, 1.5]², in bands, the line ŷ = ½ (marching squares), the samples.
function drawBoundary(svg, net, x, y) {
  const N = 40, low = -0.5, high = 1.5, size = 220, left = 50, top = 8, W = left + size + 10, H = top + size + 40;
  const P = (v) => (v - low) / (high - low) * size;
  const step = (high - low) / N;
  // every point of the grid, one column each, through the network at once
  const grid = [[], []];
  for (let i = 0; i <= N; i++) {
    for (let j = 0; j <= N; j++) {
      grid[0].push(low + i * step);
      grid[1].push(low + j * step);
    }
  }
  const outputs = forward(net, grid).a[2][0];
  const value = [];  // value[i][j] at x1 = low + i·step, x2 = low + j·step
  for (let i = 0; i <= N; i++) value.push(outputs.slice(i * (N + 1), (i + 1) * (N + 1)));
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const plot = s('g', {transform: `translate(${left},${top + size}) scale(1,-1)`});
  const cells = s('g', {'shape-rendering': 'crispEdges'});
  const cell = size / N;
  // each column's cells, those of one band after another drawn as one rectangle (a few hundred
  // elements, not 1,600: a third of the time to draw, which a phone spends at the end of each run)
  for (let i = 0; i < N; i++) {
    const fills = [];  // each cell's band, from the mean of its four corners
    for (let j = 0; j < N; j++) fills.push(band((value[i][j] + value[i + 1][j] + value[i][j + 1] + value[i + 1][j + 1]) / 4));
    for (let j = 0; j < N;) {
      const fill = fills[j];
      let k = j + 1;
      while (k < N && fills[k] === fill) k++;
      cells.append(s('rect', {x: (i * cell).toFixed(2), y: (j * cell).toFixed(2),
                              width: (cell + 0.3).toFixed(2), height: ((k - j) * cell + 0.3).toFixed(2), fill}));
      j = k;
    }
  }
  plot.append(cells);
  // marching squares on the level ½: where it crosses an edge, by linear interpolation
  let path = '';
  const cross = (a, b, va, vb) => [a[0] + (b[0] - a[0]) * (0.5 - va) / (vb - va), a[1] + (b[1] - a[1]) * (0.5 - va) / (vb - va)];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const c = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const v = c.map(([a, b]) => value[a][b]);
      const pts = [];
      for (let k = 0; k < 4; k++) {
        const k2 = (k + 1) % 4;
        if ((v[k] > 0.5) !== (v[k2] > 0.5)) pts.push(cross(c[k], c[k2], v[k], v[k2]));
      }
      // a saddle: the centre on c1's side joins c1 and c3 (edges 1–2 and 3–0), else they are cut off
      if (pts.length === 4 && ((v[0] + v[1] + v[2] + v[3]) / 4 > 0.5) !== (v[0] > 0.5)) pts.push(pts.shift());
      for (let k = 0; k + 1 < pts.length; k += 2) {
        path += 'M' + pts[k].map((p) => (p * cell).toFixed(1)).join(' ') + 'L' + pts[k + 1].map((p) => (p * cell).toFixed(1)).join(' ');
      }
    }
  }
  if (path) plot.append(s('path', {d: path, class: 'bp-boundary'}));
  for (let n = 0; n < x[0].length; n++) {
    plot.append(s('circle', {cx: P(x[0][n]), cy: P(x[1][n]), r: 7, class: y[0][n] === 1 ? 'bp-target-1' : 'bp-target-0'}));
  }
  svg.append(plot);
  svg.append(s('rect', {x: left, y: top, width: size, height: size, class: 'bp-frame'}));
  for (const t of [-0.5, 0, 0.5, 1, 1.5]) {
    const label = fmt(t, t === Math.round(t) ? 0 : 1);
    svg.append(s('text', {x: left + P(t), y: top + size + 15, 'text-anchor': 'middle'}, label));
    svg.append(s('text', {x: left - 4, y: top + size - P(t) + 4, 'text-anchor': 'end'}, label));
  }
  svg.append(s('text', {x: left + size / 2, y: H - 4, 'text-anchor': 'middle'}, 'x₁'));
  svg.append(s('text', {x: 2, y: top + size / 2 + 4}, 'x₂'));
}

export default {
  render({ model, el }) {
    const choices = model.get('choices'), samples = model.get('samples'), starts = model.get('starts');
    const x = samples.x, y = samples.y, rates = choices.lr;
    const uid = Math.random().toString(36).slice(2, 8);

    // η: a slider over the offered rates (0.1 to 50 are too far apart for a linear slider)
    const lrId = 'bp-lr-' + uid;
    const lrOut = h('output', {for: lrId, class: 'bp-value'});
    const lrInput = h('input', {type: 'range', id: lrId, min: 0, max: rates.length - 1, step: 1,
                                'data-trait': 'lr', 'data-values': JSON.stringify(rates)});
    const lrSync = () => {
      const lr = model.get('lr');
      let k = rates.indexOf(lr);
      if (k < 0) k = rates.reduce((best, r, i) => Math.abs(Math.log(r / lr)) < Math.abs(Math.log(rates[best] / lr)) ? i : best, 0);
      lrInput.value = k;
      lrOut.textContent = String(lr);
      lrInput.setAttribute('aria-valuetext', 'η = ' + lr);
    };
    lrInput.addEventListener('input', () => { model.set('lr', rates[Number(lrInput.value)]); model.save_changes(); });
    model.on('change:lr', lrSync);
    lrSync();

    const [eMin, eMax, eStep] = choices.epochs;
    const controls = h('div', {class: 'bp-xor-controls'},
      slider(model, 'hidden', {label: 'hidden units h', min: choices.hidden[0], max: choices.hidden[choices.hidden.length - 1], step: 1, show: String}),
      h('div', {class: 'bp-slider'}, h('label', {for: lrId}, 'learning rate η'), lrInput, lrOut),
      slider(model, 'seed', {label: 'seed', min: choices.seeds[0], max: choices.seeds[choices.seeds.length - 1], step: 1, show: String}),
      slider(model, 'epochs', {label: 'epochs', min: eMin, max: eMax, step: eStep, show: thousands}));

    const lossSvg = s('svg', {role: 'img', class: 'bp-xor-losses'});
    const boundarySvg = s('svg', {role: 'img', class: 'bp-xor-boundary'});
    const lossCaption = h('figcaption', {}, 'Loss ', h('i', {}, 'L'), ' before each step and after the last (log scale); ' +
      'dotted: the plateaus ½ and ¼');
    const boundaryCaption = h('figcaption', {}, 'Output ŷ over the inputs, from 0 (blue) to 1 (red); black line: ŷ = ½; ',
      h('span', {class: 'bp-key bp-key-0', 'aria-hidden': 'true'}), ' target 0, ',
      h('span', {class: 'bp-key bp-key-1', 'aria-hidden': 'true'}), ' target 1');
    const figures = h('div', {class: 'bp-xor-figures'},
      h('figure', {}, lossSvg, lossCaption), h('figure', {}, boundarySvg, boundaryCaption));

    const finalLoss = h('span', {'data-quantity': 'final-loss'});
    const verdict = h('span', {class: 'bp-verdict', 'data-quantity': 'verdict'});
    const result = h('span', {}, 'After ', h('span', {'data-quantity': 'epochs'}), ' epochs the loss is ', finalLoss, ': ', verdict);
    const training = h('span', {class: 'bp-xor-training', hidden: true});
    // busy while it trains, so that a screen reader announces the result, not every slice's count
    const summary = h('p', {class: 'bp-numbers', role: 'status', 'aria-live': 'polite'}, result, training);
    const cells = [];
    const rows = x[0].map((_, n) => {
      const out = h('td', {'data-quantity': 'output-' + (n + 1)});
      const side = h('td', {});
      cells.push([out, side]);
      return h('tr', {}, h('th', {scope: 'row'}, `(${x[0][n]}, ${x[1][n]})`), h('td', {}, String(y[0][n])), out, side);
    });
    const table = h('table', {class: 'bp-xor-outputs bp-numbers'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'input'), h('th', {scope: 'col'}, 'target'),
                     h('th', {scope: 'col'}, 'output ŷ'), h('th', {scope: 'col'}, 'side of ½'))),
      h('tbody', {}, rows));

    const root = h('div', {class: 'bp-explorer bp-xor'}, controls, figures, summary, h('div', {class: 'bp-xor-table'}, table));

    // What the explorer shows once a run has ended: every number is final for `setting`, and
    // data-shown says so (the tests wait for it); the drawing is done once, at the end.
    const show = (run, setting, epochs) => {
      const losses = run.losses, last = losses[losses.length - 1];
      const outputs = forward(run.net, x).a[2][0];  // ŷ of the trained network for the four samples
      const solves = outputs.every((o, n) => (o > 0.5) === (y[0][n] === 1));
      drawLosses(lossSvg, losses);
      lossSvg.setAttribute('aria-label', `Loss curve over ${thousands(epochs)} steps, from ${fmt(losses[0], 4)} ` +
        `at step 0 to ${lossText(last)} after the last step.`);
      drawBoundary(boundarySvg, run.net, x, y);
      boundarySvg.setAttribute('aria-label', 'Output of the trained network over the input square: ' +
        outputs.map((o, n) => `${fmt(o, 4)} at (${x[0][n]}, ${x[1][n]})`).join(', ') + '.');
      summary.querySelector('[data-quantity=epochs]').textContent = thousands(epochs);
      finalLoss.textContent = lossText(last);
      verdict.textContent = solves ? '✓ solves XOR' : '✗ does not solve XOR';
      verdict.dataset.verdict = solves ? 'correct' : 'not-yet';
      outputs.forEach((o, n) => {
        cells[n][0].textContent = fmt(o, 4);
        const right = (o > 0.5) === (y[0][n] === 1);
        cells[n][1].textContent = right ? '✓ right' : '✗ wrong';
      });
      shownSetting = setting;
      root.dataset.trainings = String(Number(root.dataset.trainings || 0) + 1);  // the runs that ended
      final(setting);
    };
    // Between a new setting and the end of its run: the numbers of the last run stay, but the
    // summary says what is training, and data-shown is gone (nothing shown is final for it).
    const busy = (on, text = '') => {
      result.hidden = on;
      training.hidden = !on;
      training.textContent = text;
      summary.setAttribute('aria-busy', String(on));
    };
    const final = (setting) => {
      busy(false);
      root.dataset.shown = setting;
    };

    // The newest setting wins: each change cancels the run in progress and starts its own, which
    // trains in slices (core.js's trainInSlices), so no run holds the page long and the runs of
    // a drag's intermediate values never queue up; only the last one's numbers are drawn.
    let cancel = () => {};
    let shownSetting = null;
    const update = () => {
      const hidden = model.get('hidden'), lr = model.get('lr'), seed = model.get('seed'), epochs = model.get('epochs');
      const start = (starts[String(hidden)] || [])[seed];
      cancel();
      cancel = () => {};
      delete root.dataset.shown;
      if (!start) return;
      const setting = `hidden=${hidden} lr=${lr} seed=${seed} epochs=${epochs}`;
      if (setting === shownSetting) {  // back to the setting whose numbers are shown
        final(setting);
        return;
      }
      busy(true, `Training ${thousands(epochs)} epochs…`);
      // the count shown at most four times a second: each change of the page costs a frame, on a
      // phone as long as several slices of training
      let counted = performance.now();
      const progress = (done) => {
        if (performance.now() - counted < 250) return;
        counted = performance.now();
        training.textContent = `Training… ${thousands(done)} / ${thousands(epochs)} epochs`;
      };
      cancel = trainInSlices(xorNet(start), x, y, lr, epochs, 'half_sse', {progress, done: (run) => show(run, setting, epochs)});
    };
    for (const name of ['hidden', 'lr', 'seed', 'epochs']) model.on('change:' + name, update);
    update();
    el.append(root);
  },
};
