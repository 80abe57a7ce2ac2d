// bench/peers.mjs MODEL.onnx: the attention forward pass of bench/attention (projections,
// softmax(Q·Kᵀ/√d)·V, d = 64, n = 64, 256, 1024) in two other engines' WebAssembly backends, under node:
//   onnxruntime-web (the graph written by bench/attention_onnx.py) and TensorFlow.js's wasm backend.
// Both run one thread with wasm SIMD: onnxruntime-web ships only SIMD builds and is told
// numThreads = 1; TensorFlow.js is told setThreadsCount(1) and that threads are unavailable, and
// loads tfjs-backend-wasm-simd.wasm (printed below). Timing as bench/attention.cpp: CPU time per call,
// best of 3 rounds of at least 0.3 s; a call includes reading the output back.
// Output lines as bench/attention.cpp's: <engine> n=<n> d=<d> ms=<ms> gflops=<GFLOP/s>
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tfjsWasm } from './tfjs-wasm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const modelFile = process.argv[2];
const D = 64, sizes = [64, 256, 1024];
const flops = (n) => 2 * (3 * n * D * D + 2 * n * n * D);  // capiton::forward_flops(n, d, d)

// As bench/attention.cpp: calls repeated for at least 0.3 s, the CPU time of this process (all of
// node's threads) per call, the best of 3 rounds, after a first round not counted: V8 compiles the
// engines' large wasm modules' optimised code in background threads for a few seconds after they
// load, and that CPU time would count (onnxruntime-web at n = 64 came out at 1 ms instead of 0.16),
// so 3 s before an engine's first size, 0.5 s before the others.
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1e-6; };
async function bestSecondsPerCall(f, warmUp = 0.5) {
  let best = Infinity;
  for (let round = -1; round < 3; ++round) {
    let calls = 0;
    const t0 = process.hrtime.bigint(), c0 = cpuSeconds();
    do {
      await f();
      ++calls;
    } while (Number(process.hrtime.bigint() - t0) * 1e-9 < (round < 0 ? warmUp : 0.3));
    if (round >= 0) best = Math.min(best, (cpuSeconds() - c0) / calls);
  }
  return best;
}

function input(n) {  // uniform in [-1, 1), fixed seed (a small LCG)
  const x = new Float32Array(n * D);
  let s = 42;
  for (let i = 0; i < x.length; ++i) { s = (s * 1664525 + 1013904223) >>> 0; x[i] = s / 2 ** 31 - 1; }
  return x;
}

function report(engine, n, s) {
  console.log(`${engine} n=${n} d=${D} ms=${(s * 1e3).toFixed(4)} gflops=${(flops(n) / s * 1e-9).toFixed(2)}`);
}

async function onnxruntime() {
  const ort = require('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = path.join(here, 'node_modules/onnxruntime-web/dist/');
  const session = await ort.InferenceSession.create(modelFile, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  console.log(`# onnxruntime-web ${ort.env.versions.web}: wasm backend, numThreads = ${ort.env.wasm.numThreads}, SIMD build (ort-wasm-simd-threaded.wasm)`);
  for (const n of sizes) {
    const feeds = { X: new ort.Tensor('float32', input(n), [n, D]) };
    const s = await bestSecondsPerCall(async () => {
      const out = await session.run(feeds);
      if (!(out.output.data[0] === out.output.data[0])) throw new Error('NaN');
      out.output.dispose?.();
    }, n === sizes[0] ? 3 : 0.5);
    report('onnxruntime-web', n, s);
  }
  await session.release();
}

async function tensorflow() {
  const { tf } = await tfjsWasm();
  const a = Math.sqrt(3 / D);
  const W = () => tf.mul(tf.randomUniform([D, D], -1, 1, 'float32', 1), a);
  const [WQ, WK, WV] = [W(), W(), W()];
  for (const n of sizes) {
    const X = tf.tensor2d(input(n), [n, D]);
    const s = await bestSecondsPerCall(() => {
      const out = tf.tidy(() => {
        const Q = tf.matMul(X, WQ), K = tf.matMul(X, WK), V = tf.matMul(X, WV);
        const A = tf.softmax(tf.mul(tf.matMul(Q, K, false, true), 1 / Math.sqrt(D)));  // over the last axis
        return tf.matMul(A, V);
      });
      const v = out.dataSync();
      out.dispose();
      if (!(v[0] === v[0])) throw new Error('NaN');
    }, n === sizes[0] ? 3 : 0.5);
    X.dispose();
    report('tfjs-wasm', n, s);
  }
}

await onnxruntime();
await tensorflow();
