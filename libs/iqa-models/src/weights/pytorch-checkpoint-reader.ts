import { assertFiniteWeights } from './finite-weights';
import { WeightsError } from './weights-error';
import type { WeightMap } from './weight-map';
import { readPickle } from './pickle-reader';
import { PyDict, PyOpaque, type PyValue } from './pickle-value';
import {
  TORCH_TENSOR,
  torchDtypeBytes,
  torchPersistentLoad,
  torchPickleGlobals,
  type TorchDtype,
  type TorchTensorRef,
} from './pytorch-pickle-globals';
import { torchTensorToFloat32 } from './pytorch-tensor-data';
import { readZipArchive } from './pytorch-zip-archive';

/** The legacy format's first pickle: `torch.serialization.MAGIC_NUMBER`. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL_VERSION = 1001;

/** Keys under which training scripts commonly nest the state dict. */
const WRAPPER_KEYS = ['state_dict', 'model_state_dict', 'model'] as const;

/**
 * Reads a PyTorch checkpoint holding a state dict (`torch.save(model.state_dict(), f)`, or a dict
 * with the state dict under `state_dict` / `model_state_dict` / `model`) into a WeightMap, in
 * state-dict order, every tensor as float32 (float16/bfloat16/float64 and integer storages are
 * converted). Both formats: the zip archive of torch ≥ 1.6 and the legacy stream (magic, protocol,
 * sys_info, state-dict pickle, storage keys, raw storages). Nothing in the file is executed: the
 * pickles go through the allow-listed reader (`UNSAFE_PICKLE` on any other global).
 */
export function readPyTorchCheckpoint(bytes: Uint8Array): WeightMap {
  const map = readCheckpointTensors(bytes);
  assertFiniteWeights(map, 'PyTorch checkpoint');
  return map;
}

function readCheckpointTensors(bytes: Uint8Array): WeightMap {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return readZipCheckpoint(bytes);
  }
  if (bytes.length >= 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === 'ustar') {
    throw new WeightsError('UNSUPPORTED_FORMAT', 'tar-based PyTorch checkpoint (torch < 0.1.10) is not supported');
  }
  if (bytes.length >= 2 && bytes[0] === 0x80) {
    return readLegacyCheckpoint(bytes);
  }
  throw new WeightsError('UNSUPPORTED_FORMAT', 'not a PyTorch checkpoint (neither a zip archive nor a legacy pickle stream)');
}

interface StateDictTensors {
  readonly names: string[];
  readonly refs: TorchTensorRef[];
}

function readZipCheckpoint(bytes: Uint8Array): WeightMap {
  const entries = readZipArchive(bytes);
  const pklNames = [...entries.keys()].filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  const pklName = pklNames[0];
  if (pklName === undefined || pklNames.length > 1) {
    throw new WeightsError('MALFORMED_FILE', `zip checkpoint must hold exactly one <archive>/data.pkl (found ${pklNames.length})`);
  }
  const prefix = pklName.slice(0, -'data.pkl'.length);
  if (entries.has(`${prefix}constants.pkl`) || [...entries.keys()].some((name) => name.startsWith(`${prefix}code/`))) {
    throw new WeightsError('UNSUPPORTED_FORMAT', 'this is a TorchScript archive (torch.jit.save): save model.state_dict() with torch.save instead');
  }
  const byteorderEntry = entries.get(`${prefix}byteorder`);
  const byteorder = byteorderEntry === undefined ? 'little' : new TextDecoder().decode(byteorderEntry.read()).trim();
  if (byteorder !== 'little' && byteorder !== 'big') throw new WeightsError('MALFORMED_FILE', `unknown byteorder "${byteorder}"`);

  const pkl = (entries.get(pklName) as NonNullable<ReturnType<typeof entries.get>>).read();
  const { value } = readPickle(pkl, 0, { globals: torchPickleGlobals(), persistentLoad: torchPersistentLoad });
  const tensors = findStateDict(value);

  const storageCache = new Map<string, Uint8Array>();
  const map: WeightMap = new Map();
  tensors.names.forEach((name, i) => {
    const ref = tensors.refs[i] as TorchTensorRef;
    let storageBytes = storageCache.get(ref.storage.key);
    if (storageBytes === undefined) {
      const entry = entries.get(`${prefix}data/${ref.storage.key}`);
      if (entry === undefined) throw new WeightsError('MALFORMED_FILE', `tensor "${name}": storage file data/${ref.storage.key} is missing`, name);
      storageBytes = entry.read();
      const expected = ref.storage.numel * torchDtypeBytes[ref.storage.dtype];
      if (storageBytes.length !== expected) {
        throw new WeightsError('MALFORMED_FILE', `tensor "${name}": storage data/${ref.storage.key} has ${storageBytes.length} bytes, expected ${expected}`, name);
      }
      storageCache.set(ref.storage.key, storageBytes);
    }
    map.set(name, { shape: [...ref.size], data: torchTensorToFloat32(name, ref, storageBytes, byteorder === 'little') });
  });
  return map;
}

