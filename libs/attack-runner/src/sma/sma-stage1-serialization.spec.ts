import { describe, expect, it } from 'vitest';
import { createStage1State } from './sma-stage1-state';
import { deserializeStage1State, serializeStage1State } from './sma-stage1-serialization';

const bytes = (x: Float64Array): number[] => [...new Uint8Array(x.buffer, x.byteOffset, x.byteLength)];

describe('serializeStage1State / deserializeStage1State', () => {
  it('round-trips every double bit for bit through JSON text, −0 and subnormals included', () => {
    const state = createStage1State([1.5, 2.25, 3.125, 4], { iterations: 10, snapshots: [3] });
    state.targets.set([-0, 5e-324, 0.1 + 0.2, Math.PI]);
    state.adamM.set([1e-300, -1e300, 1 / 3, -0]);
    state.adamV.set([2 / 3, 0, Number.MIN_VALUE, 1]);
    state.iteration = 4;
    state.snapshots.push({ label: 3, updates: 4, targets: Float64Array.from([-0, 1, 2, 3]) });
    const restored = deserializeStage1State(JSON.stringify(serializeStage1State(state)));
    for (const key of ['clean', 'targets', 'adamM', 'adamV'] as const) expect(bytes(restored[key])).toEqual(bytes(state[key]));
    expect(restored.iteration).toBe(4);
    expect(restored.rngState).toBe(state.rngState);
    expect(restored.config).toEqual(state.config);
    expect(restored.snapshots).toHaveLength(1);
    expect(restored.snapshots[0]!.label).toBe(3);
    expect(bytes(restored.snapshots[0]!.targets)).toEqual(bytes(state.snapshots[0]!.targets));
  });

  it.each([
    { name: 'not JSON', input: '{', code: 'INVALID_STATE', message: /not valid JSON/ },
    { name: 'wrong format tag', input: { format: 'x' }, code: 'INVALID_STATE', message: /format/ },
  ])('rejects $name', ({ input, code, message }) => {
    expect(() => deserializeStage1State(input)).toThrow(message);
    expect(() => deserializeStage1State(input)).toThrow(expect.objectContaining({ code }));
  });

  it('rejects arrays of the wrong length and an iteration beyond the run', () => {
    const serialized = serializeStage1State(createStage1State([1, 2, 3], { iterations: 5 }));
    expect(() => deserializeStage1State({ ...serialized, n: 4 })).toThrow(/clean holds 24 bytes, expected 32/);
    expect(() => deserializeStage1State({ ...serialized, iteration: 6 })).toThrow(/exceeds config.iterations/);
  });
});
