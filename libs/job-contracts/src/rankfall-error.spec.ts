import { describe, expect, it } from 'vitest';
import { isRankfallError, RankfallError } from './rankfall-error';

class ExampleError extends RankfallError<'A' | 'B'> {
  override readonly name = 'ExampleError';
}

describe('RankfallError', () => {
  it('carries code, message, details and cause through a subclass', () => {
    const cause = new Error('root');
    const error = new ExampleError('B', 'went wrong', { details: { tensor: 'w', count: 3 }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(isRankfallError(error)).toBe(true);
    expect(error.name).toBe('ExampleError');
    expect(error.code).toBe('B');
    expect(error.message).toBe('went wrong');
    expect(error.details).toEqual({ tensor: 'w', count: 3 });
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('ExampleError: went wrong');
  });

  it('has no details or cause unless given, and plain errors are not Rankfall errors', () => {
    const error = new RankfallError('X', 'm');
    expect(error.details).toBeUndefined();
    expect('cause' in error).toBe(false);
    expect(isRankfallError(new Error('x'))).toBe(false);
  });
});
