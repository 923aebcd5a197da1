import { describe, expect, it } from 'vitest';
import { applyNameMap, mapWeightName, type NameMapRules, type TensorSpec } from './name-map';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

function tensor(shape: number[]): { shape: number[]; data: Float32Array } {
  return { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) };
}

const expected: TensorSpec[] = [
  { name: 'features1.0.weight', shape: [64, 3, 3, 3] },
  { name: 'features1.0.bias', shape: [64] },
  { name: 'fc.weight', shape: [1, 8] },
];

const rules: NameMapRules = { renames: [['vgg.', 'features1.']], ignore: [/num_batches_tracked$/] };

describe('mapWeightName', () => {
  it.each([
    { source: 'module.fc.weight', rules: {}, target: 'fc.weight' },
    { source: 'fc.weight', rules: {}, target: 'fc.weight' },
    { source: 'module.module.fc', rules: {}, target: 'module.fc' },
    { source: 'module.vgg.0.weight', rules, target: 'features1.0.weight' },
    { source: 'net.fc.weight', rules: { stripPrefixes: ['net.', 'module.'] }, target: 'fc.weight' },
    { source: 'a.vgg.0', rules, target: 'a.vgg.0' },
  ])('$source → $target', ({ source, rules: r, target }) => {
    expect(mapWeightName(source, r)).toBe(target);
  });
});

describe('applyNameMap', () => {
  const source: WeightMap = new Map([
    ['module.fc.weight', tensor([1, 8])],
    ['module.vgg.0.bias', tensor([64])],
    ['module.vgg.0.weight', tensor([64, 3, 3, 3])],
    ['module.bn.num_batches_tracked', tensor([])],
  ]);

  it('renames, drops ignored tensors and returns the expected order', () => {
    const result = applyNameMap(source, expected, rules);
    expect([...result.weights.keys()]).toEqual(expected.map((spec) => spec.name));
    expect(result.weights.get('fc.weight')).toBe(source.get('module.fc.weight'));
    expect(result.ignored).toEqual(['module.bn.num_batches_tracked']);
    expect(result.missing).toEqual([]);
    expect(result.unexpected).toEqual([]);
  });

  it('throws SHAPE_MISMATCH naming the tensor and both shapes', () => {
    const bad: WeightMap = new Map([...source, ['module.fc.weight', tensor([8, 1])]]);
    expect(() => applyNameMap(bad, expected, rules)).toThrow(WeightsError);
    expect(() => applyNameMap(bad, expected, rules)).toThrow('"module.fc.weight" (→ "fc.weight") has shape [8, 1] in the file, the architecture expects [1, 8]');
    expect(() => applyNameMap(bad, expected, rules, { strict: false })).toThrow(/SHAPE|shape/);
  });

  it('strict: MISSING_TENSOR and UNEXPECTED_TENSOR list the names; lenient: reported', () => {
    const partial: WeightMap = new Map([
      ['module.fc.weight', tensor([1, 8])],
      ['module.extra.weight', tensor([2])],
    ]);
    expect(() => applyNameMap(partial, expected, rules)).toThrow(expect.objectContaining({ code: 'MISSING_TENSOR', tensor: 'features1.0.weight' }));
    const complete: WeightMap = new Map([...source, ['module.extra.weight', tensor([2])]]);
    expect(() => applyNameMap(complete, expected, rules)).toThrow(expect.objectContaining({ code: 'UNEXPECTED_TENSOR', tensor: 'module.extra.weight' }));
    const lenient = applyNameMap(partial, expected, rules, { strict: false });
    expect(lenient.missing).toEqual(['features1.0.weight', 'features1.0.bias']);
    expect(lenient.unexpected).toEqual(['module.extra.weight']);
    expect([...lenient.weights.keys()]).toEqual(['fc.weight']);
  });

  it('refuses two source tensors that map to one name', () => {
    const twice: WeightMap = new Map([
      ['module.fc.weight', tensor([1, 8])],
      ['fc.weight', tensor([1, 8])],
    ]);
    expect(() => applyNameMap(twice, expected, rules, { strict: false })).toThrow(expect.objectContaining({ code: 'MALFORMED_FILE' }));
  });
});
