// Runs backprop_lib/explorers/core.js in node on the cases tests/test_explorer_core.py writes, and
// prints what it computes, as JSON, for that test to compare with the library.
//
//   node tests/core_check.mjs CASES.json
//
// CASES.json: {"core": the text of core.js, "cases": [...]}, each case one of
//   {"op": "passes", net, x, y, loss, lr}   forward, backward, sgdStep and lossOf at (x, y)
//   {"op": "train", net, x, y, lr, steps, loss}
//   {"op": "module", "esm": an explorer's whole module}   whether it loads, with a render()
//   {"op": "refuse", net, x, y, loss}       the error forward/backward throws
//   {"op": "slices", net, x, y, lr, steps, loss, budget}   trainInSlices with a fake scheduler
//       (budget null: its default): the forward passes of each slice, the progress reported,
//       and the result, beside train's
//   {"op": "cancel", net, x, y, lr, steps, loss, budget, after, lr2}   a run cancelled after `after`
//       slices (-1: from its first progress call), then another at lr2 started: what each reported
// A fake scheduler: schedule(fn) queues fn, and the queue is run one task at a time, the
// activations' calls counted in between (each forward pass calls f once per unit and sample).
// core.js is imported from its text as a data: URL, an ES module whatever node's settings (no
// package.json decides it); the text is the file itself, as the page gets it (base.py adds nothing).
import {readFileSync} from 'node:fs';

const {core, cases} = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const load = (text) => import('data:text/javascript;base64,' + Buffer.from(text).toString('base64'));
const {ACTIVATIONS, SLICE_WORK, backward, forward, lossOf, sgdStep, train, trainInSlices} = await load(core);

// Every call of an activation f, counted (the numbers are f's own).
let calls = 0;
for (const entry of Object.values(ACTIVATIONS)) {
  const f = entry.f;
  entry.f = (z) => { calls += 1; return f(z); };
}

// A fake event loop: schedule(fn) queues fn; run() runs the queued tasks one by one, returning
// the activation calls each made.
function fakeLoop() {
  const queue = [];
  return {schedule: (fn) => queue.push(fn), pending: () => queue.length,
          runOne: () => { calls = 0; queue.shift()(); return calls; },
          run() { const made = []; while (queue.length) made.push(this.runOne()); return made; }};
}

// A run of trainInSlices on the fake loop, recording what it reports (onProgress(seen) after each
// progress call).
function sliced(c, loop, onProgress = null) {
  const seen = {progress: [], done: []};
  const options = {schedule: loop.schedule,
                   progress: (...args) => { seen.progress.push(args); if (onProgress) onProgress(seen); },
                   done: (result) => seen.done.push({W: result.net.W, b: result.net.b, losses: result.losses,
                                                     divergedAfter: result.divergedAfter})};
  if (c.budget != null) options.budget = c.budget;
  calls = 0;
  seen.cancel = trainInSlices(c.net, c.x, c.y, c.lr, c.steps, c.loss, options);
  seen.callsAtStart = calls;
  return seen;
}
const plain = (c) => {
  const result = train(c.net, c.x, c.y, c.lr, c.steps, c.loss);
  return {W: result.net.W, b: result.net.b, losses: result.losses, divergedAfter: result.divergedAfter};
};

async function run(c) {
  switch (c.op) {
    case 'passes': {
      const before = JSON.stringify(c.net);
      const fw = forward(c.net, c.x);
      const bw = backward(c.net, fw, c.y, c.loss);
      const stepped = sgdStep(c.net, bw, c.lr);
      return {z: fw.z, a: fw.a, loss: bw.loss, dL_da: bw.dL_da, delta: bw.delta, dW: bw.dW, db: bw.db,
              stepped: {W: stepped.W, b: stepped.b}, lossOf: lossOf(c.net, c.x, c.y, c.loss),
              unchanged: JSON.stringify(c.net) === before};
    }
    case 'train': {
      const before = JSON.stringify(c.net);
      const result = train(c.net, c.x, c.y, c.lr, c.steps, c.loss);
      return {W: result.net.W, b: result.net.b, losses: result.losses, divergedAfter: result.divergedAfter,
              unchanged: JSON.stringify(c.net) === before};
    }
    case 'module': {
      const module = await load(c.esm);
      return {render: typeof module.default?.render};
    }
    case 'refuse':
      try {
        backward(c.net, forward(c.net, c.x), c.y, c.loss);
        return {error: null};
      } catch (err) {
        return {error: err.message};
      }
    case 'slices': {
      const before = JSON.stringify(c.net), loop = fakeLoop();
      const seen = sliced(c, loop);
      const slices = loop.run();
      return {SLICE_WORK, callsAtStart: seen.callsAtStart, slices, progress: seen.progress, done: seen.done,
              train: plain(c), unchanged: JSON.stringify(c.net) === before};
    }
    case 'cancel': {
      // run A, cancelled after c.after of its slices (-1: by its own first progress call, as an
      // explorer is when a setting changes meanwhile), then run B at the rate lr2, and the rest run
      const loop = fakeLoop();
      const first = sliced(c, loop, c.after === -1 ? (seen) => seen.cancel() : null);
      if (c.after >= 0) {
        for (let k = 0; k < c.after; k++) loop.runOne();
        first.cancel();
      }
      const progressAtCancel = first.progress.length;
      const second = sliced({...c, lr: c.lr2}, loop);
      const slices = loop.run();
      return {first: {progress: first.progress.length, progressAtCancel, done: first.done},
              second: {done: second.done}, slices, train2: plain({...c, lr: c.lr2})};
    }
    default:
      throw new Error(`op: expected passes, train, module, refuse, slices or cancel, got ${JSON.stringify(c.op)}`);
  }
}

const results = [];
for (const c of cases) results.push(await run(c));
console.log(JSON.stringify(results));
