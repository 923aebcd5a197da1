import type { Prisma } from '../generated/prisma/client';

/** A run's own columns as the API shows them; related rows are loaded separately (DataLoaders). */
export const runDetailSelect = {
  id: true,
  teamId: true,
  createdById: true,
  name: true,
  modelId: true,
  datasetId: true,
  split: true,
  attackId: true,
  config: true,
  seed: true,
  budgetNorm: true,
  budgetEpsilon: true,
  status: true,
  progress: true,
  progressMessage: true,
  backend: true,
  environment: true,
  errorCode: true,
  errorMessage: true,
  cancelRequestedAt: true,
  shardCount: true,
  imageCount: true,
  sweepId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  updatedAt: true,
} as const satisfies Prisma.RunSelect;
export type RunRow = Prisma.RunGetPayload<{ select: typeof runDetailSelect }>;

export const runStageSelect = {
  id: true,
  runId: true,
  kind: true,
  status: true,
  progress: true,
  summary: true,
  attempts: true,
  checkpointIteration: true,
  startedAt: true,
  finishedAt: true,
  updatedAt: true,
} as const satisfies Prisma.RunStageSelect;
export type RunStageRow = Prisma.RunStageGetPayload<{ select: typeof runStageSelect }>;

export const runShardSelect = {
  id: true,
  runId: true,
  kind: true,
  shard: true,
  status: true,
  done: true,
  total: true,
  workerId: true,
  startedAt: true,
  finishedAt: true,
} as const satisfies Prisma.RunShardSelect;
export type RunShardRow = Prisma.RunShardGetPayload<{ select: typeof runShardSelect }>;

export const runMetricSelect = {
  id: true,
  runId: true,
  name: true,
  reference: true,
  value: true,
  ciLow: true,
  ciHigh: true,
} as const satisfies Prisma.RunMetricSelect;
export type RunMetricRow = Prisma.RunMetricGetPayload<{ select: typeof runMetricSelect }>;

export const sweepSelect = {
  id: true,
  teamId: true,
  createdById: true,
  name: true,
  attackId: true,
  parameter: true,
  values: true,
  createdAt: true,
} as const satisfies Prisma.SweepSelect;
export type SweepRow = Prisma.SweepGetPayload<{ select: typeof sweepSelect }>;
