import { describe, expect, it } from 'vitest';
import { scoreDirection } from './score-direction';

describe('scoreDirection', () => {
  it.each([
    ['lower-quality', false, -1],
    ['lower-quality', true, 1],
    ['raise-quality', false, 1],
    ['raise-quality', true, -1],
  ] as const)('goal %s with lowerBetter %s → %i', (goal, lowerBetter, expected) => {
    expect(scoreDirection(goal, lowerBetter)).toBe(expected);
  });
});
