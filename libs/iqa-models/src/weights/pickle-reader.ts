import { WeightsError } from './weights-error';
import { PyDict, PyGlobal, PyOpaque, PyTuple, type PyDictKey, type PyValue } from './pickle-value';

/**
 * A SAFE reader for the subset of the Python pickle protocol (2–5) that a PyTorch state dict
 * needs. It is a stack machine over plain data: it never imports or runs anything. GLOBAL and
 * STACK_GLOBAL resolve only names in the caller's allow-list (anything else throws
 * `UNSAFE_PICKLE` naming the global), REDUCE/NEWOBJ only apply allow-listed TypeScript functions
 * that build plain data, and opcodes that can run code (INST, OBJ, EXT*) are refused.
 */
export interface PickleReadOptions {
  /** Allowed globals by qualified name (`module.name`, e.g. `collections.OrderedDict`). */
  readonly globals: ReadonlyMap<string, PyGlobal>;
  /** BINPERSID: turns a persistent id into a value (torch: storage references). */
  readonly persistentLoad?: (pid: PyValue) => PyValue;
}

export interface PickleReadResult {
  readonly value: PyValue;
  /** Offset just past the STOP opcode (the next pickle of a stream starts there). */
  readonly end: number;
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

/** Opcodes that would import or run arbitrary code in CPython's unpickler. */
const CODE_RUNNING_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x69, 'INST'],
  [0x6f, 'OBJ'],
  [0x82, 'EXT1'],
  [0x83, 'EXT2'],
  [0x84, 'EXT4'],
]);

/** Reads one pickle starting at `offset` of `bytes`. */
export function readPickle(bytes: Uint8Array, offset: number, options: PickleReadOptions): PickleReadResult {
  return new PickleMachine(bytes, offset, options).run();
}

class PickleMachine {
  private pos: number;
  private readonly view: DataView;
  private readonly stack: StackItem[] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly latin1 = new TextDecoder('latin1');

