import { describe, expect, it } from 'vitest';
import { shapeSize, stripModulePrefix, takeTensor, type WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

const t = (shape: number[]) => ({ shape, data: new Float32Array(shapeSize(shape)) });

describe('weight map helpers', () => {
  it.each([
    { shape: [], size: 1 },
    { shape: [0, 3], size: 0 },
    { shape: [48, 3, 3, 3], size: 1296 },
  ])('shapeSize($shape) = $size', ({ shape, size }) => {
    expect(shapeSize(shape)).toBe(size);
  });

  it('strips the DataParallel prefix, keeps order and names without it', () => {
    const map: WeightMap = new Map([
      ['module.features.0.weight', t([1])],
      ['head.bias', t([2])],
      ['module.classifier.bias', t([3])],
    ]);
    const stripped = stripModulePrefix(map);
    expect([...stripped.keys()]).toEqual(['features.0.weight', 'head.bias', 'classifier.bias']);
    expect(stripped.get('classifier.bias')).toBe(map.get('module.classifier.bias'));
    expect([...stripModulePrefix(map, 'module.features.').keys()][0]).toBe('0.weight');
  });

  it('refuses a strip that makes two names collide', () => {
    const map: WeightMap = new Map([
      ['module.a', t([1])],
      ['a', t([1])],
    ]);
    expect(() => stripModulePrefix(map)).toThrow(expect.objectContaining({ code: 'MALFORMED_FILE', tensor: 'a' }));
  });

  it('takes a tensor of the expected shape, or names the missing or mis-shaped one', () => {
    const map: WeightMap = new Map([['conv.weight', t([4, 3, 3, 3])]]);
    expect(takeTensor(map, 'conv.weight', [4, 3, 3, 3])).toBe(map.get('conv.weight'));
    expect(() => takeTensor(map, 'conv.bias', [4])).toThrow(WeightsError);
    expect(() => takeTensor(map, 'conv.bias', [4])).toThrow(expect.objectContaining({ code: 'MISSING_TENSOR', tensor: 'conv.bias' }));
    expect(() => takeTensor(map, 'conv.weight', [4, 3, 3])).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', tensor: 'conv.weight' }),
    );
    expect(() => takeTensor(map, 'conv.weight', [4, 3, 3, 1])).toThrow('conv.weight');
  });
});
