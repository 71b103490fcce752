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
// The passes return per-layer lists indexed by ℓ as in the book, entry 0 null but a[0] = x.
// Like the library's inner forms, they trust their numbers (the explorers' come from checked
// traits); a name they do not know is refused, naming it.

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

// The forward pass, z^ℓ = W^ℓ a^(ℓ−1) + b^ℓ, a^ℓ = f_ℓ(z^ℓ) for ℓ = 1, ..., L, from a^0 = x:
// {z, a}, lists indexed by ℓ.
function forward(net, x) {
  const acts = layerActivations(net), m = x[0].length;
  const z = [null], a = [x];
  for (let l = 1; l <= net.W.length; l++) {
    const W = net.W[l - 1], b = biasesOf(net, l), prev = a[l - 1], f = acts[l - 1].f;
    const zl = new Array(W.length), al = new Array(W.length);
    for (let j = 0; j < W.length; j++) {
      const row = W[j], bias = b == null ? null : b.length === 1 ? b[0] : b[j];
      const zj = zl[j] = new Array(m), aj = al[j] = new Array(m);
      for (let n = 0; n < m; n++) {
        let sum = 0;
        for (let k = 0; k < row.length; k++) sum += row[k] * prev[k][n];
        zj[n] = bias == null ? sum : sum + bias;
        aj[n] = f(zj[n]);
      }
    }
    z.push(zl);
    a.push(al);
  }
  return {z, a};
}

// L(ŷ, y) for the outputs `out` (n_L × m) and their targets, by the loss named `loss`.
function outputLoss(out, y, loss) {
  const found = named(LOSSES, 'loss', loss);
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    for (let n = 0; n < out[j].length; n++) {
      const d = out[j][n] - y[j][n];
      sum += d * d;
    }
  }
  return found.value(sum, out.length * out[0].length);
}

// Each output's and sample's share of L (n_L × m): for half_sse, ½(ŷ − y)², which add up to L exactly.
function lossTerms(out, y, loss = 'half_sse') {
  const found = named(LOSSES, 'loss', loss), count = out.length * out[0].length;
  return out.map((row, j) => row.map((v, n) => { const d = v - y[j][n]; return found.value(d * d, count); }));
}

// L of the network's output for the inputs x and the targets y.
function lossOf(net, x, y, loss = 'half_sse') {
  const {a} = forward(net, x);
  return outputLoss(a[a.length - 1], y, loss);
}

// The four equations of backpropagation through `fw`, the forward pass of `net`, for the targets
// y: {loss, dL_da, delta, dW, db}, with dL_da = ∂L/∂ŷ and the rest lists indexed by ℓ;
// dW[ℓ] has W^ℓ's shape, db[ℓ] b[ℓ − 1]'s (null where the layer has no bias).
function backward(net, fw, y, loss = 'half_sse') {
  const L = net.W.length, acts = layerActivations(net), found = named(LOSSES, 'loss', loss);
  const {z, a} = fw, out = a[L], m = out[0].length, count = out.length * m;
  const dL_da = new Array(out.length), delta = new Array(L + 1).fill(null), dW = delta.slice(), db = delta.slice();
  // (BP1) δ^L = ∂L/∂ŷ ⊙ f_L'(z^L)
  delta[L] = new Array(out.length);
  for (let j = 0; j < out.length; j++) {
    const g = dL_da[j] = new Array(m), d = delta[L][j] = new Array(m);
    for (let n = 0; n < m; n++) {
      g[n] = found.grad(out[j][n], y[j][n], count);
      d[n] = g[n] * acts[L - 1].derivative(z[L][j][n], out[j][n]);
    }
  }
  for (let l = L; l >= 1; l--) {
    if (l < L) {
      // (BP2) δ^ℓ = ((W^(ℓ+1))ᵀ δ^(ℓ+1)) ⊙ f_ℓ'(z^ℓ)
      const next = net.W[l], after = delta[l + 1], f = acts[l - 1];
      delta[l] = new Array(a[l].length);
      for (let k = 0; k < a[l].length; k++) {
        const d = delta[l][k] = new Array(m);
        for (let n = 0; n < m; n++) {
          let sum = 0;
          for (let j = 0; j < next.length; j++) sum += next[j][k] * after[j][n];
          d[n] = sum * f.derivative(z[l][k][n], a[l][k][n]);
        }
      }
    }
    // (BP3) ∂L/∂W^ℓ = δ^ℓ (a^(ℓ−1))ᵀ, summed over the samples
    const d = delta[l], prev = a[l - 1];
    dW[l] = new Array(d.length);
    for (let j = 0; j < d.length; j++) {
      const row = dW[l][j] = new Array(prev.length);
      for (let k = 0; k < prev.length; k++) {
        let sum = 0;
        for (let n = 0; n < m; n++) sum += d[j][n] * prev[k][n];
        row[k] = sum;
      }
    }
    // (BP4) ∂L/∂b^ℓ = δ^ℓ summed over the samples, and over the layer's units when they share one bias
    const b = biasesOf(net, l);
    if (b != null) {
      const perUnit = new Array(d.length);
      for (let j = 0; j < d.length; j++) {
        let sum = 0;
        for (let n = 0; n < m; n++) sum += d[j][n];
        perUnit[j] = sum;
      }
      if (b.length === 1 && d.length > 1) {
        let sum = 0;
        for (let j = 0; j < d.length; j++) sum += perUnit[j];
        db[l] = [sum];
      } else db[l] = perUnit;
    }
  }
  return {loss: outputLoss(out, y, loss), dL_da, delta, dW, db};
}

