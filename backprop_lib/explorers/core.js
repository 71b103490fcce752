// The explorers' maths, written once: the activations, the losses, the forward pass, the backward
// pass (BP1–BP4), one step of gradient descent and the full-batch training loop, as the library
// computes them (backprop_lib/activations.py, losses.py, backprop.py, optimizers.py, training.py)
// and in its order of operations. No DOM: numbers in, numbers out.
//
// How it reaches the page: base.py puts it after common.js and before an explorer's own file, in
// one ES module (it uses nothing of common.js). The `export` line at the end is legal there too,
// so nothing is stripped: the page runs this very text, and node imports this file as it is
// (tests/core_check.mjs, run by tests/test_explorer_core.py against the library).
//
// Shapes, as the library's: a matrix is an array of rows; x, y and every z, a, δ have one row per
// unit and one column per sample (n_ℓ × m). A network is
//   {W: [W¹, ..., Wᴸ], b: [b¹, ..., bᴸ] or null, activation: a name or one per layer, frozen: [...]}
// with W[ℓ − 1] of n_ℓ rows and n_(ℓ−1) columns (W[ℓ − 1][to][from]); b[ℓ − 1] null (no bias),
// [b] (one bias shared by the layer's units) or n_ℓ numbers, b null for no bias anywhere; frozen
// (may be left out): the names of the parameters a step leaves as they are, 'W1', 'b2', ...
// The passes return per-layer lists indexed by ℓ as in the book, entry 0 null but a[0] = x, and
// leave their arguments as they are. Like the library's, they trust their numbers (the explorers'
// come from checked traits); a name they do not know is refused, naming it.

// Each activation of backprop_lib/activations.py the explorers may use, on one number:
// f(z), and its derivative f'(z) given z and a = f(z), as the backward pass takes it.
const ACTIVATIONS = {
  // σ(z) = 1/(1 + e^(−z)): for very negative z, e^(−z) overflows to Infinity and σ is 0,
  // within 6e-309 of σ(z); σ'(z) = σ(z)(1 − σ(z)), exactly 0 where σ rounds to 1.
  sigmoid: {f: (z) => 1 / (1 + Math.exp(-z)), derivative: (z, a) => a * (1 - a)},
  identity: {f: (z) => z, derivative: () => 1},
  tanh: {f: (z) => Math.tanh(z), derivative: (z, a) => 1 - a * a},
  relu: {f: (z) => Math.max(z, 0), derivative: (z) => (z > 0 ? 1 : 0)},  // 0 at the kink z = 0
};

// Each loss of backprop_lib/losses.py the explorers may use, from the squared errors (ŷ − y)² of
// every output unit and sample: value(sum, count) is L given their sum and their number
// count = n_L·m; grad(a, y, count) is ∂L/∂ŷ for one output a and its target y.
const LOSSES = {
  half_sse: {value: (sum, count) => 0.5 * sum, grad: (a, y, count) => a - y},      // ½ Σ (ŷ − y)²
  mse: {value: (sum, count) => sum / count, grad: (a, y, count) => 2.0 * (a - y) / count},  // the mean
};

// The entry of `table` called `name`, or an error naming `what` and listing the known names.
function named(table, what, name) {
  if (!Object.prototype.hasOwnProperty.call(table, name)) {
    throw new Error(`${what}: expected one of ${Object.keys(table).sort().join(', ')}, got ${JSON.stringify(name)}`);
  }
  return table[name];
}

// The activation of each layer ℓ = 1, ..., L, at index ℓ − 1.
function layerActivations(net) {
  const names = typeof net.activation === 'string' ? net.W.map(() => net.activation) : net.activation;
  return names.map((name) => named(ACTIVATIONS, 'activation', name));
}

// Layer ℓ's biases, b[ℓ − 1] (null: none).
const biasesOf = (net, l) => (net.b == null ? null : net.b[l - 1]);

// A rows × cols matrix of zeros.
const zeros = (rows, cols) => Array.from({length: rows}, () => new Array(cols).fill(0));

// ---- the passes, in place: each equation once, for one pass and for every step of training ----
// Like the library's feedforward and backpropagate, they take lists indexed by ℓ made for them
// (by forward, backward and train) and write the results into them, allocating nothing.

