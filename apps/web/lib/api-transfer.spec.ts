import { describe, expect, it } from 'vitest';
import { toRunTransfers, toTransferMatrix, toTransferRow } from './api-transfer';

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

describe('toTransferMatrix', () => {
  it('lays the cells out by run and target model, marks the attacked model’s own column, and leaves pairs not asked for empty', () => {
    const view = toTransferMatrix({
      rows: [
        { run: { id: 'r1', name: null, attackId: 'fgsm', budgetEpsilon: 0.005 }, sourceModel: { id: 'm1', name: 'demo' } },
        { run: { id: 'r2', name: 'SMA demo', attackId: 'sma', budgetEpsilon: null }, sourceModel: { id: 'm2', name: 'twin' } },
      ],
      columns: [
        { id: 'm1', name: 'demo' },
        { id: 'm2', name: 'twin' },
      ],
      cells: [
        { runId: 'r1', targetModelId: 'm1', status: 'SUCCEEDED', sroccDrop: 0.61, srocc: 0.3, n: 51 },
        { runId: 'r1', targetModelId: 'm2', status: 'SUCCEEDED', sroccDrop: -0.0123, srocc: 0.82, n: 51 },
        { runId: 'r2', targetModelId: 'm1', status: 'RUNNING', sroccDrop: null, srocc: null, n: 0 },
      ],
    });
    expect(view.columns.map((c) => c.name)).toEqual(['demo', 'twin']);
    expect(view.rows[0]).toMatchObject({ runId: 'r1', runHref: '/runs/r1', runTitle: 'FGSM on demo (ε 0.0050)', sourceModel: 'demo' });
    expect(view.rows[0]!.cells).toEqual([
      { text: '+0.610', title: 'demo: SROCC drop +0.610, MOS ↔ attacked 0.300 over 51 images', own: true },
      { text: '−0.012', title: 'twin: SROCC drop −0.012, MOS ↔ attacked 0.820 over 51 images', own: false },
    ]);
    expect(view.rows[1]!.runTitle).toBe('SMA demo');
    expect(view.rows[1]!.cells).toEqual([{ text: 'running', title: 'demo: running', own: false }, null]);
  });
});
