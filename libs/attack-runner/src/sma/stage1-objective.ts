import { SoftRankWorkspace } from './soft-rank-workspace';

/** Weights of the stage-one loss. */
export interface Stage1LossWeights {
  readonly softRankEps: number;
  readonly lambdaVar: number;
  readonly lambdaMse: number;
}

/**
 * SMA stage-one loss and its gradient (SMA.md §2.4), allocation-free for repeated evaluation:
 *
 *   loss(ŝ) = ρ̃(s, ŝ) − λ_var·Var_unbiased(ŝ) − λ_mse·MSE(ŝ, s),
 *   ρ̃(s, ŝ) = Pearson( softrank_ε(s), softrank_ε(ŝ)/N ).
 *
 * The constant side, a = centred softrank_ε(s) scaled to unit norm, is computed once (the same doubles
 * the official code recomputes every step). With p = r/N and b = (p − p̄)/‖p − p̄‖: ρ̃ = b·a,
 * ∂ρ̃/∂p = centre((a − ρ̃·b)/‖p − p̄‖) (as `pearsonWithGradient`), ∂ρ̃/∂r = ∂ρ̃/∂p · 1/N, then the soft
 * rank's VJP; the variance and MSE gradients are analytic (Appendix A).
 */
export class Stage1Objective {
  readonly n: number;
  /** ρ̃ of the last `evaluate`. */
  softSpearman = Number.NaN;
  /** Loss of the last `evaluate`. */
  loss = Number.NaN;
  private readonly cleanUnit: Float64Array;
  private readonly ranks: Float64Array;
  private readonly unit: Float64Array;
  private readonly gradRanks: Float64Array;
  private readonly softRank: SoftRankWorkspace;

  constructor(
    private readonly clean: Float64Array,
    private readonly weights: Stage1LossWeights,
  ) {
    const n = clean.length;
    this.n = n;
    this.ranks = new Float64Array(n);
    this.unit = new Float64Array(n);
    this.gradRanks = new Float64Array(n);
    this.softRank = new SoftRankWorkspace(n);
    const cleanRanks = new Float64Array(n);
    this.softRank.compute(clean, weights.softRankEps, cleanRanks);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += cleanRanks[i]!;
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (cleanRanks[i]! - mean) * (cleanRanks[i]! - mean);
    const norm = Math.sqrt(ss);
    this.cleanUnit = cleanRanks.map((r) => (r - mean) / norm);
  }

  /** Evaluates the loss at `targets`, writes ∂loss/∂ŝ into `gradOut` (if given) and returns the loss. */
  evaluate(targets: Float64Array, gradOut?: Float64Array): number {
    const { n, clean, cleanUnit, ranks, unit, gradRanks } = this;
    const { softRankEps, lambdaVar, lambdaMse } = this.weights;
    this.softRank.compute(targets, softRankEps, ranks);

    // p = r/N (kept in `ranks`), its centred unit vector b (in `unit`) and ρ̃ = b·a.
    let pSum = 0;
    for (let i = 0; i < n; i++) {
      const p = ranks[i]! / n;
      ranks[i] = p;
      pSum += p;
    }
    const pMean = pSum / n;
    let pp = 0;
    for (let i = 0; i < n; i++) {
      const pc = ranks[i]! - pMean;
      pp += pc * pc;
    }
    const pNorm = Math.sqrt(pp);
    let rho = 0;
    for (let i = 0; i < n; i++) {
      const b = (ranks[i]! - pMean) / pNorm;
      unit[i] = b;
      rho += b * cleanUnit[i]!;
    }

    let sum = 0;
    let ssMse = 0;
    for (let i = 0; i < n; i++) {
      const t = targets[i]!;
      const e = t - clean[i]!;
      sum += t;
      ssMse += e * e;
    }
    const mean = sum / n;
    let ssVar = 0;
    for (let i = 0; i < n; i++) {
      const d = targets[i]! - mean;
      ssVar += d * d;
    }
    const loss = rho - lambdaVar * (ssVar / (n - 1)) - lambdaMse * (ssMse / n);
    this.softSpearman = rho;
    this.loss = loss;
    if (gradOut === undefined) return loss;

    let gSum = 0;
    for (let i = 0; i < n; i++) {
      const g = (cleanUnit[i]! - rho * unit[i]!) / pNorm;
      gradRanks[i] = g;
      gSum += g;
    }
    const gMean = gSum / n;
    for (let i = 0; i < n; i++) gradRanks[i] = (gradRanks[i]! - gMean) / n;
    this.softRank.vjp(gradRanks, gradRanks);
    const varScale = (2 * lambdaVar) / (n - 1);
    const mseScale = (2 * lambdaMse) / n;
    for (let i = 0; i < n; i++) {
      const t = targets[i]!;
      gradOut[i] = gradRanks[i]! - varScale * (t - mean) - mseScale * (t - clean[i]!);
    }
    return loss;
  }
}
