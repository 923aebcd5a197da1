import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ComputeError } from './compute-error';

/** Backends in order of preference (ARCHITECTURE.md "Compute"). */
export const backendNames = ['node-gpu', 'node', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

export interface BackendAttempt {
  readonly name: BackendName;
  readonly ok: boolean;
  /** Why it is unavailable (absent when ok). */
  readonly reason?: string;
}

export interface BackendSelection {
  readonly backend: BackendName;
  /** The TF.js backend name now active (`tensorflow` for tfjs-node and tfjs-node-gpu). */
  readonly tfBackend: string;
  /** Compute threads the backend uses, when it reports them (wasm: its thread pool; cpu: 1). */
  readonly threads: number | null;
  /** Every candidate tried, in order, with the reason each unavailable one was skipped. */
  readonly tried: readonly BackendAttempt[];
}

export interface SelectBackendOptions {
  /** Where `RANKFALL_BACKEND` is read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const envSchema = z.object({
  RANKFALL_BACKEND: z
    .enum(backendNames, { error: (issue) => `RANKFALL_BACKEND=${String(issue.input)} is not a backend; valid values: ${backendNames.join(', ')} (or unset: automatic)` })
    .optional(),
});

interface Candidate {
  readonly tfName: string;
  /** Imports what registers the backend; throws with the reason when it cannot. */
  readonly load: () => Promise<void>;
}

const requireFromHere = createRequire(import.meta.url);

/** Dynamic import of an optional package whose absence is expected (the specifier is a variable on purpose). */
async function importOptional(specifier: string): Promise<void> {
  await import(/* @vite-ignore */ specifier);
}

const candidates: Record<BackendName, Candidate> = {
  // Both register the 'tensorflow' backend; they are optional dependencies whose install needs internet.
  'node-gpu': { tfName: 'tensorflow', load: () => importOptional('@tensorflow/tfjs-node-gpu') },
  node: { tfName: 'tensorflow', load: () => importOptional('@tensorflow/tfjs-node') },
  webgpu: {
    tfName: 'webgpu',
    load: async () => {
      try {
        requireFromHere.resolve('@tensorflow/tfjs-backend-webgpu');
      } catch {
        throw new Error('@tensorflow/tfjs-backend-webgpu is not installed');
      }
      if (!(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) throw new Error('no WebGPU adapter (navigator.gpu is undefined)');
      await importOptional('@tensorflow/tfjs-backend-webgpu');
    },
  },
  wasm: { tfName: 'wasm', load: () => importOptional('@tensorflow/tfjs-backend-wasm') },
  cpu: { tfName: 'cpu', load: async () => undefined },
};

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const firstLine = message.split('\n')[0] ?? message;
  return typeof code === 'string' ? `${code}: ${firstLine}` : firstLine;
}

async function threadsOf(name: BackendName): Promise<number | null> {
  if (name === 'cpu') return 1;
  if (name !== 'wasm') return null;
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount?: () => number };
  return wasm.getThreadsCount?.() ?? null;
}

async function tryBackend(name: BackendName): Promise<BackendAttempt> {
  const candidate = candidates[name];
  try {
    await candidate.load();
  } catch (error) {
    return { name, ok: false, reason: `unavailable: ${reasonOf(error)}` };
  }
  if (!tf.findBackendFactory(candidate.tfName)) return { name, ok: false, reason: `unavailable: no '${candidate.tfName}' backend registered` };
  try {
    if (await tf.setBackend(candidate.tfName)) return { name, ok: true };
    return { name, ok: false, reason: `unavailable: backend '${candidate.tfName}' failed to initialise` };
  } catch (error) {
    return { name, ok: false, reason: `unavailable: ${reasonOf(error)}` };
  }
}

/**
 * Chooses the TF.js backend: `RANKFALL_BACKEND` when set (validated; an unknown or unavailable one is an
 * error), else the first of node-gpu → node → webgpu → wasm → cpu that loads and initialises. The optional
 * packages that are not installed are skipped quietly and reported as "unavailable: <reason>".
 *
 * @throws ComputeError `UNKNOWN_BACKEND`, `BACKEND_UNAVAILABLE`.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const env = options.env ?? process.env;
  const raw = env['RANKFALL_BACKEND'];
  const parsed = envSchema.safeParse({ RANKFALL_BACKEND: raw === '' ? undefined : raw });
  if (!parsed.success) throw new ComputeError('UNKNOWN_BACKEND', parsed.error.issues.map((i) => i.message).join('; '));
  const forced = parsed.data.RANKFALL_BACKEND;
  const order: readonly BackendName[] = forced ? [forced] : backendNames;
  const tried: BackendAttempt[] = [];
  for (const name of order) {
    const attempt = await tryBackend(name);
    tried.push(attempt);
    if (attempt.ok) return { backend: name, tfBackend: tf.getBackend(), threads: await threadsOf(name), tried };
  }
  const why = tried.map((t) => `${t.name}: ${t.reason ?? 'unknown'}`).join('; ');
  throw new ComputeError(
    'BACKEND_UNAVAILABLE',
    forced ? `RANKFALL_BACKEND=${forced} is unavailable (${tried[0]?.reason ?? 'unknown'})` : `no TF.js backend is available (${why})`,
  );
}
