import { listRunResultsForExport, type PrismaClient } from '@rankfall/db';
import { resultsToCsv, resultsToObjects } from '@rankfall/runs';
import type { RunsService } from './runs.service';

/** Exports of a run's per-image results (VIEWER+ of the run's team), in image key order (columns: libs/runs). */
export class ExportsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly runs: RunsService,
  ) {}

  async csv(runId: string): Promise<string> {
    const run = await this.runs.run(runId);
    return resultsToCsv(await listRunResultsForExport(this.prisma, run.teamId, run.id));
  }

  async json(runId: string): Promise<unknown> {
    const run = await this.runs.run(runId);
    const rows = await listRunResultsForExport(this.prisma, run.teamId, run.id);
    return {
      run: { id: run.id, name: run.name, attackId: run.attackId, status: run.status, config: run.config, seed: run.seed, modelId: run.modelId, datasetId: run.datasetId, createdAt: run.createdAt },
      results: resultsToObjects(rows),
    };
  }
}