// The forward pass, z^ℓ = W^ℓ a^(ℓ−1) + b^ℓ, a^ℓ = f_ℓ(z^ℓ) for ℓ = 1, ..., L, from a^0 = x.
function feedforward(net, acts, x, z, a) {
  a[0] = x;
  for (let l = 1; l <= net.W.length; l++) {
    const W = net.W[l - 1], b = biasesOf(net, l), prev = a[l - 1], f = acts[l - 1].f;
    for (let j = 0; j < W.length; j++) {
      const row = W[j], bias = b == null ? null : b.length === 1 ? b[0] : b[j], zj = z[l][j], aj = a[l][j];
      for (let n = 0; n < zj.length; n++) {
        let sum = 0;
        for (let k = 0; k < row.length; k++) sum += row[k] * prev[k][n];
        zj[n] = bias == null ? sum : sum + bias;
        aj[n] = f(zj[n]);
      }
    }
  }
}

// L(ŷ, y) for the outputs `out` (n_L × m) and their targets: the squared errors summed over
// units and samples, then the loss's scale.
function outputLoss(found, out, y) {
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    for (let n = 0; n < out[j].length; n++) {
      const d = out[j][n] - y[j][n];
      sum += d * d;
    }
  }
  return found.value(sum, out.length * out[0].length);
}

// The four equations of backpropagation, from the forward pass's z and a, for the targets y, into
// g = {dL_da, delta, dW, db}.
function backpropagate(net, acts, found, z, a, y, g) {
  const L = net.W.length, out = a[L], count = out.length * out[0].length;
  // (BP1) δ^L = ∂L/∂ŷ ⊙ f_L'(z^L)
  for (let j = 0; j < out.length; j++) {
    for (let n = 0; n < out[j].length; n++) {
      g.dL_da[j][n] = found.grad(out[j][n], y[j][n], count);
      g.delta[L][j][n] = g.dL_da[j][n] * acts[L - 1].derivative(z[L][j][n], out[j][n]);
    }
  }
  for (let l = L; l >= 1; l--) {
    const d = g.delta[l], prev = a[l - 1];
    if (l < L) {
      // (BP2) δ^ℓ = ((W^(ℓ+1))ᵀ δ^(ℓ+1)) ⊙ f_ℓ'(z^ℓ)
      const next = net.W[l], after = g.delta[l + 1], f = acts[l - 1];
      for (let k = 0; k < d.length; k++) {
        for (let n = 0; n < d[k].length; n++) {
          let sum = 0;
          for (let j = 0; j < next.length; j++) sum += next[j][k] * after[j][n];
          d[k][n] = sum * f.derivative(z[l][k][n], a[l][k][n]);
        }
      }
    }
    // (BP3) ∂L/∂W^ℓ = δ^ℓ (a^(ℓ−1))ᵀ, summed over the samples
    for (let j = 0; j < d.length; j++) {
      for (let k = 0; k < prev.length; k++) {
        let sum = 0;
        for (let n = 0; n < d[j].length; n++) sum += d[j][n] * prev[k][n];
        g.dW[l][j][k] = sum;
      }
    }
    // (BP4) ∂L/∂b^ℓ = δ^ℓ summed over the samples, and over the layer's units too when they share one bias
    const db = g.db[l];
    if (db == null) continue;
    const shared = db.length < d.length;
    let total = 0;
    for (let j = 0; j < d.length; j++) {
      let sum = 0;
      for (let n = 0; n < d[j].length; n++) sum += d[j][n];
      if (shared) total += sum;
      else db[j] = sum;
    }
    if (shared) db[0] = total;
  }
}

// One step of gradient descent in place, θ ← θ − η ∂L/∂θ for every parameter of `net` not frozen.
function descend(net, g, lr) {
  const frozen = net.frozen || [];
  for (let l = 1; l <= net.W.length; l++) {
    const W = net.W[l - 1], b = biasesOf(net, l);
    if (!frozen.includes('W' + l)) {
      for (let j = 0; j < W.length; j++) {
        for (let k = 0; k < W[j].length; k++) W[j][k] = W[j][k] - lr * g.dW[l][j][k];
      }
    }
    if (b != null && !frozen.includes('b' + l)) {
      for (let j = 0; j < b.length; j++) b[j] = b[j] - lr * g.db[l][j];
    }
  }
}

