// bench/relaxed-fma.mjs FILE.wasm: turns the fused multiply-adds of bench/attention's relaxed-SIMD
// build (bench_attention_fma, kernels.cpp with CAPITON_RELAXED_FMA) into the final opcode, in place.
//
// Debian's clang 14 compiles __builtin_wasm_fma_f32x4(x, y, z) to the pre-standard opcode
// 0xfd 0xaf 0x01 (whose proposal of the time may have meant x + y · z), which engines now refuse
// ("invalid simd opcode"). The standard f32x4.relaxed_madd is 0xfd 0x85 0x02: the same length, so the
// bytes are swapped in the code section alone and nothing else moves. It computes x · y + z of the
// operands as pushed, which is what kernels.cpp means by its call (a, b, acc): only the patched module
// means it, and bench/attention checks its output against the unfused build's.
// The swapped bytes are then counted again as instructions by wabt's disassembler (a match inside an
// immediate would not disassemble as one): fails if the two counts differ, if there was nothing to
// swap, or if the file is not a WebAssembly module.
import { execFileSync } from 'node:child_process';
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
const listed = execFileSync('wasm-objdump', ['-d', file], { maxBuffer: 1 << 28 }).toString().split('f32x4.relaxed_madd').length - 1;
if (listed !== swapped) throw new Error(`${file}: ${swapped} byte runs swapped but ${listed} relaxed_madd instructions: not all were instructions`);
console.log(`${file}: ${swapped} fused multiply-adds as f32x4.relaxed_madd`);
