import { expect, test } from '@playwright/test';
import { graphqlAs, joinLargeRunTeam, joinSeededTeam, screenshot, seeded, seededLargeRun } from './support/stack';

const password = 'correct horse battery';

test('a signed-out visitor of a run page is sent to sign in, with the page to return to', async ({ page }) => {
  await page.goto('/runs/some-run');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns%2Fsome-run$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('sign-up and sign-in errors are shown inline, on the field they are about', async ({ page }, testInfo) => {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(`short-${Date.now()}@example.test`);
  await page.getByLabel('Name').fill('Short');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  const password = page.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'at least 10 characters' })).toBeVisible();
  await expect(password).toHaveAttribute('aria-describedby', /password-error/);
  await expect(page.getByLabel('Email')).toHaveValue(/short-\d+@example.test/);
  await screenshot(page, testInfo, 'sign-up-error');

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('sign up, run SMA on a seeded dataset, watch it live, read its metrics and charts, sweep the budget, compare runs, open an image pair', async ({ page, request }, testInfo) => {
  test.setTimeout(300_000);
  const email = `e2e-${Date.now()}@example.test`;

  // Sign up: the server action copies the API's session cookie onto the dashboard's origin.
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('Edith Tester');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole('banner')).toContainText('Edith Tester');
  await expect(page.getByText('No runs yet — start one with')).toBeVisible();
  await screenshot(page, testInfo, 'runs-empty');

  // The seeded team (dataset + demo model) takes the new user in; an SMA run is created over GraphQL.
  await joinSeededTeam(email);
  const { teamId, teamSlug, datasetId, modelId } = seeded();
  const created = await graphqlAs(page, request, 'mutation Create($input: CreateRunInput!) { createRun(input: $input) { id status } }', {
    input: { teamId, modelId, datasetId, split: 'TEST', attackId: 'sma', config: { stage1: { iterations: 2000 }, stage2: { steps: 40 } } },
  });
  const runId = (created['createRun'] as { id: string }).id;

  // Live: the run page follows the run over Server-Sent Events (the API's runUpdated subscription); the progress
  // changes while the page stays the same document (no reload).
  await page.goto(`/runs/${runId}`);
  await page.evaluate(() => ((window as unknown as Record<string, unknown>)['__sameDocument'] = true));
  const live = page.getByTestId('live-progress');
  await expect(live).toHaveAttribute('data-live-mode', 'live', { timeout: 30_000 });
  await expect(live).toContainText(/\d+ \/ 30 images/);
  const headProgress = page.locator('.run-head .progress');
  const firstProgress = await headProgress.textContent();
  await screenshot(page, testInfo, 'run-live');
  // The server-rendered progress bar moves (router.refresh on each event) and the page is still the same document.
  await expect(headProgress).not.toHaveText(firstProgress ?? '', { timeout: 120_000 });
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>)['__sameDocument'])).toBe(true);

  // The list, filtered by URL: the run is there under SMA, and absent under FAILED.
  await page.goto(`/runs?team=${teamSlug}&attack=sma`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Run ${runId.slice(-6)}` }) });
  await expect(row).toContainText('rankfall-demo-cnn');
  await expect(row).toContainText('sma');
  await expect(row).toContainText('Edith Tester');
  await expect(page.getByLabel('Attack')).toHaveValue('sma');
  await page.getByLabel('Status').selectOption('FAILED');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`/runs\\?team=${teamSlug}&status=FAILED&attack=sma$`));
  await expect(page.getByText('No runs match these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(row).toBeVisible();
  await expect(page.getByLabel('Status')).toHaveValue('');
  await screenshot(page, testInfo, 'runs-list');
  await page.setViewportSize({ width: 800, height: 700 });
  await screenshot(page, testInfo, 'runs-list-800');
  await page.setViewportSize({ width: 1280, height: 720 });

  // The run page refreshes itself until the run succeeded; then the live strip goes away.
  await row.getByRole('link', { name: `Run ${runId.slice(-6)}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'SMA on rankfall-demo-cnn' })).toBeVisible();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 120_000 });
  await expect(page.getByTestId('live-progress')).toHaveCount(0);

  const cards = page.getByRole('list', { name: 'Correlation metrics' }).getByRole('listitem');
  await expect(cards).toHaveCount(3);
  for (const title of ['MOS ↔ clean', 'MOS ↔ attacked', 'clean ↔ attacked']) {
    const card = cards.filter({ has: page.getByRole('heading', { name: title }) });
    await expect(card).toContainText(/SROCC −?\d\.\d{3}/);
    await expect(card).toContainText(/95 % CI −?\d\.\d{3} … −?\d\.\d{3}/);
    await expect(card).toContainText(/PLCC −?\d\.\d{3}/);
  }
  const stage1 = page.getByRole('region', { name: 'SMA stage 1: target ranking' });
  await expect(stage1).toContainText(/SROCC\(clean, target\) = −?\d\.\d{3}/);
  await expect(stage1).toContainText('Iterations2000');
  await expect(stage1).toContainText('Presetpaper');

  const scatter = page.getByTestId('score-scatter');
  await expect(scatter).toBeVisible();
  await expect(scatter.locator('.recharts-scatter-symbol')).toHaveCount(30);
  const imageRows = page.getByRole('table', { name: 'Per-image scores of this run' }).locator('tbody tr[data-index]');
  await expect(imageRows).toHaveCount(30);
  await expect(page.getByText('30 images, by key.')).toBeVisible();

  // SMA's target vs achieved, and the score-change histogram (20 bins over 30 images).
  await expect(page.getByTestId('target-chart').locator('.recharts-scatter-symbol')).toHaveCount(30);
  const histogram = page.getByTestId('score-change-histogram');
  await expect(histogram.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await page.getByText('The histogram as a table').click();
  const binCounts = await page.getByRole('table', { name: 'Images per score-change bin' }).locator('tbody td').allTextContents();
  expect(binCounts.reduce((sum, text) => sum + Number(text), 0)).toBe(30);
  await screenshot(page, testInfo, 'run-detail-1280');
  await page.setViewportSize({ width: 800, height: 900 });
  await screenshot(page, testInfo, 'run-detail-800');
  await page.setViewportSize({ width: 1280, height: 720 });

  // The discordant pairs: a toggle kept in the URL; red segments join the pairs whose order flipped.
  const pairsToggle = page.getByLabel(/Highlight the pairs that broke SROCC/);
  await pairsToggle.check();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}\\?pairs=1$`));
  await expect(scatter).toHaveAttribute('data-pairs-shown', 'true');
  const pairLines = scatter.locator('.discordant-pair');
  await expect.poll(() => pairLines.count()).toBeGreaterThan(0);
  const drawnPairs = await pairLines.count();
  expect(drawnPairs).toBeLessThanOrEqual(20);
  await screenshot(page, testInfo, 'run-discordant-pairs');
  // The permalink draws the same pairs (counted before the reload: after it, the chart is drawn again on the client).
  await page.reload();
  await expect(page.getByLabel(/Highlight the pairs that broke SROCC/)).toBeChecked();
  await expect(page.getByTestId('score-scatter').locator('.discordant-pair')).toHaveCount(drawnPairs);
  await page.getByLabel(/Highlight the pairs that broke SROCC/).uncheck();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

  // A point of the scatter opens its image pair.
  // (Recharts re-renders a hovered symbol as its active shape, so Playwright's click never sees it stable: dispatch the click.)
  await page.getByTestId('score-scatter').locator('.recharts-scatter-symbol').first().dispatchEvent('click');
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}/images/[^/?]+$`));
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'SMA on rankfall-demo-cnn' })).toBeVisible();

  // A budget sweep from the form: FGSM at two ε on the same images; the sweep page follows its runs live.
  await page.goto(`/sweeps/new?team=${teamSlug}`);
  await page.getByLabel('Model').selectOption(modelId);
  await page.getByLabel('Dataset').selectOption(datasetId);
  await page.getByLabel('Split').selectOption('TEST');
  await page.getByLabel('Attack').selectOption('fgsm');
  await page.getByLabel('Parameter').selectOption('epsilon');
  await page.getByLabel('Values').fill('0.002');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Give at least two budget values' })).toBeVisible();
  await expect(page.getByLabel('Values')).toHaveAttribute('aria-invalid', 'true');
  // The refused submission keeps every choice (team, model, dataset, split, attack, parameter).
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue(teamId);
  await expect(page.getByLabel('Model')).toHaveValue(modelId);
  await expect(page.getByLabel('Dataset')).toHaveValue(datasetId);
  await expect(page.getByLabel('Split')).toHaveValue('TEST');
  await expect(page.getByLabel('Attack')).toHaveValue('fgsm');
  await expect(page.getByLabel('Parameter')).toHaveValue('epsilon');
  await screenshot(page, testInfo, 'sweep-new-error');
  await page.getByLabel('Values').fill('0.002, 0.008');
  await page.getByRole('button', { name: 'Start sweep' }).click();
  await expect(page).toHaveURL(/\/sweeps\/[^/?]+$/, { timeout: 20_000 });
  const sweepUrl = page.url();
  await expect(page.getByRole('heading', { level: 1, name: 'FGSM over epsilon' })).toBeVisible();
  await expect(page.getByText('2 of 2 runs finished')).toBeVisible({ timeout: 120_000 });
  const sweepRows = page.getByRole('table', { name: 'One run per budget value, with its curve values' }).locator('tbody tr');
  await expect(sweepRows).toHaveCount(2);
  await expect(sweepRows.nth(0).getByRole('rowheader')).toHaveText('0.002');
  await expect(sweepRows.nth(1).getByRole('rowheader')).toHaveText('0.008');
  for (const index of [0, 1]) await expect(sweepRows.nth(index)).toContainText(/−?\d\.\d{3}/);
  await expect(page.getByTestId('sweep-curve-sroccCleanAttacked').locator('.recharts-line-curve').first()).toBeVisible();
  await expect(page.getByTestId('sweep-curve-meanAbsScoreChange').locator('.recharts-line-dot, .recharts-dot')).toHaveCount(2);
  await screenshot(page, testInfo, 'sweep');
  const sweepRunHref = await sweepRows.nth(1).getByRole('link').getAttribute('href');
  const sweepRunId = (sweepRunHref ?? '').split('/').pop() ?? '';

  // The runs list links the sweep; two runs ticked → the comparison, whose permalink is ?runs=a,b.
  await page.goto(`/runs?team=${teamSlug}`);
  await expect(page.getByRole('link', { name: /^Sweep of / }).first()).toHaveAttribute('href', new URL(sweepUrl).pathname);
  await page.getByLabel(`Compare run ${runId.slice(-6)}`).check();
  await page.getByRole('checkbox', { name: new RegExp(`epsilon 0.008`) }).check();
  await screenshot(page, testInfo, 'runs-list-compare');
  await page.getByRole('button', { name: 'Compare selected runs' }).click();
  await expect(page).toHaveURL(/\/compare\?runs=[^&]+,[^&]+$/);
  expect(new URL(page.url()).searchParams.get('runs')?.split(',').sort()).toEqual([runId, sweepRunId].sort());
  await expect(page.getByRole('heading', { level: 1, name: 'Compare 2 runs' })).toBeVisible();
  await expect(page.getByRole('list', { name: /^Correlation metrics of / })).toHaveCount(2);
  for (const list of await page.getByRole('list', { name: /^Correlation metrics of / }).all()) await expect(list.getByRole('listitem').first()).toContainText(/95 % CI −?\d\.\d{3} … −?\d\.\d{3}/);
  await expect(page.getByTestId('score-scatter')).toHaveCount(2);
  await expect(page.getByText('30 images scored in every run')).toBeVisible();
  await expect(page.getByRole('table', { name: /common image/ }).locator('tbody tr')).toHaveCount(30);
  await screenshot(page, testInfo, 'compare');
  await page.setViewportSize({ width: 800, height: 900 });
  await screenshot(page, testInfo, 'compare-800');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/runs/${runId}`);

  // An image pair: the three images come through the dashboard's artifact proxy with the session.
  const firstImage = imageRows.first().getByRole('link');
  const key = (await firstImage.textContent()) ?? '';
  await firstImage.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(key);
  for (const name of ['Clean image', 'Adversarial image', 'Amplified difference']) {
    const image = page.getByRole('img', { name: new RegExp(`^${name}`) });
    await expect(image).toHaveAttribute('src', /^\/artifacts\/run\//);
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth)).toBe(32);
  }
  await expect(page.getByText('Attacked score')).toBeVisible();
  await expect(page.getByTestId('trajectory-chart').locator('.recharts-line-curve')).toBeVisible();
  await screenshot(page, testInfo, 'image-pair');

  // The proxy serves only the session's own artifacts.
  const src = await page.getByRole('img', { name: /^Clean image/ }).getAttribute('src');
  expect((await request.get(src ?? '')).status()).toBe(401);

  // Sign out; the run page then asks to sign in, and signing in returns to it.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.context().cookies()).some((cookie) => cookie.name === 'rankfall_session')).toBe(false);
  await page.goto(`/runs/${runId}`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2Fruns%2F${runId}$`));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole('banner')).toContainText('Edith Tester');
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded');
});

