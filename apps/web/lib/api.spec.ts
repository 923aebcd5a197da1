import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  artifactPath,
  imagesHref,
  parseImageTableQuery,
  sortHref,
  toComment,
  toCreateRunOutcome,
  toImageResultsVariables,
  toNewRunTeam,
  toRunAttack,
  parseRunsQuery,
  readGraphqlBody,
  runsHref,
  safeNextPath,
  sessionFromSetCookie,
  signInHref,
  toApiStatus,
  toArtifactSrc,
  toAuthOutcome,
  toImageRow,
  toMetricCards,
  toRunDetail,
  toRunsPage,
  toScatterPoints,
  toStage1Check,
} from './api';

describe('toApiStatus', () => {
  it('maps a health response to an "up" view', () => {
    expect(toApiStatus({ ok: true, body: { data: { health: { ok: true, version: '0.1.0', database: true } } } })).toEqual({ state: 'up', version: '0.1.0', database: true });
  });

  it('maps failures and malformed answers to "down" with a reason', () => {
    expect(toApiStatus({ ok: false, error: 'API not reachable' })).toEqual({ state: 'down', reason: 'API not reachable' });
    expect(toApiStatus({ ok: true, body: { errors: [{ message: 'x' }] } })).toEqual({ state: 'down', reason: 'unexpected response from the API' });
  });
});

describe('readGraphqlBody', () => {
  const schema = z.object({ viewer: z.object({ name: z.string() }).nullable() });

  it('returns the parsed data', () => {
    expect(readGraphqlBody({ data: { viewer: { name: 'Ada' } } }, schema)).toEqual({ ok: true, data: { viewer: { name: 'Ada' } } });
  });

  it('returns the first error with its code (INTERNAL_SERVER_ERROR when it has none)', () => {
    expect(readGraphqlBody({ data: null, errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } }, { message: 'other' }] }, schema)).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Sign in first' },
    });
    expect(readGraphqlBody({ errors: [{ message: 'boom' }] }, schema)).toEqual({ ok: false, error: { code: 'INTERNAL_SERVER_ERROR', message: 'boom' } });
  });

  it('names the field when the data has the wrong shape, and rejects non-GraphQL bodies', () => {
    const wrong = readGraphqlBody({ data: { viewer: { name: 3 } } }, schema);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
    expect(!wrong.ok && wrong.error.message).toContain('viewer.name');
    expect(readGraphqlBody('<html>', schema)).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
  });
});

describe('sessionFromSetCookie', () => {
  it('reads the session value (URI-decoded) and its lifetime from the API’s Set-Cookie', () => {
    const cookie = sessionFromSetCookie(['other=1; Path=/', 'rankfall_session=abc%2Bdef; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Expires=Fri, 01 Jan 2027 00:00:00 GMT']);
    expect(cookie).toEqual({ value: 'abc+def', maxAge: 2592000, expires: new Date('2027-01-01T00:00:00Z'), secure: false });
    expect(sessionFromSetCookie(['rankfall_session=x; Path=/; HttpOnly; Secure'])).toMatchObject({ value: 'x', secure: true });
  });

  it('ignores cleared, foreign and malformed cookies', () => {
    expect(sessionFromSetCookie(['rankfall_session=; Path=/; Max-Age=0'])).toBeNull();
    expect(sessionFromSetCookie(['rankfall_sessionx=1', 'junk'])).toBeNull();
    expect(sessionFromSetCookie(['rankfall_session=%E0%A4%A'])).toBeNull();
  });
});

