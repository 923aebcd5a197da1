import { fetchArtifact } from '../../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /artifacts/run/:runId/image/:imageId/{clean,adversarial,difference}.png: the API's artifact, fetched with the browser's session. */
export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await params;
  return fetchArtifact(path);
}
