import { expect, test, type Page } from '@playwright/test';
import { graphqlAs, joinSeededTeam, screenshot, seeded } from './support/stack';

const password = 'correct horse battery';

/** Where each pane's image sits (its inline left / top / width / height): equal in every pane when they are in sync. */
async function placements(page: Page): Promise<string[]> {
  return page.locator('[data-testid="viewer-stage"] img').evaluateAll((images) => images.map((image) => (image as HTMLImageElement).style.cssText));
}

async function expectPanesInSync(page: Page): Promise<string> {
  const all = await placements(page);
  expect(all).toHaveLength(4);
  expect(new Set(all).size, `one placement in all panes: ${all.join(' | ')}`).toBe(1);
  return all[0]!;
}

const viewOf = (url: string) => {
  const params = new URL(url).searchParams;
  return { z: params.get('z'), cx: params.get('cx'), cy: params.get('cy') };
};

test('the image pair viewer: synchronised zoom and pan in the URL, permalinks, rating, pinned comments, next / previous, every run', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const email = `e2e-viewer-${Date.now()}@example.test`;
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('Vera Viewer');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await joinSeededTeam(email);

  // Two finished runs over the seeded dataset (the real worker runs them), so the image is "under every run".
  const { teamId, datasetId, modelId } = seeded();
  const create = async (attackId: string, config: Record<string, unknown>) => {
    const data = await graphqlAs(page, page.request, 'mutation Create($input: CreateRunInput!) { createRun(input: $input) { id } }', { input: { teamId, modelId, datasetId, split: 'TEST', attackId, config } });
    return (data['createRun'] as { id: string }).id;
  };
  const firstRun = await create('fgsm', {});
  const runId = await create('ifgsm', { steps: 2 });
  for (const id of [firstRun, runId]) {
    await expect
      .poll(async () => ((await graphqlAs(page, page.request, 'query S($id: ID!) { run(id: $id) { status } }', { id }))['run'] as { status: string }).status, { timeout: 150_000, intervals: [1000] })
      .toBe('SUCCEEDED');
  }

  // The table sorted by score change, descending: its parameters travel into the pair page's link.
  await page.goto(`/runs/${runId}?sort=SCORE_CHANGE&dir=desc`);
  const table = page.getByRole('table', { name: 'Per-image scores of this run' });
  // The table is windowed on the client: wait for its rows before reading them.
  await expect(table.locator('tbody tr[data-index]').first().getByRole('link')).toBeVisible();
  const keys = await table.locator('tbody tr[data-index]').getByRole('link').allTextContents();
  expect(keys.length).toBeGreaterThan(2);
  await table.getByRole('link', { name: keys[0]!, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}/images/[^/?]+\\?sort=SCORE_CHANGE&dir=desc$`));
  const imageUrl = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(keys[0]!);
  await expect(page.getByTestId('pair-position')).toHaveText(`1 of ${keys.length}`);

  // Four panes, every image loaded through the dashboard's proxy; the heat map has a labelled scale.
  for (const name of ['Clean image', 'Adversarial image', 'Amplified difference', 'Heat map']) {
    const image = page.getByRole('img', { name: new RegExp(`^${name}`) });
    await expect(image).toHaveAttribute('src', /^\/artifacts\/run\//);
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth)).toBe(32);
  }
  await expect(page.getByTestId('heat-legend')).toContainText(/^0\d+\/255/);
  await expect(page.getByTestId('pair-numbers')).toContainText('Float image’s score (before 8-bit)');
  await expect(page.getByTestId('pair-numbers')).toContainText(/PSNR\d+\.\d\d dB/);
  await expect(page.getByTestId('trajectory-chart').locator('.recharts-line-curve')).toBeVisible();
  const fit = await expectPanesInSync(page);
  await screenshot(page, testInfo, 'image-viewer-fit');

  // Keyboard: + + zooms to ×4 (pixelated), an arrow pans; every pane follows and the URL holds the view.
  const stage = page.getByTestId('viewer-stage');
  await stage.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(page.getByTestId('viewer-readout')).toHaveText('×4 · centre (0.50, 0.50)');
  await expect.poll(() => viewOf(page.url())).toEqual({ z: '4', cx: '0.5', cy: '0.5' });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('viewer-readout')).toHaveText('×4 · centre (0.53, 0.53)');
  await expect.poll(() => viewOf(page.url())).toEqual({ z: '4', cx: '0.525', cy: '0.525' });
  expect(await expectPanesInSync(page)).not.toBe(fit);
  await expect(page.getByTestId('pane-adversarial')).toHaveClass('pixelated');
  expect(page.url()).toContain('sort=SCORE_CHANGE&dir=desc');

  // The wheel zooms around the pointer (×4 → ×8), in every pane.
  const pane = page.locator('[data-pane="adversarial"]');
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.25);
  await page.mouse.wheel(0, -200);
  await expect(page.getByTestId('viewer-readout')).toContainText('×8 · ');
  await expect.poll(() => viewOf(page.url()).z).toBe('8');
  // Drag pans: the image moves with the pointer.
  const beforeDrag = viewOf(page.url());
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.45, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => Number(viewOf(page.url()).cx)).toBeGreaterThan(Number(beforeDrag.cx));
  const zoomed = await expectPanesInSync(page);
  const view = viewOf(page.url());
  const readout = await page.getByTestId('viewer-readout').textContent();
  await screenshot(page, testInfo, 'image-viewer-zoomed');

  // The permalink reopens the exact view (server-rendered from the URL).
  const permalink = page.url();
  await page.goto('about:blank');
  await page.goto(permalink);
  await expect(page.getByTestId('viewer-readout')).toHaveText(readout ?? '');
  expect(await expectPanesInSync(page)).toBe(zoomed);
  expect(viewOf(page.url())).toEqual(view);

  // Rate: the viewer's own rating is shown and pressed.
  await expect(page.getByTestId('my-rating')).toContainText('You have not rated it.');
  await page.getByRole('button', { name: 'No, not visible' }).click();
  await expect(page.getByTestId('my-rating')).toContainText('Your rating: not visible.');
  await expect(page.getByRole('button', { name: 'No, not visible' })).toHaveAttribute('aria-pressed', 'true');

  // Comments pin the view they were written at; newest first; the permalink opens that view.
  await page.getByLabel('Add a comment').fill('Ringing in the top right corner.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  const comments = page.getByRole('list', { name: 'Comments, newest first' }).getByRole('listitem');
  await expect(comments).toHaveCount(1);
  await expect(comments.first()).toContainText('Ringing in the top right corner.');
  await expect(comments.first()).toContainText('view ×8, centre (');
  await expect(comments.first()).not.toContainText('[view');
  await stage.focus();
  await page.keyboard.press('0');
  await expect(page.getByTestId('viewer-readout')).toHaveText('×1 · centre (0.50, 0.50)');
  await expect.poll(() => viewOf(page.url()).z).toBeNull();
  await page.getByLabel('Add a comment').fill('At full view it looks clean.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(comments).toHaveCount(2);
  await expect(comments.first()).toContainText('At full view it looks clean.');
  await expect(comments.first()).not.toContainText('view ×');
  await expect(comments.nth(1)).toContainText('Ringing in the top right corner.');
  await screenshot(page, testInfo, 'image-viewer-comments');
  await comments.nth(1).getByRole('link').first().click();
  await expect.poll(() => viewOf(page.url())).toEqual(view);
  await expect(page).toHaveURL(/#comment-/);
  await expect(page.getByTestId('viewer-readout')).toHaveText(readout ?? '');

  // Next / previous follow the table's order and filter, keep the zoom, and say "k of N".
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(keys[1]!);
  await expect(page.getByTestId('pair-position')).toHaveText(`2 of ${keys.length}`);
  expect(page.url()).toContain('sort=SCORE_CHANGE&dir=desc');
  expect(viewOf(page.url())).toEqual(view);
  await expect(page.getByTestId('viewer-readout')).toHaveText(readout ?? '');
  await page.keyboard.press('p');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(keys[0]!);
  await expect(page.getByTestId('pair-position')).toHaveText(`1 of ${keys.length}`);
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page.getByTestId('pair-position')).toHaveText(`2 of ${keys.length}`);
  await page.getByRole('link', { name: '← Previous' }).click();
  await expect(page).toHaveURL(new RegExp(`^${imageUrl.replace(/[?]/g, '\\?')}&z=`));

  // This image under every run: both runs (other tests of the suite may have added more on the shared seeded
  // dataset), the current one marked, the other linked to its pair page.
  const everyRun = page.getByTestId('every-run');
  await expect.poll(() => everyRun.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
  await expect(everyRun.locator('tbody tr[aria-current="page"]')).toHaveCount(1);
  await expect(everyRun.locator('tbody tr[aria-current="page"]')).toContainText('(this run)');
  await expect(everyRun.locator('tbody tr[aria-current="page"]')).toContainText('IFGSM on rankfall-demo-cnn');
  await page.setViewportSize({ width: 800, height: 900 });
  await screenshot(page, testInfo, 'image-viewer-800');
  await page.setViewportSize({ width: 1280, height: 720 });
  const otherRun = everyRun.locator(`a[href^="/runs/${firstRun}/images/"]`);
  await expect(otherRun).toHaveText('FGSM on rankfall-demo-cnn');
  await otherRun.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${firstRun}/images/[^/?]+$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(keys[0]!);
  await expect(page.getByTestId('pair-position')).toHaveText(new RegExp(`^\\d+ of ${keys.length}$`));

  // Pinch (two real touch points through the DevTools protocol) zooms every pane together.
  await expect(page.getByTestId('viewer-readout')).toHaveText('×1 · centre (0.50, 0.50)');
  const touch = await page.context().newCDPSession(page);
  await touch.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 2 });
  const heat = (await page.locator('[data-pane="heatmap"]').boundingBox())!;
  const [mx, my] = [heat.x + heat.width / 2, heat.y + heat.height / 2];
  const fingers = (spread: number) => [
    { x: mx - spread, y: my, id: 0 },
    { x: mx + spread, y: my, id: 1 },
  ];
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
  for (let spread = 30; spread <= 80; spread += 10) await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(spread) });
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect.poll(() => Number(viewOf(page.url()).z)).toBeGreaterThan(2);
  await expectPanesInSync(page);
});
