import { readSession } from '../../../../lib/api';
import { runEventsResponse } from '../../../../lib/api-runs-live';
import { parseRunIds } from '../../../../lib/run-live';

export const dynamic = 'force-dynamic';

/** Server-Sent Events of one run (the API's runUpdated subscription, with the viewer's session). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const ids = parseRunIds((await params).id, 1);
  if (!ids) return new Response('Not a run id.', { status: 400, headers: { 'content-type': 'text/plain' } });
  return runEventsResponse(ids, await readSession(), request.signal);
}
