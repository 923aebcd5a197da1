import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { assertFiniteWeights } from './finite-weights';
import { WeightsError } from './weights-error';
import type { WeightMap } from './weight-map';

const weightEntrySchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  group: z.string().optional(),
  quantization: z
    .object({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      scale: z.number().optional(),
      min: z.number().optional(),
      original_dtype: z.string().optional(),
    })
    .optional(),
});

/** The part of a TF.js `model.json` (layers or graph model) that locates the weights. */
export const tfjsModelJsonSchema = z.looseObject({
  format: z.string().optional(),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      weights: z.array(weightEntrySchema),
    }),
  ),
});

export type TfjsModelJson = z.infer<typeof tfjsModelJsonSchema>;

/** Where TF.js weights come from: a directory (or its model.json path), or model.json + shard bytes. */
export type TfjsWeightsSource = string | { readonly modelJson: unknown; readonly files: ReadonlyMap<string, Uint8Array> };

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function checkShardPath(path: string): void {
  if (path.startsWith('/') || path.includes('\\') || path.split('/').some((part) => part === '..' || part === '')) {
    throw new WeightsError('MALFORMED_FILE', `model.json: weight shard path "${path}" leaves the model directory`);
  }
}

/**
 * Decodes the weights of a TF.js model (`weightsManifest` of model.json + its binary shards; the
 * shards of a group are concatenated in order and the tensors laid out one after the other) into a
 * float32 WeightMap. Handles float32/int32/bool and the quantizations uint8/uint16 (value = q·scale
 * + min) and float16. model.json is validated with zod; shard sizes are checked exactly.
 * Names and layouts are TF.js's (e.g. `conv2d/kernel` in HWIO).
 */
export function decodeTfjsWeights(modelJson: unknown, files: ReadonlyMap<string, Uint8Array>): WeightMap {
  const parsed = tfjsModelJsonSchema.safeParse(modelJson);
  if (!parsed.success) {
    throw new WeightsError('MALFORMED_FILE', `model.json: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const map: WeightMap = new Map();
  for (const group of parsed.data.weightsManifest) {
    const shards = group.paths.map((path) => {
      checkShardPath(path);
      const shard = files.get(path);
      if (shard === undefined) throw new WeightsError('MALFORMED_FILE', `model.json: weight shard "${path}" is missing`);
      return shard;
    });
    const total = shards.reduce((sum, shard) => sum + shard.length, 0);
    const buffer = new Uint8Array(total);
    let at = 0;
    for (const shard of shards) {
      buffer.set(shard, at);
      at += shard.length;
    }
    const view = new DataView(buffer.buffer);

    let offset = 0;
    for (const entry of group.weights) {
      const numel = entry.shape.reduce((product, dim) => product * dim, 1);
      if (entry.dtype === 'string' || entry.dtype === 'complex64') {
        throw new WeightsError('UNSUPPORTED_DTYPE', `tensor "${entry.name}": dtype ${entry.dtype} cannot become float32`, entry.name);
      }
      const quantization = entry.quantization;
      const elementBytes =
        quantization === undefined ? (entry.dtype === 'bool' ? 1 : 4) : quantization.dtype === 'uint8' ? 1 : 2;
      const length = numel * elementBytes;
      if (offset + length > total) {
        throw new WeightsError('MALFORMED_FILE', `tensor "${entry.name}" runs past the end of its shards (${total} bytes)`, entry.name);
      }
      const data = new Float32Array(numel);
      if (quantization === undefined) {
        for (let i = 0; i < numel; i++) {
          const at = offset + i * elementBytes;
          data[i] = entry.dtype === 'float32' ? view.getFloat32(at, true) : entry.dtype === 'int32' ? view.getInt32(at, true) : view.getUint8(at);
        }
      } else if (quantization.dtype === 'float16') {
        for (let i = 0; i < numel; i++) data[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
      } else {
        const { scale, min } = quantization;
        if (scale === undefined || min === undefined) {
          throw new WeightsError('MALFORMED_FILE', `tensor "${entry.name}": ${quantization.dtype} quantization without scale and min`, entry.name);
        }
        for (let i = 0; i < numel; i++) {
          const q = quantization.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true);
          data[i] = q * scale + min;
        }
      }
      if (map.has(entry.name)) throw new WeightsError('DUPLICATE_ENTRY', `model.json: weight "${entry.name}" is listed twice`, entry.name);
      map.set(entry.name, { shape: [...entry.shape], data });
      offset += length;
    }
    if (offset !== total) {
      throw new WeightsError('MALFORMED_FILE', `weight shards ${group.paths.join(', ')} hold ${total} bytes, the manifest describes ${offset}`);
    }
  }
  assertFiniteWeights(map, 'TF.js weights');
  return map;
}

/** Reads TF.js weights from a model directory (or a model.json path), or from in-memory files. */
export async function readTfjsWeights(source: TfjsWeightsSource): Promise<WeightMap> {
  if (typeof source !== 'string') return decodeTfjsWeights(source.modelJson, source.files);
  const modelJsonPath = (await stat(source)).isDirectory() ? join(source, 'model.json') : source;
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new WeightsError('MALFORMED_FILE', `${modelJsonPath}: not JSON (${error.message})`);
    throw error;
  }
  const parsed = tfjsModelJsonSchema.safeParse(modelJson);
  const files = new Map<string, Uint8Array>();
  if (parsed.success) {
    for (const path of parsed.data.weightsManifest.flatMap((group) => group.paths)) {
      checkShardPath(path);
      try {
        files.set(path, new Uint8Array(await readFile(join(dirname(modelJsonPath), path))));
      } catch (error) {
        // A missing shard is reported by decodeTfjsWeights as MALFORMED_FILE, naming it.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return decodeTfjsWeights(modelJson, files);
}
