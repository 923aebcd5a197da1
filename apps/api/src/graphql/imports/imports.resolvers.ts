import type { ImportRequestSummary } from '@rankfall/db';
import { z } from 'zod';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { idSchema } from '../inputs';
import { createdAtCursorOf, pageArgsSchema, parseCreatedAtPage, toConnection } from '../pagination';

const importArgs = z.object({ teamId: idSchema, id: idSchema });
const importsArgs = pageArgsSchema.extend({ teamId: idSchema, kind: z.enum(['DATASET', 'MODEL']).nullish() });
const importDatasetArgs = z.object({ input: z.object({ teamId: idSchema, source: z.unknown() }) });
const registerModelArgs = z.object({
  input: z
    .object({ teamId: idSchema, catalogId: z.string().min(1).max(64), name: z.string().trim().min(1).max(200).nullish(), weightsArtifactId: idSchema.nullish(), bundled: z.boolean().nullish() })
    .refine((input) => Boolean(input.weightsArtifactId) !== Boolean(input.bundled), { message: 'give either weightsArtifactId or bundled: true', path: ['weightsArtifactId'] }),
});

export const importsResolvers: ResolverMap = {
  Query: {
    importRequest: (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { teamId, id } = importArgs.parse(args);
      return services.imports.request(teamId, id);
    },
    importRequests: async (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { teamId, kind } = importsArgs.parse(args);
      const { page, total } = await services.imports.requests(teamId, kind ?? null, parseCreatedAtPage(args));
      return toConnection(page, createdAtCursorOf, total);
    },
  },
  ImportRequest: {
    dataset: (request: ImportRequestSummary, _args: unknown, { services }: ApiContext) => (request.datasetId ? services.catalog.dataset(request.datasetId) : null),
    model: (request: ImportRequestSummary, _args: unknown, { services }: ApiContext) => (request.modelId ? services.catalog.model(request.modelId) : null),
  },
  Mutation: {
    importDataset: (_parent: unknown, args: unknown, { services }: ApiContext) => services.imports.importDataset(importDatasetArgs.parse(args).input),
    registerModel: (_parent: unknown, args: unknown, { services }: ApiContext) => {
      const { input } = registerModelArgs.parse(args);
      return services.imports.registerModel({
        teamId: input.teamId,
        registration: { catalogId: input.catalogId, ...(input.name ? { name: input.name } : {}), weights: input.weightsArtifactId ? { kind: 'upload', artifactId: input.weightsArtifactId } : { kind: 'bundled' } },
      });
    },
  },
};
