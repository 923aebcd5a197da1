-- A comment on an image can keep the view it was written at (zoom and centre of the pair viewer).
-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "view" JSONB;
