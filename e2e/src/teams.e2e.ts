import { expect, test } from '@playwright/test';
import { graphqlAs, screenshot, signUpAs } from './support/stack';

const password = 'correct horse battery';

function apiUrl(): string {
  const url = process.env['RANKFALL_E2E_API_URL'];
  if (!url) throw new Error('RANKFALL_E2E_API_URL is not set');
  return url;
}

test('teams: create, switch, invite, change a role, mint a token shown once, revoke it', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const owner = { email: `e2e-owner-${stamp}@example.test`, name: 'Olga Owner', password };
  const invitee = { email: `e2e-invitee-${stamp}@example.test`, name: 'Ivan Invitee', password };
  const slug = `e2e-lab-${stamp}`;

  // The invitee needs an account before they can be invited.
  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await signUpAs(inviteePage, invitee);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUpAs(page, owner);
  const viewer = (await graphqlAs(page, request, '{ viewer { teams { slug name } } }', {}))['viewer'] as { teams: Array<{ slug: string; name: string }> };
  const personal = viewer.teams[0];
  expect(personal, 'sign-up creates a personal team').toBeTruthy();

  // Create a team: the form refuses a bad slug inline, then lands on the new team's settings.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page).toHaveURL(/\/teams$/);
  await expect(page.getByRole('table')).toContainText(personal!.name);
  const create = page.getByRole('form', { name: 'Create a team' });
  await create.getByLabel('Team name').fill('E2E Lab');
  await create.getByLabel('Slug (in URLs)').fill('Bad Slug');
  await create.evaluate((form) => form.setAttribute('novalidate', ''));
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(create.getByRole('alert')).toContainText('lowercase letters, digits or dashes');
  await create.getByLabel('Team name').fill('E2E Lab');
  await create.getByLabel('Slug (in URLs)').fill(slug);
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'E2E Lab' })).toBeVisible();
  await expect(page.getByLabel('Viewing')).toHaveValue(slug);

  // The switcher follows the URL and rewrites it: settings of the personal team, then back.
  await page.getByLabel('Viewing').selectOption(personal!.slug);
  await expect(page).toHaveURL(new RegExp(`/teams/${slug}$`));
  await page.getByRole('button', { name: 'Switch' }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${personal!.slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: personal!.name })).toBeVisible();
  await page.goto(`/datasets?team=${personal!.slug}`);
  await page.getByLabel('Viewing').selectOption(slug);
  await page.getByRole('button', { name: 'Switch' }).click();
  await expect(page).toHaveURL(new RegExp(`/datasets\\?team=${slug}$`));
  await expect(page.getByText('Team: E2E Lab')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' })).toHaveAttribute('href', `/models?team=${slug}`);
  await page.goto(`/teams/${slug}`);

  // Invite the second user as a member, then make them a viewer.
  const invite = page.getByRole('form', { name: 'Invite a member' });
  await invite.getByLabel('Email of an existing account').fill(invitee.email);
  await invite.getByLabel('Role').selectOption('MEMBER');
  await invite.getByRole('button', { name: 'Invite' }).click();
  await expect(invite.getByRole('status')).toHaveText(`${invitee.email} is now a member of the team.`);
  const members = page.getByRole('table', { name: 'Members of E2E Lab' });
  const inviteeRow = members.getByRole('row').filter({ hasText: invitee.email });
  await expect(inviteeRow.getByRole('cell').nth(1)).toHaveText('Member');
  await inviteeRow.getByLabel(`New role of ${invitee.name}`).selectOption('VIEWER');
  await inviteeRow.getByRole('button', { name: 'Change' }).click();
  await expect(inviteeRow.getByRole('status')).toHaveText(`${invitee.name} is now viewer.`);
  await expect(inviteeRow.getByRole('cell').nth(1)).toHaveText('Viewer');
  await expect(members.getByRole('row').filter({ hasText: owner.email })).toContainText('owner');

  // The invitee now sees the team, as a viewer: no member management, no import.
  await inviteePage.goto(`/teams/${slug}`);
  await expect(inviteePage.getByText('your role: Viewer')).toBeVisible();
  await expect(inviteePage.getByRole('form', { name: 'Invite a member' })).toHaveCount(0);
  await expect(inviteePage.getByText('Only admins and owners invite members')).toBeVisible();
  await inviteePage.goto(`/imports?team=${slug}`);
  await expect(inviteePage.getByText('importing needs the member role')).toBeVisible();
  await inviteeContext.close();

  // An API token: the secret is shown once, with a warning and a copy button; it works as a Bearer token.
  await expect(page.getByText('No API tokens yet.')).toBeVisible();
  const tokenForm = page.getByRole('form', { name: 'Create an API token' });
  await tokenForm.getByLabel('Token name').fill('ci-bot');
  await tokenForm.getByLabel('Token role').selectOption('MEMBER');
  await tokenForm.getByRole('button', { name: 'Create token' }).click();
  const secretBox = page.getByRole('region', { name: 'New token “ci-bot”' });
  await expect(secretBox).toContainText('it is shown only this once');
  const secret = await secretBox.getByLabel('Token secret').inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await secretBox.getByRole('button', { name: 'Copy' }).click();
  await expect(secretBox.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  const tokens = page.getByRole('table', { name: 'API tokens of E2E Lab' });
  const tokenRow = tokens.getByRole('row').filter({ hasText: 'ci-bot' });
  await expect(tokenRow).toContainText('Active');
  const prefix = (await tokenRow.locator('code').textContent())?.replace('…', '') ?? '';
  expect(prefix.length).toBeGreaterThan(0);
  expect(secret.startsWith(prefix)).toBe(true);
  await screenshot(page, testInfo, 'team-settings-token-once');

  const asToken = async () => {
    const response = await request.post(apiUrl(), { headers: { authorization: `Bearer ${secret}` }, data: { query: '{ viewer { via teams { slug role } } }' } });
    return (await response.json()) as { data?: { viewer: { via: string; teams: Array<{ slug: string; role: string }> } | null }; errors?: Array<{ extensions?: { code?: string } }> };
  };
  expect((await asToken()).data?.viewer).toEqual({ via: 'TOKEN', teams: [{ slug, role: 'MEMBER' }] });

  await secretBox.getByRole('button', { name: 'I have copied it — hide' }).click();
  await expect(page.getByLabel('Token secret')).toHaveCount(0);
  await expect(page.getByText('cannot be shown again')).toBeVisible();
  await page.reload();
  await expect(tokenRow).toContainText('Active');
  expect(await page.content()).not.toContain(secret);

  // Revoke: the row says so, and the secret no longer authenticates.
  await tokenRow.getByRole('button', { name: 'Revoke' }).click();
  await expect(tokenRow).toContainText('Revoked');
  await expect(tokenRow.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  const revoked = await asToken();
  expect(revoked.data?.viewer ?? null).toBeNull();

  // Remove the invitee again.
  await inviteeRow.getByRole('button', { name: 'Remove' }).click();
  await expect(members.getByRole('row').filter({ hasText: invitee.email })).toHaveCount(0);
  await screenshot(page, testInfo, 'team-settings');
  await page.setViewportSize({ width: 800, height: 900 });
  await screenshot(page, testInfo, 'team-settings-800');
});

test('import the synthetic dataset from the import page, watch it finish, browse it; register a model and open it', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const stamp = Date.now();
  await signUpAs(page, { email: `e2e-importer-${stamp}@example.test`, name: 'Ines Importer', password });

  // The personal team starts empty.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await expect(page.getByText(/No datasets in .* yet/)).toBeVisible();
  await page.getByRole('link', { name: 'import one' }).click();
  await expect(page).toHaveURL(/\/imports\?team=/);
  const teamSlug = new URL(page.url()).searchParams.get('team') ?? '';
  await expect(page.getByRole('heading', { level: 1, name: 'Import a dataset' })).toBeVisible();
  await screenshot(page, testInfo, 'import-page');

  // An upload the API refuses comes back to the form with the reason (here: not a zip for the importer).
  const upload = page.getByRole('form', { name: 'Upload a dataset archive' });
  await upload.getByLabel('Zip archive').setInputFiles({ name: 'not-a-zip.zip', mimeType: 'application/zip', buffer: Buffer.from('this is not a zip archive') });
  await upload.getByLabel('Importer format').fill('folder-csv');
  await upload.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page).toHaveURL(new RegExp(`/imports\\?team=${teamSlug}&error=`));
  await expect(page.locator('#upload').getByRole('alert')).toBeVisible();
  await screenshot(page, testInfo, 'import-upload-refused');

  // The synthetic dataset: small, so the worker is quick (32 px: the demo model's smallest input).
  const synthetic = page.getByRole('form', { name: 'Import the synthetic dataset' });
  await synthetic.getByLabel('Reference scenes').fill('4');
  await synthetic.getByLabel('Size (px)').fill('32');
  await synthetic.getByLabel('Distortion levels').fill('2');
  await synthetic.getByRole('button', { name: 'Import synthetic dataset' }).click();
  await expect(page).toHaveURL(new RegExp(`/imports/[^/?]+\\?team=${teamSlug}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Dataset import' })).toBeVisible();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 90_000 });
  await expect(page.getByText(/Updating every/)).toHaveCount(0);
  await expect(page.getByLabel('Import progress')).toHaveAttribute('value', '1');
  await screenshot(page, testInfo, 'import-done');
  await page.getByRole('status').getByRole('link').click();

  // The dataset page: facts, splits, histogram and image grid, all from the API.
  await expect(page).toHaveURL(new RegExp(`/datasets/[^/?]+\\?team=${teamSlug}$`));
  const facts = page.getByRole('definition');
  await expect(facts.first()).toBeVisible();
  const imageCount = Number(await page.locator('.facts div').filter({ hasText: /^Images/ }).locator('dd').textContent());
  expect(imageCount).toBeGreaterThan(0);
  const histogram = page.getByTestId('mos-histogram');
  await expect(histogram.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await histogram.getByText('Counts as a table').click();
  const counts = await histogram.locator('tbody td').allTextContents();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(imageCount);
  const grid = page.getByRole('list', { name: 'Images' });
  await expect(grid.getByRole('listitem')).toHaveCount(Math.min(imageCount, 48));
  await expect(grid.getByRole('listitem').first().getByRole('img')).toHaveAccessibleName(/^Image \S+, (D?MOS) \d/);
  const all = page.getByRole('navigation', { name: 'Splits' }).getByRole('link', { name: /^All/ });
  await expect(all).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No runs on this dataset yet.')).toBeVisible();
  await screenshot(page, testInfo, 'dataset-detail');
  await page.setViewportSize({ width: 800, height: 900 });
  await screenshot(page, testInfo, 'dataset-detail-800');
  await page.setViewportSize({ width: 1280, height: 720 });

  // A split in the URL filters the grid and the histogram.
  const testSplit = page.getByRole('navigation', { name: 'Splits' }).getByRole('link', { name: /^Test/ });
  const testCount = Number(await testSplit.locator('.count').textContent());
  await testSplit.click();
  await expect(page).toHaveURL(/split=TEST/);
  await expect(testSplit).toHaveAttribute('aria-current', 'page');
  if (testCount > 0) await expect(grid.getByRole('listitem')).toHaveCount(Math.min(testCount, 48));
  else await expect(page.getByText('No images in this split.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await expect(page.getByRole('table')).toContainText('synthetic');
  await screenshot(page, testInfo, 'datasets-list');

  // Models: empty, then the catalog's demo model registered with its bundled weights.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  await expect(page.getByText(/No models in .* yet/)).toBeVisible();
  const register = page.getByRole('form', { name: 'Register a model' });
  await register.getByRole('button', { name: 'Register model' }).click();
  // Neither weights nor bundled: refused with the reason (the browser's required check is on the catalog id).
  await register.getByLabel('Catalog entry id').fill('rankfall-demo-cnn');
  await register.getByRole('button', { name: 'Register model' }).click();
  await expect(page.locator('#register').getByRole('alert')).toContainText('Either choose a weights file');
  await page.getByRole('form', { name: 'Register a model' }).getByLabel('Catalog entry id').fill('rankfall-demo-cnn');
  await page.getByRole('form', { name: 'Register a model' }).getByLabel('use the catalog’s bundled weights instead').check();
  await page.getByRole('form', { name: 'Register a model' }).getByRole('button', { name: 'Register model' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model registration' })).toBeVisible();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 90_000 });
  await page.getByRole('status').getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/models/[^/?]+\\?team=${teamSlug}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const modelFacts = page.locator('dl[aria-label="Catalog facts"]');
  await expect(modelFacts).toContainText('Catalog entryrankfall-demo-cnn');
  await expect(modelFacts).toContainText(/Directionhigher score = better quality|Directionlower score = better quality/);
  await expect(modelFacts).toContainText(/Score range-?\d/);
  await expect(page.getByRole('heading', { name: 'Clean performance: reported vs reproduced' })).toBeVisible();
  await expect(page.getByText('Not evaluated yet')).toBeVisible();
  await screenshot(page, testInfo, 'model-detail-empty');

  // Evaluate it on the imported dataset (every image): a queued row, refreshed until the worker reproduced a SROCC.
  const evaluate = page.getByRole('form', { name: 'Evaluate this model' });
  await expect(evaluate.getByLabel('Dataset')).toContainText('synthetic');
  await evaluate.getByLabel('Split').selectOption('');
  await evaluate.getByRole('button', { name: 'Evaluate' }).click();
  await expect(evaluate.getByRole('status')).toContainText('Evaluation queued');
  const evaluations = page.getByRole('table', { name: /^Clean SROCC and PLCC of / });
  const row = evaluations.locator('tbody tr').first();
  await expect(row).toContainText('synthetic');
  await expect(row.locator('.badge')).not.toHaveText(/Queued|Running/, { timeout: 90_000 });
  await expect(row.locator('.badge'), (await page.locator('main ul.hint').allTextContents()).join(' ') || 'no error shown').toHaveText('Succeeded');
  await expect(page.getByText(/Updating every/)).toHaveCount(0);
  await expect(row.getByRole('cell').nth(3)).toHaveText(/^−?\d\.\d{3}( \(−?\d\.\d{3} … −?\d\.\d{3}\))?$/);
  await expect(row.getByRole('cell').nth(2)).toHaveText(String(imageCount));
  await screenshot(page, testInfo, 'model-detail');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  await expect(page.getByRole('table')).toContainText('rankfall-demo-cnn');
  await screenshot(page, testInfo, 'models-list');
});