function readLegacyCheckpoint(bytes: Uint8Array): WeightMap {
  const plain = { globals: new Map() };
  const magic = readPickle(bytes, 0, plain);
  if (magic.value !== LEGACY_MAGIC) {
    throw new WeightsError('UNSUPPORTED_FORMAT', 'a pickle, but not a PyTorch checkpoint (wrong magic number)');
  }
  const protocol = readPickle(bytes, magic.end, plain);
  if (protocol.value !== LEGACY_PROTOCOL_VERSION) {
    throw new WeightsError('UNSUPPORTED_FORMAT', `legacy PyTorch protocol version ${String(protocol.value)} (expected ${LEGACY_PROTOCOL_VERSION})`);
  }
  const sysInfo = readPickle(bytes, protocol.end, plain);
  const littleEndian = sysInfo.value instanceof PyDict ? sysInfo.value.entries.get('little_endian') !== false : true;

  const storageTypes = new Map<string, TorchDtype>();
  const stateDict = readPickle(bytes, sysInfo.end, {
    globals: torchPickleGlobals(),
    persistentLoad: (pid) => {
      const storage = torchPersistentLoad(pid);
      storageTypes.set(storage.value.key, storage.value.dtype);
      return storage;
    },
  });
  const keysPickle = readPickle(bytes, stateDict.end, plain);
  const keys = keysPickle.value;
  if (!Array.isArray(keys) || !keys.every((key): key is string => typeof key === 'string')) {
    throw new WeightsError('MALFORMED_FILE', 'legacy checkpoint: the storage-key list is not a list of strings');
  }

  // The raw storages follow, in key order: int64 element count, then the elements.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storages = new Map<string, Uint8Array>();
  let at = keysPickle.end;
  for (const key of keys) {
    const dtype = storageTypes.get(key);
    if (dtype === undefined) throw new WeightsError('MALFORMED_FILE', `legacy checkpoint: storage "${key}" is never referenced`);
    if (at + 8 > bytes.length) throw new WeightsError('MALFORMED_FILE', `legacy checkpoint truncated before storage "${key}"`);
    const numel = Number(view.getBigInt64(at, littleEndian));
    const length = numel * torchDtypeBytes[dtype];
    if (numel < 0 || at + 8 + length > bytes.length) {
      throw new WeightsError('MALFORMED_FILE', `legacy checkpoint truncated in storage "${key}" (${numel} elements)`);
    }
    storages.set(key, bytes.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }

  const tensors = findStateDict(stateDict.value);
  const map: WeightMap = new Map();
  tensors.names.forEach((name, i) => {
    const ref = tensors.refs[i] as TorchTensorRef;
    const storageBytes = storages.get(ref.storage.key);
    if (storageBytes === undefined) throw new WeightsError('MALFORMED_FILE', `tensor "${name}": storage "${ref.storage.key}" is not in the file`, name);
    map.set(name, { shape: [...ref.size], data: torchTensorToFloat32(name, ref, storageBytes, littleEndian) });
  });
  return map;
}

function isTensor(value: PyValue | undefined): value is PyOpaque<TorchTensorRef> {
  return value instanceof PyOpaque && value.type === TORCH_TENSOR;
}

/** The dict of tensors: the root itself, or the root's `state_dict` / `model_state_dict` / `model`. */
function findStateDict(root: PyValue): StateDictTensors {
  if (!(root instanceof PyDict)) {
    throw new WeightsError('UNSUPPORTED_FORMAT', 'the checkpoint does not hold a dict (a pickled module? save model.state_dict() instead)');
  }
  const values = [...root.entries.values()];
  if (values.length === 0 || !values.every(isTensor)) {
    for (const key of WRAPPER_KEYS) {
      const nested = root.entries.get(key);
      if (nested instanceof PyDict && nested.entries.size > 0 && [...nested.entries.values()].every(isTensor)) {
        return findStateDict(nested);
      }
    }
    const others = [...root.entries].filter(([, value]) => !isTensor(value)).map(([key]) => String(key));
    throw new WeightsError(
      'UNSUPPORTED_FORMAT',
      values.length === 0
        ? 'the checkpoint holds an empty dict'
        : `the checkpoint dict is not a state dict: non-tensor entries ${others.slice(0, 5).join(', ')} and no ${WRAPPER_KEYS.join('/')} key with one`,
    );
  }
  const names: string[] = [];
  const refs: TorchTensorRef[] = [];
  for (const [key, value] of root.entries) {
    if (typeof key !== 'string') throw new WeightsError('MALFORMED_FILE', `state dict key ${String(key)} is not a string`);
    names.push(key);
    refs.push((value as PyOpaque<TorchTensorRef>).value);
  }
  return { names, refs };
}
