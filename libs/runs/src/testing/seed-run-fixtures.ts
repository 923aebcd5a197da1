import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalArtifactStore, type PrismaClient } from '@rankfall/db';
import { generateSyntheticDataset } from '@rankfall/datasets';
import { catalogEntry } from '@rankfall/iqa-models';
import { registerCatalogModel } from '../stages/register-model-from-file';
import { storeVerifiedDataset } from '../stages/store-verified-dataset';

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
 * A team with a small synthetic dataset (32×32 images unless `size`; `references` scenes; every scene in the test
 * split unless `splits` gives the fractions per split, by scene) and the bundled demo model,
 * imported the way the CLI imports them, in a temporary artifact store. Test-only.
 */
export async function seedRunFixtures(
  prisma: PrismaClient,
  options: { references?: number; levels?: number; size?: number; splits?: { train: number; val: number; test: number } } = {},
): Promise<RunFixtures> {
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-runs-'));
  const store = new LocalArtifactStore(join(dir, 'artifacts'));
  const user = await prisma.user.create({ data: { email: `runner-${Date.now()}-${Math.random()}@example.test`, name: 'Runner' } });
  const team = await prisma.team.create({ data: { slug: `runs-${Date.now()}-${Math.round(Math.random() * 1e6)}`, name: 'Runs', memberships: { create: { userId: user.id, role: 'OWNER' } } } });
  const other = await prisma.team.create({ data: { slug: `other-${Date.now()}-${Math.round(Math.random() * 1e6)}`, name: 'Other' } });
  const synthetic = await generateSyntheticDataset({ outDir: join(dir, 'synthetic'), seed: 3, references: options.references ?? 6, size: options.size ?? 32, levels: options.levels ?? 2, distortions: ['gaussian-blur', 'gaussian-noise'], splits: options.splits ?? { train: 0, val: 0, test: 1 } });
  const dataset = await storeVerifiedDataset(prisma, synthetic.manifest, { teamId: team.id, store });
  const entry = catalogEntry('rankfall-demo-cnn');
  if (entry.weights.source !== 'bundled') throw new Error('the demo model must have bundled weights');
  const model = await registerCatalogModel(prisma, { teamId: team.id, catalogId: entry.id, weights: await store.putFile(resolve(repositoryRoot, entry.weights.path)) });
  return { teamId: team.id, teamSlug: team.slug, otherTeamId: other.id, userId: user.id, datasetId: dataset.datasetId, modelId: model.model.id, store, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
