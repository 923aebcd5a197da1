-- UAP as a run: the stage that learns one universal perturbation on the train split (between TARGETS and
-- PERTURB, so stages listed in enum order read in DAG order), and an artifact kind for the perturbation.
-- AlterEnum
ALTER TYPE "StageKind" ADD VALUE 'TRAIN_UAP' BEFORE 'PERTURB';

-- AlterEnum
ALTER TYPE "ArtifactKind" ADD VALUE 'PERTURBATION';
