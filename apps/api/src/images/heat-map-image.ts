import { PngError, type RgbImage } from './png-codec';

/**
 * The heat map's colour scale: matplotlib's "inferno" sampled at 9 evenly spaced stops (0 = black, so an
 * unchanged pixel looks like it does in the difference image; perceptually uniform and legible in grey).
 * The dashboard draws its legend from the same stops (apps/web/lib/api-images.ts `HEAT_MAP_STOPS`).
 */
export const HEAT_MAP_STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0x00, 0x00, 0x04],
  [0x1b, 0x0c, 0x41],
  [0x4a, 0x0c, 0x6b],
  [0x78, 0x1c, 0x6d],
  [0xa5, 0x2c, 0x60],
  [0xcf, 0x44, 0x46],
  [0xed, 0x69, 0x25],
  [0xfb, 0x9b, 0x06],
  [0xfc, 0xff, 0xa4],
];

/** The colour of t ∈ [0, 1] on the scale (linear between stops; t outside is clamped). */
export function heatColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (HEAT_MAP_STOPS.length - 1);
  const i = Math.min(HEAT_MAP_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = HEAT_MAP_STOPS[i]!;
  const b = HEAT_MAP_STOPS[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/**
 * Per-pixel L∞ change, max over channels of |adversarial − clean| (0–255), as a colour map whose top colour is
 * the image's largest change: the scale runs from 0 to the image's L∞ × 255 (the `linf` the worker stored for
 * the saved PNG), so the legend can be labelled from that number. An unchanged image is all the bottom colour.
 */
export function heatMapImage(clean: RgbImage, adversarial: RgbImage): { image: RgbImage; maxLevel: number } {
  if (clean.width !== adversarial.width || clean.height !== adversarial.height) {
    throw new PngError(`the clean (${clean.width}×${clean.height}) and adversarial (${adversarial.width}×${adversarial.height}) images differ in size`);
  }
  const pixels = clean.width * clean.height;
  const levels = new Uint8Array(pixels);
  let maxLevel = 0;
  for (let p = 0; p < pixels; p++) {
    const o = p * 3;
    const level = Math.max(Math.abs(adversarial.rgb[o]! - clean.rgb[o]!), Math.abs(adversarial.rgb[o + 1]! - clean.rgb[o + 1]!), Math.abs(adversarial.rgb[o + 2]! - clean.rgb[o + 2]!));
    levels[p] = level;
    if (level > maxLevel) maxLevel = level;
  }
  const lut = Array.from({ length: maxLevel + 1 }, (_, level) => heatColour(maxLevel === 0 ? 0 : level / maxLevel));
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) rgb.set(lut[levels[p]!]!, p * 3);
  return { image: { width: clean.width, height: clean.height, rgb }, maxLevel };
}
