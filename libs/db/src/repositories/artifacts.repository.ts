import type { ArtifactKind } from '../generated/prisma/client';
import type { Db } from '../prisma-client';

/** Records a stored blob for a team (idempotent per team, kind and content) and returns its id. */
export async function recordArtifact(
  db: Db,
  input: { teamId: string; kind: ArtifactKind; sha256: string; key: string; sizeBytes: number; mediaType: string },
): Promise<string> {
  const row = await db.artifact.upsert({
    where: { teamId_kind_sha256: { teamId: input.teamId, kind: input.kind, sha256: input.sha256 } },
    create: { teamId: input.teamId, kind: input.kind, sha256: input.sha256, key: input.key, sizeBytes: BigInt(input.sizeBytes), mediaType: input.mediaType },
    update: {},
    select: { id: true },
  });
  return row.id;
}

/** A stored artifact of the team with this id and kind (media type too, when given), or null: where its bytes are. */
export function findTeamArtifact(db: Db, input: { id: string; teamId: string; kind: ArtifactKind; mediaType?: string }) {
  return db.artifact.findFirst({
    where: { id: input.id, teamId: input.teamId, kind: input.kind, ...(input.mediaType ? { mediaType: input.mediaType } : {}) },
    select: { id: true, key: true, sha256: true, sizeBytes: true },
  });
}

/** Images of a dataset (optionally one split) with where their bytes are, in key order. */
export function listDatasetImages(db: Db, teamId: string, datasetId: string, split?: 'TRAIN' | 'VAL' | 'TEST') {
  return db.image.findMany({
    where: { datasetId, dataset: { teamId }, ...(split ? { split } : {}) },
    select: { id: true, key: true, mos: true, width: true, height: true, sha256: true, artifact: { select: { key: true } } },
    orderBy: { key: 'asc' },
  });
}
