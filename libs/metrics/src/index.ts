export { MetricsError, type MetricsErrorCode } from './metrics-error';
export type { NumericArray } from './numeric-array';
export type { HwcImage, HwcImageData } from './hwc-image';
export type { ScoreRange } from './score-range';
export type { AttackDirection } from './attack-direction';

export { rankAverage } from './rank-average';
export { srocc } from './srocc';
export { krocc } from './krocc';
export { plcc } from './plcc';
export { fitLogistic4, logistic4, type Logistic4Fit, type Logistic4FitOptions, type Logistic4Params } from './logistic4';
export { plccLogistic } from './plcc-logistic';
export { mse } from './mse';
export { rmse } from './rmse';
export { mae } from './mae';

export { robustnessScore, type RobustnessScoreOptions } from './robustness-score';
export { scoreRangeViolations, type ScoreRangeViolations } from './score-range-violations';
export { absoluteGain, type GainOptions } from './absolute-gain';
export { relativeGain } from './relative-gain';
export { relativeGainClassic, type RelativeGainClassicOptions } from './relative-gain-classic';

export { psnr, type PsnrOptions } from './psnr';
export { ssim, type SsimOptions } from './ssim';
export { linfDistance } from './linf-distance';
export { l2Distance } from './l2-distance';
export { perturbationMetricsOfBytes, type BytePerturbationMetrics } from './perturbation-metrics-of-bytes';

export { mulberry32 } from './mulberry32';
export { bootstrapCi, type BootstrapCi, type BootstrapCiOptions } from './bootstrap-ci';
export { summarizeAttack, type AttackSummaryInput, type SummaryMetric, type SummaryReference } from './attack-summary';
