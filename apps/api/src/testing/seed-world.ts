import {
  addMember,
  createTeamWithOwner,
  createUser,
  importDataset,
  listDatasetImages,
  listRunResultsForExport,
  recordArtifact,
  registerModel,
  setImageRanks,
  upsertImageResult,
  writeRunMetrics,
  type ArtifactStore,
  type PrismaClient,
  type PublicUser,
  type TeamSummary,
} from '@rankfall/db';
import { createRun } from '@rankfall/runs';
import { encodePng } from '../images/png-codec';

export interface SeededTeam {
  team: TeamSummary;
  owner: PublicUser;
  admin: PublicUser;
  member: PublicUser;
  viewer: PublicUser;
  datasetId: string;
  modelId: string;
  runId: string;
  /** Image ids in key order (`img-000.png`, …). */
  imageIds: string[];
  imageResultIds: string[];
}

export const TEST_PASSWORD = 'correct horse battery';

/** A deterministic little image: value = f(x, y, seed). */
export function testImage(width: number, height: number, seed: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 37 + seed * 101) % 251;
  return encodePng({ width, height, rgb });
}

/**
 * One team as a user would build it, through the libs/db repositories and the run engine: four
 * members (one per role), a dataset of `images` PNGs in the artifact store, a model, and one run with
 * a result per image (scores, ranks, an adversarial PNG for the first half) and two metrics.
 */
export async function seedTeam(prisma: PrismaClient, store: ArtifactStore, label: string, options: { images?: number } = {}): Promise<SeededTeam> {
  const count = options.images ?? 6;
  const user = (role: string) => createUser(prisma, { email: `${role}@${label}.test`, name: `${role} of ${label}`, password: TEST_PASSWORD });
  const owner = await user('owner');
  const [admin, member, viewer] = [await user('admin'), await user('member'), await user('viewer')];
  const team = await createTeamWithOwner(prisma, { slug: label, name: `Team ${label}`, ownerId: owner.id });
  await addMember(prisma, { teamId: team.id, userId: admin.id, role: 'ADMIN' });
  await addMember(prisma, { teamId: team.id, userId: member.id, role: 'MEMBER' });
  await addMember(prisma, { teamId: team.id, userId: viewer.id, role: 'VIEWER' });

  const images = [];
  for (let i = 0; i < count; i++) {
    const stored = await store.putBytes(testImage(4, 3, i));
    images.push({
      key: `img-${String(i).padStart(3, '0')}.png`,
      sha256: stored.sha256,
      width: 4,
      height: 3,
      mos: 10 + i * 10,
      mosStd: 1.5,
      split: (i % 2 === 0 ? 'test' : 'train') as 'test' | 'train',
      artifact: { key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'image/png' },
    });
  }
  const dataset = await importDataset(prisma, {
    teamId: team.id,
    createdById: owner.id,
    name: `synthetic-${label}`,
    version: '1',
    format: 'synthetic',
    lowerBetter: false,
    mosRange: [0, 100],
    provenance: { source: 'generated for tests', licence: 'CC0' },
    images,
  });
  const { model } = await registerModel(prisma, {
    teamId: team.id,
    createdById: owner.id,
    name: 'demo-cnn',
    catalogId: 'rankfall-demo-cnn',
    architecture: 'compact-cnn',
    lowerBetter: false,
    scoreRange: [0, 100],
    input: { kind: 'any', minSize: 1 },
    normalization: null,
    weights: null,
  });
  const run = await createRun(prisma, { teamId: team.id, createdById: member.id, name: `run of ${label}`, modelId: model.id, datasetId: dataset.datasetId, attackId: 'fgsm', config: {} });
  const imageRows = await listDatasetImages(prisma, team.id, dataset.datasetId);
  for (const [i, image] of imageRows.entries()) {
    let adversarialArtifactId: string | null = null;
    if (i < count / 2) {
      const stored = await store.putBytes(testImage(4, 3, i + 100));
      adversarialArtifactId = await recordArtifact(prisma, { teamId: team.id, kind: 'ADVERSARIAL_IMAGE', sha256: stored.sha256, key: stored.key, sizeBytes: stored.sizeBytes, mediaType: 'image/png' });
    }
    // Clean scores rise with the index; the attack pulls every score towards 50 (bigger change far from 50).
    const cleanScore = 20 + i * 10;
    await upsertImageResult(prisma, { runId: run.id, imageId: image.id, cleanScore, attackedScore: 50 + (cleanScore - 50) * -0.5, trajectory: [cleanScore, 50], adversarialArtifactId, perturbedAt: new Date() });
  }
  const n = imageRows.length;
  await setImageRanks(
    prisma,
    run.id,
    imageRows.map((image, i) => ({ imageId: image.id, cleanRank: n - i, attackedRank: i + 1 })),
  );
  await writeRunMetrics(prisma, run.id, [
    { name: 'srocc', reference: 'MOS_CLEAN', value: 0.9, ciLow: 0.85, ciHigh: 0.95 },
    { name: 'srocc', reference: 'MOS_ATTACKED', value: -0.9, ciLow: -0.95, ciHigh: -0.8 },
  ]);
  const results = await listRunResultsForExport(prisma, team.id, run.id);
  return { team, owner, admin, member, viewer, datasetId: dataset.datasetId, modelId: model.id, runId: run.id, imageIds: imageRows.map((row) => row.id), imageResultIds: results.map((row) => row.id) };
}
