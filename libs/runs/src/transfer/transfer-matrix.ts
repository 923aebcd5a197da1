import type { TransferResultRow } from '@rankfall/db';

/**
 * How much of the target's agreement with MOS the transferred attack broke: (clean − attacked SROCC), with the sign
 * turned when exactly one of the target model and the dataset is lower-better (their raw SROCCs are then negative),
 * so a positive drop always means the ranking got worse.
 */
export function transferSroccDrop(row: {
  cleanSrocc: number | null;
  attackedSrocc: number | null;
  targetModel: { lowerBetter: boolean };
  run: { dataset: { lowerBetter: boolean } };
}): number | null {
  if (row.cleanSrocc === null || row.attackedSrocc === null) return null;
  const sign = row.targetModel.lowerBetter === row.run.dataset.lowerBetter ? 1 : -1;
  return sign * (row.cleanSrocc - row.attackedSrocc);
}

export interface TransferMatrixCell {
  runId: string;
  targetModelId: string;
  status: TransferResultRow['status'];
  /** SROCC(MOS, target's score of the adversarial PNGs). */
  srocc: number | null;
  /** SROCC(MOS, target's clean score). */
  cleanSrocc: number | null;
  /** cleanSrocc − srocc, oriented so that positive = the ranking got worse (transferSroccDrop). */
  sroccDrop: number | null;
  cleanToAttackedSrocc: number | null;
  meanAbsDelta: number | null;
  n: number;
}

export interface TransferMatrix {
  rows: Array<{ runId: string; runName: string | null; attackId: string; sourceModelId: string; sourceModelName: string }>;
  columns: Array<{ id: string; name: string }>;
  cells: TransferMatrixCell[];
}

/** Shapes runs (rows), their transfers (cells) and the target models (columns, by name) into the matrix. */
export function buildTransferMatrix(
  runs: ReadonlyArray<{ id: string; name: string | null; attackId: string; modelId: string; model: { id: string; name: string } }>,
  transfers: readonly TransferResultRow[],
  models: ReadonlyArray<{ id: string; name: string }>,
): TransferMatrix {
  const columns = [...models].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const runIds = new Set(runs.map((run) => run.id));
  const cells = transfers
    .filter((t) => runIds.has(t.runId))
    .map((t) => ({
      runId: t.runId,
      targetModelId: t.targetModelId,
      status: t.status,
      srocc: t.attackedSrocc,
      cleanSrocc: t.cleanSrocc,
      sroccDrop: transferSroccDrop(t),
      cleanToAttackedSrocc: t.cleanToAttackedSrocc,
      meanAbsDelta: t.meanAbsDelta,
      n: t.n,
    }));
  return { rows: runs.map((run) => ({ runId: run.id, runName: run.name, attackId: run.attackId, sourceModelId: run.model.id, sourceModelName: run.model.name })), columns, cells };
}
