import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { readLibsvmModel, readNormalizeJson } from './libsvm-reader';
import type { WeightsErrorCode } from './weights-error';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const header = 'svm_type epsilon_svr\nkernel_type rbf\ngamma 0.05\nnr_class 2\ntotal_sv 2\nrho -155.845\nprobA 6.34795\nSV\n';

function expectCode(fn: () => unknown, code: WeightsErrorCode, message?: string): void {
  expect(fn).toThrow(expect.objectContaining({ code }));
  if (message !== undefined) expect(fn).toThrow(message);
}

describe('readLibsvmModel', () => {
  it('reads sparse support vectors (absent indices are 0) and the header', () => {
    const map = readLibsvmModel(text(`${header}-1024 1:-0.5 3:0.25 \n512 2:1\n`), 'm.txt', 3);
    expect(map.get('svr.support_vectors')?.shape).toEqual([2, 3]);
    expect(Array.from(map.get('svr.support_vectors')?.data ?? [])).toEqual([-0.5, 0, 0.25, 0, 1, 0]);
    expect(Array.from(map.get('svr.dual_coef')?.data ?? [])).toEqual([-1024, 512]);
    expect(map.get('svr.rho')?.data[0]).toBeCloseTo(-155.845, 3);
  });

  it.each<[string, string, WeightsErrorCode, string]>([
    ['a classifier', header.replace('epsilon_svr', 'c_svc'), 'UNSUPPORTED_FORMAT', 'only epsilon_svr'],
    ['a polynomial kernel', header.replace('rbf', 'polynomial'), 'UNSUPPORTED_FORMAT', 'only rbf'],
    ['an unknown header field', `weights 3\n${header}`, 'MALFORMED_FILE', 'line 1'],
    ['a repeated header field', `gamma 0.1\n${header}`, 'DUPLICATE_ENTRY', 'gamma'],
    ['decreasing indices', `${header}1 2:1 1:1\n1 1:1\n`, 'MALFORMED_FILE', 'line 9'],
    ['a value that is not a number', `${header}1 1:x\n1 1:1\n`, 'MALFORMED_FILE', 'line 9'],
    ['a NaN', `${header}1 1:nan\n1 1:1\n`, 'NON_FINITE_WEIGHTS', 'line 9'],
    ['more vectors than total_sv', `${header}1 1:1\n1 1:1\n1 1:1\n`, 'SHAPE_MISMATCH', 'line 11'],
    ['fewer vectors than total_sv', `${header}1 1:1\n`, 'SHAPE_MISMATCH', 'total_sv is 2'],
    ['an index beyond the expected features', `${header}1 4:1\n1 1:1\n`, 'SHAPE_MISMATCH', 'feature index 4'],
    ['no SV section', header.replace('SV\n', ''), 'MALFORMED_FILE', 'no "SV" line'],
  ])('refuses %s', (_, source, code, message) => {
    expectCode(() => readLibsvmModel(text(source), 'm.txt', 3), code, message);
  });
});

describe('readNormalizeJson', () => {
  it('reads min_ and max_', () => {
    const map = readNormalizeJson(text('{"min_": [0, -1], "max_": [1, 1]}'));
    expect(Array.from(map.get('scale.min')?.data ?? [])).toEqual([0, -1]);
    expect(Array.from(map.get('scale.max')?.data ?? [])).toEqual([1, 1]);
  });

  it.each<[string, string, WeightsErrorCode]>([
    ['invalid JSON', '{"min_": [0', 'MALFORMED_FILE'],
    ['a duplicate key', '{"min_": [0], "min_": [1], "max_": [2]}', 'DUPLICATE_ENTRY'],
    ['an extra key', '{"min_": [0], "max_": [1], "code": "x"}', 'MALFORMED_FILE'],
    ['a string value', '{"min_": ["0"], "max_": [1]}', 'NON_FINITE_WEIGHTS'],
    ['different lengths', '{"min_": [0, 1], "max_": [1]}', 'SHAPE_MISMATCH'],
    ['max not above min', '{"min_": [1], "max_": [1]}', 'MALFORMED_FILE'],
  ])('refuses %s', (_, source, code) => {
    expectCode(() => readNormalizeJson(text(source)), code);
  });
});

describe.skipIf(skipWithoutFixtures())('imquality brisque_svm.txt and normalize.derived.json', () => {
  it('hold 770 support vectors of 36 features, ρ −155.845, and a 36-feature range', () => {
    const model = readLibsvmModel(new Uint8Array(readFileSync(fixturePath('real/models/brisque-libsvm-imquality/brisque_svm.txt'))), 'brisque_svm.txt', 36);
    expect(model.get('svr.support_vectors')?.shape).toEqual([770, 36]);
    expect(model.get('svr.support_vectors')?.data[0]).toBeCloseTo(-0.597198, 6);
    expect(model.get('svr.rho')?.data[0]).toBeCloseTo(-155.845, 3);
    const range = readNormalizeJson(new Uint8Array(readFileSync(fixturePath('real/models/brisque-libsvm-imquality/normalize.derived.json'))));
    expect(range.get('scale.min')?.shape).toEqual([36]);
    expect(range.get('scale.min')?.data[0]).toBeCloseTo(0.336999, 6);
  });
});
