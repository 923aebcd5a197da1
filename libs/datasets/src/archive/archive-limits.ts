/** What an extraction accepts; every limit is checked while inflating, never trusting the archive's headers. */
export interface ArchiveLimits {
  /** Most entries (files and folders) in the central directory. */
  readonly maxEntries: number;
  /** Largest inflated size of one entry, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest inflated size of all entries together, in bytes. */
  readonly maxTotalBytes: number;
  /** Highest inflated/compressed ratio of one entry (checked once it has inflated past `ratioFloorBytes`). */
  readonly maxRatio: number;
  /** Entries smaller than this are exempt from the ratio check (a tiny CSV may compress 1000:1). */
  readonly ratioFloorBytes: number;
}

/**
 * Defaults sized for MOS datasets: 100 000 entries (the table row limit is 50 000), 256 MiB per entry (the
 * per-image limit of the importers), 16 GiB in all, ratio 200:1 past 1 MiB (images barely compress; a
 * deflate bomb runs at about 1000:1).
 */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};
