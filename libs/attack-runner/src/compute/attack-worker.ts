import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { IqaModel } from '@rankfall/iqa-models';
import { runAttack } from '../runner/run-attack';
import { selectBackend } from './select-backend';
import { workerDataSchema, workerInboundSchema, type TensorData, type WorkerOutbound } from './worker-messages';

/**
 * Worker-thread entry of the pool: its own TF.js (wasm instance), its own model built from the job's factory
 * spec (cached while consecutive jobs name the same one), one job at a time.
 */
const port = parentPort;
if (!port) throw new Error('attack-worker.ts must run in a worker thread');
const post = (message: WorkerOutbound, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let cached: { key: string; model: IqaModel } | null = null;
const controllers = new Map<number, AbortController>();

async function modelFor(spec: { module: string; exportName: string; args?: unknown }): Promise<IqaModel> {
  const key = JSON.stringify(spec);
  if (cached?.key === key) return cached.model;
  cached?.model.dispose();
  cached = null;
  const specifier = isAbsolute(spec.module) ? pathToFileURL(spec.module).href : spec.module;
  const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  const factory = module[spec.exportName];
  if (typeof factory !== 'function') throw new Error(`model factory '${spec.exportName}' is not a function exported by ${spec.module}`);
  const model = (await (factory as (args: unknown) => Promise<IqaModel> | IqaModel)(spec.args)) as IqaModel;
  cached = { key, model };
  return model;
}

function errorMessage(id: number, error: unknown): WorkerOutbound {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return { type: 'error', id, name: e.name, code: typeof code === 'string' ? code : null, message: e.message };
}

async function handleJob(id: number, raw: unknown): Promise<void> {
  const controller = new AbortController();
  controllers.set(id, controller);
  const owned: tf.Tensor[] = [];
  try {
    const message = workerInboundSchema.parse({ type: 'job', id, job: raw });
    if (message.type !== 'job') return;
    const { job } = message;
    const model = await modelFor(job.model);
    const shape = job.image.shape.length === 3 ? [1, ...job.image.shape] : job.image.shape;
    const images = tf.tensor4d(job.image.data, shape as [number, number, number, number]);
    owned.push(images);
    const perturbation = job.perturbation ? tf.tensor4d(job.perturbation.data, job.perturbation.shape) : undefined;
    if (perturbation) owned.push(perturbation);
    const result = await runAttack({
      attack: job.attack,
      config: job.config,
      model,
      images,
      ...(job.targets ? { targets: job.targets } : {}),
      ...(perturbation ? { perturbation } : {}),
      ...(job.seed !== undefined ? { seed: job.seed } : {}),
      signal: controller.signal,
      onProgress: ({ iteration, total, scores }) => post({ type: 'progress', id, iteration, total, scores }),
    });
    owned.push(result.adversarial);
    if (result.perturbation) owned.push(result.perturbation);
    const toData = async (t: tf.Tensor): Promise<TensorData> => ({ data: (await t.data()) as Float32Array, shape: t.shape });
    const adversarial = await toData(result.adversarial);
    const trained = result.perturbation ? await toData(result.perturbation) : null;
    const { adversarial: _a, perturbation: _p, ...facts } = result;
    post(
      { type: 'result', id, result: { ...facts, adversarial, perturbation: trained, backend: tf.getBackend() } },
      [adversarial.data.buffer as ArrayBuffer, ...(trained ? [trained.data.buffer as ArrayBuffer] : [])],
    );
  } catch (error) {
    post(errorMessage(id, error));
  } finally {
    tf.dispose(owned);
    controllers.delete(id);
  }
}

try {
  const { backend } = workerDataSchema.parse(workerData ?? {});
  const selection = await selectBackend({ env: backend ? { RANKFALL_BACKEND: backend } : process.env });
  port.on('message', (raw: unknown) => {
    const message = raw as { type?: unknown; id?: unknown; job?: unknown };
    if (message.type === 'cancel' && typeof message.id === 'number') controllers.get(message.id)?.abort();
    else if (message.type === 'job' && typeof message.id === 'number') void handleJob(message.id, message.job);
  });
  post({ type: 'ready', backend: selection.backend, threads: selection.threads });
} catch (error) {
  const code = (error as { code?: unknown }).code;
  post({ type: 'startup-error', code: typeof code === 'string' ? code : 'WORKER_FAILED', message: error instanceof Error ? error.message : String(error) });
}
