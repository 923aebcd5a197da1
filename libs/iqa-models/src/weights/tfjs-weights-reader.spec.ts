import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTfjsWeights, readTfjsWeights } from './tfjs-weights-reader';
import { WeightsError } from './weights-error';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof WeightsError ? error.code : 'other error';
  }
  return 'no error';
}

describe('decodeTfjsWeights', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reads what tf.io.encodeWeights wrote (float32 and int32), split over two shards', async () => {
    const kernel = tf.tensor4d([1.5, -2, 3.25, 0.125, 7, -8, 9, 10], [1, 2, 2, 2]);
    const steps = tf.tensor1d([3, -4], 'int32');
    const { data, specs } = await tf.io.encodeWeights({ 'conv2d/kernel': kernel, 'step': steps });
    tf.dispose([kernel, steps]);
    const bytes = new Uint8Array(data as ArrayBuffer);
    const files = new Map([
      ['group1-shard1of2.bin', bytes.subarray(0, 13)],
      ['group1-shard2of2.bin', bytes.subarray(13)],
    ]);
    const modelJson = { format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths: [...files.keys()], weights: specs }] };
    const map = decodeTfjsWeights(modelJson, files);
    expect(map.get('conv2d/kernel')).toEqual({ shape: [1, 2, 2, 2], data: Float32Array.from([1.5, -2, 3.25, 0.125, 7, -8, 9, 10]) });
    expect(map.get('step')).toEqual({ shape: [2], data: Float32Array.from([3, -4]) });
  });

  it('dequantizes uint8/uint16 (q·scale + min) and float16', () => {
    const shard = Uint8Array.from([0, 1, 255, /* uint16 LE 1000 */ 0xe8, 0x03, /* half 0.5 and -2 */ 0x00, 0x38, 0x00, 0xc0]);
    const modelJson = {
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: [
            { name: 'a', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
            { name: 'b', shape: [1], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.001, min: 2 } },
            { name: 'c', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
          ],
        },
      ],
    };
    const map = decodeTfjsWeights(modelJson, new Map([['w.bin', shard]]));
    expect(map.get('a')?.data).toEqual(Float32Array.from([-1, -0.5, 126.5]));
    expect(map.get('b')?.data[0]).toBeCloseTo(3, 6);
    expect(map.get('c')?.data).toEqual(Float32Array.from([0.5, -2]));
  });

  it.each([
    { what: 'not an object', json: 'x', files: {} },
    { what: 'shape not integers', json: { weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'a', shape: [1.5], dtype: 'float32' }] }] }, files: { 'w.bin': 8 } },
    { what: 'missing shard', json: { weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] }] }, files: {} },
    { what: 'short shard', json: { weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] }] }, files: { 'w.bin': 7 } },
    { what: 'long shard', json: { weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] }] }, files: { 'w.bin': 9 } },
    { what: 'path escaping the directory', json: { weightsManifest: [{ paths: ['../w.bin'], weights: [] }] }, files: { '../w.bin': 0 } },
  ])('$what → MALFORMED_FILE', ({ json, files }) => {
    const shards = new Map(Object.entries(files).map(([name, length]) => [name, new Uint8Array(length)]));
    expect(codeOf(() => decodeTfjsWeights(json, shards))).toBe('MALFORMED_FILE');
  });
});

describe('decodeTfjsWeights: duplicate names', () => {
  it('refuses a weight name listed twice (DUPLICATE_ENTRY, naming it)', () => {
    const modelJson = {
      weightsManifest: [
        { paths: ['a.bin'], weights: [{ name: 'dense/bias', shape: [1], dtype: 'float32' }] },
        { paths: ['b.bin'], weights: [{ name: 'dense/bias', shape: [1], dtype: 'float32' }] },
      ],
    };
    const files = new Map([['a.bin', new Uint8Array(4)], ['b.bin', new Uint8Array(4)]]);
    expect(() => decodeTfjsWeights(modelJson, files)).toThrow(expect.objectContaining({ code: 'DUPLICATE_ENTRY', tensor: 'dense/bias' }));
  });
});

describe('readTfjsWeights from a directory', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rankfall-tfjs-'));
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(Float32Array.from([4, 5, 6]).buffer));
    await writeFile(join(dir, 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense/bias', shape: [3], dtype: 'float32' }] }] }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the directory or the model.json path', async () => {
    for (const source of [dir, join(dir, 'model.json')]) {
      const map = await readTfjsWeights(source);
      expect(map.get('dense/bias')).toEqual({ shape: [3], data: Float32Array.from([4, 5, 6]) });
    }
  });
});
