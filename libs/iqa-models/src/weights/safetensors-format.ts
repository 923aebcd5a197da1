import { z } from 'zod';

/**
 * The safetensors layout (https://huggingface.co/docs/safetensors): an unsigned 64-bit
 * little-endian header length N, N bytes of UTF-8 JSON (padded with spaces), then the raw
 * little-endian tensor bytes. The JSON maps each tensor name to `{dtype, shape, data_offsets}`
 * (offsets relative to the start of the data area) plus an optional `__metadata__` string map.
 */
export const SAFETENSORS_FORMAT = {
  /** Key of the free-form string map in the header. */
  metadataKey: '__metadata__',
  /** Bytes of the header-length prefix. */
  lengthPrefixBytes: 8,
  /**
   * The reference implementation refuses larger headers (100 MB); so do we, from the declared length
   * alone, before the header is read (LIMIT_EXCEEDED).
   */
  maxHeaderBytes: 100_000_000,
  /** Writers pad the JSON with spaces so the data starts on this alignment. */
  headerAlignment: 8,
} as const;

/** Element size in bytes of each dtype this library reads (all are converted to float32). */
export const SAFETENSORS_DTYPE_BYTES = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
} as const;

export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPE_BYTES;

export function isSafetensorsDtype(dtype: string): dtype is SafetensorsDtype {
  return Object.hasOwn(SAFETENSORS_DTYPE_BYTES, dtype);
}

const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One tensor entry of the JSON header (dtype checked separately, to report UNSUPPORTED_DTYPE). */
export const safetensorsEntrySchema = z.strictObject({
  dtype: z.string(),
  shape: z.array(offset),
  data_offsets: z.tuple([offset, offset]),
});

export type SafetensorsEntry = z.infer<typeof safetensorsEntrySchema>;

/**
 * The `__metadata__` map's shape (documentation; the reader checks it by hand because a zod record's
 * output object would turn a `__proto__` key into a prototype and drop it).
 */
export const safetensorsMetadataSchema = z.record(z.string(), z.string());

/** The header as a whole: a JSON object (the reader walks its own keys by hand, for the same reason). */
export const safetensorsHeaderSchema = z.record(z.string(), z.unknown());
