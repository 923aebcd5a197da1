import { resolve } from 'node:path';
import { addMemberByEmail, disconnectPrisma, getPrisma } from '@rankfall/db';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';

/** What the global setup seeded (see global-setup.ts). */
export function seeded(): { teamId: string; teamSlug: string; datasetId: string; modelId: string } {
  const get = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: the global setup seeds it`);
    return value;
  };
  return { teamId: get('RANKFALL_E2E_TEAM_ID'), teamSlug: get('RANKFALL_E2E_TEAM_SLUG'), datasetId: get('RANKFALL_E2E_DATASET_ID'), modelId: get('RANKFALL_E2E_MODEL_ID') };
}

/** The finished 5 000-result run the global setup seeded, in a team of its own (see seed-large-run.ts). */
export function seededLargeRun(): { teamId: string; runId: string } {
  const teamId = process.env['RANKFALL_E2E_LARGE_TEAM_ID'];
  const runId = process.env['RANKFALL_E2E_LARGE_RUN_ID'];
  if (!teamId || !runId) throw new Error('RANKFALL_E2E_LARGE_TEAM_ID / RANKFALL_E2E_LARGE_RUN_ID are not set: the global setup seeds them');
  return { teamId, runId };
}

/** Makes a signed-up user a member of the large run's team. */
export async function joinLargeRunTeam(email: string): Promise<void> {
  const url = process.env['RANKFALL_E2E_DATABASE_URL'];
  if (!url) throw new Error('RANKFALL_E2E_DATABASE_URL is not set');
  try {
    await addMemberByEmail(getPrisma(url), { teamId: seededLargeRun().teamId, email, role: 'VIEWER' });
  } finally {
    await disconnectPrisma();
  }
}

/** Makes a signed-up user a member of the seeded team (as an admin inviting them would). */
export async function joinSeededTeam(email: string, role: 'OWNER' | 'MEMBER' = 'MEMBER'): Promise<void> {
  const url = process.env['RANKFALL_E2E_DATABASE_URL'];
  if (!url) throw new Error('RANKFALL_E2E_DATABASE_URL is not set');
  try {
    await addMemberByEmail(getPrisma(url), { teamId: seeded().teamId, email, role });
  } finally {
    await disconnectPrisma();
  }
}

/** One GraphQL operation against the API as the browser's signed-in user (its dashboard session cookie). */
export async function graphqlAs(page: Page, request: APIRequestContext, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const session = (await page.context().cookies()).find((cookie) => cookie.name === 'rankfall_session');
  expect(session, 'the dashboard set the session cookie').toBeTruthy();
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  const apiUrl = process.env['RANKFALL_E2E_API_URL'];
  if (!apiUrl) throw new Error('RANKFALL_E2E_API_URL is not set');
  const response = await request.post(apiUrl, { headers: { cookie: `rankfall_session=${session?.value ?? ''}` }, data: { query, variables } });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data ?? {};
}

const screenshotDir = resolve(import.meta.dirname, '../../../reports/playwright/screenshots');

/** A full-page screenshot kept under reports/playwright/screenshots and attached to the test. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = resolve(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Signs a new user up through the dashboard's form (lands on /runs signed in). */
export async function signUpAs(page: Page, user: { email: string; name: string; password: string }): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/runs(\?.*)?$/);
}
