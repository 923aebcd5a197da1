import { parseImageTableQuery } from '../../../../lib/api';
import { fetchRowsPage } from '../../../../lib/api-runs';
import { parseRunIds } from '../../../../lib/run-live';

export const dynamic = 'force-dynamic';

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

/** One page of a run's per-image table as JSON (`?sort&dir&filters&after=<cursor>`), for the windowed table. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = parseRunIds((await params).id, 1)?.[0];
  if (!id) return json({ error: 'Not a run id.' }, 400);
  const url = new URL(request.url);
  const after = url.searchParams.get('after');
  if (after !== null && (after.length === 0 || after.length > 1000)) return json({ error: 'after must be a cursor from the previous page.' }, 400);
  const query = parseImageTableQuery(Object.fromEntries(url.searchParams));
  const result = await fetchRowsPage(id, query, after);
  return result.ok ? json(result.page) : json({ error: result.message }, result.status);
}
