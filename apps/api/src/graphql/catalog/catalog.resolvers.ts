import { describeRunAttacks } from '@rankfall/runs';
import type { DatasetRow, ImageRow } from '@rankfall/db';
import { z } from 'zod';
import type { TeamWithRole } from '../../services/access.service';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { idSchema, splitSchema } from '../inputs';
import { createdAtCursorOf, pageArgsSchema, parseCreatedAtPage, parsePage, toConnection } from '../pagination';

const idArgs = z.object({ id: idSchema });
const imagesArgs = pageArgsSchema.extend({ split: splitSchema.nullish() });
const imageCursor = z.object({ key: z.string().max(1000), id: idSchema });

export const catalogResolvers: ResolverMap = {
  Query: {
    runAttacks: () => describeRunAttacks(),
    dataset: (_parent: unknown, args: unknown, { services }: ApiContext) => services.catalog.dataset(idArgs.parse(args).id),
    image: (_parent: unknown, args: unknown, { services }: ApiContext) => services.catalog.image(idArgs.parse(args).id),
    model: (_parent: unknown, args: unknown, { services }: ApiContext) => services.catalog.model(idArgs.parse(args).id),
  },
  Team: {
    datasets: async (team: TeamWithRole, args: unknown, { services }: ApiContext) => {
      const { page, total } = await services.catalog.datasets(team.id, parseCreatedAtPage(args));
      return toConnection(page, createdAtCursorOf, total);
    },
    models: async (team: TeamWithRole, args: unknown, { services }: ApiContext) => {
      const { page, total } = await services.catalog.models(team.id, parseCreatedAtPage(args));
      return toConnection(page, createdAtCursorOf, total);
    },
  },
  Dataset: {
    images: async (dataset: DatasetRow, args: unknown, { services }: ApiContext) => {
      const { split } = imagesArgs.parse(args);
      const { page, total } = await services.catalog.images(dataset, split ?? null, parsePage(args, imageCursor));
      return toConnection(page, (image) => ({ key: image.key, id: image.id }), total);
    },
  },
  Image: {
    dataset: (image: ImageRow, _args: unknown, { services }: ApiContext) => services.catalog.dataset(image.datasetId),
  },
};
