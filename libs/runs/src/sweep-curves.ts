import type { findSweepWithRuns } from '@rankfall/db';

/** A sweep with its runs, their metrics and per-image scores (what `findSweepWithRuns` reads). */
export type SweepWithRuns = NonNullable<Awaited<ReturnType<typeof findSweepWithRuns>>>;

/** One point of the robustness-vs-budget curves: one run of the sweep. */
export interface SweepPoint {
  readonly value: number;
  readonly runId: string;
  readonly status: string;
  readonly sroccCleanAttacked: number | null;
  readonly sroccMosAttacked: number | null;
  /** Mean |attacked − clean| over the images attacked so far (score units of the model). */
  readonly meanAbsScoreChange: number | null;
  readonly psnrMean: number | null;
  readonly rRobustness: number | null;
}

/**
 * The sweep's runs as curve points, in the order of the swept values (a run's value is read from its stored config).
 * The one definition of the curves: the CLI's `sweep report` and the API's `Sweep.curve` both call it.
 */
export function sweepPoints(sweep: SweepWithRuns): SweepPoint[] {
  const metric = (run: SweepWithRuns['runs'][number], name: string, reference: string) => run.metrics.find((m) => m.name === name && m.reference === reference)?.value ?? null;
  return sweep.runs
    .map((run) => {
      const config = run.config as { attack?: Record<string, unknown> };
      const raw = config.attack?.[sweep.parameter];
      const changes = run.imageResults.filter((r) => r.cleanScore !== null && r.attackedScore !== null).map((r) => Math.abs((r.attackedScore as number) - (r.cleanScore as number)));
      return {
        value: typeof raw === 'number' ? raw : Number.NaN,
        runId: run.id,
        status: run.status,
        sroccCleanAttacked: metric(run, 'srocc', 'CLEAN_ATTACKED'),
        sroccMosAttacked: metric(run, 'srocc', 'MOS_ATTACKED'),
        meanAbsScoreChange: changes.length ? changes.reduce((a, b) => a + b, 0) / changes.length : null,
        psnrMean: metric(run, 'psnr_mean', 'NONE'),
        rRobustness: metric(run, 'r_robustness', 'CLEAN_ATTACKED'),
      };
    })
    .sort((a, b) => a.value - b.value);
}
