// bench/relaxed-fma.mjs FILE.wasm: turns the fused multiply-adds of bench/attention's relaxed-SIMD
// build (bench_attention_fma, kernels.cpp with CAPITON_RELAXED_FMA) into the final opcode, in place.
//
// Debian's clang 14 compiles __builtin_wasm_fma_f32x4(a, b, c) to the pre-standard opcode
// 0xfd 0xaf 0x01, which engines now refuse ("invalid simd opcode"). The standard f32x4.relaxed_madd
// (a · b + c, operands in the same order) is 0xfd 0x85 0x02: the same length, so the bytes are swapped
// in the code section alone and nothing else moves. Prints how many; fails if none (the build then
// has no fused multiply-add to measure) or if the file is not a WebAssembly module.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const bytes = readFileSync(file);
if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file}: not a WebAssembly module`);

function leb(at) {  // unsigned LEB128 at `at`: [value, bytes read]
  let value = 0, shift = 0, n = 0, b;
  do {
    b = bytes[at + n++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, n];
}

const kCode = 10, pre = [0xfd, 0xaf, 0x01], post = [0xfd, 0x85, 0x02];
let at = 8, swapped = 0;
while (at < bytes.length) {
  const id = bytes[at];
  const [size, n] = leb(at + 1);
  const start = at + 1 + n, end = start + size;
  if (id === kCode)
    for (let i = start; i + 2 < end; ++i)
      if (bytes[i] === pre[0] && bytes[i + 1] === pre[1] && bytes[i + 2] === pre[2]) {
        bytes.set(post, i);
        swapped += 1;
        i += 2;
      }
  at = end;
}
if (swapped === 0) throw new Error(`${file}: no pre-standard f32x4.fma in the code section`);
writeFileSync(file, bytes);
console.log(`${file}: ${swapped} fused multiply-adds as f32x4.relaxed_madd`);
