import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { PickleBuilder } from './pickle-builder.test-helper';
import { readPyTorchCheckpoint } from './pytorch-checkpoint-reader';
import { legacyCheckpoint, stateDictPickle, zipCheckpoint, type TestTensor } from './pytorch-checkpoint-builder.test-helper';
import { writeZip } from './pytorch-zip-writer.test-helper';
import { readSafetensors } from './safetensors-reader';
import { WeightsError, type WeightsErrorCode } from './weights-error';

function f32Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}
function u16Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(Uint16Array.from(values).buffer);
}
function f64Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}
function i64Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
}

function codeOf(run: () => unknown): WeightsErrorCode | 'no error' | 'other error' {
  try {
    run();
  } catch (error) {
    return error instanceof WeightsError ? error.code : 'other error';
  }
  return 'no error';
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

/** conv.weight f32 [2,3]; fc.weight f16 [3,2] = transposed view (stride [1,3], offset 1); bias f64; counter int64; bf16. */
const tensors: TestTensor[] = [
  { name: 'conv.weight', storageType: 'FloatStorage', storageKey: '0', storageNumel: 6, offset: 0, size: [2, 3], stride: [3, 1] },
  { name: 'fc.weight', storageType: 'HalfStorage', storageKey: '1', storageNumel: 7, offset: 1, size: [3, 2], stride: [1, 3] },
  { name: 'fc.bias', storageType: 'DoubleStorage', storageKey: '2', storageNumel: 2, offset: 0, size: [2], stride: [1] },
  { name: 'bn.num_batches_tracked', storageType: 'LongStorage', storageKey: '3', storageNumel: 1, offset: 0, size: [], stride: [] },
  { name: 'head.weight', storageType: 'BFloat16Storage', storageKey: '4', storageNumel: 2, offset: 0, size: [1, 2], stride: [2, 1] },
];
// Half bit patterns (closed forms): 0.5, -1.25, 2, 3.5, -0.125, 1024, 2^-24.
const halfBits = [0x3800, 0xbd00, 0x4000, 0x4300, 0xb000, 0x6400, 0x0001];
const storages = new Map<string, Uint8Array>([
  ['0', f32Bytes([1, 2, 3, 4, 5, 6])],
  ['1', u16Bytes(halfBits)],
  ['2', f64Bytes([0.1, -2.5])],
  ['3', i64Bytes([12345])],
  ['4', u16Bytes([0x3fc0, 0xc040])],
]);

function expectTestTensors(map: ReturnType<typeof readPyTorchCheckpoint>): void {
  expect([...map.keys()]).toEqual(tensors.map((t) => t.name));
  expect(map.get('conv.weight')).toEqual({ shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
  // storage (from offset 1) = [-1.25, 2, 3.5, -0.125, 1024, 2^-24]; element [i][j] = storage[1 + i + 3j].
  expect(map.get('fc.weight')).toEqual({ shape: [3, 2], data: Float32Array.from([-1.25, -0.125, 2, 1024, 3.5, 2 ** -24]) });
  expect(map.get('fc.bias')).toEqual({ shape: [2], data: Float32Array.from([0.1, -2.5]) });
  expect(map.get('bn.num_batches_tracked')).toEqual({ shape: [], data: Float32Array.from([12345]) });
  expect(map.get('head.weight')).toEqual({ shape: [1, 2], data: Float32Array.from([1.5, -3]) });
}

describe('readPyTorchCheckpoint: zip format (torch >= 1.6), built by hand', () => {
  it.each([
    { style: 'protocol 2, stored, bare state dict', protocol4: false, deflate: false, wrap: false },
    { style: 'protocol 4, deflated, {epoch, state_dict} wrapper', protocol4: true, deflate: true, wrap: true },
  ])('reads dtypes, a transposed view and an offset ($style)', ({ protocol4, deflate, wrap }) => {
    const bytes = zipCheckpoint(stateDictPickle(tensors, { protocol4, wrap }), storages, { deflate });
    expectTestTensors(readPyTorchCheckpoint(bytes));
  });

  it('reads big-endian storages when byteorder says so', () => {
    const big = new Uint8Array(8);
    new DataView(big.buffer).setFloat32(0, 1.5, false);
    new DataView(big.buffer).setFloat32(4, -7, false);
    const one: TestTensor[] = [{ name: 'w', storageType: 'FloatStorage', storageKey: '0', storageNumel: 2, offset: 0, size: [2], stride: [1] }];
    const map = readPyTorchCheckpoint(zipCheckpoint(stateDictPickle(one), new Map([['0', big]]), { byteorder: 'big' }));
    expect(map.get('w')?.data).toEqual(Float32Array.from([1.5, -7]));
  });

  it('rejects a view that runs past its storage', () => {
    const bad: TestTensor[] = [{ name: 'w', storageType: 'FloatStorage', storageKey: '0', storageNumel: 6, offset: 2, size: [2, 3], stride: [3, 1] }];
    const bytes = zipCheckpoint(stateDictPickle(bad), new Map([['0', f32Bytes([1, 2, 3, 4, 5, 6])]]));
    expect(codeOf(() => readPyTorchCheckpoint(bytes))).toBe('MALFORMED_FILE');
    expect(messageOf(() => readPyTorchCheckpoint(bytes))).toContain('"w"');
  });

  it('rejects an expanded (stride 0) view larger than its storage instead of allocating it', () => {
    const huge: TestTensor[] = [{ name: 'w', storageType: 'FloatStorage', storageKey: '0', storageNumel: 1, offset: 0, size: [60000, 60000], stride: [0, 0] }];
    const bytes = zipCheckpoint(stateDictPickle(huge), new Map([['0', f32Bytes([1])]]));
    expect(codeOf(() => readPyTorchCheckpoint(bytes))).toBe('MALFORMED_FILE');
  });

  it('rejects a storage file whose size disagrees with the pickle', () => {
    const bytes = zipCheckpoint(stateDictPickle(tensors), new Map([...storages, ['0', f32Bytes([1, 2, 3])]]));
    expect(codeOf(() => readPyTorchCheckpoint(bytes))).toBe('MALFORMED_FILE');
  });

  it('rejects a truncated archive, a corrupted entry and a TorchScript archive', () => {
    const bytes = zipCheckpoint(stateDictPickle(tensors), storages);
    expect(codeOf(() => readPyTorchCheckpoint(bytes.subarray(0, bytes.length - 30)))).toBe('MALFORMED_FILE');
    expect(codeOf(() => readPyTorchCheckpoint(bytes.subarray(0, 200)))).toBe('MALFORMED_FILE');
    const corrupted = bytes.slice();
    corrupted[50] = (corrupted[50] as number) ^ 0xff; // inside data.pkl: CRC-32 mismatch
    expect(codeOf(() => readPyTorchCheckpoint(corrupted))).toBe('MALFORMED_FILE');
    const script = writeZip([
      { name: 'model/data.pkl', data: stateDictPickle(tensors) },
      { name: 'model/code/__torch__/model.py', data: new TextEncoder().encode('def forward(self, x): ...') },
    ]);
    expect(codeOf(() => readPyTorchCheckpoint(script))).toBe('UNSUPPORTED_FORMAT');
  });

  it('rejects files that are not checkpoints', () => {
    expect(codeOf(() => readPyTorchCheckpoint(new TextEncoder().encode('{"weightsManifest": []}')))).toBe('UNSUPPORTED_FORMAT');
    expect(codeOf(() => readPyTorchCheckpoint(new Uint8Array(0)))).toBe('UNSUPPORTED_FORMAT');
    // A pickle of a plain dict of numbers: valid pickle, not a torch checkpoint.
    const plain = new PickleBuilder().proto(2).emptyDict().unicode('a').int(1).setitem().stop().bytes();
    expect(codeOf(() => readPyTorchCheckpoint(zipCheckpoint(plain, new Map())))).toBe('UNSUPPORTED_FORMAT');
  });
});

describe('readPyTorchCheckpoint: legacy format, built by hand', () => {
  const viewTensors: TestTensor[] = [
    // Two tensors sharing one root storage through legacy views: root = [10, 11, 12, 13, 14].
    { name: 'a', storageType: 'FloatStorage', storageKey: 'root', storageNumel: 5, offset: 0, size: [2], stride: [1], view: ['v0', 0, 2] },
    { name: 'b', storageType: 'FloatStorage', storageKey: 'root', storageNumel: 5, offset: 1, size: [2], stride: [1], view: ['v1', 2, 3] },
  ];
  const file = legacyCheckpoint(stateDictPickle(viewTensors), [{ key: 'root', numel: 5, data: f32Bytes([10, 11, 12, 13, 14]) }]);

  it('resolves storage views (element offsets into the root storage)', () => {
    const map = readPyTorchCheckpoint(file);
    expect(map.get('a')?.data).toEqual(Float32Array.from([10, 11]));
    expect(map.get('b')?.data).toEqual(Float32Array.from([13, 14]));
  });

  it('gives MALFORMED_FILE for every truncation', () => {
    for (const cut of [2, 20, 60, 200, file.length - 12, file.length - 1]) {
      expect(codeOf(() => readPyTorchCheckpoint(file.subarray(0, cut))), `cut at ${cut}`).toBe('MALFORMED_FILE');
    }
  });
});

describe('readPyTorchCheckpoint: malicious pickles are refused, nothing runs', () => {
  const osSystem = new PickleBuilder().proto(2).global('os', 'system').unicode('touch /tmp/pwned').tuple1().reduce().stop().bytes();
  const builtinsEval = new PickleBuilder().proto(2).global('builtins', 'eval').unicode('1+1').tuple1().reduce().stop().bytes();
  const posixViaStackGlobal = new PickleBuilder()
    .proto(4)
    .shortUnicode('posix')
    .shortUnicode('system')
    .stackGlobal()
    .shortUnicode('id')
    .tuple1()
    .reduce()
    .stop()
    .bytes();
  const popen = new PickleBuilder().proto(2).global('subprocess', 'Popen').unicode('ls').tuple1().reduce().stop().bytes();
  // torch.storage._load_from_bytes unpickles nested bytes with the full unpickler: refused.
  const loadFromBytes = new PickleBuilder()
    .proto(2)
    .global('torch.storage', '_load_from_bytes')
    .shortBinbytes([0x80, 0x02, 0x4e, 0x2e])
    .tuple1()
    .reduce()
    .stop()
    .bytes();
  // A state dict whose value is an os.system call.
  const hidden = new PickleBuilder()
    .proto(2)
    .global('collections', 'OrderedDict')
    .emptyTuple()
    .reduce()
    .unicode('w')
    .global('os', 'system')
    .unicode('id')
    .tuple1()
    .reduce()
    .setitem()
    .stop()
    .bytes();
  // INST: the protocol-0 way to call a class.
  const inst = new PickleBuilder().proto(2).mark().raw(0x69, ...new TextEncoder().encode('os\nsystem\n')).stop().bytes();

  it.each([
    { what: 'os.system + REDUCE', pickle: osSystem, global: 'os.system' },
    { what: 'builtins.eval', pickle: builtinsEval, global: 'builtins.eval' },
    { what: 'posix.system via STACK_GLOBAL', pickle: posixViaStackGlobal, global: 'posix.system' },
    { what: 'subprocess.Popen', pickle: popen, global: 'subprocess.Popen' },
    { what: 'torch.storage._load_from_bytes', pickle: loadFromBytes, global: 'torch.storage._load_from_bytes' },
    { what: 'os.system inside a state dict', pickle: hidden, global: 'os.system' },
    { what: 'INST opcode', pickle: inst, global: 'INST' },
  ])('$what → UNSAFE_PICKLE naming it (zip and legacy containers)', ({ pickle, global }) => {
    const zip = zipCheckpoint(pickle, new Map());
    expect(codeOf(() => readPyTorchCheckpoint(zip))).toBe('UNSAFE_PICKLE');
    expect(messageOf(() => readPyTorchCheckpoint(zip))).toContain(global);
    const legacy = legacyCheckpoint(pickle, []);
    expect(codeOf(() => readPyTorchCheckpoint(legacy))).toBe('UNSAFE_PICKLE');
  });
});

describe.skipIf(skipWithoutFixtures())('readPyTorchCheckpoint: real legacy checkpoints', () => {
  it('reads CNNIQA-LIVE: names, shapes and 724,901 parameters (README)', () => {
    const bytes = new Uint8Array(readFileSync(fixturePath('real/models/cnniqa-live/CNNIQA-LIVE')));
    const map = readPyTorchCheckpoint(bytes);
    expect([...map].map(([name, t]) => [name, t.shape])).toEqual([
      ['conv1.weight', [50, 1, 7, 7]],
      ['conv1.bias', [50]],
      ['fc1.weight', [800, 100]],
      ['fc1.bias', [800]],
      ['fc2.weight', [800, 800]],
      ['fc2.bias', [800]],
      ['fc3.weight', [1, 800]],
      ['fc3.bias', [1]],
    ]);
    expect([...map.values()].reduce((sum, t) => sum + t.data.length, 0)).toBe(724_901);
    // Independent read: conv1.weight's storage is the last key of the storage list (README layout),
    // so its 2450 float32 values are the file's last 9800 bytes.
    const tail = new Float32Array(bytes.slice(bytes.length - 2450 * 4).buffer);
    expect(map.get('conv1.weight')?.data).toEqual(tail);
    for (const tensor of map.values()) expect(tensor.data.every(Number.isFinite)).toBe(true);
  });

  it('reads scnn.pkl: 68 tensors bit-identical to scnn.safetensors, in order', () => {
    const map = readPyTorchCheckpoint(new Uint8Array(readFileSync(fixturePath('real/models/dbcnn-scnn/scnn.pkl'))));
    const reference = readSafetensors(new Uint8Array(readFileSync(fixturePath('scnn.safetensors')))).tensors;
    expect(map.size).toBe(68);
    expect([...map.values()].reduce((sum, t) => sum + t.data.length, 0)).toBe(643_479);
    expect([...map.keys()]).toEqual([...reference.keys()]);
    for (const [name, tensor] of map) {
      const expected = reference.get(name);
      expect(tensor.shape, name).toEqual(expected?.shape);
      expect(Buffer.from(tensor.data.buffer).equals(Buffer.from((expected?.data ?? new Float32Array()).buffer)), name).toBe(true);
    }
  });
});