describe('toAuthOutcome', () => {
  it('returns the session on success and a message (with the field when named) on failure', () => {
    expect(toAuthOutcome({ ok: true, data: {} }, ['rankfall_session=s1; HttpOnly'])).toEqual({ ok: true, session: { value: 's1', secure: false } });
    expect(toAuthOutcome({ ok: true, data: {} }, [])).toMatchObject({ ok: false, message: expect.stringContaining('no session cookie') });
    expect(toAuthOutcome({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Wrong email or password' } }, [])).toEqual({ ok: false, message: 'Wrong email or password' });
    expect(toAuthOutcome({ ok: false, error: { code: 'BAD_USER_INPUT', message: 'Invalid password: must have at least 10 characters' } }, [])).toEqual({
      ok: false,
      message: 'Invalid password: must have at least 10 characters',
      field: 'password',
    });
  });
});

describe('safeNextPath / signInHref', () => {
  it.each([
    ['/runs/abc', '/runs/abc'],
    ['//evil.example', '/runs'],
    ['https://evil.example/', '/runs'],
    ['/\\evil', '/runs'],
    [undefined, '/runs'],
  ])('%s → %s', (value, expected) => expect(safeNextPath(value)).toBe(expected));

  it('carries a local path back, and leaves the default out', () => {
    expect(signInHref('/runs/r1?x=1')).toBe('/sign-in?next=%2Fruns%2Fr1%3Fx%3D1');
    expect(signInHref(undefined)).toBe('/sign-in');
  });
});

describe('parseRunsQuery / runsHref', () => {
  it('keeps known filter values and drops the rest', () => {
    expect(parseRunsQuery({ status: 'RUNNING', attack: 'sma', team: 'lab-1', after: 'c1' })).toEqual({ status: 'RUNNING', attack: 'sma', team: 'lab-1', after: 'c1' });
    expect(parseRunsQuery({ status: 'running', attack: 'drop table', team: '../x' })).toEqual({});
    expect(parseRunsQuery({ status: ['FAILED', 'QUEUED'] })).toEqual({ status: 'FAILED' });
  });

  it('round-trips through the URL', () => {
    const href = runsHref({ team: 'lab', status: 'FAILED', attack: 'fgsm' });
    expect(href).toBe('/runs?team=lab&status=FAILED&attack=fgsm');
    expect(parseRunsQuery(Object.fromEntries(new URL(href, 'http://x').searchParams))).toEqual({ team: 'lab', status: 'FAILED', attack: 'fgsm' });
    expect(runsHref({})).toBe('/runs');
  });
});

const runNode = {
  id: 'r1',
  name: null,
  status: 'RUNNING' as const,
  progress: 0.456,
  attackId: 'sma',
  createdAt: '2026-12-02T10:00:00.000Z',
  model: { name: 'rankfall-demo-cnn' },
  dataset: { name: 'synthetic', version: '1' },
  createdBy: null,
};

describe('toRunsPage', () => {
  it('reshapes a team’s runs into rows with links, labels and the next cursor', () => {
    const page = toRunsPage({ team: { id: 't', slug: 'lab', name: 'Lab', runs: { totalCount: 30, pageInfo: { hasNextPage: true, endCursor: 'c25' }, edges: [{ node: runNode }] } } });
    expect(page).toEqual({
      team: { slug: 'lab', name: 'Lab' },
      totalCount: 30,
      nextCursor: 'c25',
      runs: [
        {
          id: 'r1',
          href: '/runs/r1',
          name: null,
          model: 'rankfall-demo-cnn',
          dataset: { name: 'synthetic', version: '1' },
          attack: 'sma',
          status: 'RUNNING',
          progress: 0.456,
          progressLabel: '45 %',
          author: '—',
          createdAt: '2026-12-02T10:00:00.000Z',
          createdLabel: '2026-12-02 10:00 UTC',
          sweepHref: null,
        },
      ],
    });
    expect(toRunsPage({ team: null })).toBeNull();
    const inSweep = toRunsPage({ team: { id: 't', slug: 'lab', name: 'Lab', runs: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: { ...runNode, sweep: { id: 's 1' } } }] } } });
    expect(inSweep?.runs[0]?.sweepHref).toBe('/sweeps/s%201');
  });
});

const metric = (name: string, reference: string, value: number, ciLow: number | null = null, ciHigh: number | null = null) => ({ name, reference, value, ciLow, ciHigh });

