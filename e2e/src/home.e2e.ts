import { expect, test } from '@playwright/test';

test('the dashboard shows the live API and database status', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Rankfall' })).toBeVisible();
  const status = page.getByLabel('API status');
  await expect(status).toHaveAttribute('data-state', 'up');
  await expect(status).toContainText('database reachable');
});

test('the API answers GraphQL from the browser origin with CORS', async ({ page, baseURL }) => {
  await page.goto('/');
  const apiPort = process.env['RANKFALL_E2E_API_PORT'] ?? '4100';
  const result = await page.evaluate(async (url) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { via } health { ok } }' }) });
    return response.json();
  }, `http://127.0.0.1:${apiPort}/graphql`);
  expect(baseURL).toContain('127.0.0.1');
  expect(result).toEqual({ data: { viewer: null, health: { ok: true } } });
});
