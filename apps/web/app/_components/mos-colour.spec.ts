import { describe, expect, it } from 'vitest';
import { rampColour } from './mos-colour';

describe('rampColour', () => {
  it('maps the ends and the middle of the range to the ramp’s stops, clamping outside it', () => {
    expect(rampColour(0, 0, 100)).toBe('rgb(68, 1, 84)');
    expect(rampColour(100, 0, 100)).toBe('rgb(253, 231, 37)');
    expect(rampColour(50, 0, 100)).toBe('rgb(33, 145, 140)');
    expect(rampColour(-5, 0, 100)).toBe(rampColour(0, 0, 100));
    expect(rampColour(7, 7, 7)).toBe('rgb(33, 145, 140)');
  });
});