describe('toMetricCards', () => {
  it('picks SROCC (with its CI) and PLCC for each of the three references, in order', () => {
    const cards = toMetricCards([metric('srocc', 'MOS_CLEAN', 0.9123, 0.85, 0.95), metric('plcc', 'MOS_CLEAN', 0.9), metric('srocc', 'CLEAN_ATTACKED', -0.8), metric('krocc', 'MOS_ATTACKED', 0.1), metric('srocc', 'CLEAN_TARGET', -1)]);
    expect(cards).toEqual([
      { id: 'MOS_CLEAN', title: 'MOS ↔ clean', srocc: '0.912', sroccCi: '0.850 … 0.950', plcc: '0.900', note: null },
      { id: 'MOS_ATTACKED', title: 'MOS ↔ attacked', srocc: '—', sroccCi: null, plcc: '—', note: null },
      { id: 'CLEAN_ATTACKED', title: 'clean ↔ attacked', srocc: '−0.800', sroccCi: null, plcc: '—', note: null },
    ]);
  });

  it('flips MOS correlations, with a note, for a DMOS-like model on MOS labels (and not clean ↔ attacked)', () => {
    const metrics = [metric('srocc', 'MOS_CLEAN', -0.83, -0.9, -0.7), metric('plcc', 'MOS_CLEAN', -0.8), metric('srocc', 'CLEAN_ATTACKED', 0.4)];
    const [mosClean, , cleanAttacked] = toMetricCards(metrics, { modelLowerBetter: true, labelsLowerBetter: false });
    expect(mosClean).toMatchObject({ srocc: '0.830', sroccCi: '0.700 … 0.900', plcc: '0.800', note: expect.stringContaining('Sign flipped') });
    expect(cleanAttacked).toMatchObject({ srocc: '0.400', note: null });
    expect(toMetricCards(metrics, { modelLowerBetter: true, labelsLowerBetter: true })[0]).toMatchObject({ srocc: '−0.830', note: null });
  });
});

describe('toStage1Check', () => {
  const summary = { images: 12, iterations: 2000, sroccCleanTarget: -0.97, softSpearman: -0.9, loss: 1, atLowerBound: 1, atUpperBound: 0, scoreRange: [0, 100], preset: 'paper', softRankEps: 1 };
  const targets = (over: Record<string, unknown>) => [{ kind: 'CLEAN_SCORING', status: 'SUCCEEDED' as const, progress: 1, summary: null }, { kind: 'TARGETS', status: 'SUCCEEDED' as const, progress: 1, summary, ...over }];

  it('is null without a TARGETS stage and pending until it succeeded', () => {
    expect(toStage1Check([{ kind: 'PERTURB', status: 'RUNNING', progress: 0.5, summary: null }])).toBeNull();
    expect(toStage1Check(targets({ status: 'RUNNING', summary: null }))).toEqual({ state: 'pending', status: 'RUNNING' });
  });

  it('says whether the ranking was reversed', () => {
    expect(toStage1Check(targets({}))).toEqual({ state: 'done', srocc: '−0.970', reversed: true, preset: 'paper', softRankEps: '1.000', iterations: 2000, images: 12, atBounds: '1 at the lower and 0 at the upper score bound' });
    expect(toStage1Check(targets({ summary: { ...summary, sroccCleanTarget: 0.4, atLowerBound: 0 } }))).toMatchObject({ state: 'done', reversed: false, srocc: '0.400', atBounds: null });
    expect(toStage1Check(targets({ summary: { nope: true } }))).toEqual({ state: 'unreadable' });
  });
});

const row = { id: 'ir1', image: { id: 'img/1', key: 'ref01_blur_2', mos: 55.556 }, cleanScore: 50.1234, attackedScore: 40, scoreChange: -10.1234 };

describe('toImageRow / toScatterPoints', () => {
  it('formats one image’s numbers and links to its pair page', () => {
    expect(toImageRow('r 1', row)).toEqual({ imageId: 'img/1', key: 'ref01_blur_2', href: '/runs/r%201/images/img%2F1', mos: '55.56', clean: '50.123', attacked: '40.000', delta: '−10.123', rankMoved: '—' });
    expect(toImageRow('r1', { ...row, rankMoved: 3.5 }).rankMoved).toBe('3.5');
    expect(toImageRow('r1', { ...row, attackedScore: null, scoreChange: null })).toMatchObject({ attacked: '—', delta: '—' });
  });

  it('keeps only images with both scores', () => {
    expect(toScatterPoints([row, { ...row, attackedScore: null }])).toEqual([{ key: 'ref01_blur_2', mos: 55.556, clean: 50.1234, attacked: 40 }]);
  });
});

