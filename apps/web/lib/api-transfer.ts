import { z } from 'zod';
import { graphql, isActive, RUN_STATUSES, type Loaded, type RunStatus } from './api';
import { formatNumber } from './format';

/**
 * Transfer: a run's adversarial 8-bit PNGs re-scored by the team's other models (the API's `Run.transfers`,
 * `requestTransfer`, one worker job per run × target model). Pure reshaping here; the run page renders it.
 */

const transferWire = z.object({
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  targetModel: z.object({ id: z.string(), name: z.string() }),
  cleanSrocc: z.number().nullable(),
  attackedSrocc: z.number().nullable(),
  sroccDrop: z.number().nullable(),
  cleanToAttackedSrocc: z.number().nullable(),
  meanAbsDelta: z.number().nullable(),
  n: z.number(),
  errorMessage: z.string().nullable(),
});
const runTransfersWire = z.object({
  run: z.object({ id: z.string(), teamId: z.string(), status: z.enum(RUN_STATUSES), model: z.object({ id: z.string(), name: z.string() }), transfers: z.array(transferWire) }).nullable(),
});

export interface TransferRowView {
  id: string;
  target: string;
  status: RunStatus;
  active: boolean;
  /** MOS ↔ target's clean, MOS ↔ target's attacked, the drop (positive: the ranking got worse), clean ↔ attacked, mean |Δ|. */
  cells: [string, string, string, string, string];
  n: number;
  error: string | null;
}

export interface RunTransfersView {
  runId: string;
  teamId: string;
  sourceModel: string;
  /** Transfers can be asked for only once the run succeeded (its adversarial images exist). */
  canRequest: boolean;
  rows: TransferRowView[];
  active: boolean;
}

const n3 = (value: number | null, signed = false) => (value === null ? '—' : formatNumber(value, 3, signed));

export function toTransferRow(node: z.infer<typeof transferWire>): TransferRowView {
  return {
    id: node.id,
    target: node.targetModel.name,
    status: node.status,
    active: isActive(node.status),
    cells: [n3(node.cleanSrocc), n3(node.attackedSrocc), n3(node.sroccDrop, true), n3(node.cleanToAttackedSrocc), n3(node.meanAbsDelta)],
    n: node.n,
    error: node.errorMessage,
  };
}

export function toRunTransfers(run: NonNullable<z.infer<typeof runTransfersWire>['run']>): RunTransfersView {
  const rows = [...run.transfers].sort((a, b) => a.targetModel.name.localeCompare(b.targetModel.name)).map(toTransferRow);
  return { runId: run.id, teamId: run.teamId, sourceModel: run.model.name, canRequest: run.status === 'SUCCEEDED', rows, active: rows.some((row) => row.active) };
}

const RUN_TRANSFERS_QUERY = `query RunTransfers($id: ID!) {
  run(id: $id) {
    id teamId status model { id name }
    transfers { id status targetModel { id name } cleanSrocc attackedSrocc sroccDrop cleanToAttackedSrocc meanAbsDelta n errorMessage }
  }
}`;

export async function fetchRunTransfers(runId: string): Promise<Loaded<RunTransfersView>> {
  const result = await graphql(RUN_TRANSFERS_QUERY, { id: runId }, runTransfersWire, { from: `/runs/${runId}` });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.run) return { kind: 'error', message: 'The run could not be read.' };
  return { kind: 'ok', view: toRunTransfers(result.data.run) };
}

const requestWire = z.object({ requestTransfer: z.array(z.object({ id: z.string() })) });

/** Queues one transfer job per other model of the team (pairs already done or under way are left as they are). */
export async function requestTransfer(teamId: string, runId: string): Promise<{ ok: true; queued: number } | { ok: false; message: string }> {
  const result = await graphql('mutation RequestTransfer($input: RequestTransferInput!) { requestTransfer(input: $input) { id } }', { input: { teamId, runId } }, requestWire, { from: `/runs/${runId}` });
  return result.ok ? { ok: true, queued: result.data.requestTransfer.length } : { ok: false, message: result.error.message };
}

// ---------------------------------------------------------------------------------------------------
// The team's transfer matrix: rows are runs (with the model each attacked), columns target models.

const matrixWire = z.object({
  transferMatrix: z.object({
    rows: z.array(z.object({ run: z.object({ id: z.string(), name: z.string().nullable(), attackId: z.string(), budgetEpsilon: z.number().nullable() }), sourceModel: z.object({ id: z.string(), name: z.string() }) })),
    columns: z.array(z.object({ id: z.string(), name: z.string() })),
    cells: z.array(z.object({ runId: z.string(), targetModelId: z.string(), status: z.enum(RUN_STATUSES), sroccDrop: z.number().nullable(), srocc: z.number().nullable(), n: z.number() })),
  }),
});

export interface TransferMatrixView {
  columns: Array<{ id: string; name: string }>;
  rows: Array<{
    runId: string;
    runHref: string;
    runTitle: string;
    sourceModel: string;
    /** One per column: the SROCC drop (positive: the ranking got worse) and MOS ↔ attacked, or the job's status, or nothing asked yet. */
    cells: Array<{ text: string; title: string; own: boolean } | null>;
  }>;
}

export function toTransferMatrix(matrix: z.infer<typeof matrixWire>['transferMatrix']): TransferMatrixView {
  const cells = new Map(matrix.cells.map((cell) => [`${cell.runId} ${cell.targetModelId}`, cell]));
  return {
    columns: matrix.columns,
    rows: matrix.rows.map(({ run, sourceModel }) => ({
      runId: run.id,
      runHref: `/runs/${encodeURIComponent(run.id)}`,
      runTitle: `${run.name ?? `${run.attackId.toUpperCase()} on ${sourceModel.name}`}${run.budgetEpsilon !== null ? ` (ε ${formatNumber(run.budgetEpsilon, 4)})` : ''}`,
      sourceModel: sourceModel.name,
      cells: matrix.columns.map((column) => {
        const cell = cells.get(`${run.id} ${column.id}`);
        if (!cell) return null;
        const own = column.id === sourceModel.id;
        if (cell.status !== 'SUCCEEDED') return { text: cell.status.toLowerCase(), title: `${column.name}: ${cell.status.toLowerCase()}`, own };
        return { text: n3(cell.sroccDrop, true), title: `${column.name}: SROCC drop ${n3(cell.sroccDrop, true)}, MOS ↔ attacked ${n3(cell.srocc)} over ${cell.n} images`, own };
      }),
    })),
  };
}

const MATRIX_QUERY = `query TransferMatrix($teamId: ID!) {
  transferMatrix(teamId: $teamId) {
    rows { run { id name attackId budgetEpsilon } sourceModel { id name } }
    columns { id name }
    cells { runId targetModelId status sroccDrop srocc n }
  }
}`;

export async function fetchTransferMatrix(teamId: string, from: string): Promise<Loaded<TransferMatrixView>> {
  const result = await graphql(MATRIX_QUERY, { teamId }, matrixWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  return { kind: 'ok', view: toTransferMatrix(result.data.transferMatrix) };
}
