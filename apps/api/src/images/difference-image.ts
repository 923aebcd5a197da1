import { PngError, type RgbImage } from './png-codec';

export const DIFFERENCE_AMPLIFICATION = 10;

/** |adversarial − clean| per channel, amplified (×10 by default) and clipped to 255. Sizes must match. */
export function amplifiedDifference(clean: RgbImage, adversarial: RgbImage, gain = DIFFERENCE_AMPLIFICATION): RgbImage {
  if (clean.width !== adversarial.width || clean.height !== adversarial.height) {
    throw new PngError(`the clean (${clean.width}×${clean.height}) and adversarial (${adversarial.width}×${adversarial.height}) images differ in size`);
  }
  const rgb = new Uint8Array(clean.rgb.length);
  for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.abs(adversarial.rgb[i]! - clean.rgb[i]!) * gain);
  return { width: clean.width, height: clean.height, rgb };
}
