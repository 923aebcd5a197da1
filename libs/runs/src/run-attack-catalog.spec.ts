import { describe, expect, it } from 'vitest';
import { describeRunAttacks } from './run-attack-catalog';
import { runAttackIds, runAttackRegistry } from './run-attacks';

describe('describeRunAttacks', () => {
  const described = describeRunAttacks();

  it('describes every attack that runs as a run, with a JSON Schema and the defaults that parse back', () => {
    expect(described.map((a) => a.id)).toEqual(runAttackIds);
    for (const attack of described) {
      expect(attack.configSchema).toMatchObject({ type: 'object' });
      const reparsed = runAttackRegistry[attack.id].parseConfig(attack.defaultConfig, [0, 100], 100);
      expect(reparsed.stored.attack).toBeDefined();
    }
  });

  it("shows SMA's paper defaults (ε 0.005, α 0.001, 10 steps; 100 000 stage-1 iterations, soft-rank ε 1)", () => {
    const sma = described.find((a) => a.id === 'sma')!;
    expect(sma.defaultConfig).toMatchObject({ preset: 'paper', stage1: { iterations: 100_000, softRankEps: 1 }, stage2: { epsilon: 0.005, alpha: 0.001, steps: 10 } });
    expect(sma.stages).toEqual(['CLEAN_SCORING', 'TARGETS', 'PERTURB', 'AGGREGATE']);
  });
});
