import {
  countImageResults,
  findImageResultNeighbours,
  listImageResultsPage,
  listResultsOfImage,
  type ImageResultCursor,
  type ImageResultEdge,
  type ImageResultFilter,
  type ImageResultNeighbours,
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
    // The run (NOT_FOUND unless the viewer may read it) and the page (scoped to the viewer's teams) at once.
    const query = { teamIds: await this.access.teamIds(), runId, filter, order };
    const [, rows] = await Promise.all([this.runs.run(runId), listImageResultsPage(this.prisma, query, page)]);
    // The page query read each row's image too: `ImageResult.image` then needs no query of its own.
    for (const edge of rows.rows) this.loaders.image.prime(edge.image.id, edge.image);
    return { page: rows, total: () => countImageResults(this.prisma, query) };
  }

  /** The results before and after `result` in its run's list under this filter and order. */
  async neighbours(result: ImageResultRow, filter: ImageResultFilter | null, order: ImageResultOrder | null): Promise<ImageResultNeighbours> {
    const run = await this.runs.run(result.runId);
    return findImageResultNeighbours(this.prisma, { teamIds: [run.teamId], runId: run.id, filter, order }, result.id);
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
