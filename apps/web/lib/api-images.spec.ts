import { describe, expect, it } from 'vitest';
import { artifactPath, imagePairHref, parseImageTableQuery, toImageRow } from './api';
import { HEAT_MAP_STOPS, toImageRunRows, toPairPage, toPinnedComment, type PairPageView } from './api-images';

const node = {
  id: 'ir1',
  image: { id: 'img1', key: 'k1', mos: 40, width: 32, height: 24, split: 'TEST' },
  run: { id: 'r1', name: null, attackId: 'sma', status: 'SUCCEEDED' as const, model: { name: 'demo' }, dataset: { lowerBetter: false } },
  cleanScore: 50,
  targetScore: 20,
  attackedScoreFloat: 29.5,
  attackedScore: 30,
  scoreChange: -20,
  cleanRank: 1,
  attackedRank: 5,
  linf: 8 / 255,
  l2: 0.5,
  psnr: 45.123,
  ssim: 0.99,
  trajectory: [50, 40, 29.5],
  cleanUrl: '/artifacts/run/r1/image/img1/clean.png',
  adversarialUrl: '/artifacts/run/r1/image/img1/adversarial.png',
  differenceUrl: '/artifacts/run/r1/image/img1/difference.png',
  ratings: [{ visible: true }, { visible: false }],
  myRating: { visible: false } as { visible: boolean } | null,
  neighbours: { previous: { image: { id: 'img0', key: 'k0' } }, next: null as { image: { id: string; key: string } } | null, position: 2, total: 7 },
};

describe('toPairPage', () => {
  it('lists four panes, the heat map beside the difference, with its scale top from L∞', () => {
    const view = toPairPage(node);
    expect(view.panes.map((p) => [p.id, p.src])).toEqual([
      ['clean', '/artifacts/run/r1/image/img1/clean.png'],
      ['adversarial', '/artifacts/run/r1/image/img1/adversarial.png'],
      ['difference', '/artifacts/run/r1/image/img1/difference.png'],
      ['heatmap', '/artifacts/run/r1/image/img1/heatmap.png'],
    ]);
    expect(view.heatMax).toEqual({ levels: 8, label: '8/255' });
    expect(artifactPath(['run', 'r1', 'image', 'img1', 'heatmap.png'])).toBe('/artifacts/run/r1/image/img1/heatmap.png');
  });

  it('has no heat map, no rating and no legend before the image is attacked', () => {
    const view = toPairPage({ ...node, adversarialUrl: null, differenceUrl: null, linf: null, myRating: null });
    expect(view.panes.find((p) => p.id === 'heatmap')?.src).toBeNull();
    expect(view).toMatchObject({ heatMax: null, canRate: false, myRating: null });
  });

  it('shows the 8-bit and float attacked scores, ranks, PSNR / SSIM / L∞ and the viewer’s own rating', () => {
    const view: PairPageView = toPairPage(node);
    expect(view.numbers).toEqual(
      expect.arrayContaining([
        { label: 'Clean score', value: '50.000' },
        { label: 'Target score', value: '20.000' },
        { label: 'Attacked score', value: '30.000' },
        { label: 'Float image’s score (before 8-bit)', value: '29.500' },
        { label: 'Δ score', value: '−20.000' },
        { label: 'Rank (clean → attacked)', value: '1.0 → 5.0' },
        { label: 'PSNR', value: '45.12 dB' },
        { label: 'SSIM', value: '0.9900' },
        { label: 'L∞', value: '0.0314 (8.0/255)' },
      ]),
    );
    expect(view).toMatchObject({ myRating: false, ratingSummary: '2 ratings, 1 visible', runTitle: 'SMA on demo', size: '32×24' });
    expect(toPairPage({ ...node, myRating: null }).myRating).toBeNull();
  });

  it('links the neighbours and the table with the table’s sort and filters, never its cursor', () => {
    const table = parseImageTableQuery({ sort: 'score_change', dir: 'desc', deltaGt: '2', after: 'cursor-1' });
    const view = toPairPage(node, table);
    expect(view.nav).toEqual({
      previous: { key: 'k0', href: '/runs/r1/images/img0?sort=SCORE_CHANGE&dir=desc&deltaGt=2' },
      next: null,
      position: 2,
      total: 7,
      tableHref: '/runs/r1?sort=SCORE_CHANGE&dir=desc&deltaGt=2#images',
      filtered: true,
    });
    expect(toPairPage(node).nav).toMatchObject({ tableHref: '/runs/r1#images', filtered: false });
  });
});

