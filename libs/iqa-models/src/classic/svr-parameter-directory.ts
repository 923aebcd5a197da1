import { createHash } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { readLibsvmModel, readNormalizeJson } from '../weights/libsvm-reader';
import { readOpenCvRangeYaml, readOpenCvSvmYaml } from '../weights/opencv-svm-yaml-reader';
import { readWeightFileBytes } from '../weights/weight-file-bytes';
import type { WeightFile } from '../weights/weight-file-reader';
import { WeightsError } from '../weights/weights-error';
import { MAX_PARAMETER_TEXT_BYTES } from './svr-tensors';

const CANDIDATE_EXTENSIONS = new Set(['.yml', '.yaml', '.txt', '.model', '', '.json']);

type Role = 'opencv-svm' | 'opencv-range' | 'libsvm' | 'normalize';

/** What a candidate file is, from its name and its first bytes (never from executing anything). */
function roleOf(name: string, head: string): Role | null {
  const ext = extname(name).toLowerCase();
  if ((ext === '.yml' || ext === '.yaml') && head.startsWith('%YAML')) {
    if (/^\s*opencv_ml_svm:/m.test(head)) return 'opencv-svm';
    if (/^\s*range:\s*!!opencv-matrix/m.test(head)) return 'opencv-range';
  }
  if ((ext === '.txt' || ext === '.model' || ext === '') && head.startsWith('svm_type ')) return 'libsvm';
  if (ext === '.json' && /^normalize/i.test(name)) return 'normalize';
  return null;
}

async function classify(dir: string): Promise<Map<Role, string[]>> {
  const found = new Map<Role, string[]>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !CANDIDATE_EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
    const path = join(dir, entry.name);
    const handle = await open(path, 'r');
    let head: Uint8Array;
    try {
      if ((await handle.stat()).size > MAX_PARAMETER_TEXT_BYTES) continue;
      head = new Uint8Array(256);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    const role = roleOf(entry.name, new TextDecoder().decode(head));
    if (role !== null) found.set(role, [...(found.get(role) ?? []), path]);
  }
  return found;
}

/** True when `dir` holds at least one SVR model file (OpenCV SVM YAML or LIBSVM text model). */
export async function isSvrParameterDirectory(dir: string): Promise<boolean> {
  const found = await classify(dir);
  return found.has('opencv-svm') || found.has('libsvm');
}

function one(found: Map<Role, string[]>, role: Role, what: string, dir: string): string {
  const paths = found.get(role) ?? [];
  if (paths.length !== 1) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${dir}: expected exactly one ${what}, found ${paths.length === 0 ? 'none' : paths.map((p) => basename(p)).join(', ')}`);
  }
  return paths[0] as string;
}

/**
 * Reads a two-file SVR parameter set passed as one directory (how BRISQUE parameters are given to
 * `--weights`, createIqaModel and `model export`): either an OpenCV SVM YAML (`opencv_ml_svm`) and
 * an OpenCV range YAML (`range: !!opencv-matrix`), or a LIBSVM text model (`svm_type ...`) and a
 * `normalize*.json` with `min_`/`max_` (imquality's normalize.pickle is not read: use its JSON
 * form). Files are recognised by extension and first bytes; others (LICENSE, .pickle) are ignored;
 * two candidates for one role are an error. The result holds the six canonical SVR tensors.
 * `sha256` is the sha256 of the text `"<sha256 of model file>\n<sha256 of range file>\n"`, so it
 * changes when either file does (the catalog's knownSha256 records it beside each file's own).
 */
export async function readSvrParameterDirectory(dir: string): Promise<WeightFile> {
  const found = await classify(dir);
  const opencv = found.has('opencv-svm');
  if (opencv && found.has('libsvm')) throw new WeightsError('UNSUPPORTED_FORMAT', `${dir}: holds both an OpenCV SVM and a LIBSVM model; keep one`);
  const modelPath = one(found, opencv ? 'opencv-svm' : 'libsvm', opencv ? 'OpenCV SVM YAML' : 'LIBSVM model', dir);
  const rangePath = one(found, opencv ? 'opencv-range' : 'normalize', opencv ? 'OpenCV range YAML (range: !!opencv-matrix)' : 'normalize*.json', dir);
  const modelBytes = await readWeightFileBytes(modelPath);
  const rangeBytes = await readWeightFileBytes(rangePath);
  const model = opencv ? readOpenCvSvmYaml(modelBytes, basename(modelPath)) : readLibsvmModel(modelBytes, basename(modelPath));
  const range = opencv ? readOpenCvRangeYaml(rangeBytes, basename(rangePath)) : readNormalizeJson(rangeBytes, basename(rangePath));
  const dims = (model.get('svr.support_vectors')?.shape ?? [])[1];
  const rangeDims = range.get('scale.min')?.shape[0];
  if (dims !== rangeDims) {
    throw new WeightsError('SHAPE_MISMATCH', `${dir}: the SVR has ${dims} features, the range file ${rangeDims}`, 'scale.min');
  }
  const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const sha256 = createHash('sha256').update(`${digest(modelBytes)}\n${digest(rangeBytes)}\n`).digest('hex');
  return { weights: new Map([...model, ...range]), format: opencv ? 'opencv-svm' : 'libsvm', sha256 };
}