  constructor(
    private readonly bytes: Uint8Array,
    offset: number,
    private readonly options: PickleReadOptions,
  ) {
    this.pos = offset;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): PickleReadResult {
    for (;;) {
      const opPos = this.pos;
      const op = this.u8();
      switch (op) {
        case 0x80: {
          // PROTO
          const protocol = this.u8();
          if (protocol > 5) this.malformed(`pickle protocol ${protocol} is not supported (2–5)`, opPos);
          break;
        }
        case 0x95: // FRAME: an 8-byte frame length, no effect on the machine
          this.take(8);
          break;
        case 0x2e: {
          // STOP
          const value = this.pop(opPos);
          return { value, end: this.pos };
        }
        case 0x28: // MARK
          this.stack.push(MARK);
          break;
        case 0x30: // POP
          this.popItem(opPos);
          break;
        case 0x31: // POP_MARK
          this.popMark(opPos);
          break;
        case 0x32: // DUP
          this.stack.push(this.top(opPos));
          break;
        case 0x7d: // EMPTY_DICT
          this.stack.push(new PyDict());
          break;
        case 0x5d: // EMPTY_LIST
          this.stack.push([]);
          break;
        case 0x29: // EMPTY_TUPLE
          this.stack.push(new PyTuple([]));
          break;
        case 0x74: // TUPLE
          this.stack.push(new PyTuple(this.popMark(opPos)));
          break;
        case 0x85: // TUPLE1
          this.stack.push(new PyTuple(this.popN(1, opPos)));
          break;
        case 0x86: // TUPLE2
          this.stack.push(new PyTuple(this.popN(2, opPos)));
          break;
        case 0x87: // TUPLE3
          this.stack.push(new PyTuple(this.popN(3, opPos)));
          break;
        case 0x6c: // LIST
          this.stack.push(this.popMark(opPos));
          break;
        case 0x64: {
          // DICT
          const dict = new PyDict();
          this.setItems(dict, this.popMark(opPos), opPos);
          this.stack.push(dict);
          break;
        }
        case 0x73: {
          // SETITEM
          const [key, value] = this.popN(2, opPos) as [PyValue, PyValue];
          this.setItems(this.dictOnTop(opPos), [key, value], opPos);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = this.popMark(opPos);
          this.setItems(this.dictOnTop(opPos), items, opPos);
          break;
        }
        case 0x61: {
          // APPEND
          const value = this.pop(opPos);
          this.listOnTop(opPos).push(value);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = this.popMark(opPos);
          this.listOnTop(opPos).push(...items);
          break;
        }
        case 0x4a: // BININT
          this.stack.push(this.view.getInt32(this.take(4), true));
          break;
        case 0x4b: // BININT1
          this.stack.push(this.u8());
          break;
        case 0x4d: // BININT2
          this.stack.push(this.view.getUint16(this.take(2), true));
          break;
        case 0x8a: // LONG1
          this.stack.push(this.long(this.u8()));
          break;
        case 0x8b: // LONG4
          this.stack.push(this.long(this.length32(opPos)));
          break;
        case 0x47: // BINFLOAT (big-endian double)
          this.stack.push(this.view.getFloat64(this.take(8), false));
          break;
        case 0x58: // BINUNICODE
          this.stack.push(this.utf8(this.length32(opPos), opPos));
          break;
        case 0x8c: // SHORT_BINUNICODE
          this.stack.push(this.utf8(this.u8(), opPos));
          break;
        case 0x8d: // BINUNICODE8
          this.stack.push(this.utf8(this.length64(opPos), opPos));
          break;
        case 0x54: // BINSTRING (Python 2 str, read as latin-1)
          this.stack.push(this.latin1.decode(this.slice(this.length32(opPos))));
          break;
        case 0x55: // SHORT_BINSTRING
          this.stack.push(this.latin1.decode(this.slice(this.u8())));
          break;
        case 0x42: // BINBYTES
          this.stack.push(this.slice(this.length32(opPos)).slice());
          break;
        case 0x43: // SHORT_BINBYTES
          this.stack.push(this.slice(this.u8()).slice());
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          this.stack.push(this.slice(this.length64(opPos)).slice());
          break;
        case 0x4e: // NONE
          this.stack.push(null);
          break;
        case 0x88: // NEWTRUE
          this.stack.push(true);
          break;
        case 0x89: // NEWFALSE
          this.stack.push(false);
          break;
        case 0x71: // BINPUT
          this.memo.set(this.u8(), this.top(opPos));
          break;
        case 0x72: // LONG_BINPUT
          this.memo.set(this.view.getUint32(this.take(4), true), this.top(opPos));
          break;
        case 0x94: // MEMOIZE
          this.memo.set(this.memo.size, this.top(opPos));
          break;
        case 0x68: // BINGET
          this.stack.push(this.memoGet(this.u8(), opPos));
          break;
        case 0x6a: // LONG_BINGET
          this.stack.push(this.memoGet(this.view.getUint32(this.take(4), true), opPos));
          break;
        case 0x63: {
          // GLOBAL: "module\nname\n"
          const module = this.line(opPos);
          const name = this.line(opPos);
          this.stack.push(this.resolveGlobal(module, name));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const [module, name] = this.popN(2, opPos);
          if (typeof module !== 'string' || typeof name !== 'string') {
            this.malformed('STACK_GLOBAL needs two strings', opPos);
          }
          this.stack.push(this.resolveGlobal(module, name));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = this.pop(opPos);
          const callable = this.pop(opPos);
          this.stack.push(this.apply(callable, args, 'REDUCE', opPos));
          break;
        }
        case 0x81: {
          // NEWOBJ: cls.__new__(cls, *args)
          const args = this.pop(opPos);
          const cls = this.pop(opPos);
          this.stack.push(this.apply(cls, args, 'NEWOBJ', opPos));
          break;
        }
        case 0x62: {
          // BUILD
          const state = this.pop(opPos);
          this.build(this.top(opPos), state, opPos);
          break;
        }
        case 0x51: {
          // BINPERSID
          const pid = this.pop(opPos);
          if (this.options.persistentLoad === undefined) {
            throw new WeightsError('UNSUPPORTED_FORMAT', `pickle uses persistent ids (offset ${opPos}) where none are expected`);
          }
          this.stack.push(this.options.persistentLoad(pid));
          break;
        }
        default: {
          const codeRunning = CODE_RUNNING_OPCODES.get(op);
          if (codeRunning !== undefined) {
            throw new WeightsError('UNSAFE_PICKLE', `pickle opcode ${codeRunning} at offset ${opPos} can run code: refused`);
          }
          throw new WeightsError(
            'UNSUPPORTED_FORMAT',
            `pickle opcode 0x${op.toString(16).padStart(2, '0')} ('${String.fromCharCode(op)}') at offset ${opPos} is not supported by the state-dict reader`,
          );
        }
      }
    }
  }

  private resolveGlobal(module: string, name: string): PyGlobal {
    const qualifiedName = `${module}.${name}`;
    const global = this.options.globals.get(qualifiedName);
    if (global === undefined) {
      throw new WeightsError(
        'UNSAFE_PICKLE',
        `pickle references the global "${qualifiedName}", which is not on the allow-list of a state dict: refused (nothing was run)`,
      );
    }
    return global;
  }

  private apply(callable: PyValue, args: PyValue, opcode: string, opPos: number): PyValue {
    if (!(callable instanceof PyGlobal)) {
      this.malformed(`${opcode} on something that is not an allowed global`, opPos);
    }
    if (callable.call === undefined) {
      throw new WeightsError('UNSAFE_PICKLE', `${opcode} on "${callable.qualifiedName}", which is not callable here: refused`);
    }
    if (!(args instanceof PyTuple)) this.malformed(`${opcode} arguments are not a tuple`, opPos);
    return callable.call(args.items);
  }

