import { describe, expect, it } from 'vitest';
import { outputWidth, wrapText } from './wrap-text';

describe('wrapText', () => {
  it.each([
    ['one two three four', 9, '', '', ['one two', 'three', 'four']],
    ['one two three', 12, 'id ', '   ', ['id one two', '   three']],
    ['abcdefghij', 4, '', '', ['abcd', 'efgh', 'ij']],
    ['', 10, 'x: ', '', ['x: ']],
  ])('%j at %i', (text, width, first, rest, expected) => {
    expect(wrapText(text, width, first, rest)).toEqual(expected);
  });
});

describe('outputWidth', () => {
  it.each([
    [undefined, undefined, {}, 100],
    [undefined, 120, {}, 120],
    [undefined, undefined, { COLUMNS: '90' }, 90],
    [72, 200, { COLUMNS: '90' }, 72],
    [undefined, 12, {}, 40],
  ])('flag %s, columns %s, env %j → %i', (flag, columns, env, expected) => {
    expect(outputWidth(flag, columns, env)).toBe(expected);
  });
});
