import type { ModelEvaluationRow, ModelRow } from '@rankfall/db';
import { z } from 'zod';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { idSchema, splitSchema } from '../inputs';

const evaluationArgs = z.object({ teamId: idSchema, id: idSchema });
const evaluateArgs = z.object({
  input: z
    .object({ teamId: idSchema, modelId: idSchema, datasetId: idSchema, split: splitSchema.nullish(), wholeDataset: z.boolean().nullish() })
    .refine((input) => !(input.wholeDataset && input.split), { message: 'give either a split or wholeDataset: true', path: ['split'] }),
});

export const modelsResolvers: ResolverMap = {
  Query: {
    modelEvaluation: (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { teamId, id } = evaluationArgs.parse(args);
      return services.models.evaluation(teamId, id);
    },
  },
  Model: {
    evaluations: (model: ModelRow, _args: unknown, { services }: ApiContext) => services.models.evaluations(model),
  },
  ModelEvaluation: {
    model: (evaluation: ModelEvaluationRow, _args: unknown, { services }: ApiContext) => services.catalog.model(evaluation.modelId),
    dataset: (evaluation: ModelEvaluationRow, _args: unknown, { services }: ApiContext) => services.catalog.dataset(evaluation.datasetId),
  },
  Mutation: {
    evaluateModel: (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { input } = evaluateArgs.parse(args);
      return services.models.evaluate({ teamId: input.teamId, modelId: input.modelId, datasetId: input.datasetId, split: input.wholeDataset ? null : (input.split ?? 'TEST') });
    },
  },
};
