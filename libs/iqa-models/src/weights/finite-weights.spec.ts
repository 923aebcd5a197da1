import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFiniteWeights, countNonFinite } from './finite-weights';
import { legacyCheckpoint, stateDictPickle, zipCheckpoint, type TestTensor } from './pytorch-checkpoint-builder.test-helper';
import { readPyTorchCheckpoint } from './pytorch-checkpoint-reader';
import { readSafetensors } from './safetensors-reader';
import { writeSafetensors } from './safetensors-writer';
import { decodeTfjsWeights } from './tfjs-weights-reader';
import { readWeightFile } from './weight-file-reader';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

/** conv.weight: 2 NaN, 1 +Inf; fc.bias: 1 −Inf; ok: finite. */
const values = {
  'conv.weight': [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NaN],
  'ok': [0.5, -0.25],
  'fc.bias': [Number.NEGATIVE_INFINITY, 2],
} as const;

const expectedDetails = [
  { tensor: 'conv.weight', nan: 2, posInf: 1, negInf: 0 },
  { tensor: 'fc.bias', nan: 0, posInf: 0, negInf: 1 },
];

function bad(): WeightMap {
  return new Map(Object.entries(values).map(([name, data]) => [name, { shape: [data.length], data: Float32Array.from(data) }]));
}

function f32Bytes(data: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(data).buffer);
}

const torchTensors: TestTensor[] = Object.entries(values).map(([name, data], i) => ({
  name,
  storageType: 'FloatStorage',
  storageKey: String(i),
  storageNumel: data.length,
  offset: 0,
  size: [data.length],
  stride: [1],
}));
const torchStorages = new Map(Object.values(values).map((data, i) => [String(i), f32Bytes(data)]));

function tfjs(): { modelJson: unknown; files: Map<string, Uint8Array> } {
  const all = Object.values(values).flat();
  return {
    modelJson: { weightsManifest: [{ paths: ['w.bin'], weights: Object.entries(values).map(([name, data]) => ({ name, shape: [data.length], dtype: 'float32' })) }] },
    files: new Map([['w.bin', f32Bytes(all)]]),
  };
}

function caught(run: () => unknown): WeightsError {
  try {
    run();
  } catch (error) {
    if (error instanceof WeightsError) return error;
    throw error;
  }
  throw new Error('expected a WeightsError, nothing was thrown');
}

function expectNonFinite(error: WeightsError): void {
  expect(error.code).toBe('NON_FINITE_WEIGHTS');
  expect(error.tensor).toBe('conv.weight');
  expect(error.message).toContain('"conv.weight": 2 NaN, 1 +Inf');
  expect(error.message).toContain('"fc.bias": 1 -Inf');
  expect(error.message).not.toContain('"ok"');
  expect(error.details).toEqual({ tensors: expectedDetails });
}

describe('countNonFinite / assertFiniteWeights', () => {
  it.each([
    { data: [1, 2, 3], expected: { nan: 0, posInf: 0, negInf: 0 } },
    { data: [Number.NaN, Number.NaN, 0], expected: { nan: 2, posInf: 0, negInf: 0 } },
    { data: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], expected: { nan: 0, posInf: 1, negInf: 2 } },
    { data: [3.4e38, -3.4e38, 1e-45], expected: { nan: 0, posInf: 0, negInf: 0 } },
  ])('counts $data', ({ data, expected }) => {
    expect(countNonFinite(Float32Array.from(data))).toEqual(expected);
  });

  it('accepts finite maps and names every bad tensor with its counts', () => {
    expect(() => assertFiniteWeights(new Map([['w', { shape: [1], data: Float32Array.from([1]) }]]), 'test')).not.toThrow();
    expectNonFinite(caught(() => assertFiniteWeights(bad(), 'test')));
  });
});

describe('every reader refuses NaN/±Inf weights (NON_FINITE_WEIGHTS, naming each tensor)', () => {
  it('safetensors F32', () => {
    expectNonFinite(caught(() => readSafetensors(writeSafetensors(bad()))));
  });

  it('safetensors F64 values that overflow float32 count as +Inf', () => {
    const header = new TextEncoder().encode(JSON.stringify({ big: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }).padEnd(48, ' '));
    const out = new Uint8Array(8 + header.length + 16);
    const view = new DataView(out.buffer);
    view.setBigUint64(0, BigInt(header.length), true);
    out.set(header, 8);
    view.setFloat64(8 + header.length, 1e300, true);
    view.setFloat64(8 + header.length + 8, 1, true);
    const error = caught(() => readSafetensors(out));
    expect(error.code).toBe('NON_FINITE_WEIGHTS');
    expect(error.message).toContain('"big": 1 +Inf');
  });

  it('PyTorch zip checkpoint', () => {
    expectNonFinite(caught(() => readPyTorchCheckpoint(zipCheckpoint(stateDictPickle(torchTensors), torchStorages))));
  });

  it('PyTorch legacy checkpoint', () => {
    const storages = [...torchStorages].map(([key, data]) => ({ key, numel: data.length / 4, data }));
    expectNonFinite(caught(() => readPyTorchCheckpoint(legacyCheckpoint(stateDictPickle(torchTensors), storages))));
  });

  it('TF.js weights', () => {
    const { modelJson, files } = tfjs();
    expectNonFinite(caught(() => decodeTfjsWeights(modelJson, files)));
  });

  it('TF.js uint8 quantization whose scale overflows', () => {
    const modelJson = { weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 3e38, min: 0 } }] }] };
    const error = caught(() => decodeTfjsWeights(modelJson, new Map([['w.bin', Uint8Array.from([0, 2])]])));
    expect(error.code).toBe('NON_FINITE_WEIGHTS');
    expect(error.message).toContain('"q": 1 +Inf');
  });
});

describe('readWeightFile refuses non-finite weights in every format', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rankfall-nonfinite-'));
    await writeFile(join(dir, 'w.safetensors'), writeSafetensors(bad()));
    await writeFile(join(dir, 'w.pt'), zipCheckpoint(stateDictPickle(torchTensors), torchStorages));
    const { modelJson, files } = tfjs();
    await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(dir, 'w.bin'), files.get('w.bin') as Uint8Array);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['w.safetensors', 'w.pt', 'model.json'])('%s', async (name) => {
    const error = await readWeightFile(join(dir, name)).then(
      () => new Error('no error'),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WeightsError);
    expectNonFinite(error as WeightsError);
  });
});
