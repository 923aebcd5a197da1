import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { readMatlabV5 } from './matlab-v5-reader';
import { isSvrParameterDirectory, readSvrParameterDirectory } from '../classic/svr-parameter-directory';
import { readPyTorchCheckpoint } from './pytorch-checkpoint-reader';
import { inspectSafetensorsHead, readSafetensors } from './safetensors-reader';
import { readTfjsWeights } from './tfjs-weights-reader';
import { readWeightFileBytes } from './weight-file-bytes';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

export type WeightFileFormat = 'safetensors' | 'pytorch' | 'tfjs' | 'opencv-svm' | 'libsvm' | 'matlab';

export interface WeightFile {
  readonly weights: WeightMap;
  readonly format: WeightFileFormat;
  /** sha256 (hex) of the file's bytes; for TF.js, of model.json; for an SVR directory, see readSvrParameterDirectory. */
  readonly sha256: string;
}

/** A safetensors file starts with a u64 LE header length (within the file) followed by a JSON object. */
function looksLikeSafetensors(head: Uint8Array, fileSize: number): boolean {
  if (head.length < 9 || head[8] !== 0x7b) return false;
  const length = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  return length > 0n && length <= BigInt(fileSize - 8);
}

/**
 * Reads a weight file of any supported format into a WeightMap: `.safetensors`; a TF.js
 * `model.json` (or its directory); otherwise the magic bytes decide — safetensors header, or a
 * PyTorch checkpoint (zip archive or legacy pickle stream; `.pt`, `.pth`, `.pkl`, `.bin` or no
 * extension). Every reader is strict and safe (pickles go through the allow-listed reader) and
 * refuses NaN/±Inf weights. Classic-model parameter sets: a MATLAB v5 `.mat` file (NIQE's pristine
 * MVG), or a directory holding an SVR and its feature range (OpenCV SVM YAML + range YAML, or a
 * LIBSVM model + normalize JSON; see readSvrParameterDirectory). Memory stays bounded: files over 2 GiB and safetensors headers over
 * 100 MB (or beyond the file) are refused from their sizes, before the file is read (LIMIT_EXCEEDED).
 */
export async function readWeightFile(path: string): Promise<WeightFile> {
  const info = await stat(path);
  if (info.isDirectory() && (await isSvrParameterDirectory(path))) return readSvrParameterDirectory(path);
  if (extname(path).toLowerCase() === '.mat') {
    const bytes = await readWeightFileBytes(path);
    return { weights: readMatlabV5(bytes, basename(path)), format: 'matlab', sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  if (info.isDirectory() || basename(path) === 'model.json' || extname(path) === '.json') {
    const modelJsonPath = info.isDirectory() ? join(path, 'model.json') : path;
    const sha256 = createHash('sha256').update(await readFile(modelJsonPath)).digest('hex');
    return { weights: await readTfjsWeights(path), format: 'tfjs', sha256 };
  }
  let safetensors = extname(path) === '.safetensors';
  const bytes = await readWeightFileBytes(path, (head, fileSize) => {
    safetensors ||= looksLikeSafetensors(head, fileSize);
    if (safetensors) inspectSafetensorsHead(head, fileSize);
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (safetensors) {
    return { weights: readSafetensors(bytes).tensors, format: 'safetensors', sha256 };
  }
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const pickle = bytes[0] === 0x80;
  if (zip || pickle) return { weights: readPyTorchCheckpoint(bytes), format: 'pytorch', sha256 };
  // A MAT-file without its extension (e.g. an uploaded artifact): recognised by its header text.
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 19)) === 'MATLAB 5.0 MAT-file') {
    return { weights: readMatlabV5(bytes, basename(path)), format: 'matlab', sha256 };
  }
  throw new WeightsError(
    'UNSUPPORTED_FORMAT',
    `${path}: not a weight file this library reads (safetensors, PyTorch .pt/.pth/.pkl state dict, TF.js model.json, MATLAB v5 .mat, or a directory holding an SVR parameter set)`,
  );
}
