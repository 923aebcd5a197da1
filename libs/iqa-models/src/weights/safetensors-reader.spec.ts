import { readFile } from 'node:fs/promises';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { readSafetensors, readSafetensorsFile } from './safetensors-reader';
import { writeSafetensors } from './safetensors-writer';
import { shapeSize, type WeightMap } from './weight-map';
import { WeightsError, type WeightsErrorCode } from './weights-error';

/** A safetensors file from a header (object or raw JSON text) and a data area. */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), declaredLength?: bigint): Uint8Array {
  const json =
    header instanceof Uint8Array
      ? header
      : new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, declaredLength ?? BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

function bytesOf(values: number[], write: (view: DataView, offset: number, value: number) => void, size: number): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((value, i) => write(view, i * size, value));
  return out;
}

function f32(values: number[]): Uint8Array {
  return bytesOf(values, (v, o, x) => v.setFloat32(o, x, true), 4);
}

function expectWeightsError(fn: () => unknown, code: WeightsErrorCode, tensor?: string): void {
  expect(fn).toThrow(WeightsError);
  expect(fn).toThrow(expect.objectContaining(tensor === undefined ? { code } : { code, tensor }));
  if (tensor !== undefined) expect(fn).toThrow(tensor);
}

describe.skipIf(skipWithoutFixtures())('readSafetensors on scnn.safetensors', () => {
  it('reads 68 F32 tensors, 643,479 numbers, with module. names, in file order', async () => {
    const { tensors, dtypes, metadata } = await readSafetensorsFile(fixturePath('scnn.safetensors'));
    expect(tensors.size).toBe(68);
    let count = 0;
    let sum = 0;
    let l1 = 0;
    for (const [name, { shape, data }] of tensors) {
      expect(name.startsWith('module.')).toBe(true);
      expect(data.length).toBe(shapeSize(shape));
      expect(dtypes.get(name)).toBe('F32');
      count += data.length;
      for (const value of data) {
        sum += value;
        l1 += Math.abs(value);
      }
    }
    expect(count).toBe(643_479);
    // Reference sums computed with Python's `array('f')` over the raw data area.
    expect(sum).toBeCloseTo(-147.89720281768035, 6);
    expect(l1).toBeCloseTo(10201.998753901245, 6);
    const names = [...tensors.keys()];
    expect(names[0]).toBe('module.features.0.weight');
    expect(names.at(-1)).toBe('module.classifier.bias');
    const first = tensors.get('module.features.0.weight')!;
    expect(first.shape).toEqual([48, 3, 3, 3]);
    expect(first.data[0]).toBe(Math.fround(0.024498939514160156));
    expect(tensors.get('module.features.1.running_var')!.data[0]).toBe(Math.fround(0.11763060092926025));
    expect(tensors.get('module.classifier.weight')!.shape).toEqual([39, 256]);
    expect(metadata['source']).toContain('YangiD/SMA');
    expect(metadata['format']).toBe('pt');
  });

  it('round-trips through the writer (bit for bit, since both write compact JSON)', async () => {
    const original = new Uint8Array(await readFile(fixturePath('scnn.safetensors')));
    const { tensors, metadata } = readSafetensors(original);
    const written = writeSafetensors(tensors, metadata);
    const reread = readSafetensors(written);
    expect([...reread.tensors.keys()]).toEqual([...tensors.keys()]);
    for (const [name, tensor] of tensors) {
      expect(reread.tensors.get(name)!.shape).toEqual(tensor.shape);
      const data = reread.tensors.get(name)!.data;
      expect(Buffer.from(data.buffer, data.byteOffset, data.byteLength).equals(Buffer.from(tensor.data.buffer))).toBe(true);
    }
    expect(reread.metadata).toEqual(metadata);
    expect(Buffer.from(written).equals(Buffer.from(original))).toBe(true);
  });

  it('reports a truncated copy of the fixture as MALFORMED_FILE naming the cut tensor', async () => {
    const original = new Uint8Array(await readFile(fixturePath('scnn.safetensors')));
    expectWeightsError(() => readSafetensors(original.subarray(0, original.byteLength - 100)), 'MALFORMED_FILE', 'module.classifier.bias');
    expectWeightsError(() => readSafetensors(original.subarray(0, 4000)), 'MALFORMED_FILE');
  });
});

