-- AlterTable
ALTER TABLE "ImageResult" ADD COLUMN     "attackedRank" DOUBLE PRECISION,
ADD COLUMN     "cleanRank" DOUBLE PRECISION,
ADD COLUMN     "perturbedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "imageCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shardCount" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "sweepId" TEXT;

-- AlterTable
ALTER TABLE "RunStage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "summary" JSONB;

-- CreateTable
CREATE TABLE "Sweep" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "createdById" TEXT,
    "name" TEXT,
    "attackId" TEXT NOT NULL,
    "parameter" TEXT NOT NULL,
    "values" DOUBLE PRECISION[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunShard" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" "StageKind" NOT NULL,
    "shard" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunShard_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Sweep_teamId_createdAt_idx" ON "Sweep"("teamId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "RunShard_runId_kind_shard_key" ON "RunShard"("runId", "kind", "shard");

-- CreateIndex
CREATE INDEX "ImageResult_runId_attackedScore_idx" ON "ImageResult"("runId", "attackedScore");

-- CreateIndex
CREATE INDEX "Run_sweepId_idx" ON "Run"("sweepId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sweep" ADD CONSTRAINT "Sweep_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sweep" ADD CONSTRAINT "Sweep_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunShard" ADD CONSTRAINT "RunShard_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
