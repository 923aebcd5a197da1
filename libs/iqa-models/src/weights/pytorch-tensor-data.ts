import { WeightsError } from './weights-error';
import { torchDtypeBytes, type TorchDtype, type TorchTensorRef } from './pytorch-pickle-globals';

/** IEEE half → float32. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function elementReader(view: DataView, dtype: TorchDtype, littleEndian: boolean): (index: number) => number {
  switch (dtype) {
    case 'float32':
      return (i) => view.getFloat32(i * 4, littleEndian);
    case 'float64':
      return (i) => view.getFloat64(i * 8, littleEndian);
    case 'float16':
      return (i) => halfToFloat(view.getUint16(i * 2, littleEndian));
    case 'bfloat16': {
      const scratch = new DataView(new ArrayBuffer(4));
      return (i) => {
        scratch.setUint32(0, view.getUint16(i * 2, littleEndian) << 16);
        return scratch.getFloat32(0);
      };
    }
    case 'int64':
      return (i) => Number(view.getBigInt64(i * 8, littleEndian));
    case 'int32':
      return (i) => view.getInt32(i * 4, littleEndian);
    case 'int16':
      return (i) => view.getInt16(i * 2, littleEndian);
    case 'int8':
      return (i) => view.getInt8(i);
    case 'uint8':
    case 'bool':
      return (i) => view.getUint8(i);
  }
}

/**
 * The values of a strided tensor view as a row-major (C order) Float32Array. `storageBytes` holds
 * the root storage; legacy views add their element offset. Non-contiguous views (e.g. a saved
 * transpose) are materialised; every index is checked against the storage size. Integer and
 * 64-bit types are converted to float32 (int64 exactly up to 2^24, e.g. `num_batches_tracked`).
 */
export function torchTensorToFloat32(name: string, ref: TorchTensorRef, storageBytes: Uint8Array, littleEndian: boolean): Float32Array {
  const { storage, size, stride } = ref;
  const elementBytes = torchDtypeBytes[storage.dtype];
  const rootElements = Math.floor(storageBytes.length / elementBytes);
  if (rootElements < storage.numel) {
    throw new WeightsError('MALFORMED_FILE', `tensor "${name}": storage "${storage.key}" has ${rootElements} elements, expected ${storage.numel}`, name);
  }
  const base = (storage.view?.offset ?? 0) + ref.offset;
  const available = storage.view === undefined ? storage.numel : storage.view.offset + storage.view.numel;
  if (storage.view !== undefined && available > storage.numel) {
    throw new WeightsError('MALFORMED_FILE', `tensor "${name}": storage view runs past its root storage`, name);
  }

  const numel = size.reduce((product, dim) => product * dim, 1);
  if (numel > available) {
    // Only expanded (stride-0) views can be larger than their storage; a state dict has none, and
    // a crafted size must not make us allocate gigabytes.
    throw new WeightsError('MALFORMED_FILE', `tensor "${name}": ${numel} elements in a storage of ${available}`, name);
  }
  const out = new Float32Array(numel);
  if (numel === 0) return out;
  const lastIndex = base + size.reduce((sum, dim, axis) => sum + (dim - 1) * (stride[axis] as number), 0);
  if (lastIndex >= available) {
    throw new WeightsError(
      'MALFORMED_FILE',
      `tensor "${name}": view (offset ${ref.offset}, size [${size.join(', ')}], stride [${stride.join(', ')}]) runs past its storage of ${available} elements`,
      name,
    );
  }

  let expectedStride = 1;
  let contiguous = true;
  for (let axis = size.length - 1; axis >= 0; axis--) {
    const dim = size[axis] as number;
    if (dim !== 1 && stride[axis] !== expectedStride) contiguous = false;
    expectedStride *= dim;
  }

  if (contiguous && storage.dtype === 'float32' && littleEndian) {
    const start = storageBytes.byteOffset + base * 4;
    out.set(new Float32Array(storageBytes.buffer.slice(start, start + numel * 4)));
    return out;
  }

  const view = new DataView(storageBytes.buffer, storageBytes.byteOffset, storageBytes.byteLength);
  const read = elementReader(view, storage.dtype, littleEndian);
  if (contiguous) {
    for (let i = 0; i < numel; i++) out[i] = read(base + i);
    return out;
  }
  // Strided gather with an odometer over the dimensions.
  const rank = size.length;
  const counter = new Array<number>(rank).fill(0);
  let source = base;
  for (let i = 0; i < numel; i++) {
    out[i] = read(source);
    for (let axis = rank - 1; axis >= 0; axis--) {
      const next = (counter[axis] as number) + 1;
      if (next < (size[axis] as number)) {
        counter[axis] = next;
        source += stride[axis] as number;
        break;
      }
      counter[axis] = 0;
      source -= (next - 1) * (stride[axis] as number);
    }
  }
  return out;
}
