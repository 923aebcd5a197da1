import type { RunRow, TransferResultRow } from '@rankfall/db';
import { transferSroccDrop, type TransferMatrix } from '@rankfall/runs';
import { z } from 'zod';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { idSchema } from '../inputs';

const matrixArgs = z.object({ teamId: idSchema, runIds: z.array(idSchema).max(200).nullish() });
const requestArgs = z.object({ input: z.object({ teamId: idSchema, runId: idSchema, targetModelIds: z.array(idSchema).min(1).max(100).nullish() }) });

export const transferResolvers: ResolverMap = {
  Query: {
    transferMatrix: (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { teamId, runIds } = matrixArgs.parse(args);
      return services.transfers.matrix(teamId, runIds ?? null);
    },
  },
  Run: {
    transfers: (run: RunRow, _args: unknown, { services }: ApiContext) => services.transfers.ofRun(run),
  },
  TransferResult: {
    run: (transfer: TransferResultRow, _args: unknown, { services }: ApiContext) => services.runs.run(transfer.runId),
    targetModel: (transfer: TransferResultRow, _args: unknown, { services }: ApiContext) => services.catalog.model(transfer.targetModelId),
    sroccDrop: (transfer: TransferResultRow) => transferSroccDrop(transfer),
  },
  TransferMatrix: {
    columns: (matrix: TransferMatrix, _args: unknown, { services }: ApiContext) => Promise.all(matrix.columns.map((column) => services.catalog.model(column.id))),
  },
  TransferMatrixRow: {
    run: (row: TransferMatrix['rows'][number], _args: unknown, { services }: ApiContext) => services.runs.run(row.runId),
    sourceModel: (row: TransferMatrix['rows'][number], _args: unknown, { services }: ApiContext) => services.catalog.model(row.sourceModelId),
  },
  Mutation: {
    requestTransfer: (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { input } = requestArgs.parse(args);
      return services.transfers.request({ teamId: input.teamId, runId: input.runId, targetModelIds: input.targetModelIds ?? null });
    },
  },
};
