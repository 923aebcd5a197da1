import { expect, test } from '@playwright/test';
import { graphqlAs, joinSeededTeam, screenshot, seeded } from './support/stack';

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

test('sign up, run SMA on a seeded dataset, watch it finish, read its metrics and open an image pair', async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
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
    input: { teamId, modelId, datasetId, split: 'TEST', attackId: 'sma', config: { stage1: { iterations: 2000 } } },
  });
  const runId = (created['createRun'] as { id: string }).id;

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

  // The run page refreshes itself until the run succeeded.
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'SMA on rankfall-demo-cnn' })).toBeVisible();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 120_000 });
  await expect(page.getByText('Updating every 2 s')).toHaveCount(0);

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
  const imageRows = page.getByRole('table', { name: 'Per-image scores of this run' }).locator('tbody tr');
  await expect(imageRows).toHaveCount(30);
  await expect(page.getByText('30 images, by key.')).toBeVisible();
  await screenshot(page, testInfo, 'run-detail-1280');
  await page.setViewportSize({ width: 800, height: 900 });
  await screenshot(page, testInfo, 'run-detail-800');
  await page.setViewportSize({ width: 1280, height: 720 });

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
  await page.getByLabel('Team').selectOption(teamId);
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
  const deltas = async () => (await table.locator('tbody tr td:nth-child(5)').allTextContents()).map((text) => Number(text.replace('−', '-').replace('+', '')));
  await page.getByRole('link', { name: 'Sort by score change' }).click();
  await expect(page).toHaveURL(/\?sort=SCORE_CHANGE&dir=asc#images$/);
  await expect(table.getByRole('columnheader', { name: /score change/ })).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await deltas();
  expect(ascending).toHaveLength(30);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await page.getByRole('link', { name: 'Sort by score change (now ascending)' }).click();
  await expect(page).toHaveURL(/\?sort=SCORE_CHANGE&dir=desc#images$/);
  const descending = await deltas();
  expect(descending).toEqual([...ascending].reverse());
  await screenshot(page, testInfo, 'run-images-sorted');

  // Open the image with the largest change: rate it visible, comment on it.
  const top = table.locator('tbody tr').first().getByRole('link');
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
  const comments = page.getByRole('list', { name: 'Comments, oldest first' }).getByRole('listitem');
  await expect(comments).toHaveCount(1);
  await expect(comments.first()).toContainText('Frida Former');
  await expect(comments.first()).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await expect(comments.first()).toContainText('Banding visible in the sky.');
  await expect(page.getByLabel('Add a comment')).toHaveValue('');
  await screenshot(page, testInfo, 'image-pair-reviewed');

  // The run page lists it too, linked to its image; the visibility filter finds the rated image.
  await page.goto(`${runUrl}?vis=VISIBLE`);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr').first()).toContainText(key);
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
