import { assertFiniteWeights } from './finite-weights';
import { findDuplicateJsonKey } from './json-duplicate-keys';
import {
  isSafetensorsDtype,
  SAFETENSORS_DTYPE_BYTES,
  SAFETENSORS_FORMAT,
  safetensorsEntrySchema,
  type SafetensorsDtype,
} from './safetensors-format';
import { readWeightFileBytes } from './weight-file-bytes';
import { shapeSize, type WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

/** What a safetensors file holds, every tensor converted to float32. */
export interface SafetensorsContents {
  /** Tensors in the order of their data in the file. */
  readonly tensors: WeightMap;
  /** The dtype each tensor had in the file. */
  readonly dtypes: ReadonlyMap<string, SafetensorsDtype>;
  /** `__metadata__` (empty when absent). */
  readonly metadata: Readonly<Record<string, string>>;
}

interface Located {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Checks a safetensors header length before anything else is read: at most
 * SAFETENSORS_FORMAT.maxHeaderBytes (100 MB, the reference implementation's limit;
 * LIMIT_EXCEEDED), inside a file of `fileBytes` bytes and at least 2 (MALFORMED_FILE).
 * Returns it as a number.
 */
export function checkSafetensorsHeaderLength(declared: bigint, fileBytes: number): number {
  const prefix = SAFETENSORS_FORMAT.lengthPrefixBytes;
  const limit = SAFETENSORS_FORMAT.maxHeaderBytes;
  if (declared > BigInt(limit)) {
    throw new WeightsError(
      'LIMIT_EXCEEDED',
      `safetensors: header length ${declared} bytes is over the ${limit}-byte limit (SAFETENSORS_FORMAT.maxHeaderBytes, as the reference implementation)`,
      undefined,
      { declaredHeaderBytes: declared.toString(), maxHeaderBytes: limit },
    );
  }
  if (declared > BigInt(Math.max(fileBytes - prefix, 0))) {
    throw new WeightsError(
      'MALFORMED_FILE',
      `safetensors: header length ${declared} goes beyond the file (${Math.max(fileBytes - prefix, 0)} bytes after the length)`,
    );
  }
  if (declared < 2n) throw new WeightsError('MALFORMED_FILE', `safetensors: header length ${declared} out of bounds`);
  return Number(declared);
}

/**
 * Parses a safetensors file, strictly: header length within the limit and the file, UTF-8 JSON
 * object without repeated keys at any level (DUPLICATE_ENTRY; JSON.parse would keep the last),
 * each entry checked with zod, known dtype, byte length = product(shape) × dtype size, offsets
 * inside the data area, the tensors tiling the data area exactly (no overlap, no gap, no trailing
 * bytes; the reference implementation enforces the same), and every value finite as float32
 * (NON_FINITE_WEIGHTS). Names such as `__proto__` or `constructor` are ordinary tensor names.
 * Errors are `WeightsError`s naming the tensor.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsContents {
  const prefix = SAFETENSORS_FORMAT.lengthPrefixBytes;
  if (bytes.byteLength < prefix) {
    throw new WeightsError('MALFORMED_FILE', `safetensors: ${bytes.byteLength} bytes, shorter than the ${prefix}-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = checkSafetensorsHeaderLength(view.getBigUint64(0, true), bytes.byteLength);
  const dataStart = prefix + Number(headerLength);
  const header = parseHeaderJson(bytes.subarray(prefix, dataStart));
  const dataLength = bytes.byteLength - dataStart;

  let metadata: Record<string, string> = {};
  const located: Located[] = [];
  // Own properties only (JSON.parse defines `__proto__` as an own key); no zod record here, as its
  // output object would turn a `__proto__` key into a prototype and drop it.
  for (const [name, value] of Object.entries(header)) {
    if (name === SAFETENSORS_FORMAT.metadataKey) {
      metadata = parseMetadata(value);
      continue;
    }
    located.push(locate(name, value, dataLength));
  }

  located.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: string | null = null;
  for (const entry of located) {
    if (entry.begin < cursor) {
      throw new WeightsError(
        'MALFORMED_FILE',
        `safetensors: tensor "${entry.name}" (bytes ${entry.begin}–${entry.end}) overlaps "${previous}"`,
        entry.name,
      );
    }
    if (entry.begin > cursor) {
      throw new WeightsError(
        'MALFORMED_FILE',
        `safetensors: tensor "${entry.name}" starts at byte ${entry.begin}, leaving a gap after byte ${cursor}`,
        entry.name,
      );
    }
    cursor = entry.end;
    previous = entry.name;
  }
  if (cursor !== dataLength) {
    throw new WeightsError('MALFORMED_FILE', `safetensors: ${dataLength - cursor} data bytes after the last tensor`);
  }

  const tensors: WeightMap = new Map();
  const dtypes = new Map<string, SafetensorsDtype>();
  for (const entry of located) {
    const raw = bytes.subarray(dataStart + entry.begin, dataStart + entry.end);
    tensors.set(entry.name, { shape: entry.shape, data: toFloat32(raw, entry.dtype) });
    dtypes.set(entry.name, entry.dtype);
  }
  assertFiniteWeights(tensors, 'safetensors');
  return { tensors, dtypes, metadata };
}

/** Reads and parses a safetensors file from disk, refusing a bad header length before reading the rest. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsContents> {
  return readSafetensors(await readWeightFileBytes(path, inspectSafetensorsHead));
}

/** For `readWeightFileBytes`: refuses a declared header length over the limit or beyond the file. */
export function inspectSafetensorsHead(head: Uint8Array, fileSize: number): void {
  if (head.length < SAFETENSORS_FORMAT.lengthPrefixBytes) return; // readSafetensors reports it
  checkSafetensorsHeaderLength(new DataView(head.buffer, head.byteOffset, head.byteLength).getBigUint64(0, true), fileSize);
}

function parseMetadata(value: unknown): Record<string, string> {
  const bad = (): never => {
    throw new WeightsError('MALFORMED_FILE', `safetensors: ${SAFETENSORS_FORMAT.metadataKey} must map strings to strings`, SAFETENSORS_FORMAT.metadataKey);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad();
  const entries = Object.entries(value);
  if (!entries.every(([, text]) => typeof text === 'string')) return bad();
  // Object.fromEntries defines own properties: a `__proto__` key stays an ordinary key.
  return Object.fromEntries(entries) as Record<string, string>;
}

function parseHeaderJson(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new WeightsError('MALFORMED_FILE', 'safetensors: header is not valid UTF-8');
  }
  if (!text.startsWith('{')) {
    throw new WeightsError('MALFORMED_FILE', 'safetensors: header does not start with "{"');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightsError('MALFORMED_FILE', `safetensors: header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new WeightsError('MALFORMED_FILE', 'safetensors: header is not a JSON object');
  }
  const duplicate = findDuplicateJsonKey(text);
  if (duplicate !== null) {
    const [owner, ...inner] = duplicate.path;
    const where = owner === undefined ? `tensor name ${JSON.stringify(duplicate.key)}` : `key ${JSON.stringify([...inner, duplicate.key].join('.'))} of ${JSON.stringify(owner)}`;
    throw new WeightsError(
      'DUPLICATE_ENTRY',
      `safetensors: the header repeats the ${where} (a repeated key must not silently replace the first)`,
      owner ?? duplicate.key,
    );
  }
  return json as Record<string, unknown>;
}

function locate(name: string, value: unknown, dataLength: number): Located {
  const parsed = safetensorsEntrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` (${issue.path.join('.') || 'entry'}: ${issue.message})`;
    throw new WeightsError('MALFORMED_FILE', `safetensors: tensor "${name}" has an invalid header entry${where}`, name);
  }
  const { dtype, shape, data_offsets: [begin, end] } = parsed.data;
  if (!isSafetensorsDtype(dtype)) {
    throw new WeightsError('UNSUPPORTED_DTYPE', `safetensors: tensor "${name}" has dtype ${dtype}, which cannot be read`, name);
  }
  if (begin > end || end > dataLength) {
    throw new WeightsError(
      'MALFORMED_FILE',
      `safetensors: tensor "${name}" has data offsets [${begin}, ${end}] outside the ${dataLength}-byte data area`,
      name,
    );
  }
  const expectedBytes = shapeSize(shape) * SAFETENSORS_DTYPE_BYTES[dtype];
  if (end - begin !== expectedBytes) {
    throw new WeightsError(
      'MALFORMED_FILE',
      `safetensors: tensor "${name}" ${dtype}[${shape.join(', ')}] needs ${expectedBytes} bytes, its offsets span ${end - begin}`,
      name,
    );
  }
  return { name, dtype, shape, begin, end };
}

function toFloat32(raw: Uint8Array, dtype: SafetensorsDtype): Float32Array {
  const count = raw.byteLength / SAFETENSORS_DTYPE_BYTES[dtype];
  if (dtype === 'F32' && LITTLE_ENDIAN_HOST) {
    // Copy into a fresh, aligned buffer.
    return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  const read = elementReader(view, dtype);
  for (let i = 0; i < count; i++) out[i] = read(i);
  return out;
}

function elementReader(view: DataView, dtype: SafetensorsDtype): (i: number) => number {
  switch (dtype) {
    case 'F64':
      return (i) => view.getFloat64(8 * i, true);
    case 'F32':
      return (i) => view.getFloat32(4 * i, true);
    case 'F16':
      return (i) => halfToFloat(view.getUint16(2 * i, true));
    case 'BF16': {
      const scratch = new DataView(new ArrayBuffer(4));
      return (i) => {
        scratch.setUint32(0, view.getUint16(2 * i, true) << 16, true);
        return scratch.getFloat32(0, true);
      };
    }
    case 'I64':
      return (i) => Number(view.getBigInt64(8 * i, true));
    case 'U64':
      return (i) => Number(view.getBigUint64(8 * i, true));
    case 'I32':
      return (i) => view.getInt32(4 * i, true);
    case 'U32':
      return (i) => view.getUint32(4 * i, true);
    case 'I16':
      return (i) => view.getInt16(2 * i, true);
    case 'U16':
      return (i) => view.getUint16(2 * i, true);
    case 'I8':
      return (i) => view.getInt8(i);
    case 'U8':
      return (i) => view.getUint8(i);
    case 'BOOL':
      return (i) => (view.getUint8(i) === 0 ? 0 : 1);
  }
}

/** IEEE 754 binary16 → number (subnormals, infinities and NaN included). */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x03ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
