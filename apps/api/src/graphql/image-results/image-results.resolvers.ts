import type { ImageResultEdge, ImageResultRow, RunRow } from '@rankfall/db';
import { z } from 'zod';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { idSchema } from '../inputs';
import { parsePage, toConnection } from '../pagination';
import { histogramArgs } from '../runs/runs.inputs';
import { imageIdArgs, imageResultCursor, parseImageResultsArgs, parseImageResultsView, runIdArgs } from './image-results.inputs';

async function resultsConnection(runId: string, args: unknown, { services }: ApiContext) {
  const { filter, order } = parseImageResultsArgs(args);
  const { page, total } = await services.imageResults.page(runId, filter, order, parsePage(args, imageResultCursor));
  return toConnection(page, (edge: ImageResultEdge) => edge.cursor, total, (edge) => edge.row);
}

const artifactPath = (result: ImageResultRow, file: string) => `/artifacts/run/${encodeURIComponent(result.runId)}/image/${encodeURIComponent(result.imageId)}/${file}`;
const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export const imageResultsResolvers: ResolverMap = {
  Query: {
    imageResults: (_parent: unknown, args: unknown, context: ApiContext) => resultsConnection(runIdArgs.parse(args).runId, args, context),
    imageResult: (_parent: unknown, args: unknown, { services }: ApiContext) => services.imageResults.result(z.object({ id: idSchema }).parse(args).id),
    imageUnderEveryRun: (_parent: unknown, args: unknown, { services }: ApiContext) => services.imageResults.underEveryRun(imageIdArgs.parse(args).imageId),
  },
  Run: {
    imageResults: (run: RunRow, args: unknown, context: ApiContext) => resultsConnection(run.id, args, context),
    scoreChangeHistogram: (run: RunRow, args: unknown, { services }: ApiContext) => services.runs.histogram(run, histogramArgs.parse(args).bins),
  },
  ImageResult: {
    image: (result: ImageResultRow, _args: unknown, { services }: ApiContext) => services.catalog.image(result.imageId),
    run: (result: ImageResultRow, _args: unknown, { services }: ApiContext) => services.runs.run(result.runId),
    scoreChange: (result: ImageResultRow) => difference(result.attackedScore, result.cleanScore),
    rankMoved: (result: ImageResultRow) => {
      const moved = difference(result.attackedRank, result.cleanRank);
      return moved === null ? null : Math.abs(moved);
    },
    neighbours: (result: ImageResultRow, args: unknown, { services }: ApiContext) => {
      const { filter, order } = parseImageResultsView(args);
      return services.imageResults.neighbours(result, filter, order);
    },
    cleanUrl: (result: ImageResultRow) => artifactPath(result, 'clean.png'),
    adversarialUrl: (result: ImageResultRow) => (result.adversarialArtifactId ? artifactPath(result, 'adversarial.png') : null),
    differenceUrl: (result: ImageResultRow) => (result.adversarialArtifactId || result.differenceArtifactId ? artifactPath(result, 'difference.png') : null),
  },
};
