-- AlterTable
ALTER TABLE "ImageResult" ADD COLUMN     "rankMoved" DOUBLE PRECISION,
ADD COLUMN     "scoreChange" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "ImageResult_runId_scoreChange_idx" ON "ImageResult"("runId", "scoreChange");

-- CreateIndex
CREATE INDEX "ImageResult_runId_rankMoved_idx" ON "ImageResult"("runId", "rankMoved");

-- The two columns are derived, always: a trigger keeps them equal to their definition whoever writes the row
-- (Prisma does not model generated columns and ignores triggers, so the schema and the migrations stay in sync).
-- The body is one E'' literal with \073 for each semicolon: Prisma's migration runner splits scripts at every
-- semicolon, dollar quotes included.
CREATE FUNCTION rankfall_image_result_derived() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN NEW."scoreChange" := NEW."attackedScore" - NEW."cleanScore"\073 NEW."rankMoved" := abs(NEW."attackedRank" - NEW."cleanRank")\073 RETURN NEW\073 END\073';

CREATE TRIGGER "ImageResult_derived"
  BEFORE INSERT OR UPDATE ON "ImageResult"
  FOR EACH ROW EXECUTE FUNCTION rankfall_image_result_derived();

-- Backfill runs that were attacked before the columns existed (the trigger computes the values).
UPDATE "ImageResult" SET "updatedAt" = "updatedAt";