describe('imagePairHref / toImageRow', () => {
  it('carries the table view into the pair page link', () => {
    expect(imagePairHref('r 1', 'img/1')).toBe('/runs/r%201/images/img%2F1');
    expect(imagePairHref('r1', 'i1', { sort: 'MOS', vis: 'NOT_RATED', after: 'x' })).toBe('/runs/r1/images/i1?sort=MOS&vis=NOT_RATED');
    const row = { id: 'ir', image: { id: 'i1', key: 'k', mos: 1 }, cleanScore: null, attackedScore: null, scoreChange: null, rankMoved: null };
    expect(toImageRow('r1', row, { sort: 'RANK_MOVED', dir: 'desc' }).href).toBe('/runs/r1/images/i1?sort=RANK_MOVED&dir=desc');
  });
});

describe('toImageRunRows', () => {
  it('lists every run with this image, marking the current one', () => {
    const run = (id: string, name: string | null) => ({ id, name, attackId: 'fgsm', status: 'SUCCEEDED' as const, createdAt: '2026-12-02T15:45:10.000Z', budgetEpsilon: 0.01, model: { name: 'demo' } });
    const rows = toImageRunRows(
      [
        { id: 'a', cleanScore: 50, attackedScore: 45, scoreChange: -5, psnr: 40, linf: 3 / 255, adversarialUrl: 'x', run: run('r2', 'second') },
        { id: 'b', cleanScore: 50, attackedScore: null, scoreChange: null, psnr: null, linf: null, adversarialUrl: null, run: run('r1', null) },
      ],
      'img1',
      'r1',
    );
    expect(rows[0]).toEqual({ runId: 'r2', title: 'second · FGSM on demo', href: '/runs/r2/images/img1', attack: 'fgsm', model: 'demo', status: 'SUCCEEDED', epsilon: '0.0100', created: '2026-12-02 15:45 UTC', clean: '50.000', attacked: '45.000', delta: '−5.000', psnr: '40.00 dB', linf: '3.0/255', current: false });
    expect(rows[1]).toMatchObject({ title: 'FGSM on demo', attacked: '—', psnr: '—', current: true });
  });
});

describe('toPinnedComment', () => {
  const comment = { id: 'c 1', body: 'Ringing here', step: null, view: { z: 4, cx: 0.31, cy: 0.62 }, createdAt: '2026-12-02T15:45:10.000Z', author: { name: 'Ada' } };

  it('links to the exact view the comment was written at', () => {
    expect(toPinnedComment('r1', 'img1', comment)).toEqual({
      id: 'c 1',
      author: 'Ada',
      body: 'Ringing here',
      createdAt: '2026-12-02T15:45:10.000Z',
      createdLabel: '2026-12-02 15:45 UTC',
      step: null,
      view: { z: 4, cx: 0.31, cy: 0.62 },
      viewLabel: '×4, centre (0.31, 0.62)',
      permalink: '/runs/r1/images/img1?z=4&cx=0.31&cy=0.62#comment-c%201',
    });
  });

  it('links a comment without a view to the fit view', () => {
    expect(toPinnedComment('r1', 'img1', { ...comment, body: 'Plain', view: null })).toMatchObject({ body: 'Plain', view: null, viewLabel: null, permalink: '/runs/r1/images/img1#comment-c%201' });
    expect(toPinnedComment('r1', 'img1', comment, { sort: 'MOS', dir: 'desc' }).permalink).toBe('/runs/r1/images/img1?sort=MOS&dir=desc&z=4&cx=0.31&cy=0.62#comment-c%201');
  });
});

describe('HEAT_MAP_STOPS', () => {
  it('runs from black (unchanged) to light yellow in 9 stops, like the API’s colour map', () => {
    expect(HEAT_MAP_STOPS).toHaveLength(9);
    expect(HEAT_MAP_STOPS[0]).toBe('#000004');
    expect(HEAT_MAP_STOPS[8]).toBe('#fcffa4');
  });
});
