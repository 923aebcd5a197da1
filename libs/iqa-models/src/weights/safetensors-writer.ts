import { writeFile } from 'node:fs/promises';
import { SAFETENSORS_FORMAT } from './safetensors-format';
import { shapeSize, type WeightMap } from './weight-map';
import { WeightsError } from './weights-error';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Serialises a weight map as a safetensors file: every tensor F32, in map order, `__metadata__`
 * last, a compact JSON header padded with spaces to a multiple of 8 bytes. Throws SHAPE_MISMATCH
 * when a tensor's data length is not the product of its shape, MALFORMED_FILE for the reserved
 * name `__metadata__`.
 */
export function writeSafetensors(tensors: WeightMap, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const entries: string[] = [];
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    if (name === SAFETENSORS_FORMAT.metadataKey) {
      throw new WeightsError('MALFORMED_FILE', `safetensors: "${name}" is reserved and cannot name a tensor`, name);
    }
    if (!shape.every((dim) => Number.isInteger(dim) && dim >= 0) || shapeSize(shape) !== data.length) {
      throw new WeightsError(
        'SHAPE_MISMATCH',
        `safetensors: tensor "${name}" has shape [${shape.join(', ')}] but ${data.length} values`,
        name,
      );
    }
    const end = offset + data.byteLength;
    // Built by hand: a JS object would move integer-like names ("0", "1") to the front.
    entries.push(`${JSON.stringify(name)}:{"dtype":"F32","shape":${JSON.stringify(shape)},"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  if (metadata !== undefined) {
    entries.push(`${JSON.stringify(SAFETENSORS_FORMAT.metadataKey)}:${JSON.stringify(metadata)}`);
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const alignment = SAFETENSORS_FORMAT.headerAlignment;
  const headerLength = Math.ceil(json.byteLength / alignment) * alignment;
  const prefix = SAFETENSORS_FORMAT.lengthPrefixBytes;

  const out = new Uint8Array(prefix + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, prefix);
  out.fill(0x20, prefix + json.byteLength, prefix + headerLength);

  let cursor = prefix + headerLength;
  for (const { data } of tensors.values()) {
    if (LITTLE_ENDIAN_HOST) {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), cursor);
    } else {
      for (let i = 0; i < data.length; i++) view.setFloat32(cursor + 4 * i, data[i] ?? 0, true);
    }
    cursor += data.byteLength;
  }
  return out;
}

/** Writes a weight map to disk as safetensors (see `writeSafetensors`). */
export async function writeSafetensorsFile(
  path: string,
  tensors: WeightMap,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  await writeFile(path, writeSafetensors(tensors, metadata));
}
