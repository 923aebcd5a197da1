import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ComputeError } from './compute-error';
import { backendNames, selectBackend } from './select-backend';

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('selectBackend', () => {
  it('tries node-gpu → node → webgpu → wasm and picks wasm on a machine without the optional packages', async () => {
    const selection = await selectBackend({ env: {} });
    expect(selection.backend).toBe('wasm');
    expect(selection.tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.threads).toBe(1);
    expect(selection.tried.map((t) => [t.name, t.ok])).toEqual([
      ['node-gpu', false],
      ['node', false],
      ['webgpu', false],
      ['wasm', true],
    ]);
    const [gpu, node, webgpu] = selection.tried;
    expect(gpu!.reason).toMatch(/^unavailable: .*tfjs-node-gpu/);
    expect(node!.reason).toMatch(/^unavailable: .*tfjs-node/);
    expect(webgpu!.reason).toBe('unavailable: @tensorflow/tfjs-backend-webgpu is not installed');
    expect(selection.tried[3]!.reason).toBeUndefined();
  });

  it('treats an empty RANKFALL_BACKEND as unset', async () => {
    expect((await selectBackend({ env: { RANKFALL_BACKEND: '' } })).backend).toBe('wasm');
  });

  it('honours RANKFALL_BACKEND=cpu and tries nothing else', async () => {
    const selection = await selectBackend({ env: { RANKFALL_BACKEND: 'cpu' } });
    expect(selection).toEqual({ backend: 'cpu', tfBackend: 'cpu', threads: 1, tried: [{ name: 'cpu', ok: true }] });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects an unknown RANKFALL_BACKEND, listing the valid values', async () => {
    const error = await selectBackend({ env: { RANKFALL_BACKEND: 'nonsense' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).toMatchObject({ code: 'UNKNOWN_BACKEND' });
    expect((error as Error).message).toBe(`RANKFALL_BACKEND=nonsense is not a backend; valid values: ${backendNames.join(', ')} (or unset: automatic)`);
  });

  it.each([
    ['node', /RANKFALL_BACKEND=node is unavailable \(unavailable: .*tfjs-node/],
    ['node-gpu', /RANKFALL_BACKEND=node-gpu is unavailable \(unavailable: .*tfjs-node-gpu/],
    ['webgpu', /RANKFALL_BACKEND=webgpu is unavailable \(unavailable: @tensorflow\/tfjs-backend-webgpu is not installed\)/],
  ])('rejects a forced backend that is not available here: %s', async (name, message) => {
    const error = await selectBackend({ env: { RANKFALL_BACKEND: name } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ComputeError', code: 'BACKEND_UNAVAILABLE' });
    expect((error as Error).message).toMatch(message);
  });
});
