import { crc32, deflateRawSync } from 'node:zlib';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Test helper: a minimal zip writer (stored or deflated entries), enough for a torch zip
 * checkpoint. With `zip64`, sizes and offsets go to zip64 extra fields and a zip64 end record,
 * the way large torch archives are written.
 */
export function writeZip(files: ReadonlyArray<{ name: string; data: Uint8Array; deflate?: boolean }>, options: { zip64?: boolean } = {}): Uint8Array {
  const zip64 = options.zip64 === true;
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = new TextEncoder().encode(file.name);
    const body = file.deflate === true ? new Uint8Array(deflateRawSync(file.data)) : file.data;
    const crc = crc32(file.data) >>> 0;
    const method = file.deflate === true ? 8 : 0;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, method, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, file.data.length, true);
    local.setUint16(26, name.length, true);
    const extra = new DataView(new ArrayBuffer(zip64 ? 28 : 0));
    if (zip64) {
      extra.setUint16(0, 0x0001, true);
      extra.setUint16(2, 24, true);
      extra.setBigUint64(4, BigInt(file.data.length), true);
      extra.setBigUint64(12, BigInt(body.length), true);
      extra.setBigUint64(20, BigInt(offset), true);
    }
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 45, true);
    header.setUint16(6, 45, true);
    header.setUint16(10, method, true);
    header.setUint32(16, crc, true);
    header.setUint32(20, zip64 ? 0xffffffff : body.length, true);
    header.setUint32(24, zip64 ? 0xffffffff : file.data.length, true);
    header.setUint16(28, name.length, true);
    header.setUint16(30, extra.byteLength, true);
    header.setUint32(42, zip64 ? 0xffffffff : offset, true);
    chunks.push(new Uint8Array(local.buffer), name, body);
    central.push(new Uint8Array(header.buffer), name, new Uint8Array(extra.buffer));
    offset += 30 + name.length + body.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const tail: Uint8Array[] = [];
  if (zip64) {
    const record = new DataView(new ArrayBuffer(56));
    record.setUint32(0, 0x06064b50, true);
    record.setBigUint64(4, 44n, true);
    record.setUint16(12, 45, true);
    record.setUint16(14, 45, true);
    record.setBigUint64(24, BigInt(files.length), true);
    record.setBigUint64(32, BigInt(files.length), true);
    record.setBigUint64(40, BigInt(centralSize), true);
    record.setBigUint64(48, BigInt(offset), true);
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    locator.setBigUint64(8, BigInt(offset + centralSize), true);
    locator.setUint32(16, 1, true);
    tail.push(new Uint8Array(record.buffer), new Uint8Array(locator.buffer));
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, zip64 ? 0xffff : files.length, true);
  end.setUint16(10, zip64 ? 0xffff : files.length, true);
  end.setUint32(12, zip64 ? 0xffffffff : centralSize, true);
  end.setUint32(16, zip64 ? 0xffffffff : offset, true);
  return concat([...chunks, ...central, ...tail, new Uint8Array(end.buffer)]);
}
