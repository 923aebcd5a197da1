import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { readPyTorchCheckpoint } from './pytorch-checkpoint-reader';
import { readSafetensors } from './safetensors-reader';
import { readTfjsWeights } from './tfjs-weights-reader';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

export type WeightFileFormat = 'safetensors' | 'pytorch' | 'tfjs';

export interface WeightFile {
  readonly weights: WeightMap;
  readonly format: WeightFileFormat;
  /** sha256 (hex) of the file's bytes; for TF.js, of model.json. */
  readonly sha256: string;
}

/** A safetensors file starts with a u64 LE header length followed by a JSON object. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 9 || bytes[8] !== 0x7b) return false;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return length > 0n && length <= BigInt(bytes.length - 8);
}

/**
 * Reads a weight file of any supported format into a WeightMap: `.safetensors`; a TF.js
 * `model.json` (or its directory); otherwise the magic bytes decide — safetensors header, or a
 * PyTorch checkpoint (zip archive or legacy pickle stream; `.pt`, `.pth`, `.pkl`, `.bin` or no
 * extension). Every reader is strict and safe (pickles go through the allow-listed reader).
 */
export async function readWeightFile(path: string): Promise<WeightFile> {
  const info = await stat(path);
  if (info.isDirectory() || basename(path) === 'model.json' || extname(path) === '.json') {
    const modelJsonPath = info.isDirectory() ? join(path, 'model.json') : path;
    const sha256 = createHash('sha256').update(await readFile(modelJsonPath)).digest('hex');
    return { weights: await readTfjsWeights(path), format: 'tfjs', sha256 };
  }
  const bytes = new Uint8Array(await readFile(path));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (extname(path) === '.safetensors' || looksLikeSafetensors(bytes)) {
    return { weights: readSafetensors(bytes).tensors, format: 'safetensors', sha256 };
  }
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const pickle = bytes[0] === 0x80;
  if (zip || pickle) return { weights: readPyTorchCheckpoint(bytes), format: 'pytorch', sha256 };
  throw new WeightsError(
    'UNSUPPORTED_FORMAT',
    `${path}: not a weight file this library reads (safetensors, PyTorch .pt/.pth/.pkl state dict, TF.js model.json)`,
  );
}
