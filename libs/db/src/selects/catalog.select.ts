import type { Prisma } from '../generated/prisma/client';

/** A dataset as the API shows it (provenance included). */
export const datasetSelect = {
  id: true,
  teamId: true,
  name: true,
  version: true,
  description: true,
  format: true,
  mosMin: true,
  mosMax: true,
  lowerBetter: true,
  source: true,
  licence: true,
  labelTransform: true,
  imageCount: true,
  createdById: true,
  createdAt: true,
} as const satisfies Prisma.DatasetSelect;
export type DatasetRow = Prisma.DatasetGetPayload<{ select: typeof datasetSelect }>;

/** An image's facts (its team is its dataset's). */
export const imageSelect = {
  id: true,
  datasetId: true,
  key: true,
  sha256: true,
  width: true,
  height: true,
  mos: true,
  mosStd: true,
  split: true,
} as const satisfies Prisma.ImageSelect;
export type ImageRow = Prisma.ImageGetPayload<{ select: typeof imageSelect }>;

/** A model's catalog facts (never the weights bytes). */
export const modelSelect = {
  id: true,
  teamId: true,
  name: true,
  catalogId: true,
  architecture: true,
  lowerBetter: true,
  scoreMin: true,
  scoreMax: true,
  inputKind: true,
  inputHeight: true,
  inputWidth: true,
  patchSize: true,
  normalization: true,
  weightsSha256: true,
  createdById: true,
  createdAt: true,
} as const satisfies Prisma.ModelSelect;
export type ModelRow = Prisma.ModelGetPayload<{ select: typeof modelSelect }>;