  /** BUILD: only dict-like targets (OrderedDict instance attributes such as `_metadata`) or opaque values. */
  private build(target: PyValue, state: PyValue, opPos: number): void {
    if (target instanceof PyDict) {
      const [attributes, slots] = state instanceof PyTuple ? [state.items[0] ?? null, state.items[1] ?? null] : [state, null];
      for (const part of [attributes, slots]) {
        if (part === null) continue;
        if (!(part instanceof PyDict)) this.malformed('BUILD state of a dict is not a dict', opPos);
        for (const [key, value] of part.entries) target.attributes.set(String(key), value);
      }
      return;
    }
    if (target instanceof PyOpaque) {
      // Plain data built by an allow-listed function carries no __setstate__: the state is ignored.
      return;
    }
    throw new WeightsError('UNSUPPORTED_FORMAT', `BUILD at offset ${opPos} on a value that is not a dict`);
  }

  private setItems(dict: PyDict, items: readonly PyValue[], opPos: number): void {
    if (items.length % 2 !== 0) this.malformed('odd number of items for a dict', opPos);
    for (let i = 0; i < items.length; i += 2) {
      dict.entries.set(this.dictKey(items[i] ?? null, opPos), items[i + 1] ?? null);
    }
  }

  private dictKey(key: PyValue, opPos: number): PyDictKey {
    if (key === null || typeof key === 'string' || typeof key === 'number' || typeof key === 'bigint' || typeof key === 'boolean') {
      return key;
    }
    throw new WeightsError('UNSUPPORTED_FORMAT', `dict key at offset ${opPos} is not a string or number`);
  }

  private dictOnTop(opPos: number): PyDict {
    const target = this.top(opPos);
    if (!(target instanceof PyDict)) this.malformed('SETITEM(S) target is not a dict', opPos);
    return target;
  }

  private listOnTop(opPos: number): PyValue[] {
    const target = this.top(opPos);
    if (!Array.isArray(target)) this.malformed('APPEND(S) target is not a list', opPos);
    return target;
  }

  private memoGet(index: number, opPos: number): PyValue {
    const value = this.memo.get(index);
    if (value === undefined) this.malformed(`memo entry ${index} was never stored`, opPos);
    return value;
  }

  private top(opPos: number): PyValue {
    const item = this.stack[this.stack.length - 1];
    if (item === undefined || item === MARK) this.malformed('stack is empty', opPos);
    return item;
  }

  private popItem(opPos: number): StackItem {
    if (this.stack.length === 0) this.malformed('stack underflow', opPos);
    return this.stack.pop() as StackItem;
  }

  private pop(opPos: number): PyValue {
    const item = this.popItem(opPos);
    if (item === MARK) this.malformed('unexpected MARK', opPos);
    return item;
  }

  private popN(count: number, opPos: number): PyValue[] {
    const items: PyValue[] = new Array<PyValue>(count);
    for (let i = count - 1; i >= 0; i--) items[i] = this.pop(opPos);
    return items;
  }

  private popMark(opPos: number): PyValue[] {
    const markIndex = this.stack.lastIndexOf(MARK);
    if (markIndex < 0) this.malformed('no MARK on the stack', opPos);
    const items = this.stack.splice(markIndex + 1) as PyValue[];
    this.stack.pop();
    return items;
  }

  private u8(): number {
    return this.bytes[this.take(1)] as number;
  }

  /** Advances by `count` bytes and returns the start offset; throws MALFORMED_FILE past the end. */
  private take(count: number): number {
    const start = this.pos;
    if (count < 0 || start + count > this.bytes.length) {
      throw new WeightsError('MALFORMED_FILE', `pickle truncated at offset ${start} (needs ${count} more bytes)`);
    }
    this.pos = start + count;
    return start;
  }

  private slice(count: number): Uint8Array {
    const start = this.take(count);
    return this.bytes.subarray(start, start + count);
  }

  private length32(opPos: number): number {
    const length = this.view.getUint32(this.take(4), true);
    if (length > this.bytes.length - this.pos) this.malformed(`length ${length} runs past the end`, opPos);
    return length;
  }

  private length64(opPos: number): number {
    const length = this.view.getBigUint64(this.take(8), true);
    if (length > BigInt(this.bytes.length - this.pos)) this.malformed(`length ${length} runs past the end`, opPos);
    return Number(length);
  }

  private utf8(length: number, opPos: number): string {
    const raw = this.slice(length);
    try {
      return this.decoder.decode(raw);
    } catch {
      this.malformed('invalid UTF-8 in a string', opPos);
    }
  }

  /** Little-endian two's-complement integer of `length` bytes (LONG1/LONG4). */
  private long(length: number): number | bigint {
    const raw = this.slice(length);
    if (raw.length === 0) return 0;
    let value = 0n;
    for (let i = raw.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(raw[i] as number);
    if (((raw[raw.length - 1] as number) & 0x80) !== 0) value -= 1n << BigInt(8 * raw.length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  /** A newline-terminated ASCII line (GLOBAL's module and name). */
  private line(opPos: number): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0 || end - this.pos > 256) this.malformed('GLOBAL name is not newline-terminated', opPos);
    const text = this.latin1.decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  private malformed(what: string, opPos: number): never {
    throw new WeightsError('MALFORMED_FILE', `malformed pickle at offset ${opPos}: ${what}`);
  }
}
