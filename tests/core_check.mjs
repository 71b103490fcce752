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
// core.js is imported from its text as a data: URL, an ES module whatever node's settings (no
// package.json decides it); the text is the file itself, as the page gets it (base.py adds nothing).
import {readFileSync} from 'node:fs';

const {core, cases} = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const load = (text) => import('data:text/javascript;base64,' + Buffer.from(text).toString('base64'));
const {backward, forward, lossOf, sgdStep, train} = await load(core);

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
    default:
      throw new Error(`op: expected passes, train, module or refuse, got ${JSON.stringify(c.op)}`);
  }
}

const results = [];
for (const c of cases) results.push(await run(c));
console.log(JSON.stringify(results));
