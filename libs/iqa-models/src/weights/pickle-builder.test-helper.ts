/**
 * Test helper: assembles pickle bytes opcode by opcode, the way CPython's pickler writes them,
 * so tests can build real (small) torch-format pickles and malicious ones by hand.
 */
export class PickleBuilder {
  private readonly parts: number[] = [];

  private op(code: number, ...payload: number[]): this {
    this.parts.push(code, ...payload);
    return this;
  }

  private le(value: number, bytes: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < bytes; i++) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
    return out;
  }

  proto(version: number): this {
    return this.op(0x80, version);
  }
  frame(length: number): this {
    return this.op(0x95, ...this.le(length, 8));
  }
  stop(): this {
    return this.op(0x2e);
  }
  mark(): this {
    return this.op(0x28);
  }
  emptyDict(): this {
    return this.op(0x7d);
  }
  emptyList(): this {
    return this.op(0x5d);
  }
  emptyTuple(): this {
    return this.op(0x29);
  }
  tuple(): this {
    return this.op(0x74);
  }
  tuple1(): this {
    return this.op(0x85);
  }
  tuple2(): this {
    return this.op(0x86);
  }
  tuple3(): this {
    return this.op(0x87);
  }
  setitem(): this {
    return this.op(0x73);
  }
  setitems(): this {
    return this.op(0x75);
  }
  appends(): this {
    return this.op(0x65);
  }
  none(): this {
    return this.op(0x4e);
  }
  bool(value: boolean): this {
    return this.op(value ? 0x88 : 0x89);
  }
  /** Picks BININT1 / BININT2 / BININT like CPython. */
  int(value: number): this {
    if (value >= 0 && value < 256) return this.op(0x4b, value);
    if (value >= 0 && value < 65536) return this.op(0x4d, ...this.le(value, 2));
    return this.op(0x4a, ...this.le(value >>> 0, 4));
  }
  long1(bytesLittleEndian: readonly number[]): this {
    return this.op(0x8a, bytesLittleEndian.length, ...bytesLittleEndian);
  }
  float(value: number): this {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, false);
    return this.op(0x47, ...new Uint8Array(view.buffer));
  }
  /** BINUNICODE (protocol 2 style). */
  unicode(text: string): this {
    const utf8 = [...new TextEncoder().encode(text)];
    return this.op(0x58, ...this.le(utf8.length, 4), ...utf8);
  }
  /** SHORT_BINUNICODE (protocol 4 style). */
  shortUnicode(text: string): this {
    const utf8 = [...new TextEncoder().encode(text)];
    return this.op(0x8c, utf8.length, ...utf8);
  }
  shortBinbytes(bytes: readonly number[]): this {
    return this.op(0x43, bytes.length, ...bytes);
  }
  binput(index: number): this {
    return this.op(0x71, index);
  }
  binget(index: number): this {
    return this.op(0x68, index);
  }
  memoize(): this {
    return this.op(0x94);
  }
  /** GLOBAL 'module\nname\n'. */
  global(module: string, name: string): this {
    return this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }
  stackGlobal(): this {
    return this.op(0x93);
  }
  reduce(): this {
    return this.op(0x52);
  }
  build(): this {
    return this.op(0x62);
  }
  newobj(): this {
    return this.op(0x81);
  }
  binpersid(): this {
    return this.op(0x51);
  }
  raw(...bytes: number[]): this {
    this.parts.push(...bytes);
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
