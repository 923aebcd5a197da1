import { describe, expect, it } from 'vitest';
import { formatRunMetrics, formatUapTraining } from './run-report.service';

const m = (name: string, reference: string, value: number, ciLow: number | null = null, ciHigh: number | null = null) => ({ name, reference: reference as never, value, ciLow, ciHigh });

describe('formatRunMetrics', () => {
  const metrics = [m('srocc', 'MOS_CLEAN', -0.83, -0.9, -0.7), m('plcc', 'MOS_CLEAN', -0.8), m('srocc', 'CLEAN_ATTACKED', 0.4, 0.2, 0.6), m('clean_out_of_range_count', 'NONE', 0), m('attacked_out_of_range_count', 'NONE', 3), m('score_range_lo', 'NONE', 0), m('score_range_hi', 'NONE', 100)];

  it('flips a MOS correlation, labelled, when the model and the labels run in opposite directions (DMOS model on MOS)', () => {
    const lines = formatRunMetrics(metrics, { modelLowerBetter: true, labelsLowerBetter: false });
    expect(lines[0]).toMatch(/MOS ↔ clean +SROCC 0\.830 \[0\.700, 0\.900\] +PLCC 0\.800 +\(sign flipped: the model and the labels run in opposite directions\)/);
    expect(lines[1]).toMatch(/clean ↔ attacked +SROCC 0\.400 \[0\.200, 0\.600\]/);
  });

  it('shows raw values when both run the same way (a DMOS model on DMOS labels)', () => {
    expect(formatRunMetrics(metrics, { modelLowerBetter: true, labelsLowerBetter: true })[0]).toMatch(/SROCC -0\.830 \[-0\.900, -0\.700\](?!.*flipped)/);
  });

  it('warns when scores fall outside the declared range', () => {
    expect(formatRunMetrics(metrics, { modelLowerBetter: false, labelsLowerBetter: false }).at(-1)).toBe("    warning: 0 clean and 3 attacked scores lie outside the model's declared range [0, 100] (R and the SMA bounds assume it)");
  });
});

describe('formatUapTraining', () => {
  it('says what the perturbation was learnt on and how large it is, and nothing for other stages', () => {
    const line = formatUapTraining({ trainSplit: 'TRAIN', trainImages: 12, epochs: 2, steps: 6, epsilon: 0.0392, linf: 0.03921, meanAbs: 0.012345, epochMeanScores: [40.5, 44.25] });
    expect(line).toBe('    uap training: 12 train images, 2 epochs (6 batches); ‖δ‖∞ 0.03921 of ε 0.0392, mean |δ| 0.01235; mean train score per epoch 40.50 → 44.25');
    expect(formatUapTraining({ sroccCleanTarget: -0.5 })).toBeNull();
    expect(formatUapTraining(null)).toBeNull();
  });
});
