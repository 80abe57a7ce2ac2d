// TensorFlow.js on its WebAssembly backend under node as the benchmarks run it: one thread, SIMD,
// the .wasm files from bench's own node_modules (bench/package-lock.json). `gradients`: also the
// union package, which registers the gradients tfjs-core alone lacks (training). Prints one line
// saying what it got, and returns {tf, wasm}.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export async function tfjsWasm({ gradients = false } = {}) {
  const tf = require('@tensorflow/tfjs-core');
  if (gradients) require('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  wasm.setThreadsCount(1);
  wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/'));
  await tf.setBackend('wasm');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  console.log(`# tfjs-backend-wasm ${wasm.version_wasm}: SIMD ${simd}, threads ${wasm.getThreadsCount()}`);
  return { tf, wasm };
}