// ---- the public passes: new arrays out, the arguments left as they are -----------------------
// Every z^ℓ and a^ℓ (n_ℓ × m) of `net` on m samples, zeros, indexed by ℓ (z[0] null, a[0] for x).
function layerArrays(net, m) {
  return {z: [null, ...net.W.map((W) => zeros(W.length, m))], a: [null, ...net.W.map((W) => zeros(W.length, m))]};
}

// Every gradient of `net` for m samples, zeros: dL_da (n_L × m) and, indexed by ℓ, delta (n_ℓ × m),
// dW (W^ℓ's shape), db (b[ℓ − 1]'s; null where the layer has no bias).
function gradientArrays(net, m) {
  const L = net.W.length;
  return {
    dL_da: zeros(net.W[L - 1].length, m),
    delta: [null, ...net.W.map((W) => zeros(W.length, m))],
    dW: [null, ...net.W.map((W) => zeros(W.length, W[0].length))],
    db: [null, ...net.W.map((W, i) => biasesOf(net, i + 1)).map((b) => (b == null ? null : new Array(b.length).fill(0)))],
  };
}

// A copy of `net` whose weights and biases are new arrays.
function copied(net) {
  return {...net, W: net.W.map((W) => W.map((row) => row.slice())),
          b: net.b == null ? null : net.b.map((b) => (b == null ? null : b.slice()))};
}

// The forward pass of `net` on x: {z, a}, lists indexed by ℓ (a[0] = x).
function forward(net, x) {
  const {z, a} = layerArrays(net, x[0].length);
  feedforward(net, layerActivations(net), x, z, a);
  return {z, a};
}

// The backward pass through `fw`, the forward pass of `net`, for the targets y:
// {loss, dL_da, delta, dW, db}, dL_da = ∂L/∂ŷ and the rest lists indexed by ℓ as gradientArrays'.
function backward(net, fw, y, loss = 'half_sse') {
  const found = named(LOSSES, 'loss', loss), L = net.W.length, g = gradientArrays(net, y[0].length);
  backpropagate(net, layerActivations(net), found, fw.z, fw.a, y, g);
  return {loss: outputLoss(found, fw.a[L], y), ...g};
}

// L of the network's output for the inputs x and the targets y.
function lossOf(net, x, y, loss = 'half_sse') {
  const {a} = forward(net, x);
  return outputLoss(named(LOSSES, 'loss', loss), a[a.length - 1], y);
}

// Each output's and sample's share of L (n_L × m): for half_sse, ½(ŷ − y)², which add up to L exactly.
function lossTerms(out, y, loss = 'half_sse') {
  const found = named(LOSSES, 'loss', loss), count = out.length * out[0].length;
  return out.map((row, j) => row.map((v, n) => { const d = v - y[j][n]; return found.value(d * d, count); }));
}

// One step of gradient descent, θ ← θ − η ∂L/∂θ for every parameter not frozen (the library's
// sgd_step): a new network, from `grads` (backward's).
function sgdStep(net, grads, lr) {
  const next = copied(net);
  descend(next, grads, lr);
  return next;
}

// Whether every weight and bias of `net` is a finite number.
function allFinite(net) {
  const finite = (values) => {
    for (const v of values) if (!Number.isFinite(v)) return false;
    return true;
  };
  return net.W.every((W) => W.every(finite)) && (net.b == null || net.b.every((b) => b == null || finite(b)));
}

// Full-batch gradient descent for `steps` steps, as the library's train(net, x, y, lr, steps,
// loss=...) without mini-batches: each step's gradient is over all the samples, and losses[r] is
// the loss after r steps, from that step's own forward pass (r = 0, ..., steps). Where the library
// raises because a loss or a parameter has left a double's range, this stops: divergedAfter is
// the first step after which one has, and losses holds the finite ones before it (else null).
// Returns {net, losses, divergedAfter}, net a new network, after the last step taken.
function train(net, x, y, lr, steps, loss = 'half_sse') {
  const run = trainer(net, x, y, lr, steps, loss);
  let result = null;
  while (result === null) result = run.advance(Infinity);
  return result;
}

