import { readSession } from '../../../lib/api';
import { runEventsResponse } from '../../../lib/api-runs-live';
import { parseRunIds } from '../../../lib/run-live';

export const dynamic = 'force-dynamic';

/** Server-Sent Events of several runs at once (`?ids=a,b`, at most 25: the runs list's active rows), one stream. */
export async function GET(request: Request): Promise<Response> {
  const ids = parseRunIds(new URL(request.url).searchParams.get('ids'));
  if (!ids) return new Response('ids must list 1 to 25 run ids, comma-separated.', { status: 400, headers: { 'content-type': 'text/plain' } });
  return runEventsResponse(ids, await readSession(), request.signal);
}
