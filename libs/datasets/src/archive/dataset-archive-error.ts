import { RankfallError } from '@rankfall/job-contracts';

/** Why a dataset archive (zip) was refused. Every refusal names the entry it is about, when there is one. */
export type DatasetArchiveErrorCode =
  /** Not a zip archive, truncated, or a header/offset that does not add up. */
  | 'ARCHIVE_MALFORMED'
  /** A zip64 archive or entry (not supported: archives and entries stay under 4 GiB). */
  | 'ARCHIVE_ZIP64_UNSUPPORTED'
  /** Split over several disks. */
  | 'ARCHIVE_MULTI_DISK'
  | 'ARCHIVE_TOO_MANY_ENTRIES'
  /** An absolute name, a drive letter, a `..` or `.` segment, a backslash, a control character, an empty segment, not UTF-8. */
  | 'ARCHIVE_UNSAFE_NAME'
  /** A name that appears twice, or a file that is also a folder (`a` and `a/b`). */
  | 'ARCHIVE_DUPLICATE_ENTRY'
  | 'ARCHIVE_SYMLINK'
  /** A device, FIFO, socket or other entry that is neither a regular file nor a folder. */
  | 'ARCHIVE_NOT_REGULAR_FILE'
  | 'ARCHIVE_ENCRYPTED'
  | 'ARCHIVE_UNSUPPORTED_METHOD'
  /** Two entries share bytes (the overlapping-entries zip bomb). */
  | 'ARCHIVE_OVERLAPPING_ENTRIES'
  /** One entry inflates past the per-entry limit. */
  | 'ARCHIVE_ENTRY_TOO_LARGE'
  /** All entries together inflate past the total limit. */
  | 'ARCHIVE_TOO_LARGE'
  /** An entry inflates far more than its compressed size allows (zip bomb). */
  | 'ARCHIVE_RATIO_EXCEEDED'
  /** An entry inflates to another size than its headers declare. */
  | 'ARCHIVE_SIZE_MISMATCH'
  | 'ARCHIVE_CRC_MISMATCH'
  /** The deflate stream is corrupt. */
  | 'ARCHIVE_CORRUPT_ENTRY'
  /** The MOS table is not in the archive, or there is no single `.csv` to default to. */
  | 'ARCHIVE_TABLE_NOT_FOUND'
  | 'ARCHIVE_IMAGES_NOT_FOUND'
  /** Writing the extracted files failed (disk full, permissions). */
  | 'ARCHIVE_WRITE_FAILED';

export class DatasetArchiveError extends RankfallError<DatasetArchiveErrorCode> {
  override readonly name = 'DatasetArchiveError';
  constructor(
    code: DatasetArchiveErrorCode,
    message: string,
    /** The entry name as stored in the archive, when the problem is about one entry. */
    readonly entry: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, message, { ...(options?.cause !== undefined ? { cause: options.cause } : {}), ...(entry !== null ? { details: { entry } } : {}) });
  }
}
