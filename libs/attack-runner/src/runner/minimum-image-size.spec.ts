import { describe, expect, it } from 'vitest';
import { minimumImageSize } from './minimum-image-size';

describe('minimumImageSize', () => {
  it.each([
    [{ kind: 'any', minSize: 32 } as const, { height: 32, width: 32 }],
    [{ kind: 'fixed', height: 224, width: 192 } as const, { height: 224, width: 192 }],
    [{ kind: 'patches', patchSize: 224, stride: 32 } as const, { height: 224, width: 224 }],
  ])('%o → %o', (input, expected) => {
    expect(minimumImageSize(input)).toEqual(expected);
  });
});
