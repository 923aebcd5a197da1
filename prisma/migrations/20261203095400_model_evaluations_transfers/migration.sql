-- ModelEvaluation becomes a queued job's row: reported vs reproduced (with CIs), status, command, backend, duration.
ALTER TABLE "ModelEvaluation"
    ADD COLUMN "reportedPlcc" DOUBLE PRECISION,
    ADD COLUMN "reportedSource" TEXT,
    ADD COLUMN "reportedProtocol" TEXT,
    ADD COLUMN "sroccCiLow" DOUBLE PRECISION,
    ADD COLUMN "sroccCiHigh" DOUBLE PRECISION,
    ADD COLUMN "plccCiLow" DOUBLE PRECISION,
    ADD COLUMN "plccCiHigh" DOUBLE PRECISION,
    ADD COLUMN "reproducedKrocc" DOUBLE PRECISION,
    ADD COLUMN "kroccCiLow" DOUBLE PRECISION,
    ADD COLUMN "kroccCiHigh" DOUBLE PRECISION,
    ADD COLUMN "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    ADD COLUMN "command" TEXT,
    ADD COLUMN "backend" TEXT,
    ADD COLUMN "durationMs" INTEGER,
    ADD COLUMN "errorCode" TEXT,
    ADD COLUMN "errorMessage" TEXT,
    ADD COLUMN "createdById" TEXT,
    ADD COLUMN "startedAt" TIMESTAMP(3),
    ADD COLUMN "finishedAt" TIMESTAMP(3),
    ADD COLUMN "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "ModelEvaluation_datasetId_idx" ON "ModelEvaluation"("datasetId");

-- CreateTable
CREATE TABLE "TransferResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "targetModelId" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "cleanSrocc" DOUBLE PRECISION,
    "attackedSrocc" DOUBLE PRECISION,
    "cleanToAttackedSrocc" DOUBLE PRECISION,
    "meanAbsDelta" DOUBLE PRECISION,
    "n" INTEGER NOT NULL DEFAULT 0,
    "backend" TEXT,
    "durationMs" INTEGER,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransferResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TransferResult_runId_targetModelId_key" ON "TransferResult"("runId", "targetModelId");

-- CreateIndex
CREATE INDEX "TransferResult_targetModelId_idx" ON "TransferResult"("targetModelId");

-- AddForeignKey
ALTER TABLE "TransferResult" ADD CONSTRAINT "TransferResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferResult" ADD CONSTRAINT "TransferResult_targetModelId_fkey" FOREIGN KEY ("targetModelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;
