// The code points a TrueType/OpenType font maps to glyphs, read from its cmap table (the first
// Unicode subtable of format 4, the Basic Multilingual Plane). For tests that need characters a
// font does or does not have; no dependency.
export function fontCodePoints(bytes) {
  const d = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = d.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === 'cmap') cmap = d.getUint32(at + 8);
  }
  if (cmap < 0) throw new Error('the font has no cmap table');
  const subtables = d.getUint16(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const platform = d.getUint16(cmap + 4 + 8 * i), encoding = d.getUint16(cmap + 6 + 8 * i);
    const at = cmap + d.getUint32(cmap + 8 + 8 * i);
    const unicode = platform === 0 || (platform === 3 && encoding === 1);
    if (!unicode || d.getUint16(at) !== 4) continue;
    const segments = d.getUint16(at + 6) / 2;
    const ends = at + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, offsets = deltas + 2 * segments;
    const out = [];
    for (let s = 0; s < segments; s++) {
      const first = d.getUint16(starts + 2 * s), last = d.getUint16(ends + 2 * s);
      const delta = d.getUint16(deltas + 2 * s), offset = d.getUint16(offsets + 2 * s);
      for (let c = first; c <= last && c !== 0xFFFF; c++) {
        // glyph 0 is "no glyph": directly by delta, or through the glyph id array
        let glyph;
        if (offset === 0) glyph = (c + delta) & 0xFFFF;
        else {
          const g = d.getUint16(offsets + 2 * s + offset + 2 * (c - first));
          glyph = g === 0 ? 0 : (g + delta) & 0xFFFF;
        }
        if (glyph !== 0) out.push(c);
      }
    }
    return out;
  }
  throw new Error('the font has no format-4 Unicode cmap');
}