test('start an I-FGSM run from the generated form, sort its images, rate and comment on one; another team gets not-found', async ({ page, browser }, testInfo) => {
  test.setTimeout(150_000);
  const email = `e2e-form-${Date.now()}@example.test`;
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('Frida Former');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await joinSeededTeam(email);
  const { teamId, teamSlug, datasetId, modelId } = seeded();

  // The runs list links the form; the config fields are generated from the attack's JSON Schema.
  await page.goto(`/runs?team=${teamSlug}`);
  await page.getByRole('link', { name: 'New run', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/new\\?team=${teamSlug}$`));
  await page.getByLabel('Team', { exact: true }).selectOption(teamId);
  await page.getByLabel('Model').selectOption(modelId);
  await page.getByLabel('Dataset').selectOption(datasetId);
  await page.getByLabel('Split').selectOption('TEST');
  await page.getByLabel('Attack').selectOption('sma');
  const config = page.getByRole('group', { name: 'SMA (SROCC-MSE-Attack) configuration' });
  await expect(config.getByRole('group', { name: 'Stage 1' }).getByLabel('iterations', { exact: true })).toHaveValue('100000');
  await expect(config.getByRole('group', { name: 'Stage 2' }).getByLabel('steps', { exact: true })).toHaveValue('10');
  await expect(config.getByLabel('preset')).toHaveValue('paper');
  await page.getByLabel('Attack').selectOption('ifgsm');
  const steps = page.getByLabel('steps', { exact: true });
  await expect(steps).toHaveValue('10');
  await expect(steps).toHaveAttribute('min', '1');
  await expect(steps).toHaveAttribute('max', '100000');
  await expect(page.locator('#field-config-steps-hint')).toHaveText('paper default: 10 · 1 … 100000');
  await expect(page.getByLabel('goal', { exact: true })).toHaveValue('lower-quality');
  await screenshot(page, testInfo, 'new-run-form');

  // The API refuses an out-of-range value; its message is shown on the field it names.
  await steps.fill('0');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByLabel('steps', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-config-steps-error')).toContainText('config.steps');
  await expect(page.getByLabel('Attack')).toHaveValue('ifgsm');
  await expect(page.getByLabel('Dataset')).toHaveValue(datasetId);
  await screenshot(page, testInfo, 'new-run-error');

  await page.getByLabel('steps', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[^/?]+$/);
  const runUrl = page.url();
  await expect(page.getByRole('heading', { level: 1, name: 'IFGSM on rankfall-demo-cnn' })).toBeVisible();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 120_000 });
  await expect(page.locator('.facts').first()).toContainText('Attackifgsm');

  // Sort by score change (server-side, in the URL): the Δ column ascends, then descends.
  const table = page.getByRole('table', { name: 'Per-image scores of this run' });
  const deltas = async () => (await table.locator('tbody tr[data-index] td:nth-child(5)').allTextContents()).map((text) => Number(text.replace('−', '-').replace('+', '')));
  await page.getByRole('link', { name: 'Sort by score change' }).click();
  await expect(page).toHaveURL(/\?sort=SCORE_CHANGE&dir=asc#images$/);
  await expect(table.getByRole('columnheader', { name: /score change/ })).toHaveAttribute('aria-sort', 'ascending');
  // The table is windowed on the client: poll until its 30 rows are drawn in the new order.
  const drawnSorted = async (direction: 1 | -1) => {
    const values = await deltas();
    return values.length === 30 && !values.some(Number.isNaN) && values.every((v, i) => i === 0 || direction * (v - values[i - 1]!) >= 0);
  };
  await expect.poll(() => drawnSorted(1)).toBe(true);
  const ascending = await deltas();
  await page.getByRole('link', { name: 'Sort by score change (now ascending)' }).click();
  await expect(page).toHaveURL(/\?sort=SCORE_CHANGE&dir=desc#images$/);
  await expect.poll(() => drawnSorted(-1)).toBe(true);
  const descending = await deltas();
  expect(descending).toEqual([...ascending].reverse());
  await screenshot(page, testInfo, 'run-images-sorted');

  // Open the image with the largest change: rate it visible, comment on it.
  const top = table.locator('tbody tr[data-index]').first().getByRole('link');
  const key = (await top.textContent()) ?? '';
  await top.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(key);
  await expect(page.getByTestId('my-rating')).toContainText('You have not rated it.');
  await page.getByRole('button', { name: 'Yes, visible' }).click();
  await expect(page.getByTestId('my-rating')).toContainText('Your rating: visible. 1 rating, 1 visible.');
  await expect(page.getByRole('button', { name: 'Yes, visible' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'No, not visible' })).toHaveAttribute('aria-pressed', 'false');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Write a comment first.' })).toBeVisible();
  await page.getByLabel('Add a comment').fill('Banding visible in the sky.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const comments = page.getByTestId('image-comments').getByRole('listitem');
  await expect(comments).toHaveCount(1);
  await expect(comments.first()).toContainText('Frida Former');
  await expect(comments.first()).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await expect(comments.first()).toContainText('Banding visible in the sky.');
  await expect(page.getByLabel('Add a comment')).toHaveValue('');
  await screenshot(page, testInfo, 'image-pair-reviewed');

  // The run page lists it too, linked to its image; the visibility filter finds the rated image.
  await page.goto(`${runUrl}?vis=VISIBLE`);
  await expect(table.locator('tbody tr[data-index]')).toHaveCount(1);
  await expect(table.locator('tbody tr[data-index]').first()).toContainText(key);
  await expect(page.getByText('1 image matches the filters, by key.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Comments, oldest first' })).toContainText(`on ${key}`);
  await screenshot(page, testInfo, 'run-filtered-comments');

  // Someone in another team gets the not-found page for this run.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto('/sign-up');
  await stranger.getByLabel('Email').fill(`e2e-stranger-${Date.now()}@example.test`);
  await stranger.getByLabel('Name').fill('Stan Stranger');
  await stranger.getByLabel('Password').fill(password);
  await stranger.getByRole('button', { name: 'Create account' }).click();
  await expect(stranger).toHaveURL(/\/runs$/);
  await stranger.goto(runUrl);
  await expect(stranger.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  await expect(stranger.getByText('Banding visible in the sky.')).toHaveCount(0);
  await other.close();
});

test('a run of 5 000 images: the table is windowed over server pages, scrolls to the end, and keeps the DOM small', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const email = `e2e-large-${Date.now()}@example.test`;
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('Lars Large');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await joinLargeRunTeam(email);
  const { runId } = seededLargeRun();

  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole('heading', { level: 1, name: '5000 images' })).toBeVisible();
  await expect(page.getByText('5000 images, by key.')).toBeVisible();
  const region = page.getByTestId('virtual-images');
  const table = page.getByRole('table', { name: 'Per-image scores of this run' });
  const rows = table.locator('tbody tr[data-index]');
  await expect(table).toHaveAttribute('aria-rowcount', '5001');
  await expect(rows.first()).toContainText('img-0000.png');
  const bounded = async () => expect(await table.locator('tbody tr').count()).toBeLessThanOrEqual(80);
  await bounded();
  await screenshot(page, testInfo, 'large-run-table');

  // Scroll to the middle, then to the end: the pages on the way are fetched by cursor; the DOM stays bounded.
  await region.evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
  await expect(table.getByRole('link', { name: 'img-2500.png' })).toBeVisible({ timeout: 60_000 });
  await bounded();
  await region.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(table.getByRole('link', { name: 'img-4999.png' })).toBeVisible({ timeout: 60_000 });
  await bounded();
  expect(Number(await region.getAttribute('data-rows-loaded'))).toBe(5000);
  await screenshot(page, testInfo, 'large-run-table-end');

  // Keyboard: Home goes back to the first row, ↓ moves one row, End to the last; focus follows.
  await table.getByRole('link', { name: 'img-4999.png' }).focus();
  await page.keyboard.press('Home');
  await expect(table.getByRole('link', { name: 'img-0000.png' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(table.getByRole('link', { name: 'img-0001.png' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(table.getByRole('link', { name: 'img-4999.png' })).toBeFocused();
  await bounded();

  // Sorting stays server-side over all 5 000: descending by score change starts with the largest Δ.
  await page.getByRole('link', { name: 'Sort by score change' }).click();
  await expect(page).toHaveURL(/\?sort=SCORE_CHANGE&dir=asc#images$/, { timeout: 20_000 });
  await page.getByRole('link', { name: 'Sort by score change (now ascending)' }).click();
  await expect(page).toHaveURL(/\?sort=SCORE_CHANGE&dir=desc#images$/, { timeout: 20_000 });
  await expect(table.getByRole('columnheader', { name: /score change/ })).toHaveAttribute('aria-sort', 'descending');
  const firstDeltas = async () => (await table.locator('tbody tr[data-index] td:nth-child(5)').allTextContents()).slice(0, 10).map((text) => Number(text.replace('−', '-').replace('+', '')));
  await expect
    .poll(async () => {
      const values = await firstDeltas();
      return values.length === 10 && !values.some(Number.isNaN) && values.every((v, i) => i === 0 || v <= values[i - 1]!);
    })
    .toBe(true);
  await bounded();
});