describe('readSafetensors', () => {
  it.each([
    { dtype: 'F32', bytes: f32([1.5, -2, 3.25]), expected: [1.5, -2, 3.25] },
    { dtype: 'F64', bytes: bytesOf([0.1, -1e30, 2], (v, o, x) => v.setFloat64(o, x, true), 8), expected: [Math.fround(0.1), Math.fround(-1e30), 2] },
    // binary16: 1, −2, 65504 (max), 2^−24 (smallest subnormal), −65504 (min); ±∞ and NaN are refused (finite-weights.spec.ts)
    { dtype: 'F16', bytes: bytesOf([0x3c00, 0xc000, 0x7bff, 0x0001, 0xfbff], (v, o, x) => v.setUint16(o, x, true), 2), expected: [1, -2, 65504, 2 ** -24, -65504] },
    // bfloat16 = upper half of a float32: 1, −3, 0.5
    { dtype: 'BF16', bytes: bytesOf([0x3f80, 0xc040, 0x3f00], (v, o, x) => v.setUint16(o, x, true), 2), expected: [1, -3, 0.5] },
    { dtype: 'I64', bytes: bytesOf([-5, 7, 2 ** 40], (v, o, x) => v.setBigInt64(o, BigInt(x), true), 8), expected: [-5, 7, 2 ** 40] },
    { dtype: 'I32', bytes: bytesOf([-5, 7, 123456], (v, o, x) => v.setInt32(o, x, true), 4), expected: [-5, 7, 123456] },
    { dtype: 'I16', bytes: bytesOf([-5, 7, 32767], (v, o, x) => v.setInt16(o, x, true), 2), expected: [-5, 7, 32767] },
    { dtype: 'I8', bytes: new Uint8Array([0xff, 7, 0x80]), expected: [-1, 7, -128] },
    { dtype: 'U8', bytes: new Uint8Array([0, 7, 255]), expected: [0, 7, 255] },
    { dtype: 'BOOL', bytes: new Uint8Array([0, 1, 1]), expected: [0, 1, 1] },
  ])('converts $dtype to float32', ({ dtype, bytes, expected }) => {
    const file = build({ t: { dtype, shape: [expected.length], data_offsets: [0, bytes.byteLength] } }, bytes);
    expect(Array.from(readSafetensors(file).tensors.get('t')!.data)).toEqual(expected);
  });

  it('reads tensors of any rank, a scalar and an empty tensor, at an unaligned data start', () => {
    const data = f32([1, 2, 3, 4, 5, 6, 7]);
    const file = build(
      {
        __metadata__: { a: 'b' },
        m: { dtype: 'F32', shape: [2, 1, 3], data_offsets: [0, 24] },
        s: { dtype: 'F32', shape: [], data_offsets: [24, 28] },
        e: { dtype: 'F32', shape: [0, 4], data_offsets: [28, 28] },
      },
      data,
    );
    const { tensors, metadata } = readSafetensors(file);
    expect(tensors.get('m')).toEqual({ shape: [2, 1, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
    expect(tensors.get('s')).toEqual({ shape: [], data: new Float32Array([7]) });
    expect(tensors.get('e')).toEqual({ shape: [0, 4], data: new Float32Array(0) });
    expect(metadata).toEqual({ a: 'b' });
  });

  const entry = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

  it.each<{ what: string; file: () => Uint8Array; code: WeightsErrorCode; tensor?: string }>([
    { what: 'fewer than 8 bytes', file: () => new Uint8Array(5), code: 'MALFORMED_FILE' },
    { what: 'header length beyond the file', file: () => build({ a: entry(0, 4) }, f32([1]), 10_000n), code: 'MALFORMED_FILE' },
    { what: 'header length 2^64 − 1 (over the limit before beyond the file)', file: () => build({}, new Uint8Array(0), 2n ** 64n - 1n), code: 'LIMIT_EXCEEDED' },
    { what: 'header length 0', file: () => build('', new Uint8Array(8), 0n), code: 'MALFORMED_FILE' },
    { what: 'header that is not JSON', file: () => build('{"a": ', f32([1])), code: 'MALFORMED_FILE' },
    { what: 'header that is a JSON array', file: () => build('[1, 2]'), code: 'MALFORMED_FILE' },
    { what: 'header that is not UTF-8', file: () => build(new Uint8Array([0x7b, 0xff, 0x7d])), code: 'MALFORMED_FILE' },
    { what: 'unknown dtype', file: () => build({ w: { dtype: 'F9', shape: [1], data_offsets: [0, 4] } }, f32([1])), code: 'UNSUPPORTED_DTYPE', tensor: 'w' },
    { what: 'unsupported float8 dtype', file: () => build({ w: { dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] } }, f32([1])), code: 'UNSUPPORTED_DTYPE', tensor: 'w' },
    { what: 'missing data_offsets', file: () => build({ w: { dtype: 'F32', shape: [1] } }, f32([1])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'negative dimension', file: () => build({ w: entry(0, 4, [-1]) }, f32([1])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'fractional offset', file: () => build({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4.5] } }, f32([1])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'unknown field in an entry', file: () => build({ w: { ...entry(0, 4), extra: 1 } }, f32([1])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'offsets past the data area (truncated)', file: () => build({ a: entry(0, 4), w: entry(4, 12) }, f32([1, 2])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'begin after end', file: () => build({ w: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32([1])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'shape/byte length mismatch', file: () => build({ w: entry(0, 8, [3]) }, f32([1, 2])), code: 'MALFORMED_FILE', tensor: 'w' },
    { what: 'overlapping offsets', file: () => build({ a: entry(0, 8), b: entry(4, 12) }, f32([1, 2, 3])), code: 'MALFORMED_FILE', tensor: 'b' },
    { what: 'a gap between tensors', file: () => build({ a: entry(0, 4), b: entry(8, 12) }, f32([1, 2, 3])), code: 'MALFORMED_FILE', tensor: 'b' },
    { what: 'bytes after the last tensor', file: () => build({ a: entry(0, 4) }, f32([1, 2])), code: 'MALFORMED_FILE' },
    { what: 'non-string metadata', file: () => build({ __metadata__: { n: 1 }, a: entry(0, 4) }, f32([1])), code: 'MALFORMED_FILE' },
    { what: 'an F16 +∞', file: () => build({ t: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, bytesOf([0x3c00, 0x7c00], (v, o, x) => v.setUint16(o, x, true), 2)), code: 'NON_FINITE_WEIGHTS', tensor: 't' },
    { what: 'a duplicate tensor name (JSON.parse would keep the second)', file: () => build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32([1, 2])), code: 'DUPLICATE_ENTRY', tensor: 'a' },
    { what: 'a duplicate written with an escape', file: () => build('{"ab":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a\\u0062":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32([1, 2])), code: 'DUPLICATE_ENTRY', tensor: 'ab' },
    { what: 'a duplicate field inside an entry', file: () => build('{"w":{"dtype":"F16","dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32([1])), code: 'DUPLICATE_ENTRY', tensor: 'w' },
    { what: 'a duplicate metadata key', file: () => build('{"__metadata__":{"k":"1","k":"2"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32([1])), code: 'DUPLICATE_ENTRY', tensor: '__metadata__' },
    { what: 'a bad __proto__ entry (named, not another tensor)', file: () => build('{"__proto__":{"dtype":"F9","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32([1, 2])), code: 'UNSUPPORTED_DTYPE', tensor: '__proto__' },
    { what: 'a header over the 100 MB limit', file: () => build({}, new Uint8Array(0), 200_000_000n), code: 'LIMIT_EXCEEDED' },
  ])('rejects $what with $code', ({ file, code, tensor }) => {
    expectWeightsError(() => readSafetensors(file()), code, tensor);
  });
});

describe('readSafetensors: names that are Object.prototype keys are ordinary names', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])('%s is read, in order, beside the next tensor', (name) => {
    const header = `{${JSON.stringify(name)}:{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"__metadata__":{${JSON.stringify(name)}:"m"}}`;
    const { tensors, metadata } = readSafetensors(build(header, f32([1, 2, 3])));
    expect([...tensors.keys()]).toEqual([name, 'b']);
    expect(tensors.get(name)).toEqual({ shape: [1], data: Float32Array.from([1]) });
    expect(Object.entries(metadata)).toEqual([[name, 'm']]);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });

  it('round-trips a __proto__ tensor and metadata key through the writer', () => {
    const map: WeightMap = new Map([['__proto__', { shape: [1], data: Float32Array.from([5]) }]]);
    const metadata = Object.fromEntries([['__proto__', 'x']]) as Record<string, string>;
    const reread = readSafetensors(writeSafetensors(map, metadata));
    expect(reread.tensors).toEqual(map);
    expect(Object.entries(reread.metadata)).toEqual([['__proto__', 'x']]);
  });
});

describe('readSafetensors: the header-length limit is checked before anything else', () => {
  it('names the limit and refuses before looking at the rest of the file', () => {
    const file = build({}, new Uint8Array(0), 200_000_000n);
    expect(() => readSafetensors(file)).toThrow(/200000000 bytes.*100000000/);
  });
});

describe('writeSafetensors', () => {
  it('pads the header to 8 bytes, keeps map order (integer-like names too) and round-trips', () => {
    const map: WeightMap = new Map([
      ['b', { shape: [2], data: new Float32Array([1, 2]) }],
      ['10', { shape: [1, 1], data: new Float32Array([-0.5]) }],
      ['2', { shape: [], data: new Float32Array([Math.PI]) }],
    ]);
    const bytes = writeSafetensors(map, { note: 'é' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    expect(bytes.byteLength).toBe(8 + headerLength + 16);
    const { tensors, metadata } = readSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['b', '10', '2']);
    expect(tensors.get('2')).toEqual({ shape: [], data: new Float32Array([Math.PI]) });
    expect(metadata).toEqual({ note: 'é' });
  });

  it('rejects data whose length does not match the shape, and the reserved name', () => {
    expectWeightsError(
      () => writeSafetensors(new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]])),
      'SHAPE_MISMATCH',
      'w',
    );
    expectWeightsError(
      () => writeSafetensors(new Map([['__metadata__', { shape: [1], data: new Float32Array(1) }]])),
      'MALFORMED_FILE',
    );
  });
});