describe('toRunDetail', () => {
  const run = {
    id: 'r1',
    name: null,
    status: 'QUEUED' as const,
    progress: 0,
    progressMessage: null,
    attackId: 'sma',
    split: 'TEST',
    budgetNorm: 'linf',
    budgetEpsilon: 0.0039215,
    errorMessage: null,
    imageCount: 12,
    createdAt: '2026-12-02T10:00:00.000Z',
    finishedAt: null,
    model: { name: 'demo', lowerBetter: false, scoreMin: 0, scoreMax: 100 },
    dataset: { name: 'synthetic', version: '1', lowerBetter: true },
    createdBy: { name: 'Ada' },
    stages: [],
    metrics: [],
    imageResults: { totalCount: 12, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: row }] },
  };

  it('builds the header facts, the activity flag and the image rows', () => {
    const view = toRunDetail(run);
    expect(view).toMatchObject({ id: 'r1', title: 'SMA on demo', status: 'QUEUED', active: true, progressLabel: '0 %', stage1: null, imageTotal: 12, scoreRange: [0, 100], mosLabel: 'DMOS' });
    expect(view.facts).toContainEqual({ label: 'ε', value: '0.0039 (linf) ≈ 1.0/255' });
    expect(view.facts).toContainEqual({ label: 'Split', value: 'TEST' });
    expect(view.images).toHaveLength(1);
    expect(view.imagesNextCursor).toBeNull();
    expect(toRunDetail({ ...run, imageResults: { ...run.imageResults, pageInfo: { hasNextPage: true, endCursor: 'c50' } } }).imagesNextCursor).toBe('c50');
    expect(toRunDetail({ ...run, status: 'SUCCEEDED', budgetEpsilon: null, split: null }).active).toBe(false);
    expect(toRunDetail({ ...run, budgetEpsilon: null, split: null }).facts).toEqual(expect.arrayContaining([{ label: 'ε', value: '—' }, { label: 'Split', value: 'all' }]));
  });
});

describe('toArtifactSrc', () => {
  it('accepts only artifact routes', () => {
    expect(toArtifactSrc('/artifacts/run/r1/image/img1/clean.png')).toBe('/artifacts/run/r1/image/img1/clean.png');
    expect(toArtifactSrc('https://evil.example/x.png')).toBeNull();
    expect(toArtifactSrc(null)).toBeNull();
  });
});

describe('artifactPath', () => {
  it('accepts only the three image files of a run image', () => {
    expect(artifactPath(['run', 'r1', 'image', 'i_1', 'difference.png'])).toBe('/artifacts/run/r1/image/i_1/difference.png');
    expect(artifactPath(['run', 'r1', 'image', 'i1', 'secret.png'])).toBeNull();
    expect(artifactPath(['run', '..', 'image', 'i1', 'clean.png'])).toBeNull();
    expect(artifactPath(['run', 'r1', 'image', 'i1', 'clean.png', 'x'])).toBeNull();
    expect(artifactPath(['exports', 'run', 'r1'])).toBeNull();
  });
});

describe('the per-image table’s URL query', () => {
  it('keeps valid sort, filters and cursor, and drops the rest', () => {
    expect(parseImageTableQuery({ sort: 'score_change', dir: 'desc', mosMin: '10', mosMax: 'x', deltaGt: ['2.5', '9'], rankGt: '', vis: 'VISIBLE', after: 'c1' })).toEqual({
      sort: 'SCORE_CHANGE',
      dir: 'desc',
      mosMin: 10,
      deltaGt: 2.5,
      vis: 'VISIBLE',
      after: 'c1',
    });
    expect(parseImageTableQuery({ sort: 'DROP TABLE', dir: 'up', vis: 'maybe' })).toEqual({});
  });

  it('round-trips through the permalink', () => {
    const query = { sort: 'RANK_MOVED' as const, dir: 'desc' as const, mosMin: 1, mosMax: 4.5, deltaGt: 0.5, rankGt: 2, vis: 'NOT_RATED' as const, after: 'a b' };
    const href = imagesHref('r/1', query);
    expect(href).toBe('/runs/r%2F1?sort=RANK_MOVED&dir=desc&mosMin=1&mosMax=4.5&deltaGt=0.5&rankGt=2&vis=NOT_RATED&after=a+b');
    expect(parseImageTableQuery(Object.fromEntries(new URL(href, 'http://x').searchParams))).toEqual(query);
    expect(imagesHref('r1', {}, true)).toBe('/runs/r1#images');
  });

  it('becomes the API’s filter and order (key ascending by default)', () => {
    expect(toImageResultsVariables({})).toEqual({ filter: null, orderBy: { field: 'KEY', direction: 'ASC' }, after: null });
    expect(toImageResultsVariables({ sort: 'SCORE_CHANGE', dir: 'desc', mosMax: 3, deltaGt: 1, rankGt: 0, vis: 'VISIBLE', after: 'c' })).toEqual({
      filter: { mos: { lte: 3 }, scoreChangeAbsGt: 1, rankMovedGt: 0, visibility: 'VISIBLE' },
      orderBy: { field: 'SCORE_CHANGE', direction: 'DESC' },
      after: 'c',
    });
  });

  it('sorts by a header ascending, then descending, keeping the filters and dropping the cursor', () => {
    expect(sortHref('r1', { deltaGt: 1, after: 'c' }, 'SCORE_CHANGE')).toBe('/runs/r1?sort=SCORE_CHANGE&dir=asc&deltaGt=1#images');
    expect(sortHref('r1', { sort: 'SCORE_CHANGE', dir: 'asc' }, 'SCORE_CHANGE')).toBe('/runs/r1?sort=SCORE_CHANGE&dir=desc#images');
    expect(sortHref('r1', { sort: 'SCORE_CHANGE', dir: 'desc' }, 'SCORE_CHANGE')).toBe('/runs/r1?sort=SCORE_CHANGE&dir=asc#images');
  });
});

