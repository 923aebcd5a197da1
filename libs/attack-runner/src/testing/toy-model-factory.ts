import { z } from 'zod';
import type { IqaModel } from '@rankfall/iqa-models';
import { createLinearScorer } from './linear-scorer';
import { createTinyConvNet } from './tiny-conv-net';

const toyModelArgsSchema = z.discriminatedUnion('kind', [
  /** Ends the worker thread that builds it (tests the pool's recovery from a dead worker). */
  z.strictObject({ kind: z.literal('crash') }),
  z.strictObject({ kind: z.literal('conv'), seed: z.number().int().default(1), lowerBetter: z.boolean().default(false), channels: z.number().int().min(1).default(8) }),
  z.strictObject({
    kind: z.literal('linear'),
    height: z.number().int().min(1),
    width: z.number().int().min(1),
    /** Every weight is this value (a closed-form gradient). */
    weight: z.number().default(0.01),
    lowerBetter: z.boolean().default(false),
  }),
]);

export type ToyModelArgs = z.input<typeof toyModelArgsSchema>;

/**
 * Model factory module for worker-pool tests: a worker imports this file by URL and calls
 * `createToyModel(args)` (args arrive by structured clone, so they are parsed here).
 */
export async function createToyModel(args: unknown): Promise<IqaModel> {
  const parsed = toyModelArgsSchema.parse(args);
  if (parsed.kind === 'crash') process.exit(3);
  if (parsed.kind === 'conv') return createTinyConvNet(parsed);
  const weights = new Float32Array(parsed.height * parsed.width * 3).fill(parsed.weight);
  return createLinearScorer({ weights, height: parsed.height, width: parsed.width, lowerBetter: parsed.lowerBetter });
}
