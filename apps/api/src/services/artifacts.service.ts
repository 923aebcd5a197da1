import { findImageResultFiles, type ArtifactStore, type PrismaClient, type StoredFile } from '@rankfall/db';
import { amplifiedDifference } from '../images/difference-image';
import { decodePng, encodePng } from '../images/png-codec';
import type { AccessService } from './access.service';
import { ApiError, notFound } from './api-error';

export type ArtifactFile = 'clean' | 'adversarial' | 'difference';

export interface ArtifactBytes {
  bytes: Uint8Array;
  mediaType: string;
}

/**
 * The images of one image result, read through the artifact store with the API's authorization
 * (VIEWER+ of the run's team). A difference image not stored by the worker is computed here from the
 * two PNGs (|adversarial − clean| × 10) with the API's own PNG codec (no sharp, no TF.js).
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
    if (files.difference) return this.read(files.difference, 'Difference image');
    if (!files.adversarial || !files.clean) throw notFound('Difference image');
    if (files.clean.mediaType !== 'image/png' || files.adversarial.mediaType !== 'image/png') {
      throw new ApiError('NOT_FOUND', 'Difference image not found: it is computed only when both images are PNGs');
    }
    const [clean, adversarial] = await Promise.all([this.read(files.clean, 'Clean image'), this.read(files.adversarial, 'Adversarial image')]);
    return { bytes: encodePng(amplifiedDifference(decodePng(clean.bytes), decodePng(adversarial.bytes))), mediaType: 'image/png' };
  }

  private async read(file: StoredFile | null, what: string): Promise<ArtifactBytes> {
    if (!file) throw notFound(what);
    return { bytes: await this.store.getBytes(file.key), mediaType: file.mediaType };
  }
}
