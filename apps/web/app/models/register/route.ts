import { readSession } from '../../../lib/api';
import { importHref, uploadToApi } from '../../../lib/api-imports';
import { registerModel, registerModelSchema } from '../../../lib/api-models';
import { requireFormTeam } from '../../../lib/api-teams';
import { formUploadTooLarge, isSameOrigin, seeOther, shortMessage, textField } from '../../imports/upload-request';

export const dynamic = 'force-dynamic';

/**
 * POST /models/register (multipart: team, `catalogId`, optional `name`, a `weights` file or `bundled=true`), from the
 * models page: uploads the weights to the API's POST /uploads/weights?teamId=… with the viewer's session, queues
 * registerModel and answers 303 to the registration's import page; any refusal goes back with `?error=`.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return new Response('Forbidden: registrations come from the dashboard’s own models page.', { status: 403, headers: { 'content-type': 'text/plain' } });
  const tooLarge = formUploadTooLarge(request, 'weights file');
  if (tooLarge) return seeOther(request, `/models?error=${encodeURIComponent(shortMessage(tooLarge))}#register`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return seeOther(request, `/models?error=${encodeURIComponent('The registration could not be read as a form.')}#register`);
  }
  const slug = textField(form, 'slug');
  const back = (message: string) => seeOther(request, `/models?${new URLSearchParams({ ...(/^[A-Za-z0-9_-]{1,64}$/.test(slug) ? { team: slug } : {}), error: shortMessage(message) }).toString()}#register`);
  const team = await requireFormTeam(slug, textField(form, 'teamId'));
  if (!team.ok) return back(team.message);
  const input = registerModelSchema.safeParse({ teamId: team.team.id, catalogId: textField(form, 'catalogId'), name: textField(form, 'name') || undefined });
  if (!input.success) return back(input.error.issues[0]?.message ?? 'The registration form is not complete.');
  const weights = form.get('weights');
  const hasFile = weights instanceof Blob && weights.size > 0;
  const bundled = textField(form, 'bundled') === 'true';
  if (hasFile === bundled) return back('Either choose a weights file or tick “use the catalog’s bundled weights” (not both).');
  let outcome;
  if (hasFile) {
    const upload = await uploadToApi('weights', team.team.id, weights, await readSession());
    if (!upload.ok) return back(`Weights upload refused: ${upload.message}`);
    outcome = await registerModel({ ...input.data, weightsArtifactId: upload.artifactId }, `/models?team=${team.team.slug}`);
  } else {
    outcome = await registerModel({ ...input.data, bundled: true }, `/models?team=${team.team.slug}`);
  }
  if (!outcome.ok) return back(outcome.message);
  return seeOther(request, importHref(outcome.data.id, team.team.slug));
}
