import { expect, test } from '@playwright/test';
import { screenshot, signUpAs } from './support/stack';

const password = 'correct horse battery';

/**
 * The Dashboard issue's story in one go, through the pages only (no GraphQL shortcuts, no seeded data): sign up →
 * import the synthetic dataset → register the demo model and its NT twin → start an SMA run from the form → watch it
 * live to the end → metric cards and scatter → transfer to the twin → an image pair: zoom, rate, comment → a user of
 * another team sees none of it.
 */
test('the whole story: sign up, import, register, SMA from the form, watch it live, review an image pair; another team sees nothing', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  await signUpAs(page, { email: `e2e-story-${stamp}@example.test`, name: 'Sam Story', password });

  // Import the synthetic dataset into the personal team and wait for the worker.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/imports\?team=[^&]+$/);
  const teamSlug = new URL(page.url()).searchParams.get('team') ?? '';
  expect(teamSlug).not.toBe('');
  const synthetic = page.getByRole('form', { name: 'Import the synthetic dataset' });
  await synthetic.getByLabel('Reference scenes').fill('4');
  await synthetic.getByLabel('Size (px)').fill('32');
  await synthetic.getByLabel('Distortion levels').fill('2');
  await synthetic.getByRole('button', { name: 'Import synthetic dataset' }).click();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 90_000 });
  await page.getByRole('status').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/datasets/[^/?]+\\?team=${teamSlug}$`));
  const datasetUrl = page.url();
  const datasetId = new URL(datasetUrl).pathname.split('/').at(-1)!;
  // The import is in the page's history, linked to its dataset.
  await page.goto(`/imports?team=${teamSlug}`);
  await expect(page.getByRole('table', { name: 'Recent imports, newest first' }).locator('tbody tr').first()).toContainText('Dataset import: synthetic dataset');

  // Register the demo model with the catalog's bundled weights.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const register = page.getByRole('form', { name: 'Register a model' });
  await register.getByLabel('Catalog entry id').fill('rankfall-demo-cnn');
  await register.getByLabel('use the catalog’s bundled weights instead').check();
  await register.getByRole('button', { name: 'Register model' }).click();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 90_000 });
  await page.getByRole('status').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/models/[^/?]+\\?team=${teamSlug}$`));
  const modelId = new URL(page.url()).pathname.split('/').at(-1)!;
  // And its NT-trained twin, to see later whether the attack transfers.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  const twin = page.getByRole('form', { name: 'Register a model' });
  await twin.getByLabel('Catalog entry id').fill('rankfall-demo-cnn-nt');
  await twin.getByLabel('use the catalog’s bundled weights instead').check();
  await twin.getByRole('button', { name: 'Register model' }).click();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 90_000 });

  // Start SMA on the test split from the generated form (fewer stage-1 iterations than the paper, for time).
  await page.goto(`/runs/new?team=${teamSlug}`);
  await page.getByLabel('Model').selectOption(modelId);
  await page.getByLabel('Dataset').selectOption(datasetId);
  await page.getByLabel('Split').selectOption('TEST');
  await page.getByLabel('Attack').selectOption('sma');
  const config = page.getByRole('group', { name: 'SMA (SROCC-MSE-Attack) configuration' });
  await config.getByRole('group', { name: 'Stage 1' }).getByLabel('iterations', { exact: true }).fill('3000');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/runs\/[^/?]+$/);
  const runUrl = page.url();
  await expect(page.getByRole('heading', { level: 1, name: 'SMA on rankfall-demo-cnn' })).toBeVisible();

  // Watch it live (Server-Sent Events over the API's subscription) until it succeeded; the strip then goes away.
  const live = page.getByTestId('live-progress');
  const badge = page.locator('.run-head .badge');
  if ((await badge.textContent()) !== 'Succeeded') await expect(live.or(badge.filter({ hasText: 'Succeeded' }))).toBeVisible({ timeout: 30_000 });
  await expect(badge).toHaveText('Succeeded', { timeout: 150_000 });
  await expect(live).toHaveCount(0);

  // The metric cards and the scatter.
  const cards = page.getByRole('list', { name: 'Correlation metrics' }).getByRole('listitem');
  await expect(cards).toHaveCount(3);
  for (const title of ['MOS ↔ clean', 'MOS ↔ attacked', 'clean ↔ attacked']) {
    await expect(cards.filter({ has: page.getByRole('heading', { name: title }) })).toContainText(/SROCC −?\d\.\d{3}/);
  }
  await expect(page.getByTestId('score-scatter').locator('.recharts-scatter-symbol').first()).toBeVisible();

  // Does the attack transfer? The run's saved adversarial images re-scored by the twin (a worker job).
  const transfer = page.getByTestId('transfer');
  await expect(transfer).toContainText('Not transferred yet.');
  await transfer.getByRole('button', { name: 'Re-score the adversarial images on the team’s other models' }).click();
  await expect(transfer.getByRole('status')).toHaveText('Queued on 1 model.');
  const transferRow = transfer.getByRole('table', { name: /^Transfer of this run/ }).locator('tbody tr');
  await expect(transferRow).toHaveCount(1);
  await expect(transferRow.first().getByRole('rowheader')).toHaveText('rankfall-demo-cnn-nt');
  await expect(transferRow.first().locator('.badge')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(transferRow.first().getByRole('cell').nth(3)).toHaveText(/^[+−]?\d\.\d{3}$/);
  const transferDrop = (await transferRow.first().getByRole('cell').nth(3).textContent()) ?? '';
  await screenshot(page, testInfo, 'story-run');

  // An image pair: zoom in with the keyboard, rate it, comment on it (pinned to the view).
  const table = page.getByRole('table', { name: 'Per-image scores of this run' });
  const first = table.locator('tbody tr[data-index]').first().getByRole('link');
  const key = (await first.textContent()) ?? '';
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(key);
  const pairUrl = page.url().split('?')[0]!;
  await page.getByTestId('viewer-stage').focus();
  await page.keyboard.press('+');
  await expect(page.getByTestId('viewer-readout')).toHaveText('×2 · centre (0.50, 0.50)');
  await expect.poll(() => new URL(page.url()).searchParams.get('z')).toBe('2');
  await page.getByRole('button', { name: 'No, not visible' }).click();
  await expect(page.getByTestId('my-rating')).toContainText('Your rating: not visible.');
  await page.getByLabel(/^Add a comment/).fill('Invisible at ×2, but the score moved.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const comments = page.getByTestId('image-comments').getByRole('listitem');
  await expect(comments.first()).toContainText('Invisible at ×2, but the score moved.');
  await expect(comments.first()).toContainText('×2');
  await screenshot(page, testInfo, 'story-pair');

  // The team's transfer matrix, from the runs list: the run's row, the twin's column, the same SROCC drop.
  await page.goto(`/runs?team=${teamSlug}`);
  await page.getByRole('link', { name: 'Transfer matrix' }).click();
  await expect(page).toHaveURL(new RegExp(`/transfer\\?team=${teamSlug}$`));
  const matrix = page.getByRole('table', { name: /^Transfer matrix of / });
  await expect(matrix.getByRole('columnheader', { name: 'rankfall-demo-cnn-nt' })).toBeVisible();
  const matrixRow = matrix.locator('tbody tr').filter({ has: page.locator(`a[href="${new URL(runUrl).pathname}"]`) });
  await expect(matrixRow).toHaveCount(1);
  await expect(matrixRow.getByRole('cell').last()).toHaveText(transferDrop);
  await screenshot(page, testInfo, 'story-transfer-matrix');

  // A user of another team: the run, the image pair and the dataset are not found, and nothing of them shows.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signUpAs(stranger, { email: `e2e-story-stranger-${stamp}@example.test`, name: 'Olga Outsider', password });
  await stranger.goto(`/transfer?team=${teamSlug}`);
  expect(await stranger.content()).not.toContain('SMA on rankfall-demo-cnn');
  for (const url of [runUrl, pairUrl, datasetUrl]) {
    await stranger.goto(url);
    await expect(stranger.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
    const html = await stranger.content();
    expect(html).not.toContain('Sam Story');
    expect(html).not.toContain('Invisible at ×2');
    expect(html).not.toContain(key);
  }
  await other.close();
});
