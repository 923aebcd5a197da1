import type { PrismaClient, RunRow, TransferResultRow } from '@rankfall/db';
import { requestTransfers, runTransfers, transferMatrix, type TransferMatrix } from '@rankfall/runs';
import type { AccessService } from './access.service';

/** Transfers of runs' adversarial images to other models: read by VIEWER+, requested by MEMBER+ (job `transfer`). */
export class TransfersService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
  ) {}

  /** The transfers of a run the caller already holds, checked again against its team. */
  async ofRun(run: Pick<RunRow, 'id' | 'teamId'>): Promise<TransferResultRow[]> {
    await this.access.requireRole(run.teamId, 'VIEWER', 'Run');
    return runTransfers(this.prisma, run.teamId, run.id);
  }

  /** The team's matrix; runs of other teams among `runIds` are left out. */
  async matrix(teamId: string, runIds: readonly string[] | null): Promise<TransferMatrix> {
    await this.access.requireRole(teamId, 'VIEWER');
    return transferMatrix(this.prisma, teamId, runIds);
  }

  async request(input: { teamId: string; runId: string; targetModelIds: string[] | null }): Promise<TransferResultRow[]> {
    await this.access.requireRole(input.teamId, 'MEMBER');
    const outcomes = await requestTransfers(this.prisma, { ...input, createdById: this.access.requireUser().id });
    return outcomes.map((outcome) => outcome.transfer);
  }
}