describe('new run', () => {
  it('reads the API’s BAD_USER_INPUT with the field it names, and the created run', () => {
    expect(toCreateRunOutcome({ errors: [{ message: 'config.steps: Too small', extensions: { code: 'BAD_USER_INPUT', field: 'config.steps' } }] })).toEqual({ ok: false, message: 'config.steps: Too small', field: 'config.steps' });
    expect(toCreateRunOutcome({ errors: [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN', field: 'x' } }] })).toEqual({ ok: false, message: 'Not allowed', field: null });
    expect(toCreateRunOutcome({ data: { createRun: { id: 'r9' } } })).toEqual({ ok: true, runId: 'r9' });
    expect(toCreateRunOutcome({ data: { createRun: null } })).toMatchObject({ ok: false, field: null });
  });

  it('describes an attack with its generated form and a safe paper link', () => {
    const attack = { id: 'ifgsm', name: 'I-FGSM', kind: 'untargeted', norm: 'linf', paper: { title: 'Adversarial Examples', url: 'javascript:alert(1)' }, defaultsNote: 'SMA stage two', defaultConfig: { steps: 10 }, configSchema: { type: 'object', properties: { steps: { type: 'integer', minimum: 1 } } } };
    const view = toRunAttack(attack);
    expect(view).toMatchObject({ id: 'ifgsm', facts: 'untargeted, linf', paper: { title: 'Adversarial Examples', url: null } });
    expect(view.groups[0]?.fields[0]).toMatchObject({ name: 'config.steps', defaultValue: '10', min: 1 });
    expect(toRunAttack({ ...attack, paper: { title: 'P', url: 'https://arxiv.org/abs/1' } }).paper?.url).toBe('https://arxiv.org/abs/1');
  });

  it('labels a team’s models and datasets', () => {
    const team = { id: 't1', slug: 's', name: 'Lab', role: 'MEMBER', models: { edges: [{ node: { id: 'm1', name: 'cnn', scoreMin: 0, scoreMax: 100 } }] }, datasets: { edges: [{ node: { id: 'd1', name: 'synthetic', version: 'v1', imageCount: 30 } }] } };
    expect(toNewRunTeam(team)).toEqual({ id: 't1', slug: 's', name: 'Lab', models: [{ id: 'm1', label: 'cnn (scores 0–100)' }], datasets: [{ id: 'd1', label: 'synthetic v1 (30 images)' }] });
  });
});

describe('toComment', () => {
  it('shows the author and time, and links an image comment to its pair page', () => {
    const node = { id: 'c1', body: 'Looks noisy', step: null, createdAt: '2026-12-02T15:45:10.000Z', author: { name: 'Ada' }, image: { id: 'i 1', key: 'k1' } };
    expect(toComment('r1', node)).toEqual({ id: 'c1', author: 'Ada', body: 'Looks noisy', createdAt: '2026-12-02T15:45:10.000Z', createdLabel: '2026-12-02 15:45 UTC', image: { key: 'k1', href: '/runs/r1/images/i%201' }, step: null });
    expect(toComment('r1', { ...node, image: null }).image).toBeNull();
  });
});
