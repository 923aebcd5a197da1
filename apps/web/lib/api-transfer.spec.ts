import { describe, expect, it } from 'vitest';
import { toRunTransfers, toTransferRow } from './api-transfer';

const transfer = (over: Partial<Parameters<typeof toTransferRow>[0]> = {}): Parameters<typeof toTransferRow>[0] => ({
  id: 't1',
  status: 'SUCCEEDED',
  targetModel: { id: 'm2', name: 'nt-twin' },
  cleanSrocc: 0.8087,
  attackedSrocc: 0.7431,
  sroccDrop: 0.0656,
  cleanToAttackedSrocc: 0.95,
  meanAbsDelta: 1.2345,
  n: 51,
  errorMessage: null,
  ...over,
});

describe('toTransferRow / toRunTransfers', () => {
  it('formats the target’s correlations with a signed drop, and dashes where a number is missing', () => {
    expect(toTransferRow(transfer())).toEqual({ id: 't1', target: 'nt-twin', status: 'SUCCEEDED', active: false, cells: ['0.809', '0.743', '+0.066', '0.950', '1.234'], n: 51, error: null });
    expect(toTransferRow(transfer({ status: 'RUNNING', attackedSrocc: null, sroccDrop: null })).cells).toEqual(['0.809', '—', '—', '0.950', '1.234']);
    expect(toTransferRow(transfer({ status: 'RUNNING' })).active).toBe(true);
  });

  it('sorts the targets by name, offers a transfer only on a succeeded run, and says when a job is still going', () => {
    const run = { id: 'r1', teamId: 'team1', status: 'SUCCEEDED' as const, model: { id: 'm1', name: 'demo' }, transfers: [transfer({ id: 'b', targetModel: { id: 'm3', name: 'zeta' } }), transfer({ id: 'a', status: 'QUEUED', targetModel: { id: 'm2', name: 'alpha' } })] };
    const view = toRunTransfers(run);
    expect(view.rows.map((row) => row.target)).toEqual(['alpha', 'zeta']);
    expect(view).toMatchObject({ runId: 'r1', teamId: 'team1', sourceModel: 'demo', canRequest: true, active: true });
    expect(toRunTransfers({ ...run, status: 'RUNNING', transfers: [] })).toMatchObject({ canRequest: false, active: false, rows: [] });
  });
});
