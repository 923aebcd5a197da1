import { inflateSync } from 'node:zlib';
import { assertFiniteWeights } from './finite-weights';
import type { WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

/** The largest .mat file read (parameter sets are KB; a MAT file of network weights is not what this reads). */
export const MAX_MATLAB_FILE_BYTES = 64 * 2 ** 20;
/** The largest inflated miCOMPRESSED element (a zip bomb stops here). */
export const MAX_MATLAB_INFLATED_BYTES = 64 * 2 ** 20;

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT16 = 3;
const MI_UINT16 = 4;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_SINGLE = 7;
const MI_DOUBLE = 9;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

const MX_DOUBLE_CLASS = 6;
const MX_SINGLE_CLASS = 7;

/** Numeric element types a real array's data may use (MATLAB stores doubles in smaller types when exact). */
const NUMERIC_TYPES: Record<number, { readonly size: number; readonly get: (view: DataView, at: number) => number }> = {
  [MI_INT8]: { size: 1, get: (v, at) => v.getInt8(at) },
  [MI_UINT8]: { size: 1, get: (v, at) => v.getUint8(at) },
  [MI_INT16]: { size: 2, get: (v, at) => v.getInt16(at, true) },
  [MI_UINT16]: { size: 2, get: (v, at) => v.getUint16(at, true) },
  [MI_INT32]: { size: 4, get: (v, at) => v.getInt32(at, true) },
  [MI_UINT32]: { size: 4, get: (v, at) => v.getUint32(at, true) },
  [MI_SINGLE]: { size: 4, get: (v, at) => v.getFloat32(at, true) },
  [MI_DOUBLE]: { size: 8, get: (v, at) => v.getFloat64(at, true) },
};

interface Element {
  readonly type: number;
  readonly data: Uint8Array;
  /** Offset of the next element. */
  readonly next: number;
}

function fail(file: string, at: number, message: string): never {
  throw new WeightsError('MALFORMED_FILE', `${file}: byte ${at}: ${message}`);
}

/** One data element (normal 8-byte tag, or the small format with the size in the upper 16 bits). */
function readElement(bytes: Uint8Array, at: number, file: string): Element {
  if (at + 8 > bytes.length) fail(file, at, 'truncated data element tag');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = view.getUint32(at, true);
  const small = word >>> 16;
  if (small !== 0) {
    if (small > 4) fail(file, at, `small data element of ${small} bytes (at most 4)`);
    return { type: word & 0xffff, data: bytes.subarray(at + 4, at + 4 + small), next: at + 8 };
  }
  const size = view.getUint32(at + 4, true);
  const start = at + 8;
  if (start + size > bytes.length) fail(file, at, `data element of ${size} bytes runs past the end (${bytes.length})`);
  // miCOMPRESSED elements are not padded; every other element is padded to 8 bytes.
  const padded = word === MI_COMPRESSED ? size : Math.ceil(size / 8) * 8;
  return { type: word, data: bytes.subarray(start, start + size), next: Math.min(start + padded, bytes.length) };
}

function readMatrix(element: Element, file: string, at: number): { name: string; shape: number[]; data: Float32Array } {
  const body = element.data;
  const flags = readElement(body, 0, file);
  if (flags.type !== MI_UINT32 || flags.data.length !== 8) fail(file, at, 'array flags are not 2 × uint32');
  const flagWord = new DataView(flags.data.buffer, flags.data.byteOffset, 8).getUint32(0, true);
  const mxClass = flagWord & 0xff;
  if ((flagWord & 0x800) !== 0) throw new WeightsError('UNSUPPORTED_DTYPE', `${file}: byte ${at}: complex arrays are not supported`);
  if (mxClass !== MX_DOUBLE_CLASS && mxClass !== MX_SINGLE_CLASS) {
    throw new WeightsError('UNSUPPORTED_DTYPE', `${file}: byte ${at}: MATLAB class ${mxClass} is not supported (only real double or single matrices; no cells, structs, chars, sparse or logical arrays)`);
  }
  const dims = readElement(body, flags.next, file);
  if (dims.type !== MI_INT32 || dims.data.length % 4 !== 0) fail(file, at, 'dimensions are not int32');
  const dimView = new DataView(dims.data.buffer, dims.data.byteOffset, dims.data.byteLength);
  const shape = Array.from({ length: dims.data.length / 4 }, (_, i) => dimView.getInt32(i * 4, true));
  if (shape.length !== 2) throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: byte ${at}: ${shape.length}-D arrays are not supported (2-D only)`);
  if (shape.some((d) => d < 0 || d > 2 ** 24)) fail(file, at, `bad dimensions [${shape.join(', ')}]`);
  const nameElement = readElement(body, dims.next, file);
  if (nameElement.type !== MI_INT8) fail(file, at, 'array name is not int8 text');
  const name = new TextDecoder('ascii').decode(nameElement.data);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) fail(file, at, `bad variable name "${name}"`);
  const real = readElement(body, nameElement.next, file);
  const numeric = NUMERIC_TYPES[real.type];
  if (numeric === undefined) throw new WeightsError('UNSUPPORTED_DTYPE', `${file}: variable "${name}": data type ${real.type} is not a numeric type`, name);
  const [rows, cols] = shape as [number, number];
  const count = rows * cols;
  if (real.data.length !== count * numeric.size) {
    throw new WeightsError('SHAPE_MISMATCH', `${file}: variable "${name}": ${real.data.length} data bytes, [${rows}, ${cols}] needs ${count * numeric.size}`, name);
  }
  if (real.next < body.length) fail(file, at, `variable "${name}" has more parts (imaginary part or extra data), not supported`);
  const realView = new DataView(real.data.buffer, real.data.byteOffset, real.data.byteLength);
  const out = new Float32Array(count);
  // Column-major (MATLAB) → row-major (C order).
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) out[r * cols + c] = numeric.get(realView, (c * rows + r) * numeric.size);
  }
  return { name, shape: [rows, cols], data: out };
}

/**
 * Reads a MATLAB level-5 MAT-file holding real 2-D double/single matrices (e.g. NIQE's
 * `pop_mu` 1×36 and `pop_cov` 36×36) into a WeightMap named by the variable names, row-major,
 * float32. Handles little-endian files, small data elements and miCOMPRESSED (zlib) elements,
 * with size limits on the file and on each inflated element. Refuses everything else: big-endian
 * files, MAT v4/v7.3 (HDF5), cells, structs, char, sparse, logical, complex and N-D arrays
 * (UNSUPPORTED_FORMAT/UNSUPPORTED_DTYPE), duplicate names (DUPLICATE_ENTRY), NaN/Inf
 * (NON_FINITE_WEIGHTS). Nothing in the file is ever executed.
 */
export function readMatlabV5(bytes: Uint8Array, file = 'MAT-file'): WeightMap {
  if (bytes.length > MAX_MATLAB_FILE_BYTES) {
    throw new WeightsError('LIMIT_EXCEEDED', `${file}: ${bytes.length} bytes, over the ${MAX_MATLAB_FILE_BYTES}-byte limit for MAT-files`);
  }
  if (bytes.length < 128) throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: shorter than a MAT-file header (128 bytes)`);
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  if (!text.startsWith('MATLAB 5.0 MAT-file')) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: not a MATLAB 5.0 MAT-file (v4 and v7.3/HDF5 files are not supported)`);
  }
  const endian = String.fromCharCode(bytes[126] as number, bytes[127] as number);
  if (endian !== 'IM') throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: big-endian MAT-files are not supported`);
  const version = new DataView(bytes.buffer, bytes.byteOffset + 124, 2).getUint16(0, true);
  if (version !== 0x0100) throw new WeightsError('UNSUPPORTED_FORMAT', `${file}: MAT-file version 0x${version.toString(16)} (expected 0x0100)`);

  const map: WeightMap = new Map();
  let at = 128;
  while (at < bytes.length) {
    let element = readElement(bytes, at, file);
    let elementAt = at;
    at = element.next;
    if (element.type === MI_COMPRESSED) {
      let inflated: Uint8Array;
      try {
        inflated = new Uint8Array(inflateSync(element.data, { maxOutputLength: MAX_MATLAB_INFLATED_BYTES }));
      } catch (error) {
        throw new WeightsError('MALFORMED_FILE', `${file}: byte ${elementAt}: miCOMPRESSED element does not inflate within ${MAX_MATLAB_INFLATED_BYTES} bytes (${(error as Error).message})`);
      }
      element = readElement(inflated, 0, file);
      if (element.next < inflated.length) fail(file, elementAt, 'miCOMPRESSED element holds more than one element');
      elementAt = 0;
    }
    if (element.type !== MI_MATRIX) fail(file, elementAt, `top-level element of type ${element.type} (expected miMATRIX or miCOMPRESSED)`);
    const matrix = readMatrix(element, file, elementAt);
    if (map.has(matrix.name)) throw new WeightsError('DUPLICATE_ENTRY', `${file}: variable "${matrix.name}" appears twice`, matrix.name);
    map.set(matrix.name, { shape: matrix.shape, data: matrix.data });
  }
  if (map.size === 0) throw new WeightsError('MALFORMED_FILE', `${file}: no variables`);
  assertFiniteWeights(map, file);
  return map;
}
