/**
 * The benchmark images of `sma-stage2.bench.ts` (and of `sma-stage2-torch.py`, which computes the same
 * formula): the fixture's pattern-500 (scnn-expected.json), image `index` shifted by `index` grey levels,
 * HWC float32 in [0,1]: pixel[y, x, c] = ((7x + 13y + 29c + (x·y mod 17) + index) mod 256) / 255.
 */
export function scnnPattern(index: number, size: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = ((7 * x + 13 * y + 29 * c + ((x * y) % 17) + index) % 256) / 255;
  return out;
}