// The training loop of train(), taken a few passes at a time: the one loop both train() and
// trainInSlices() run, so a run cut into slices is the unsliced run, float for float.
// advance(count) makes at most `count` more forward passes (each step's, then the last one, after
// the last step, for the final loss) and returns train()'s result once the run has ended, else
// null; `steps` counts the steps taken so far.
function trainer(net, x, y, lr, steps, loss = 'half_sse') {
  const acts = layerActivations(net), found = named(LOSSES, 'loss', loss), L = net.W.length;
  const trained = copied(net), {z, a} = layerArrays(net, x[0].length), g = gradientArrays(net, x[0].length);
  const losses = [];
  let r = 0, result = null;
  const advance = (count) => {
    for (let k = 0; k < count && result === null; k++) {
      feedforward(trained, acts, x, z, a);
      const value = outputLoss(found, a[L], y);
      if (!Number.isFinite(value)) {
        result = {net: trained, losses, divergedAfter: r};
        break;
      }
      losses.push(value);
      if (r === steps) {
        result = {net: trained, losses, divergedAfter: null};
        break;
      }
      backpropagate(trained, acts, found, z, a, y, g);
      descend(trained, g, lr);
      r += 1;
      if (!allFinite(trained)) result = {net: trained, losses, divergedAfter: r};
    }
    return result;
  };
  return {advance, get steps() { return r; }};
}

// ---- training in slices: no explorer holds the page's main thread long -------------------------
// The work of one training step of `net` on m samples, in multiply-adds: each weight and bias is
// used once per sample by the forward pass, once by the backward pass (BP2, or BP1 at the output)
// and once by its gradient (BP3, BP4), and once by the update. So (3m + 1) Σ_ℓ n_ℓ (n_(ℓ−1) + 1),
// whether a layer has its biases or not (an activation, its derivative and a loss term count as
// the add of the bias they come with).
function stepWork(net, m) {
  let sum = 0;
  for (const W of net.W) sum += W.length * (W[0].length + 1);
  return (3 * m + 1) * sum;
}

// The most work a slice does: as many steps as fit in SLICE_WORK multiply-adds (at least one).
// Chromium with its CPU slowed 4×, as a phone's, trains the XOR explorer's networks at about 30
// multiply-adds a microsecond of its main thread, so a slice holds the page about 2 ms there: far
// below the 50 ms of a long task, even on a phone several times slower, while the yields between
// slices cost little (benchmarks/long_tasks.py measures the page; tests/test_explorer_core.py pins
// this budget and checks that every slice keeps to it).
const SLICE_WORK = 50000;

// The next task of the event loop, fn run in it: a message to ourselves, which, unlike setTimeout,
// is never clamped to 4 ms (nor to 1 s in a tab in the background).
let taskQueue = null;
function nextTask(fn) {
  if (typeof MessageChannel === 'undefined') return void setTimeout(fn, 0);
  if (taskQueue === null) {
    const channel = new MessageChannel(), queue = [];
    channel.port1.onmessage = () => queue.shift()();
    taskQueue = {queue, post: () => channel.port2.postMessage(null)};
  }
  taskQueue.queue.push(fn);
  taskQueue.post();
}

// train(net, x, y, lr, steps, loss) in slices, each a task of its own (`schedule(fn)` runs fn in
// a later task; nextTask by default) that makes at most max(1, ⌊budget / stepWork⌋) forward passes
// (budget: SLICE_WORK), so that the page answers its reader between them. After each slice but
// the last it calls progress(stepsDone, steps); at the end, done(result), with train()'s very
// result. No step is taken before the first slice. Returns cancel(): from then on no slice runs, and
// neither progress nor done is called: a newer setting cancels the run of an older one, so the
// newest wins and no older run can write its numbers after it.
function trainInSlices(net, x, y, lr, steps, loss = 'half_sse', {progress = () => {}, done = () => {},
                                                              schedule = nextTask, budget = SLICE_WORK} = {}) {
  const perSlice = Math.max(1, Math.floor(budget / stepWork(net, x[0].length)));
  const run = trainer(net, x, y, lr, steps, loss);
  let cancelled = false;
  const slice = () => {
    if (cancelled) return;
    const result = run.advance(perSlice);
    if (result === null) {
      progress(run.steps, steps);
      if (!cancelled) schedule(slice);  // (progress may have cancelled it)
    } else {
      cancelled = true;
      done(result);
    }
  };
  schedule(slice);
  return () => { cancelled = true; };
}

export { ACTIVATIONS, LOSSES, SLICE_WORK, allFinite, backward, forward, lossOf, lossTerms, sgdStep, stepWork, train,
         trainInSlices };
