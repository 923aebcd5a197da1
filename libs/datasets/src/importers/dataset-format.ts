import { z } from 'zod';
import { datasetProvenanceSchema } from './dataset-manifest';
import { type TableLayout } from './table-layout';

/** The facts of a dataset the table does not hold: scale, direction, provenance. */
export const datasetFactsSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1).default('1'),
  mosRange: z
    .tuple([z.number(), z.number()])
    .refine(([lo, hi]) => lo < hi, { message: 'expected lo < hi' }),
  lowerBetter: z.boolean(),
  provenance: datasetProvenanceSchema,
});
export type DatasetFacts = z.output<typeof datasetFactsSchema>;
export type DatasetFactsInput = z.input<typeof datasetFactsSchema>;

/**
 * One MOS-table format: the headers it accepts and, for a named database, its facts. Generic formats
 * (`facts: null`) take the facts from the caller.
 */
export interface DatasetFormat<Id extends string = string> {
  readonly id: Id;
  /** Human name, e.g. "KonIQ-10k (official CSV)". */
  readonly title: string;
  /** The table file this format reads, e.g. `koniq10k_distributions_sets.csv`. */
  readonly tableFile: string;
  /** Accepted headers, tried in order; the first that fits is used. */
  readonly layouts: readonly [TableLayout, ...TableLayout[]];
  readonly facts: DatasetFacts | null;
  /** Which folder to give as `imageRoot`, for the README and CLI help. */
  readonly imageRootHint: string;
}
