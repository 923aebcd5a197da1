import { describe, expect, it } from 'vitest';
import { summarizeAttack } from './attack-summary';
import { srocc } from './srocc';

describe('summarizeAttack', () => {
  const mos = [10, 20, 30, 40, 50, 60, 70, 80];
  const clean = [12, 18, 33, 41, 47, 63, 69, 82];
  const attacked = [80, 70, 60, 50, 40, 30, 20, 10];

  it('computes each metric between the pair it names, with bootstrap CIs around the estimate', () => {
    const metrics = summarizeAttack({ mos, clean, attacked, targets: [100, 100, 100, 100, 0, 0, 0, 0], scoreRange: [0, 100], perImage: { psnr: [40, 42], ssim: [0.99, 0.98], linf: [0.005, 0.004] } });
    const get = (name: string, reference: string) => metrics.find((m) => m.name === name && m.reference === reference);
    expect(get('srocc', 'MOS_CLEAN')?.value).toBeCloseTo(1, 12);
    expect(get('srocc', 'MOS_ATTACKED')?.value).toBeCloseTo(-1, 12);
    expect(get('srocc', 'CLEAN_ATTACKED')?.value).toBeCloseTo(srocc(clean, attacked), 12);
    expect(get('srocc', 'CLEAN_TARGET')?.value).toBeLessThan(-0.8);
    for (const m of metrics.filter((x) => x.ciLow !== null)) {
      expect(m.ciLow!).toBeLessThanOrEqual(m.value + 1e-12);
      expect(m.ciHigh!).toBeGreaterThanOrEqual(m.value - 1e-12);
    }
    expect(get('psnr_mean', 'NONE')?.value).toBe(41);
    expect(get('linf_max', 'NONE')?.value).toBe(0.005);
    expect(get('mae', 'CLEAN_ATTACKED')?.value).toBeCloseTo(clean.reduce((s, c, i) => s + Math.abs(c - attacked[i]!), 0) / 8, 12);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => summarizeAttack({ mos: [1, 2, 3], clean: [1, 2], attacked: [1, 2], scoreRange: [0, 100] })).toThrowError(/one value per image/);
  });

  it('keeps the existing metric names and adds range checks without changing them', () => {
    const names = summarizeAttack({ mos, clean, attacked, scoreRange: [0, 100] }).map((m) => `${m.name}/${m.reference}`);
    for (const name of ['srocc/MOS_CLEAN', 'krocc/MOS_ATTACKED', 'plcc/CLEAN_ATTACKED', 'rmse/CLEAN_ATTACKED', 'mae/CLEAN_ATTACKED', 'r_robustness/CLEAN_ATTACKED']) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('counts scores outside the declared range, for clean and attacked, and records the range R assumed', () => {
    const outside = summarizeAttack({ mos, clean: [12, 18, 33, 41, 47, 63, 69, 101], attacked: [-2, 238, 60, 50, 40, 100, 0, 100.5], scoreRange: [0, 100] });
    const get = (name: string) => outside.find((m) => m.name === name && m.reference === 'NONE')?.value;
    expect(get('clean_out_of_range_count')).toBe(1);
    expect(get('attacked_out_of_range_count')).toBe(3);
    expect(get('score_range_lo')).toBe(0);
    expect(get('score_range_hi')).toBe(100);
    const inside = summarizeAttack({ mos, clean, attacked, scoreRange: [0, 100] });
    expect(inside.find((m) => m.name === 'attacked_out_of_range_count')?.value).toBe(0);
    expect(inside.find((m) => m.name === 'clean_out_of_range_count')?.value).toBe(0);
  });
});
