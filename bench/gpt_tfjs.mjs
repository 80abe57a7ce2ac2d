// bench/gpt_tfjs.mjs [CAPITON_BENCH_GPT_JS]: the poem model's training step (src/core/gpt.h, the
// preset's sizes: vocabulary 1,894, context 32, d_model 64, 4 heads, d_ff 256, batch 16) written in
// TensorFlow.js and run on its WebAssembly backend under node, one thread with SIMD (as bench/peers.mjs),
// then, given capiton's bench_gpt.js (wasm-release), capiton's own step in the same run, and the ratio.
// The same model: token + position embeddings, two pre-layer-norm layers of 4 causal heads with W_O,
// residuals, a GELU feed-forward part, a final layer norm and logits on the token table (tied) plus a
// bias; mean cross-entropy over every position; gradients of every tensor (tf.variableGrads), their
// joint norm clipped to 1, Adam. Random ids (the speed does not depend on them).
// Timing as bench_gpt's speed: the best of 3 rounds of 5 steps after one step not counted, wall
// time per step; a step includes reading the loss back.
import { execFileSync } from 'node:child_process';
import { tfjsWasm } from './tfjs-wasm.mjs';

const V = 1894, N = 32, D = 64, H = 4, DK = D / H, FF = 256, B = 16, LR = 3e-3;

const { tf } = await tfjsWasm({ gradients: true });  // tfjs-core alone registers no gradients

// parameters as init_gpt_params: uniform in [−a, a), a = √(3 / fan-in); W_O, W_2 scaled by 1/√(2·layers)
let seed = 1;
const uniform = (shape, a) => tf.variable(tf.mul(tf.randomUniform(shape, -1, 1, 'float32', seed++), a));
const fanIn = (k) => Math.sqrt(3 / k);
const residual = 1 / Math.sqrt(4);
const P = {
  wte: uniform([V, D], fanIn(D)), wpe: uniform([N, D], fanIn(D)),
  gf: tf.variable(tf.ones([D])), bf: tf.variable(tf.zeros([D])), bout: tf.variable(tf.zeros([V])),
  layers: [0, 1].map(() => ({
    g1: tf.variable(tf.ones([D])), b1: tf.variable(tf.zeros([D])),
    WQ: uniform([D, D], fanIn(D)), WK: uniform([D, D], fanIn(D)), WV: uniform([D, D], fanIn(D)),
    WO: uniform([D, D], fanIn(D) * residual),
    g2: tf.variable(tf.ones([D])), b2: tf.variable(tf.zeros([D])),
    W1: uniform([D, FF], fanIn(D)), c1: tf.variable(tf.zeros([FF])),
    W2: uniform([FF, D], fanIn(FF) * residual), c2: tf.variable(tf.zeros([D])),
  })),
};
const variables = [P.wte, P.wpe, P.gf, P.bf, P.bout, ...P.layers.flatMap((l) => Object.values(l))];

const layerNorm = (x, g, b) => {  // over the last axis, ε = 1e-5 (block.h)
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
};
const gelu = (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI)))));
const mask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([N, N]), -1, 0)), -1e9));  // −∞ above the diagonal
const heads = (x) => tf.transpose(tf.reshape(x, [B, N, H, DK]), [0, 2, 1, 3]);  // (B, H, n, d_k)

// The token rows wte[ids] (B·n, d). The wasm backend has no kernel for gather's own gradient
// (UnsortedSegmentSum): its gradient is given here as a scatter of the rows' gradients into a (V, d)
// table, duplicates summed (ScatterNd, which the backend has), as capiton adds them.
const tokenRows = tf.customGrad((table, ids, save) => {
  save([ids]);
  return { value: tf.gather(table, ids), gradFunc: (dy, [saved]) => [tf.scatterND(tf.reshape(saved, [-1, 1]), dy, [V, D]), tf.zerosLike(saved)] };
});

function loss(ids, targets) {
  const x0 = tf.add(tf.reshape(tokenRows(P.wte, ids), [B, N, D]), P.wpe);  // (B, n, d)
  let x = x0;
  for (const l of P.layers) {
    const n1 = tf.reshape(layerNorm(x, l.g1, l.b1), [B * N, D]);
    const [Q, K, Vv] = [l.WQ, l.WK, l.WV].map((W) => heads(tf.matMul(n1, W)));
    const A = tf.softmax(tf.add(tf.mul(tf.matMul(Q, K, false, true), 1 / Math.sqrt(DK)), mask));  // (B, H, n, n)
    const C = tf.reshape(tf.transpose(tf.matMul(A, Vv), [0, 2, 1, 3]), [B * N, D]);
    const R = tf.add(x, tf.reshape(tf.matMul(C, l.WO), [B, N, D]));
    const n2 = tf.reshape(layerNorm(R, l.g2, l.b2), [B * N, D]);
    const F = tf.add(tf.matMul(gelu(tf.add(tf.matMul(n2, l.W1), l.c1)), l.W2), l.c2);
    x = tf.add(R, tf.reshape(F, [B, N, D]));
  }
  const nf = tf.reshape(layerNorm(x, P.gf, P.bf), [B * N, D]);
  const logits = tf.add(tf.matMul(nf, P.wte, false, true), P.bout);  // (B·n, V)
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(targets, V), tf.logSoftmax(logits)), -1)));
}

const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-8);
let s = 7;
const randomIds = () => { const a = new Int32Array(B * N); for (let i = 0; i < a.length; ++i) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = s % V; } return tf.tensor1d(a, 'int32'); };
function step(fixed) {
  const [ids, targets] = fixed ? fixed.map((t) => t.clone()) : [randomIds(), randomIds()];
  const value = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => loss(ids, targets), variables);
    const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));  // clip the joint norm to 1
    const scale = tf.div(1, tf.maximum(norm, 1));
    optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])));
    return value;
  });
  const l = value.dataSync()[0];
  tf.dispose([ids, targets, value]);
  if (!(l === l)) throw new Error('NaN');
  return l;
}

// a check that it learns: 10 steps on one batch, its loss (ln V = 7.55 at the start) falls
const one = [randomIds(), randomIds()];
const first = step(one);
let last = first;
for (let k = 1; k < 10; ++k) last = step(one);
console.log(`tfjs-wasm check: one batch's loss ${first.toFixed(3)} -> ${last.toFixed(3)} in 10 steps`);
let best = Infinity;
for (let round = 0; round < 3; ++round) {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < 5; ++k) step();
  best = Math.min(best, Number(process.hrtime.bigint() - t0) * 1e-9 / 5);
}
console.log(`tfjs-wasm speed: ${(best * 1e3).toFixed(1)} ms per step of ${B * N} characters, ${(B * N / best).toFixed(0)} characters per second`);

const capiton = process.argv[2];
if (capiton) {
  // early=0: steps of the run's 16 rows, as here (the page's run starts with 64 a step)
  const out = execFileSync(process.execPath, ['--no-experimental-fetch', capiton, 'speed', 'mincount=2', 'early=0'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes(' speed: '));
  console.log(line);
  const ms = Number(/([0-9.]+) ms per step/.exec(line)[1]);
  console.log(`capiton is ${(best * 1e3 / ms).toFixed(2)}× as fast as tfjs-wasm per training step (goal: at least 3×)`);
}
