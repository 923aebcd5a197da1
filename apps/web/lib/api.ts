import { z } from 'zod';

/**
 * The dashboard's only door to the API (STYLE.md §14): GraphQL over HTTP, wire types parsed with zod
 * and reshaped into view types here.
 */
export const apiUrl = (): string => process.env['RANKFALL_API_URL'] ?? 'http://127.0.0.1:4000/graphql';

const healthWire = z.object({ data: z.object({ health: z.object({ ok: z.boolean(), version: z.string(), database: z.boolean() }) }) });

export type ApiStatus =
  | { state: 'up'; version: string; database: boolean }
  | { state: 'down'; reason: string };

/** Reshapes a health response (or the failure to get one) into what the page shows. */
export function toApiStatus(result: { ok: true; body: unknown } | { ok: false; error: string }): ApiStatus {
  if (!result.ok) return { state: 'down', reason: result.error };
  const parsed = healthWire.safeParse(result.body);
  if (!parsed.success) return { state: 'down', reason: 'unexpected response from the API' };
  const { health } = parsed.data.data;
  return { state: 'up', version: health.version, database: health.database };
}

export async function fetchApiStatus(signal?: AbortSignal): Promise<ApiStatus> {
  try {
    const response = await fetch(apiUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { ok version database } }' }),
      cache: 'no-store',
      signal: signal ?? AbortSignal.timeout(3_000),
    });
    if (!response.ok) return toApiStatus({ ok: false, error: `API answered HTTP ${response.status}` });
    return toApiStatus({ ok: true, body: await response.json() });
  } catch (error) {
    return toApiStatus({ ok: false, error: `API not reachable at ${apiUrl()} (${error instanceof Error ? error.message : String(error)})` });
  }
}
