import type { GraphQLFormattedError } from 'graphql';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: GraphQLFormattedError[] | undefined;
  code: string | undefined;
}

/** POSTs one GraphQL operation over real HTTP (test-only). */
export async function postGraphQL<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLFormattedError[] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.['code'] as string | undefined };
}

/** `name=value` of the session cookie a response set (what a browser would send back). */
export function sessionCookieFrom(headers: Headers): { pair: string; attributes: string } | null {
  const cookie = headers.getSetCookie().find((value) => value.startsWith('rankfall_session='));
  if (!cookie) return null;
  const [pair, ...attributes] = cookie.split(';');
  return { pair: pair!, attributes: attributes.join(';').trim() };
}
