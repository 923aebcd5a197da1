import { findDatasetImageFile, findImageResultFiles, type ArtifactStore, type PrismaClient, type StoredFile } from '@rankfall/db';
import { amplifiedDifference } from '../images/difference-image';
import { heatMapImage } from '../images/heat-map-image';
import { decodePng, encodePng, type RgbImage } from '../images/png-codec';
import type { AccessService } from './access.service';
import { ApiError, notFound } from './api-error';

export type ArtifactFile = 'clean' | 'adversarial' | 'difference' | 'heatmap';

export interface ArtifactBytes {
  bytes: Uint8Array;
  mediaType: string;
}

/**
 * The images of one image result, read through the artifact store with the API's authorization
 * (VIEWER+ of the run's team). A difference image not stored by the worker is computed here from the
 * two PNGs (|adversarial − clean| × 10) with the API's own PNG codec (no sharp, no TF.js); the heat map
 * (per-pixel L∞ change as a colour map, `heatMapImage`) is always computed that way.
 */
export class ArtifactsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly store: ArtifactStore,
  ) {}

  async file(runId: string, imageId: string, file: ArtifactFile): Promise<ArtifactBytes> {
    this.access.requireUser();
    const files = await findImageResultFiles(this.prisma, await this.access.teamIds(), runId, imageId);
    if (!files) throw notFound('Image result');
    if (file === 'clean') return this.read(files.clean, 'Clean image');
    if (file === 'adversarial') return this.read(files.adversarial, 'Adversarial image');
    if (file === 'difference' && files.difference) return this.read(files.difference, 'Difference image');
    const what = file === 'heatmap' ? 'Heat map' : 'Difference image';
    const [clean, adversarial] = await this.decodePair(files.clean, files.adversarial, what);
    return { bytes: encodePng(file === 'heatmap' ? heatMapImage(clean, adversarial).image : amplifiedDifference(clean, adversarial)), mediaType: 'image/png' };
  }

  /** One image of a dataset as stored (VIEWER+ of the dataset's team): thumbnails and grids. */
  async datasetImage(datasetId: string, imageId: string): Promise<ArtifactBytes> {
    this.access.requireUser();
    const file = await findDatasetImageFile(this.prisma, await this.access.teamIds(), datasetId, imageId);
    return this.read(file, 'Image');
  }

  private async decodePair(clean: StoredFile | null, adversarial: StoredFile | null, what: string): Promise<[RgbImage, RgbImage]> {
    if (!adversarial || !clean) throw notFound(what);
    if (clean.mediaType !== 'image/png' || adversarial.mediaType !== 'image/png') {
      throw new ApiError('NOT_FOUND', `${what} not found: it is computed only when both images are PNGs`);
    }
    const [a, b] = await Promise.all([this.read(clean, 'Clean image'), this.read(adversarial, 'Adversarial image')]);
    return [decodePng(a.bytes), decodePng(b.bytes)];
  }

  private async read(file: StoredFile | null, what: string): Promise<ArtifactBytes> {
    if (!file) throw notFound(what);
    return { bytes: await this.store.getBytes(file.key), mediaType: file.mediaType };
  }
}
