import {
  countDatasets,
  countImages,
  countModels,
  listDatasetsPage,
  listImagesPage,
  listModelsPage,
  type CreatedAtCursor,
  type DatasetRow,
  type ImageKeyCursor,
  type ImageRow,
  type ModelRow,
  type Page,
  type PageQuery,
  type PrismaClient,
  type Split,
} from '@rankfall/db';
import type { AccessService } from './access.service';
import { notFound } from './api-error';
import type { Loaders } from './loaders';

export interface Listing<T> {
  page: Page<T>;
  total: () => Promise<number>;
}

/** Datasets, their images and models: read by every member (VIEWER+). */
export class CatalogService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly loaders: Loaders,
  ) {}

  async datasets(teamId: string, page: PageQuery<CreatedAtCursor>): Promise<Listing<DatasetRow>> {
    await this.access.requireRole(teamId, 'VIEWER');
    return { page: await listDatasetsPage(this.prisma, teamId, page), total: () => countDatasets(this.prisma, teamId) };
  }

  async dataset(id: string): Promise<DatasetRow> {
    this.access.requireUser();
    return (await this.loaders.dataset.load(id)) ?? Promise.reject(notFound('Dataset'));
  }

  /** Images of a dataset the caller already holds (so already authorized). */
  async images(dataset: DatasetRow, split: Split | null, page: PageQuery<ImageKeyCursor>): Promise<Listing<ImageRow>> {
    const query = { teamId: dataset.teamId, datasetId: dataset.id, split };
    return { page: await listImagesPage(this.prisma, query, page), total: () => countImages(this.prisma, query) };
  }

  async image(id: string): Promise<ImageRow> {
    this.access.requireUser();
    return (await this.loaders.image.load(id)) ?? Promise.reject(notFound('Image'));
  }

  async models(teamId: string, page: PageQuery<CreatedAtCursor>): Promise<Listing<ModelRow>> {
    await this.access.requireRole(teamId, 'VIEWER');
    return { page: await listModelsPage(this.prisma, teamId, page), total: () => countModels(this.prisma, teamId) };
  }

  async model(id: string): Promise<ModelRow> {
    this.access.requireUser();
    return (await this.loaders.model.load(id)) ?? Promise.reject(notFound('Model'));
  }
}
