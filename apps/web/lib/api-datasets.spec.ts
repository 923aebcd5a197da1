import { describe, expect, it } from 'vitest';
import { datasetHref, datasetImageSrc, parseDatasetQuery, toDatasetDetail, toDatasetListItem, toMosHistogram } from './api-datasets';
import { artifactPath } from './api';

describe('toMosHistogram', () => {
  it('counts values into equal bins over the label range, the top value in the last bin', () => {
    const bins = toMosHistogram([0, 1, 2.5, 5, 9.99, 10], 0, 10, 4);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 1, 2]);
    expect(bins.map((b) => b.label)).toEqual(['0.0–2.5', '2.5–5.0', '5.0–7.5', '7.5–10.0']);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(6);
  });

  it('clamps values outside the range into the end bins and skips non-finite ones', () => {
    const bins = toMosHistogram([-3, 120, Number.NaN, 50], 0, 100, 2);
    expect(bins.map((b) => b.count)).toEqual([1, 2]);
  });

  it('a degenerate range is one bin', () => {
    const bins = toMosHistogram([3, 3, 3], 3, 3, 20);
    expect(bins).toHaveLength(1);
    expect(bins[0]?.count).toBe(3);
  });

  it('uses precision fitting the bin width', () => {
    expect(toMosHistogram([], 0, 100, 5)[0]?.label).toBe('0–20');
    expect(toMosHistogram([], 0, 1, 20)[1]?.label).toBe('0.050–0.100');
  });
});

describe('dataset URLs', () => {
  it('parses split and cursor, dropping unknown values', () => {
    expect(parseDatasetQuery({ split: 'test', after: 'c' })).toEqual({ split: 'TEST', after: 'c' });
    expect(parseDatasetQuery({ split: 'holdout', after: 'x'.repeat(1001) })).toEqual({});
  });

  it('builds permalinks with team, split and cursor', () => {
    expect(datasetHref('d1', 'lab', { split: 'VAL', after: 'c2' })).toBe('/datasets/d1?team=lab&split=VAL&after=c2');
    expect(datasetHref('d1', undefined)).toBe('/datasets/d1');
  });

  it('image thumbnails go through the artifact proxy, which accepts exactly that path', () => {
    const src = datasetImageSrc('d_1', 'img-2');
    expect(src).toBe('/artifacts/dataset/d_1/image/img-2');
    expect(artifactPath(src.split('/').slice(2))).toBe('/artifacts/dataset/d_1/image/img-2');
    expect(artifactPath(['dataset', '..', 'image', 'x'])).toBeNull();
    expect(artifactPath(['dataset', 'd', 'image', 'x', 'y'])).toBeNull();
  });
});

const datasetRow = {
  id: 'd1',
  name: 'synthetic',
  version: 'seed-1',
  description: null,
  format: 'synthetic',
  mosMin: 0,
  mosMax: 100,
  lowerBetter: true,
  source: 'generated',
  licence: 'CC0',
  labelTransform: null,
  imageCount: 3,
  createdAt: '2026-12-01T10:00:00.000Z',
  train: { totalCount: 2 },
  val: { totalCount: 0 },
  test: { totalCount: 1 },
  images: {
    totalCount: 3,
    pageInfo: { hasNextPage: true, endCursor: 'cur' },
    edges: [
      { node: { id: 'i1', key: 'a.png', width: 32, height: 32, mos: 12.345, mosStd: null, split: 'TRAIN' as const } },
      { node: { id: 'i2', key: 'b.png', width: 32, height: 24, mos: 80, mosStd: 1, split: null } },
    ],
  },
};

describe('toDatasetDetail', () => {
  it('reshapes facts, splits, grid, histogram and runs', () => {
    const view = toDatasetDetail(datasetRow, {
      query: { split: 'TRAIN' },
      mos: [12.345, 80, 99],
      mosTruncated: false,
      runs: { slug: 'lab', runs: { totalCount: 3, edges: [{ node: { id: 'r1', name: null, attackId: 'sma', status: 'SUCCEEDED', split: 'TEST', createdAt: '2026-12-01T11:00:00.000Z', model: { name: 'demo' } } }] } },
      teamSlug: 'lab',
    });
    expect(view.mosLabel).toBe('DMOS');
    expect(view.facts.find((f) => f.label === 'Direction')?.value).toMatch(/lower is better/);
    expect(view.splits.map((s) => [s.label, s.count, s.current])).toEqual([
      ['All', 3, false],
      ['Train', 2, true],
      ['Validation', 0, false],
      ['Test', 1, false],
    ]);
    expect(view.splits[3]?.href).toBe('/datasets/d1?team=lab&split=TEST');
    expect(view.images[0]).toMatchObject({ key: 'a.png', mos: '12.35', split: 'Train', size: '32×32', src: '/artifacts/dataset/d1/image/i1' });
    expect(view.images[1]?.split).toBe('no split');
    expect(view.nextHref).toBe('/datasets/d1?team=lab&split=TRAIN&after=cur');
    expect(view.firstHref).toBeNull();
    expect(view.histogram.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(view.histogramNote).toBeNull();
    expect(view.runs).toEqual([{ id: 'r1', href: '/runs/r1', title: 'SMA on demo', model: 'demo', status: 'SUCCEEDED', split: 'TEST', createdLabel: '2026-12-01 11:00 UTC' }]);
    expect(view.runTotal).toBe(3);
    expect(view.runsHref).toBe('/runs?team=lab');
  });

  it('says when the histogram did not read every label, and has no runs without a team', () => {
    const view = toDatasetDetail(datasetRow, { query: { after: 'x' }, mos: [1, 2], mosTruncated: true, runs: null, teamSlug: null });
    expect(view.histogramNote).toBe('Only the first 2 labels are counted.');
    expect(view.runs).toEqual([]);
    expect(view.runsHref).toBeNull();
    expect(view.firstHref).toBe('/datasets/d1');
  });
});

describe('toDatasetListItem', () => {
  it('links the detail with the team', () => {
    const item = toDatasetListItem({ id: 'd1', name: 'n', version: 'v', format: 'f', imageCount: 4, lowerBetter: false, mosMin: 1, mosMax: 5, createdAt: '2026-12-01T10:00:00.000Z' }, 'lab');
    expect(item).toMatchObject({ href: '/datasets/d1?team=lab', labels: 'MOS 1.00–5.00', images: 4 });
  });
});
