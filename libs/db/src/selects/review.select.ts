import type { Prisma } from '../generated/prisma/client';
import { publicUserSelect } from './user.select';

/** One image of one run, with where its adversarial and difference images are. */
export const imageResultSelect = {
  id: true,
  runId: true,
  imageId: true,
  cleanScore: true,
  targetScore: true,
  attackedScoreFloat: true,
  attackedScore: true,
  linf: true,
  l2: true,
  psnr: true,
  ssim: true,
  trajectory: true,
  durationMs: true,
  cleanRank: true,
  attackedRank: true,
  perturbedAt: true,
  adversarialArtifactId: true,
  differenceArtifactId: true,
  updatedAt: true,
} as const satisfies Prisma.ImageResultSelect;
export type ImageResultRow = Prisma.ImageResultGetPayload<{ select: typeof imageResultSelect }>;

export const commentSelect = {
  id: true,
  runId: true,
  imageId: true,
  step: true,
  body: true,
  view: true,
  createdAt: true,
  updatedAt: true,
  author: { select: publicUserSelect },
} as const satisfies Prisma.CommentSelect;
export type CommentRow = Prisma.CommentGetPayload<{ select: typeof commentSelect }>;

export const visibilityRatingSelect = {
  id: true,
  imageResultId: true,
  visible: true,
  createdAt: true,
  updatedAt: true,
  user: { select: publicUserSelect },
} as const satisfies Prisma.VisibilityRatingSelect;
export type VisibilityRatingRow = Prisma.VisibilityRatingGetPayload<{ select: typeof visibilityRatingSelect }>;
