import { PngError, type RgbImage } from './png-codec';

/** The smallest amplification: a budget of ε = 0.005 changes pixels by 1–2 levels, invisible even ×10. */
export const DIFFERENCE_AMPLIFICATION = 10;

/**
 * |adversarial − clean| per channel, amplified so that the largest change is white (at least ×10, so two
 * images' differences stay comparable when they are large) and clipped to 255. Sizes must match.
 */
export function amplifiedDifference(clean: RgbImage, adversarial: RgbImage, minimumGain = DIFFERENCE_AMPLIFICATION): RgbImage {
  if (clean.width !== adversarial.width || clean.height !== adversarial.height) {
    throw new PngError(`the clean (${clean.width}×${clean.height}) and adversarial (${adversarial.width}×${adversarial.height}) images differ in size`);
  }
  let largest = 0;
  for (let i = 0; i < clean.rgb.length; i++) largest = Math.max(largest, Math.abs(adversarial.rgb[i]! - clean.rgb[i]!));
  const gain = largest > 0 ? Math.max(minimumGain, 255 / largest) : minimumGain;
  const rgb = new Uint8Array(clean.rgb.length);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.round(Math.abs(adversarial.rgb[i]! - clean.rgb[i]!) * gain));
  return { width: clean.width, height: clean.height, rgb };
}
