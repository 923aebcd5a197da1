import * as tf from '@tensorflow/tfjs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegRoundTrip, jpegTables, quantisationTable } from './jpeg-round-trip';

interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

async function readRgb(path: string, crop?: { left: number; top: number; width: number; height: number }): Promise<Rgb> {
  const image = crop ? sharp(path).extract(crop) : sharp(path);
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** sharp's (libvips + libjpeg) encoder and decoder: the reference round trip. */
async function sharpRoundTrip(rgb: Rgb, quality: number): Promise<Uint8Array> {
  const jpeg = await sharp(Buffer.from(rgb.data), { raw: { width: rgb.width, height: rgb.height, channels: 3 } }).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
  const { data } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

function ours(rgb: Rgb, quality: number): Uint8Array {
  const out = tf.tidy(() => tf.round(tf.mul(jpegRoundTrip(tf.div(tf.tensor4d(rgb.data, [1, rgb.height, rgb.width, 3], 'float32'), 255) as tf.Tensor4D, quality), 255)));
  const values = Uint8Array.from(out.dataSync());
  out.dispose();
  return values;
}

function meanAbs(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

describe('quantisationTable (libjpeg quality scaling)', () => {
  it.each([
    [50, 16, 99],
    [75, 8, 50],
    [100, 1, 1],
    [10, 80, 255],
  ])('quality %i: first luminance entry %i, last %i', (quality, first, last) => {
    const table = quantisationTable(jpegTables.luminance, quality);
    expect(table[0]).toBe(first);
    expect(table[63]).toBe(last);
  });
});

describe.skipIf(skipWithoutFixtures())('jpegRoundTrip vs sharp (libjpeg encode + decode)', () => {
  const images = [
    { name: 'kodim05 crop 203×150 (edges not on MCUs)', path: () => fixturePath('real/images/imquality-brisque-tests/kodim05.png'), crop: { left: 100, top: 60, width: 203, height: 150 } },
    { name: 'CLIVE 1000.JPG 500×500', path: () => fixturePath('real/images/linearityiqa-clive/1000.JPG') },
    { name: 'probe-image-64 (seeded noise)', path: () => fixturePath('probe-image-64.png') },
  ];
  // Measured (this implementation vs sharp's libjpeg, 4:2:0), mean |Δ| in 8-bit levels: photos 0.08–0.43, seeded
  // noise (every coefficient near a rounding edge, the worst case) 0.09–1.04; the JPEG's own change is 3–55 levels.
  // The colour conversions, chroma down- and upsampling use libjpeg's integer arithmetic; the rest is libjpeg's
  // integer DCT (islow) against a float DCT here.
  const tolerance = (name: string) => (name.startsWith('probe') ? 1.25 : 0.5);
  for (const image of images) {
    for (const quality of [30, 75, 90]) {
      it(`${image.name}, quality ${quality}: within tolerance of sharp, and closer to sharp at q${quality} than to sharp at another quality`, async () => {
        const rgb = await readRgb(image.path(), image.crop);
        const reference = await sharpRoundTrip(rgb, quality);
        const other = await sharpRoundTrip(rgb, quality === 75 ? 30 : 75);
        const mine = ours(rgb, quality);
        const toReference = meanAbs(mine, reference);
        console.info(`[jpeg] ${image.name} q${quality}: mean |ours − sharp| = ${toReference.toFixed(3)}, |input − sharp| = ${meanAbs(rgb.data, reference).toFixed(3)}, |ours − sharp at other q| = ${meanAbs(mine, other).toFixed(3)} (8-bit levels)`);
        expect(toReference).toBeLessThan(tolerance(image.name));
        expect(toReference).toBeLessThan(meanAbs(mine, other) / 2);
      });
    }
  }
});
