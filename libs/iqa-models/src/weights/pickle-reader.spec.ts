import { describe, expect, it } from 'vitest';
import { PickleBuilder } from './pickle-builder.test-helper';
import { readPickle } from './pickle-reader';
import { PyDict, PyGlobal, PyTuple, type PyValue } from './pickle-value';
import { WeightsError, type WeightsErrorCode } from './weights-error';

const noGlobals = { globals: new Map<string, PyGlobal>() };

function read(build: (pb: PickleBuilder) => PickleBuilder): PyValue {
  return readPickle(build(new PickleBuilder().proto(2)).stop().bytes(), 0, noGlobals).value;
}

function codeOf(bytes: Uint8Array): WeightsErrorCode | 'no error' | 'other error' {
  try {
    readPickle(bytes, 0, noGlobals);
  } catch (error) {
    return error instanceof WeightsError ? error.code : 'other error';
  }
  return 'no error';
}

describe('readPickle: values', () => {
  it.each<{ what: string; build: (pb: PickleBuilder) => PickleBuilder; expected: PyValue }>([
    { what: 'BININT1', build: (pb) => pb.int(200), expected: 200 },
    { what: 'BININT2', build: (pb) => pb.int(1001), expected: 1001 },
    { what: 'BININT (negative)', build: (pb) => pb.int(-5), expected: -5 },
    { what: 'LONG1 small negative', build: (pb) => pb.long1([0xff]), expected: -1 },
    { what: 'LONG1 empty', build: (pb) => pb.long1([]), expected: 0 },
    {
      what: 'LONG1 torch magic number',
      build: (pb) => pb.long1([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]),
      expected: 0x1950a86a20f9469cfc6cn,
    },
    { what: 'BINFLOAT', build: (pb) => pb.float(-0.1), expected: -0.1 },
    { what: 'BINUNICODE (UTF-8)', build: (pb) => pb.unicode('Δ-ß'), expected: 'Δ-ß' },
    { what: 'SHORT_BINUNICODE', build: (pb) => pb.shortUnicode('cuda:0'), expected: 'cuda:0' },
    { what: 'SHORT_BINBYTES', build: (pb) => pb.shortBinbytes([1, 2, 255]), expected: Uint8Array.from([1, 2, 255]) },
    { what: 'NONE', build: (pb) => pb.none(), expected: null },
    { what: 'NEWTRUE', build: (pb) => pb.bool(true), expected: true },
    { what: 'TUPLE3', build: (pb) => pb.int(1).int(2).int(3).tuple3(), expected: new PyTuple([1, 2, 3]) },
    { what: 'MARK … TUPLE', build: (pb) => pb.mark().unicode('a').none().tuple(), expected: new PyTuple(['a', null]) },
    { what: 'EMPTY_LIST + APPENDS', build: (pb) => pb.emptyList().mark().int(4).int(5).appends(), expected: [4, 5] },
  ])('$what', ({ build, expected }) => {
    expect(read(build)).toEqual(expected);
  });

  it('keeps dict order and shares memoised objects (BINPUT/BINGET)', () => {
    const value = read((pb) => pb.emptyDict().mark().unicode('b').emptyList().binput(7).unicode('a').binget(7).setitems());
    expect(value).toBeInstanceOf(PyDict);
    const dict = value as PyDict;
    expect([...dict.entries.keys()]).toEqual(['b', 'a']);
    expect(dict.entries.get('a')).toBe(dict.entries.get('b'));
  });

  it('reads consecutive pickles of one stream', () => {
    const bytes = Uint8Array.from([...new PickleBuilder().proto(2).int(1).stop().bytes(), ...new PickleBuilder().proto(2).int(2).stop().bytes()]);
    const first = readPickle(bytes, 0, noGlobals);
    expect(first.value).toBe(1);
    expect(readPickle(bytes, first.end, noGlobals).value).toBe(2);
  });

  it('applies only allow-listed callables', () => {
    const globals = new Map([['m.pair', new PyGlobal('m.pair', (args) => new PyTuple([...args, 'built']))]]);
    const bytes = new PickleBuilder().proto(2).global('m', 'pair').int(1).tuple1().reduce().stop().bytes();
    expect(readPickle(bytes, 0, { globals }).value).toEqual(new PyTuple([1, 'built']));
    expect(codeOf(bytes)).toBe('UNSAFE_PICKLE');
    // A marker global (no call) cannot be REDUCEd.
    const marker = new Map([['m.pair', new PyGlobal('m.pair')]]);
    expect(() => readPickle(bytes, 0, { globals: marker })).toThrow(/not callable/);
  });
});

describe('readPickle: malformed input', () => {
  it.each<{ what: string; bytes: number[]; code: WeightsErrorCode }>([
    { what: 'empty', bytes: [], code: 'MALFORMED_FILE' },
    { what: 'no STOP', bytes: [0x80, 2, 0x4b, 1], code: 'MALFORMED_FILE' },
    { what: 'truncated BININT', bytes: [0x80, 2, 0x4a, 1, 2], code: 'MALFORMED_FILE' },
    { what: 'string length past the end', bytes: [0x80, 2, 0x58, 0xff, 0xff, 0, 0, 0x61], code: 'MALFORMED_FILE' },
    { what: 'STOP on an empty stack', bytes: [0x80, 2, 0x2e], code: 'MALFORMED_FILE' },
    { what: 'REDUCE on an empty stack', bytes: [0x80, 2, 0x52, 0x2e], code: 'MALFORMED_FILE' },
    { what: 'BINGET of an unset memo slot', bytes: [0x80, 2, 0x68, 3, 0x2e], code: 'MALFORMED_FILE' },
    { what: 'TUPLE without MARK', bytes: [0x80, 2, 0x4e, 0x74, 0x2e], code: 'MALFORMED_FILE' },
    { what: 'SETITEM on a list', bytes: [0x80, 2, 0x5d, 0x4e, 0x4e, 0x73, 0x2e], code: 'MALFORMED_FILE' },
    { what: 'invalid UTF-8', bytes: [0x80, 2, 0x8c, 1, 0xff, 0x2e], code: 'MALFORMED_FILE' },
    { what: 'protocol 0 INT opcode', bytes: [0x80, 2, 0x49, 0x31, 0x0a, 0x2e], code: 'UNSUPPORTED_FORMAT' },
    { what: 'OBJ opcode', bytes: [0x80, 2, 0x28, 0x6f, 0x2e], code: 'UNSAFE_PICKLE' },
    { what: 'EXT1 opcode', bytes: [0x80, 2, 0x82, 1, 0x2e], code: 'UNSAFE_PICKLE' },
    { what: 'GLOBAL outside the allow-list', bytes: [0x80, 2, 0x63, ...new TextEncoder().encode('os\nsystem\n'), 0x2e], code: 'UNSAFE_PICKLE' },
  ])('$what → $code', ({ bytes, code }) => {
    expect(codeOf(Uint8Array.from(bytes))).toBe(code);
  });
});
