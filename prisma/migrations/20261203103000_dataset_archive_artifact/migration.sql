-- Uploaded dataset archives (zip) get their own artifact kind instead of sharing REPORT.
-- AlterEnum
ALTER TYPE "ArtifactKind" ADD VALUE 'DATASET_ARCHIVE';
