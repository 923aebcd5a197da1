import type { ArtifactStore } from '@rankfall/db';
import { decodeImage } from '@rankfall/datasets';
import type { IqaModel } from '@rankfall/iqa-models';
import { RunsError } from '../runs-error';
import { scoreImage } from '../stages/run-image-loader';

/**
 * A model's score of an image stored in the artifact store (an 8-bit PNG the perturb stage saved, or a clean
 * image): decoded to bytes / 255 — the very values `rgbImageFromBytes` gives the perturb stage for the image it
 * saves — and scored with the stages' `scoreImage`. So the run's own model reproduces `attackedScore` exactly.
 */
export async function scoreStoredImage(store: ArtifactStore, model: IqaModel, key: string | null, name: string): Promise<number> {
  if (!key) throw new RunsError('MISSING_ARTIFACT', `image ${name} has no stored bytes`);
  const decoded = await decodeImage(await store.getBytes(key), { name });
  const score = scoreImage(model, decoded.data, decoded.height, decoded.width);
  if (!Number.isFinite(score)) throw new RunsError('INVALID_INPUT', `the target model returned a non-finite score for ${name}`);
  return score;
}
