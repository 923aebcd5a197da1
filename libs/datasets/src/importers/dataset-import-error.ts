import { RankfallError } from '@rankfall/job-contracts';
/** Why an import failed as a whole. */
export type DatasetImportErrorCode =
  /** The options are inconsistent (e.g. a generic format without `facts`, no image root). */
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_FORMAT'
  /** The table file cannot be opened or read. */
  | 'TABLE_UNREADABLE'
  | 'IMAGE_ROOT_NOT_FOUND'
  /** CSV syntax error (unterminated quote, stray quote); reading stops there. */
  | 'MALFORMED_CSV'
  /** The header does not have the columns the format expects. */
  | 'WRONG_COLUMNS'
  /** No data rows. */
  | 'EMPTY_TABLE'
  /** More data rows than the import's `maxRows` (default `DEFAULT_MAX_TABLE_ROWS`); refused while reading, before any image is touched. */
  | 'TABLE_TOO_LARGE'
  /** One or more rows are invalid (values, field counts, keys, duplicates); images were not checked. */
  | 'INVALID_ROWS'
  /** Rows are valid but images are missing, outside the image root, unreadable, corrupt or too large. */
  | 'IMAGE_PROBLEMS';

/** What is wrong with one row or one image. */
export type DatasetProblemCode =
  | 'FIELD_COUNT'
  | 'INVALID_VALUE'
  | 'OUT_OF_RANGE'
  | 'DUPLICATE_KEY'
  | 'IMAGE_MISSING'
  /** The path leads out of the image root through a symbolic link: refused, the target is never read. */
  | 'IMAGE_OUTSIDE_ROOT'
  | 'IMAGE_UNREADABLE'
  | 'IMAGE_CORRUPT'
  | 'IMAGE_UNSUPPORTED'
  | 'IMAGE_TOO_LARGE';

export interface DatasetProblem {
  readonly code: DatasetProblemCode;
  /** The table file (base name), as in the message. */
  readonly file: string;
  /** 1-based physical line of the table where the row starts (the header is line 1). */
  readonly line: number;
  /** The column, for value problems; null for image problems and field-count problems. */
  readonly field: string | null;
  /** Absolute path of the image, for image problems. */
  readonly image: string | null;
  /** One full line: `meta_info_CSIQDataset.csv line 17: field "dmos": expected a number, got "abc"`. */
  readonly message: string;
}

/**
 * The one error an import throws. No manifest is ever returned when there is a problem: the error
 * lists the first `problems` (up to the import's `maxProblems`) and counts them all.
 */
export class DatasetImportError extends RankfallError<DatasetImportErrorCode> {
  override readonly name = 'DatasetImportError';
  constructor(
    code: DatasetImportErrorCode,
    /** The table path (or the image root / format id the problem is about). */
    readonly file: string,
    summary: string,
    readonly problems: readonly DatasetProblem[] = [],
    readonly problemCount = problems.length,
    options?: { cause?: unknown },
  ) {
    const lines = problems.map((p) => `  ${p.message}`);
    if (problemCount > problems.length) lines.push(`  … and ${problemCount - problems.length} more`);
    super(code, [summary, ...lines].join('\n'), { ...(options?.cause !== undefined ? { cause: options.cause } : {}), details: { file, problemCount } });
  }
}
