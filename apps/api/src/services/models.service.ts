import type { ModelEvaluationRow, ModelRow, PrismaClient, Split } from '@rankfall/db';
import { getModelEvaluation, modelEvaluations, requestModelEvaluation } from '@rankfall/runs';
import type { AccessService } from './access.service';

/** Model evaluations (reported vs reproduced): read by VIEWER+, requested by MEMBER+ (job `evaluate-model`). */
export class ModelsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
  ) {}

  /** The evaluations of a model the caller already holds (so already authorized), checked again against its team. */
  async evaluations(model: Pick<ModelRow, 'id' | 'teamId'>): Promise<ModelEvaluationRow[]> {
    await this.access.requireRole(model.teamId, 'VIEWER', 'Model');
    return modelEvaluations(this.prisma, model.teamId, model.id);
  }

  async evaluation(teamId: string, id: string): Promise<ModelEvaluationRow> {
    await this.access.requireRole(teamId, 'VIEWER', 'Evaluation');
    return getModelEvaluation(this.prisma, teamId, id);
  }

  /** Queues (or returns the existing) evaluation of a team model on a team dataset split (null: every image). */
  async evaluate(input: { teamId: string; modelId: string; datasetId: string; split: Split | null }): Promise<ModelEvaluationRow> {
    await this.access.requireRole(input.teamId, 'MEMBER');
    const outcome = await requestModelEvaluation(this.prisma, { ...input, createdById: this.access.requireUser().id });
    return outcome.evaluation;
  }
}
