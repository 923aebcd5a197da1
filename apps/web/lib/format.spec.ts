import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, formatPercent } from './format';

describe('formatNumber', () => {
  it.each([
    [0.12345, 3, false, '0.123'],
    [-0.9876, 3, false, '−0.988'],
    [0.5, 2, true, '+0.50'],
    [-0.0001, 3, true, '0.000'],
    [0, 3, true, '0.000'],
    [Number.NaN, 3, false, 'NaN'],
    [Number.POSITIVE_INFINITY, 1, false, '∞'],
  ])('%s with %s digits (signed %s) → %s', (value, digits, signed, expected) => {
    expect(formatNumber(value, digits, signed)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0 %'],
    [0.421, '42 %'],
    [0.999, '99 %'],
    [1, '100 %'],
    [1.7, '100 %'],
    [-1, '0 %'],
  ])('%s → %s', (fraction, expected) => expect(formatPercent(fraction)).toBe(expected));
});

describe('formatDateTime', () => {
  it('formats in UTC to the minute and passes through what it cannot parse', () => {
    expect(formatDateTime('2026-12-02T15:45:59.123Z')).toBe('2026-12-02 15:45 UTC');
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });
});
