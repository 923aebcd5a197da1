import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKey } from './json-duplicate-keys';

describe('findDuplicateJsonKey', () => {
  it.each([
    { json: '{}', expected: null },
    { json: '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', expected: null },
    { json: '{"a":"x\\"a\\":","b":"{\\"b\\":1}"}', expected: null },
    { json: '[{"a":1},{"a":1}]', expected: null },
    { json: '{"a":1,"a":2}', expected: { path: [], key: 'a' } },
    { json: ' { "a" : 1 , "b" : 2 , "a" : 3 } ', expected: { path: [], key: 'a' } },
    { json: '{"ab":1,"a\\u0062":2}', expected: { path: [], key: 'ab' } },
    { json: '{"t":{"dtype":"F32","shape":[1],"dtype":"F16"}}', expected: { path: ['t'], key: 'dtype' } },
    { json: '{"t":[0,{"k":1,"k":2}]}', expected: { path: ['t', '[]'], key: 'k' } },
    { json: '{"__proto__":1,"__proto__":2}', expected: { path: [], key: '__proto__' } },
    { json: '{"x":"\\\\","x":1}', expected: { path: [], key: 'x' } },
  ])('$json', ({ json, expected }) => {
    JSON.parse(json);
    expect(findDuplicateJsonKey(json)).toEqual(expected);
  });

  it('handles nesting far deeper than the call stack allows', () => {
    const depth = 200_000;
    expect(findDuplicateJsonKey(`${'['.repeat(depth)}${']'.repeat(depth)}`)).toBeNull();
  });
});
