import type { ArchitectureId } from './architectures/architecture-registry';
import type { IqaModelFacts } from './iqa-model';

/** Where an entry's weights come from. */
export type CatalogWeights =
  /** A file shipped in the repository (path relative to the repository root). */
  | { readonly source: 'bundled'; readonly path: string; readonly sha256: string | null }
  /** The user points to a file (`hint` says which); known checksums of the original files, for provenance. */
  | { readonly source: 'user'; readonly hint: string; readonly knownSha256: readonly string[] }
  /** No weights anywhere (an architecture to train from scratch). */
  | { readonly source: 'none' };

/** Measured numbers of the training command (filled in when the demo weights are trained). */
export interface TrainingRecord {
  readonly command: string;
  readonly results: {
    readonly dataset: string;
    readonly epochs: number;
    readonly seconds: number;
    readonly srocc: number;
    readonly plcc: number;
  } | null;
}

/**
 * A clean performance number someone published for this model (paper, model zoo, or the project's own
 * training record), with where it comes from. Matched to a dataset of the platform by the dataset's
 * importer format (`Dataset.format`, a fact of the dataset), never by its name.
 */
export interface ReportedPerformance {
  /** Human name of the dataset family, e.g. "LIVE Release 2". */
  readonly dataset: string;
  /** Importer format ids (libs/datasets) whose datasets this number is about. */
  readonly datasetFormats: readonly string[];
  /** Split / protocol of the number, e.g. "100 random 80/20 splits by reference image, median". */
  readonly protocol: string;
  readonly srocc: number | null;
  readonly plcc: number | null;
  /** Citation or URL (paper, repository file at a commit). */
  readonly source: string;
  readonly sourceKind: 'paper' | 'zoo' | 'training-record';
}

/**
 * One model of the catalog: facts (behaviour may depend on them, never on the id), the
 * architecture that builds it, and where its weights come from. A variant is a new entry.
 */
export interface CatalogEntry extends IqaModelFacts {
  readonly title: string;
  readonly architecture: ArchitectureId;
  /** Input value range the model expects (attacks always work in [0, 1]). */
  readonly inputRange: readonly [lo: number, hi: number];
  readonly weights: CatalogWeights;
  /** Where the weights and the architecture come from. */
  readonly provenance: string;
  readonly licence: string;
  /** What the score means and its caveats. */
  readonly notes: string;
  readonly training: TrainingRecord | null;
  /** Published clean numbers (empty or absent when nothing citable exists). */
  readonly reported?: readonly ReportedPerformance[];
}
