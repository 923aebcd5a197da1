import {
  countImageResults,
  listImageResultsPage,
  listResultsOfImage,
  type ImageResultCursor,
  type ImageResultEdge,
  type ImageResultFilter,
  type ImageResultOrder,
  type ImageResultRow,
  type PageQuery,
  type PrismaClient,
} from '@rankfall/db';
import type { AccessService } from './access.service';
import { notFound } from './api-error';
import type { Listing } from './catalog.service';
import type { Loaders } from './loaders';
import type { RunsService } from './runs.service';

/** Per-image results of runs: read by VIEWER+ of the run's team. */
export class ImageResultsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly loaders: Loaders,
    private readonly runs: RunsService,
  ) {}

  async page(runId: string, filter: ImageResultFilter | null, order: ImageResultOrder | null, page: PageQuery<ImageResultCursor>): Promise<Listing<ImageResultEdge>> {
    const run = await this.runs.run(runId);
    const query = { teamId: run.teamId, runId: run.id, filter, order };
    return { page: await listImageResultsPage(this.prisma, query, page), total: () => countImageResults(this.prisma, query) };
  }

  async result(id: string): Promise<ImageResultRow> {
    this.access.requireUser();
    return (await this.loaders.imageResult.load(id)) ?? Promise.reject(notFound('Image result'));
  }

  /** Every result of one image across the visible runs of the image's team. */
  async underEveryRun(imageId: string): Promise<ImageResultRow[]> {
    this.access.requireUser();
    const image = await this.loaders.image.load(imageId);
    const dataset = image ? await this.loaders.dataset.load(image.datasetId) : null;
    if (!image || !dataset) throw notFound('Image');
    return listResultsOfImage(this.prisma, [dataset.teamId], image.id);
  }
}
