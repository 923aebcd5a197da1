import { importDataset, importHref, uploadFormSchema, uploadToApi } from '../../../lib/api-imports';
import { readSession } from '../../../lib/api';
import { requireFormTeam } from '../../../lib/api-teams';
import { formUploadTooLarge, isSameOrigin, seeOther, shortMessage, textField } from '../upload-request';

export const dynamic = 'force-dynamic';

/**
 * POST /imports/upload (multipart: team, a zip `archive`, `format`, optional `table` / `images` / `name` / `version`),
 * from the import page's upload form: streams the zip to the API's POST /uploads/datasets?teamId=… with the viewer's
 * session, queues `importDataset({ kind: "upload", artifactId, … })` and answers 303 to the import's page. Any refusal
 * (the API's, or this form's) goes back to the import page with `?error=`.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return new Response('Forbidden: uploads come from the dashboard’s own import page.', { status: 403, headers: { 'content-type': 'text/plain' } });
  const tooLarge = formUploadTooLarge(request, 'archive');
  if (tooLarge) return seeOther(request, `/imports?error=${encodeURIComponent(shortMessage(tooLarge))}#upload`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return seeOther(request, `/imports?error=${encodeURIComponent('The upload could not be read as a form.')}#upload`);
  }
  const slug = textField(form, 'slug');
  const back = (message: string) => seeOther(request, `/imports?${new URLSearchParams({ ...(/^[A-Za-z0-9_-]{1,64}$/.test(slug) ? { team: slug } : {}), error: shortMessage(message) }).toString()}#upload`);
  const team = await requireFormTeam(slug, textField(form, 'teamId'));
  if (!team.ok) return back(team.message);
  const archive = form.get('archive');
  if (!(archive instanceof Blob) || archive.size === 0) return back('Choose a zip archive to upload.');
  const options = uploadFormSchema.safeParse({ format: textField(form, 'format'), table: textField(form, 'table'), images: textField(form, 'images'), name: textField(form, 'name'), version: textField(form, 'version') });
  if (!options.success) return back(options.error.issues[0]?.message ?? 'The upload form is not complete.');
  const upload = await uploadToApi('datasets', team.team.id, archive, await readSession());
  if (!upload.ok) return back(`Upload refused: ${upload.message}`);
  const queued = await importDataset(team.team.id, { kind: 'upload', artifactId: upload.artifactId, ...options.data }, `/imports?team=${team.team.slug}`);
  if (!queued.ok) return back(`The archive was uploaded (${upload.sizeBytes} bytes) but the import was refused: ${queued.message}`);
  return seeOther(request, importHref(queued.data.id, team.team.slug));
}
