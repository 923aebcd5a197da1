import { describe, expect, it } from 'vitest';
import type { RunAttackView } from './api';
import { compareHref, parseCompareQuery, parseSweepValues, sweepParameters, toCommonRows, toCreateSweepOutcome, toRunCharts, toSweep, type ChartPoint } from './api-runs';

const node = (id: string, mos: number, clean: number | null, attacked: number | null, target: number | null = null) => ({ image: { id, key: `${id}.png`, mos }, cleanScore: clean, attackedScore: attacked, targetScore: target });

describe('toRunCharts', () => {
  it('keeps the images with both scores, links each to its pair page, and lists the flipped pairs strongest first', () => {
    const charts = toRunCharts('run 1', [node('a', 10, 10, 40, 45), node('b', 20, 20, 30, 35), node('c', 30, 30, 20, 25), node('d', 40, null, null)], 4, false, [{ lower: -20, upper: 0, count: 1 }, { lower: 0, upper: 30, count: 2 }]);
    expect(charts.points.map((p) => p.key)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(charts.points[0]?.href).toBe('/runs/run%201/images/a');
    expect(charts.discordant.total).toBe(3);
    expect(charts.discordant.pairs.map((pair) => [pair.a.key, pair.b.key])).toEqual([['a.png', 'c.png'], ['a.png', 'b.png'], ['b.png', 'c.png']]);
    expect(charts.targets.map((p) => p.target)).toEqual([45, 35, 25]);
    expect(charts.histogram).toEqual([
      { lower: -20, upper: 0, mid: -10, count: 1, label: '−20.00 … 0.00' },
      { lower: 0, upper: 30, mid: 15, count: 2, label: '0.00 … +30.00' },
    ]);
  });

  it('collapses zero-width bins (every image changed by the same amount) into one bar', () => {
    const charts = toRunCharts('r', [node('a', 1, 1, 2)], 1, false, [{ lower: 1, upper: 1, count: 1 }, { lower: 1, upper: 1, count: 0 }]);
    expect(charts.histogram).toEqual([{ lower: 1, upper: 1, mid: 1, count: 1, label: '+1.00 … +1.00' }]);
  });

  it('has no targets for attacks without a target stage', () => {
    expect(toRunCharts('r', [node('a', 1, 1, 2)], 1, false, []).targets).toEqual([]);
  });
});

describe('parseCompareQuery', () => {
  it.each([
    [{ runs: 'a,b' }, { ok: true, ids: ['a', 'b'], canonical: true }],
    [{ runs: 'a,b,a' }, { ok: true, ids: ['a', 'b'], canonical: true }],
    [{ run: ['a', 'b', 'c'] }, { ok: true, ids: ['a', 'b', 'c'], canonical: false }],
    [{ runs: 'a' }, { ok: false, message: 'Pick at least two runs to compare (tick them in the runs list).', ids: ['a'] }],
    [{}, { ok: false, message: 'Pick at least two runs to compare (tick them in the runs list).', ids: [] }],
    [{ runs: 'a,b,c,d,e' }, { ok: false, message: 'Compare at most 4 runs at once (5 picked).', ids: ['a', 'b', 'c', 'd'] }],
    [{ runs: 'a,<b>' }, { ok: false, message: '“<b>” is not a run id.', ids: [] }],
  ])('%j', (params, expected) => expect(parseCompareQuery(params)).toEqual(expected));
  it('builds the permalink', () => expect(compareHref(['a', 'b c'])).toBe('/compare?runs=a,b%20c'));
});

describe('toCommonRows', () => {
  const point = (imageId: string, clean: number, attacked: number): ChartPoint => ({ imageId, key: `${imageId}.png`, href: '', mos: 50, clean, attacked, target: null });
  it('lists the images every run scored, where the runs disagree most first', () => {
    const rows = toCommonRows([{ points: [point('x', 10, 12), point('y', 10, 30), point('only-1', 1, 2)] }, { points: [point('y', 10, 11), point('x', 10, 13)] }]);
    expect(rows.count).toBe(2);
    expect(rows.rows).toEqual([
      { imageId: 'y', key: 'y.png', mos: '50.00', deltas: ['+20.000', '+1.000'] },
      { imageId: 'x', key: 'x.png', mos: '50.00', deltas: ['+2.000', '+3.000'] },
    ]);
    expect(toCommonRows([])).toEqual({ count: 0, rows: [] });
  });
});

describe('parseSweepValues', () => {
  it.each([
    ['0.002, 0.004 ;0.008', { ok: true, values: [0.002, 0.004, 0.008] }],
    ['1', { ok: false, message: 'Give at least two budget values, separated by commas.' }],
    ['1, x', { ok: false, message: '“x” is not a positive number.' }],
    ['1, -2', { ok: false, message: '“-2” is not a positive number.' }],
    ['1, 1', { ok: false, message: '1 is given twice.' }],
    [Array.from({ length: 13 }, (_, i) => i + 1).join(','), { ok: false, message: 'At most 12 budget values per sweep.' }],
  ])('%j', (text, expected) => expect(parseSweepValues(text)).toEqual(expected));
});

describe('sweepParameters', () => {
  const field = (path: string[], kind: 'number' | 'integer' | 'enum') => ({ name: ['config', ...path].join('.'), path, label: path[path.length - 1]!, kind, defaultValue: '1', paperDefault: '1' });
  const attack = (groups: RunAttackView['groups']): RunAttackView => ({ id: 'x', name: 'X', facts: '', paper: null, defaultsNote: '', groups });
  it('offers the numeric top-level fields, or the stage-2 fields where there is a stage 2', () => {
    expect(sweepParameters(attack([{ key: null, title: null, fields: [field(['epsilon'], 'number'), field(['steps'], 'integer'), field(['goal'], 'enum')] }])).map((p) => p.name)).toEqual(['epsilon', 'steps']);
    expect(
      sweepParameters(
        attack([
          { key: 'stage1', title: 'Stage 1', fields: [field(['stage1', 'iterations'], 'integer')] },
          { key: 'stage2', title: 'Stage 2', fields: [field(['stage2', 'epsilon'], 'number')] },
        ]),
      ).map((p) => p.name),
    ).toEqual(['epsilon']);
  });
});

describe('toSweep and toCreateSweepOutcome', () => {
  it('reshapes the curve into points with table cells and run links', () => {
    const view = toSweep({
      id: 's1',
      name: null,
      attackId: 'fgsm',
      parameter: 'epsilon',
      values: [0.002, 0.008],
      createdAt: '2026-12-03T10:00:00Z',
      runs: [{ id: 'r1', model: { name: 'demo' }, dataset: { name: 'synthetic', version: '1' } }],
      curve: [
        { value: 0.002, status: 'SUCCEEDED', run: { id: 'r1', name: null }, sroccCleanAttacked: 0.91234, sroccMosAttacked: 0.5, meanAbsScoreChange: 3.456, psnrMean: 44.44, rRobustness: null },
        { value: 0.008, status: 'RUNNING', run: { id: 'r2', name: 'big' }, sroccCleanAttacked: null, sroccMosAttacked: null, meanAbsScoreChange: null, psnrMean: null, rRobustness: null },
      ],
    });
    expect(view).toMatchObject({ title: 'FGSM over epsilon', model: 'demo', dataset: 'synthetic 1', finished: 1, active: true });
    expect(view.points[0]).toMatchObject({ runHref: '/runs/r1', runName: 'Run r1', cells: { sroccCleanAttacked: '0.912', sroccMosAttacked: '0.500', meanAbsScoreChange: '3.46', psnrMean: '44.4 dB' } });
    expect(view.points[1]?.cells).toEqual({ sroccCleanAttacked: '—', sroccMosAttacked: '—', meanAbsScoreChange: '—', psnrMean: '—' });
  });

  it('names the field the API refused', () => {
    expect(toCreateSweepOutcome({ data: { createSweep: { sweep: { id: 's9' } } } })).toEqual({ ok: true, sweepId: 's9' });
    expect(toCreateSweepOutcome({ errors: [{ message: 'Invalid values: too many', extensions: { code: 'BAD_USER_INPUT', field: 'values' } }] })).toEqual({ ok: false, message: 'Invalid values: too many', field: 'values' });
    expect(toCreateSweepOutcome({ errors: [{ message: 'No', extensions: { code: 'FORBIDDEN' } }] })).toEqual({ ok: false, message: 'No', field: null });
  });
});
