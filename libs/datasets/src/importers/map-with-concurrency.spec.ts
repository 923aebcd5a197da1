import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('mapWithConcurrency', () => {
  it.each([1, 2, 3, 10])('keeps the order and never exceeds %i calls in flight', async (limit) => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 9 }, (_, i) => i);
    const out = await mapWithConcurrency(items, limit, async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick((x * 7) % 5);
      inFlight--;
      return x * x;
    });
    expect(out).toEqual(items.map((x) => x * x));
    expect(peak).toBe(Math.min(limit, items.length));
  });

  it('handles an empty list', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });

  it('rejects when a call rejects', async () => {
    await expect(mapWithConcurrency([1, 2, 3], 2, async (x) => (x === 2 ? Promise.reject(new Error('boom')) : x))).rejects.toThrow('boom');
  });
});
