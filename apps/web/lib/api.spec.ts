import { describe, expect, it } from 'vitest';
import { toApiStatus } from './api';

describe('toApiStatus', () => {
  it('maps a health response to an "up" view', () => {
    expect(toApiStatus({ ok: true, body: { data: { health: { ok: true, version: '0.1.0', database: true } } } })).toEqual({ state: 'up', version: '0.1.0', database: true });
  });

  it('maps failures and malformed answers to "down" with a reason', () => {
    expect(toApiStatus({ ok: false, error: 'API not reachable' })).toEqual({ state: 'down', reason: 'API not reachable' });
    expect(toApiStatus({ ok: true, body: { errors: [{ message: 'x' }] } })).toEqual({ state: 'down', reason: 'unexpected response from the API' });
  });
});
