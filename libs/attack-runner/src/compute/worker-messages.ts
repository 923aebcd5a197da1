import { z } from 'zod';
import type { AttackResult } from '../runner/run-attack';
import { backendNames } from './select-backend';

/**
 * Messages between the pool and its worker threads: plain data only (structured clone), tensors as
 * Float32Array + shape. The worker parses what it receives with these schemas (a thread boundary is an edge).
 */

const shape4 = z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]);
const shape3 = z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]);

export const modelFactorySpecSchema = z.strictObject({
  /** What the worker imports: a package specifier (`@rankfall/iqa-models`), a file URL or an absolute path. */
  module: z.string().min(1),
  /** The named export called as `await factory(args)`, returning an IqaModel. Default `createModel`. */
  exportName: z.string().min(1).default('createModel'),
  /** Structured-clone-able arguments, e.g. `{ catalogId, weightsPath }`. */
  args: z.unknown().optional(),
});

const tensorDataSchema = z.strictObject({
  data: z.instanceof(Float32Array),
  /** HWC (one image) or NHWC. */
  shape: z.union([shape3, shape4]),
});

export const attackJobSchema = z.strictObject({
  image: tensorDataSchema.refine((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1), {
    error: 'image.data length does not match image.shape',
  }),
  model: modelFactorySpecSchema,
  attack: z.string().min(1),
  config: z.unknown().optional(),
  targets: z.array(z.number()).optional(),
  perturbation: z
    .strictObject({ data: z.instanceof(Float32Array), shape: shape4 })
    .refine((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1), { error: 'perturbation.data length does not match its shape' })
    .optional(),
  seed: z.number().int().optional(),
});

export const workerInboundSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('job'), id: z.number().int(), job: attackJobSchema }),
  z.strictObject({ type: z.literal('cancel'), id: z.number().int() }),
]);

export const workerDataSchema = z.strictObject({
  backend: z.enum(backendNames).optional(),
});

export type ModelFactorySpec = z.input<typeof modelFactorySpecSchema>;
export type AttackJob = z.input<typeof attackJobSchema>;
export type WorkerInbound = z.input<typeof workerInboundSchema>;
export type WorkerData = z.input<typeof workerDataSchema>;

export interface TensorData {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** What a job returns: `runAttack`'s result with tensors as data, plus the worker's backend. */
export type AttackJobResult = Omit<AttackResult, 'attack' | 'adversarial' | 'perturbation'> & {
  readonly attack: string;
  readonly adversarial: TensorData;
  readonly perturbation: TensorData | null;
  readonly backend: string;
  readonly workerId: number;
};

export type WorkerOutbound =
  | { readonly type: 'ready'; readonly backend: string; readonly threads: number | null }
  | { readonly type: 'startup-error'; readonly code: string; readonly message: string }
  | { readonly type: 'progress'; readonly id: number; readonly iteration: number; readonly total: number; readonly scores: readonly number[] }
  | { readonly type: 'result'; readonly id: number; readonly result: Omit<AttackJobResult, 'workerId'> }
  | { readonly type: 'error'; readonly id: number; readonly name: string; readonly code: string | null; readonly message: string };
