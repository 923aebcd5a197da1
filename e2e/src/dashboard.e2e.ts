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
