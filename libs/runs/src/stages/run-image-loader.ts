import type { ArtifactStore, RunImage } from '@rankfall/db';
import { decodeImage, type RgbImage } from '@rankfall/datasets';
import type { IqaModel } from '@rankfall/iqa-models';
import * as tf from '@tensorflow/tfjs';
import { RunsError } from '../runs-error';

/** Decodes one of a run's images from the artifact store (one at a time: a set never sits in memory). */
export async function loadRunImage(store: ArtifactStore, image: RunImage): Promise<RgbImage> {
  if (!image.artifactKey) throw new RunsError('MISSING_ARTIFACT', `image ${image.key} has no stored bytes (re-import the dataset)`);
  return decodeImage(await store.getBytes(image.artifactKey), { name: image.key });
}

/** The model's score of one HWC [0,1] image. */
export function scoreImage(model: IqaModel, data: Float32Array, height: number, width: number): number {
  return tf.tidy(() => model.score(tf.tensor4d(data, [1, height, width, 3])).dataSync()[0] ?? Number.NaN);
}
