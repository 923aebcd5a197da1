import { describe, expect, it } from 'vitest';
import { amplifiedDifference } from './difference-image';
import { decodePng, encodePng, PngError } from './png-codec';

// Encoded by libvips (sharp 0.35) for this test: an independent encoder with adaptive filtering.
const SHARP_RGBA_3x2 =
  'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAI0lEQVQImWNgkLUKL5m47vQLViV7hpjKaZsvvOVSd0msmw0AfCAKRcV/2ngAAAAASUVORK5CYII=';
const SHARP_RGBA_RAW = Buffer.from('001d3a577491aecbe805223f5c7996b3d0ed0a2744617e9b', 'hex');
const SHARP_PALETTE_2x2 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACAgMAAAAP2OW3AAAACVBMVEUAAP//AAAA/wBmtfVOAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADElEQVQImWNIYBAAAAE0AHG6mRa6AAAAAElFTkSuQmCC';

describe('PNG codec', () => {
  it('decodes a sharp-encoded RGBA PNG to its RGB values', () => {
    const image = decodePng(Buffer.from(SHARP_RGBA_3x2, 'base64'));
    expect([image.width, image.height]).toEqual([3, 2]);
    const expected = [...SHARP_RGBA_RAW].filter((_, index) => index % 4 !== 3);
    expect([...image.rgb]).toEqual(expected);
  });

  it('decodes a sharp-encoded palette PNG', () => {
    const image = decodePng(Buffer.from(SHARP_PALETTE_2x2, 'base64'));
    expect([...image.rgb]).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 0]);
  });

  it('round-trips what it encodes', () => {
    const rgb = Uint8Array.from({ length: 5 * 4 * 3 }, (_, i) => (i * 53) % 256);
    expect(decodePng(encodePng({ width: 5, height: 4, rgb }))).toEqual({ width: 5, height: 4, rgb });
  });

  it('refuses non-PNG bytes, truncated data and absurd sizes', () => {
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow(PngError);
    const png = encodePng({ width: 2, height: 2, rgb: new Uint8Array(12) });
    expect(() => decodePng(png.subarray(0, png.length - 20))).toThrow(PngError);
    const huge = Buffer.from(png);
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    expect(() => decodePng(huge)).toThrow(/out of range/);
  });
});

describe('amplifiedDifference', () => {
  it('is |adversarial − clean| × 10, clipped at 255, and needs equal sizes', () => {
    const clean = { width: 1, height: 1, rgb: Uint8Array.from([100, 100, 100]) };
    const adversarial = { width: 1, height: 1, rgb: Uint8Array.from([103, 90, 200]) };
    expect([...amplifiedDifference(clean, adversarial).rgb]).toEqual([30, 100, 255]);
    expect(() => amplifiedDifference(clean, { width: 2, height: 1, rgb: new Uint8Array(6) })).toThrow(/differ in size/);
  });

  it('scales a small perturbation (1–2 levels, as at ε = 0.005) so its largest change is white', () => {
    const clean = { width: 1, height: 1, rgb: Uint8Array.from([100, 100, 100]) };
    const adversarial = { width: 1, height: 1, rgb: Uint8Array.from([101, 98, 100]) };
    expect([...amplifiedDifference(clean, adversarial).rgb]).toEqual([128, 255, 0]);
  });
});
