import { createHash } from 'node:crypto';
import type { ArtifactStore, RunForExecution } from '@rankfall/db';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { RunsError } from '../runs-error';

const storedBlob = z.object({ artifactId: z.string(), key: z.string(), sha256: z.string(), sizeBytes: z.int() });

/**
 * What TRAIN_UAP records on its stage summary: the trained δ as exact float32 data (little-endian, NHWC
 * [1, size, size, 3]) and as a PNG amplified for viewing (pixel = 0.5 + δ / (2ε), so ±ε spans black to white),
 * plus how it was trained. The API and dashboard read `perturbation` / `preview` from here.
 */
export const uapTrainSummarySchema = z.object({
  trainSplit: z.enum(['TRAIN', 'VAL', 'TEST']),
  trainImages: z.int(),
  epochs: z.int(),
  batchesPerEpoch: z.int(),
  steps: z.int(),
  seed: z.int(),
  size: z.int(),
  epsilon: z.number(),
  /** max |δ| and mean |δ| over the perturbation's values. */
  linf: z.number(),
  meanAbs: z.number(),
  /** Per epoch: the mean score of clip(x + δ) over the train images, δ as it stood before each batch's update. */
  epochMeanScores: z.array(z.number()),
  perturbation: storedBlob.extend({ shape: z.tuple([z.literal(1), z.int(), z.int(), z.literal(3)]), dtype: z.literal('float32'), byteOrder: z.literal('little-endian') }),
  preview: storedBlob.extend({ mediaType: z.literal('image/png'), mapping: z.string() }),
});

export type UapTrainSummary = z.infer<typeof uapTrainSummarySchema>;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Float32 values as little-endian bytes (explicit, whatever the host's byte order). */
export function float32ToBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return bytes;
}

export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0) throw new RunsError('INVALID_INPUT', `float32 data must be a multiple of 4 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(bytes.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

/** The TRAIN_UAP summary of a run, parsed; null for runs without that stage. */
export function uapTrainSummaryOf(run: Pick<RunForExecution, 'id' | 'stages'>): UapTrainSummary | null {
  const stage = run.stages.find((s) => s.kind === 'TRAIN_UAP');
  if (!stage) return null;
  const parsed = uapTrainSummarySchema.safeParse(stage.summary);
  if (stage.status !== 'SUCCEEDED' || !parsed.success) throw new RunsError('INVALID_INPUT', `run ${run.id}: the universal perturbation is not trained yet (TRAIN_UAP is ${stage.status.toLowerCase()})`);
  return parsed.data;
}

/**
 * The trained δ of a UAP run as a [1, size, size, 3] tensor (the caller disposes it), read from the artifact
 * store and checked against its recorded hash; null for runs that train nothing.
 */
export async function loadUapPerturbation(store: ArtifactStore, run: Pick<RunForExecution, 'id' | 'stages'>): Promise<tf.Tensor4D | null> {
  const summary = uapTrainSummaryOf(run);
  if (!summary) return null;
  const bytes = await store.getBytes(summary.perturbation.key);
  if (sha256Hex(bytes) !== summary.perturbation.sha256) throw new RunsError('MISSING_ARTIFACT', `run ${run.id}: the stored universal perturbation does not match its hash (retrain it)`);
  const [, h, w] = summary.perturbation.shape;
  const values = bytesToFloat32(bytes);
  if (values.length !== h * w * 3) throw new RunsError('MISSING_ARTIFACT', `run ${run.id}: the stored perturbation has ${values.length} values, expected ${h * w * 3}`);
  return tf.tensor4d(values, [1, h, w, 3]);
}
