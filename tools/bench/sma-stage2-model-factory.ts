import { z } from 'zod';
import { createIqaModel, type IqaModel } from '../../libs/iqa-models/src/index';

const argsSchema = z.strictObject({ weightsPath: z.string().min(1) });

/**
 * Model factory of `sma-stage2.bench.ts` for the worker pool: each worker imports this file and builds the
 * catalog's S-CNN (`scnn-distortion-proxy`, score = mean of the 39 logits) from the given safetensors file.
 */
export async function createScnnBenchModel(args: unknown): Promise<IqaModel> {
  const { weightsPath } = argsSchema.parse(args);
  return createIqaModel('scnn-distortion-proxy', { weights: weightsPath });
}
