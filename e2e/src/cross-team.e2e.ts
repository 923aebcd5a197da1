import { expect, test, type Page } from '@playwright/test';
import { graphqlAs, joinSeededTeam, screenshot, seeded, signUpAs } from './support/stack';

const password = 'correct horse battery';

test('a user of another team opens every page of a team and sees none of it', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const insider = { email: `e2e-insider-${stamp}@example.test`, name: `Inga Insider ${stamp}`, password };
  await signUpAs(page, insider);
  await joinSeededTeam(insider.email);
  const { teamId, teamSlug, datasetId, modelId } = seeded();

  // The insider's team holds: a run (with a unique name), its image pairs, the dataset, the model, an import.
  const runName = `Confidential run ${stamp}`;
  const created = await graphqlAs(page, request, 'mutation Create($input: CreateRunInput!) { createRun(input: $input) { id } }', {
    input: { teamId, modelId, datasetId, split: 'TEST', attackId: 'ifgsm', name: runName, config: { steps: 2 } },
  });
  const runId = (created['createRun'] as { id: string }).id;
  const facts = await graphqlAs(page, request, 'query Facts($id: ID!, $modelId: ID!) { dataset(id: $id) { name version images(split: TEST, first: 1) { edges { node { id key } } } } model(id: $modelId) { name } }', { id: datasetId, modelId });
  const dataset = facts['dataset'] as { name: string; version: string; images: { edges: Array<{ node: { id: string; key: string } }> } };
  const modelName = (facts['model'] as { name: string }).name;
  const image = dataset.images.edges[0]!.node;
  const queued = await graphqlAs(page, request, 'mutation Import($input: ImportDatasetInput!) { importDataset(input: $input) { id } }', {
    input: { teamId, source: { kind: 'synthetic', seed: stamp % 1000, references: 3, size: 16, levels: 1 } },
  });
  const importId = (queued['importDataset'] as { id: string }).id;

  const urls = {
    run: `/runs/${runId}`,
    imagePair: `/runs/${runId}/images/${image.id}`,
    dataset: `/datasets/${datasetId}`,
    datasetWithTeam: `/datasets/${datasetId}?team=${teamSlug}`,
    model: `/models/${modelId}?team=${teamSlug}`,
    import: `/imports/${importId}?team=${teamSlug}`,
    teamSettings: `/teams/${teamSlug}`,
  };
  const artifact = `/artifacts/run/${runId}/image/${image.id}/clean.png`;

  // Positive control: the insider sees every one of them (so the stranger's not-found below means something).
  await page.goto(urls.run);
  await expect(page.getByRole('heading', { level: 1, name: runName })).toBeVisible();
  await expect(page.locator('.run-head .badge')).toHaveText('Succeeded', { timeout: 120_000 });
  await page.goto(urls.imagePair);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(image.key);
  await page.goto(urls.dataset);
  await expect(page.getByRole('heading', { level: 1, name: `${dataset.name} ${dataset.version}` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Runs on this dataset' })).toContainText(runName);
  await page.goto(urls.model);
  await expect(page.getByRole('heading', { level: 1, name: modelName })).toBeVisible();
  await page.goto(urls.import);
  await expect(page.getByRole('heading', { level: 1, name: 'Dataset import' })).toBeVisible();
  await page.goto(urls.teamSettings);
  await expect(page.getByRole('table', { name: /^Members of / })).toContainText(insider.email);
  const insiderArtifact = await page.request.get(artifact);
  expect(insiderArtifact.status()).toBe(200);
  expect(insiderArtifact.headers()['content-type']).toMatch(/^image\//);

  // The stranger: signed up, in a personal team only.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUpAs(stranger, { email: `e2e-outsider-${stamp}@example.test`, name: 'Otto Outsider', password });
  const secrets = [runName, insider.email, insider.name, image.key, modelName];
  const leaks = async (target: Page) => {
    const html = await target.content();
    return secrets.filter((secret) => html.includes(secret));
  };

  // The other team's ids under the stranger's own team slug are not found either.
  const ownSlug = await stranger.getByLabel('Viewing').inputValue();
  const strangerUrls = { ...urls, importUnderOwnTeam: `/imports/${importId}?team=${ownSlug}`, modelUnderOwnTeam: `/models/${modelId}?team=${ownSlug}` };
  for (const [name, url] of Object.entries(strangerUrls)) {
    // (No status check: a page that streams behind its loading.tsx has sent 200 before it knows it is not found.)
    await stranger.goto(url);
    await expect(stranger.getByRole('heading', { level: 1, name: 'Not found' }), name).toBeVisible();
    expect(await leaks(stranger), `${name}: nothing of the other team in the HTML`).toEqual([]);
    await screenshot(stranger, testInfo, `cross-team-${name}`);
  }

  // The artifact proxy answers with the API's refusal, and no image bytes.
  const refused = await stranger.request.get(artifact);
  expect([403, 404]).toContain(refused.status());
  expect(refused.headers()['content-type']).not.toMatch(/^image\//);
  expect((await refused.body()).subarray(1, 4).toString()).not.toBe('PNG');

  // List pages named with the other team's slug show the stranger's own team, and nothing of the other.
  for (const path of ['/runs', '/datasets', '/models', '/imports']) {
    await stranger.goto(`${path}?team=${teamSlug}`);
    await expect(stranger.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(stranger.getByLabel('Viewing')).not.toHaveValue(teamSlug);
    expect(await leaks(stranger), `${path}: nothing of the other team`).toEqual([]);
  }
  await screenshot(stranger, testInfo, 'cross-team-imports-list');
  await strangerContext.close();
});
