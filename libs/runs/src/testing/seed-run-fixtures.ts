import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importDataset, LocalArtifactStore, registerModel, type PrismaClient } from '@rankfall/db';
import { generateSyntheticDataset } from '@rankfall/datasets';
import { catalogEntry } from '@rankfall/iqa-models';

export interface RunFixtures {
  teamId: string;
  teamSlug: string;
  otherTeamId: string;
  userId: string;
  datasetId: string;
  modelId: string;
  store: LocalArtifactStore;
  /** Removes the temporary artifact store. */
  cleanup(): Promise<void>;
}

const repositoryRoot = resolve(import.meta.dirname, '../../../..');

/**
 * A team with a small synthetic dataset (32×32 images; `references` scenes) and the bundled demo model,
 * imported the way the CLI imports them, in a temporary artifact store. Test-only.
 */
export async function seedRunFixtures(prisma: PrismaClient, options: { references?: number; levels?: number } = {}): Promise<RunFixtures> {
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-runs-'));
  const store = new LocalArtifactStore(join(dir, 'artifacts'));
  const user = await prisma.user.create({ data: { email: `runner-${Date.now()}-${Math.random()}@example.test`, name: 'Runner' } });
  const team = await prisma.team.create({ data: { slug: `runs-${Date.now()}-${Math.round(Math.random() * 1e6)}`, name: 'Runs', memberships: { create: { userId: user.id, role: 'OWNER' } } } });
  const other = await prisma.team.create({ data: { slug: `other-${Date.now()}-${Math.round(Math.random() * 1e6)}`, name: 'Other' } });
  const synthetic = await generateSyntheticDataset({ outDir: join(dir, 'synthetic'), seed: 3, references: options.references ?? 6, size: 32, levels: options.levels ?? 2, distortions: ['gaussian-blur', 'gaussian-noise'], splits: { train: 0, val: 0, test: 1 } });
  const images = [];
  for (const image of synthetic.manifest.images) {
    const stored = await store.putFile(image.filePath, image.sha256);
    images.push({ key: image.key, sha256: image.sha256, width: image.width, height: image.height, mos: image.mos, mosStd: image.mosStd, split: image.split, artifact: { key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'image/png' } });
  }
  const dataset = await importDataset(prisma, {
    teamId: team.id,
    name: synthetic.manifest.name,
    version: synthetic.manifest.version,
    format: synthetic.manifest.source,
    lowerBetter: synthetic.manifest.lowerBetter,
    mosRange: synthetic.manifest.mosRange,
    provenance: { source: synthetic.manifest.provenance.source, licence: synthetic.manifest.provenance.licence },
    images,
  });
  const entry = catalogEntry('rankfall-demo-cnn');
  if (entry.weights.source !== 'bundled') throw new Error('the demo model must have bundled weights');
  const weights = await store.putFile(resolve(repositoryRoot, entry.weights.path));
  const model = await registerModel(prisma, {
    teamId: team.id,
    name: entry.id,
    catalogId: entry.id,
    architecture: entry.architecture,
    lowerBetter: entry.lowerBetter,
    scoreRange: entry.scoreRange,
    input: entry.input,
    normalization: entry.normalization,
    weights,
  });
  return { teamId: team.id, teamSlug: team.slug, otherTeamId: other.id, userId: user.id, datasetId: dataset.datasetId, modelId: model.model.id, store, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