// θ − η g for each entry of a parameter θ (a vector, or a matrix: an array of rows) and its gradient g.
function descended(theta, g, lr) {
  if (typeof theta[0] !== 'number') return theta.map((row, i) => descended(row, g[i], lr));
  const moved = new Array(theta.length);
  for (let i = 0; i < theta.length; i++) moved[i] = theta[i] - lr * g[i];
  return moved;
}

// One step of gradient descent, θ ← θ − η ∂L/∂θ for every parameter not frozen (the library's
// sgd_step): a new network; `net` and `grads` (from backward) are left as they are.
function sgdStep(net, grads, lr) {
  const frozen = net.frozen || [];
  const W = net.W.map((Wl, i) => frozen.includes('W' + (i + 1)) ? Wl.map((row) => row.slice())
    : descended(Wl, grads.dW[i + 1], lr));
  const b = net.b == null ? null : net.b.map((bl, i) => bl == null ? null
    : frozen.includes('b' + (i + 1)) ? bl.slice() : descended(bl, grads.db[i + 1], lr));
  return {W, b, activation: net.activation, frozen: net.frozen};
}

// Whether every weight and bias of `net` is a finite number.
function allFinite(net) {
  const finite = (v) => Number.isFinite(v);
  return net.W.every((Wl) => Wl.every((row) => row.every(finite))) &&
    (net.b == null || net.b.every((bl) => bl == null || bl.every(finite)));
}

// Full-batch gradient descent for `steps` steps, as the library's train(net, x, y, lr, steps,
// loss=...) without mini-batches: each step's gradient is over all the samples, and losses[r] is
// the loss after r steps, from that step's own forward pass (r = 0, ..., steps). Where the library
// raises because a loss or a parameter has left a double's range, this stops: divergedAfter is
// the first step after which one has, and losses holds the finite ones before it (else null).
// Returns {net, losses, divergedAfter}, net the network after the last step taken.
function train(net, x, y, lr, steps, loss = 'half_sse') {
  const losses = [];
  for (let r = 0; ; r++) {
    const fw = forward(net, x);
    const grads = r < steps ? backward(net, fw, y, loss) : null;
    const value = grads ? grads.loss : outputLoss(fw.a[fw.a.length - 1], y, loss);
    if (!Number.isFinite(value)) return {net, losses, divergedAfter: r};
    losses.push(value);
    if (r === steps) return {net, losses, divergedAfter: null};
    net = sgdStep(net, grads, lr);
    if (!allFinite(net)) return {net, losses, divergedAfter: r + 1};
  }
}

export { ACTIVATIONS, LOSSES, allFinite, backward, forward, lossOf, lossTerms, sgdStep, train };
