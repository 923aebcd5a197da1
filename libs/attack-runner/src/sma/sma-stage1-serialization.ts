import { z } from 'zod';
import { SmaError } from './sma-error';
import { smaStage1ConfigSchema } from './sma-stage1.config';
import type { Stage1State } from './sma-stage1-state';

const FORMAT = 'rankfall.sma-stage1-state';
const VERSION = 1;

/** Float64Array → base64 of its IEEE-754 little-endian bytes (exact, −0 and NaN payloads included). */
function encodeFloat64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function decodeFloat64(base64: string, n: number, field: string): Float64Array {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    throw new SmaError('INVALID_STATE', `${field} is not valid base64`);
  }
  if (binary.length !== n * 8) throw new SmaError('INVALID_STATE', `${field} holds ${binary.length} bytes, expected ${n * 8}`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Shape of a serialised stage-one state (JSON-safe; arrays as base64 of float64 little-endian). */
export const serializedStage1StateSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  config: smaStage1ConfigSchema,
  n: z.number().int().min(2),
  clean: z.string(),
  targets: z.string(),
  adamM: z.string(),
  adamV: z.string(),
  iteration: z.number().int().min(0),
  rngState: z.number().int().min(0).max(4294967295),
  snapshots: z.array(z.strictObject({ label: z.number().int().min(1), updates: z.number().int().min(0), targets: z.string() })),
});

export type SerializedStage1State = z.infer<typeof serializedStage1StateSchema>;

/** JSON-safe, bit-exact copy of a stage-one state (`JSON.stringify` it to store it). */
export function serializeStage1State(state: Stage1State): SerializedStage1State {
  return {
    format: FORMAT,
    version: VERSION,
    config: state.config,
    n: state.clean.length,
    clean: encodeFloat64(state.clean),
    targets: encodeFloat64(state.targets),
    adamM: encodeFloat64(state.adamM),
    adamV: encodeFloat64(state.adamV),
    iteration: state.iteration,
    rngState: state.rngState,
    snapshots: state.snapshots.map((s) => ({ label: s.label, updates: s.updates, targets: encodeFloat64(s.targets) })),
  };
}

/** Restores a state from `serializeStage1State`'s output (an object or its JSON text); validates it with zod. */
export function deserializeStage1State(input: unknown): Stage1State {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw new SmaError('INVALID_STATE', 'serialised stage-1 state is not valid JSON');
    }
  }
  const parsed = serializedStage1StateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SmaError('INVALID_STATE', `invalid serialised stage-1 state: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const s = parsed.data;
  if (s.iteration > s.config.iterations) throw new SmaError('INVALID_STATE', `iteration ${s.iteration} exceeds config.iterations ${s.config.iterations}`);
  return {
    config: s.config,
    clean: decodeFloat64(s.clean, s.n, 'clean'),
    targets: decodeFloat64(s.targets, s.n, 'targets'),
    adamM: decodeFloat64(s.adamM, s.n, 'adamM'),
    adamV: decodeFloat64(s.adamV, s.n, 'adamV'),
    iteration: s.iteration,
    rngState: s.rngState,
    snapshots: s.snapshots.map((snap, k) => ({ label: snap.label, updates: snap.updates, targets: decodeFloat64(snap.targets, s.n, `snapshots[${k}].targets`) })),
  };
}
