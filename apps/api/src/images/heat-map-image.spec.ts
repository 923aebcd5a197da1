import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAT_MAP_STOPS, heatColour, heatMapImage } from './heat-map-image';
import { PngError, type RgbImage } from './png-codec';

const image = (width: number, height: number, pixels: number[][]): RgbImage => ({ width, height, rgb: Uint8Array.from(pixels.flat()) });

describe('heatColour', () => {
  it.each([
    [0, [0x00, 0x00, 0x04]],
    [1, [0xfc, 0xff, 0xa4]],
    [0.5, [0xa5, 0x2c, 0x60]],
    [0.125, [0x1b, 0x0c, 0x41]],
    [-3, [0x00, 0x00, 0x04]],
    [7, [0xfc, 0xff, 0xa4]],
    [Number.NaN, [0x00, 0x00, 0x04]],
  ])('t = %s → %j', (t, expected) => {
    expect(heatColour(t)).toEqual(expected);
  });

  it('interpolates linearly between two stops', () => {
    const [a, b] = [HEAT_MAP_STOPS[0]!, HEAT_MAP_STOPS[1]!];
    expect(heatColour(1 / 16)).toEqual([Math.round((a[0] + b[0]) / 2), Math.round((a[1] + b[1]) / 2), Math.round((a[2] + b[2]) / 2)]);
  });
});

describe('heatMapImage', () => {
  it('colours each pixel by its largest channel change, scaled to the image’s largest change', () => {
    const clean = image(3, 1, [
      [10, 10, 10],
      [100, 100, 100],
      [200, 200, 200],
    ]);
    const adversarial = image(3, 1, [
      [10, 10, 10],
      [100, 104, 98],
      [192, 200, 200],
    ]);
    const { image: heat, maxLevel } = heatMapImage(clean, adversarial);
    expect(maxLevel).toBe(8);
    expect(heat.width).toBe(3);
    expect(heat.height).toBe(1);
    expect([...heat.rgb.subarray(0, 3)]).toEqual(heatColour(0));
    expect([...heat.rgb.subarray(3, 6)]).toEqual(heatColour(0.5));
    expect([...heat.rgb.subarray(6, 9)]).toEqual(heatColour(1));
  });

  it('paints an unchanged image in the bottom colour', () => {
    const same = image(2, 1, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const { image: heat, maxLevel } = heatMapImage(same, same);
    expect(maxLevel).toBe(0);
    expect([...heat.rgb]).toEqual([...heatColour(0), ...heatColour(0)]);
  });

  it('refuses images of different sizes', () => {
    expect(() => heatMapImage(image(1, 1, [[0, 0, 0]]), image(1, 2, [[0, 0, 0], [0, 0, 0]]))).toThrow(PngError);
  });
});

describe('the dashboard’s legend', () => {
  it('draws the same stops as the colour map (apps/web/lib/api-images.ts HEAT_MAP_STOPS)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../web/lib/api-images.ts', import.meta.url)), 'utf8');
    const list = /HEAT_MAP_STOPS = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
    const hex = HEAT_MAP_STOPS.map((stop) => `#${stop.map((c) => c.toString(16).padStart(2, '0')).join('')}`);
    expect([...list.matchAll(/'(#[0-9a-f]{6})'/g)].map((m) => m[1])).toEqual(hex);
  });
});
