import { WeightsError } from './weights-error';
import { PyDict, PyGlobal, PyOpaque, PyTuple, type PyValue } from './pickle-value';

/** Element types of torch storages this reader converts to float32. */
export type TorchDtype = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** Bytes per element of each storage type. */
export const torchDtypeBytes: Readonly<Record<TorchDtype, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/** A storage named by a persistent id: its key (file name in the archive) and element type. */
export interface TorchStorageRef {
  readonly key: string;
  readonly dtype: TorchDtype;
  /** Elements in the (root) storage. */
  readonly numel: number;
  /** Legacy-format views: this storage is `root[offset : offset + numel]` (elements). */
  readonly view?: { readonly key: string; readonly offset: number; readonly numel: number };
}

/** What `_rebuild_tensor_v2` describes: a strided view of a storage (all counts in elements). */
export interface TorchTensorRef {
  readonly storage: TorchStorageRef;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

export const TORCH_TENSOR = 'torch.Tensor';
export const TORCH_STORAGE = 'torch.Storage';

const storageTypes: ReadonlyMap<string, TorchDtype> = new Map([
  ['FloatStorage', 'float32'],
  ['HalfStorage', 'float16'],
  ['BFloat16Storage', 'bfloat16'],
  ['DoubleStorage', 'float64'],
  ['LongStorage', 'int64'],
  ['IntStorage', 'int32'],
  ['ShortStorage', 'int16'],
  ['CharStorage', 'int8'],
  ['ByteStorage', 'uint8'],
  ['BoolStorage', 'bool'],
]);

function storageDtypeOf(marker: PyValue): TorchDtype {
  if (marker instanceof PyGlobal) {
    const name = marker.qualifiedName.slice(marker.qualifiedName.lastIndexOf('.') + 1);
    const dtype = storageTypes.get(name);
    if (dtype !== undefined) return dtype;
  }
  throw new WeightsError('MALFORMED_FILE', 'a storage reference does not name a torch storage type');
}

function int(value: PyValue | undefined, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new WeightsError('MALFORMED_FILE', `${what} is not a non-negative integer`);
}

function intTuple(value: PyValue | undefined, what: string): number[] {
  const items = value instanceof PyTuple ? value.items : Array.isArray(value) ? value : undefined;
  if (items === undefined) throw new WeightsError('MALFORMED_FILE', `${what} is not a tuple`);
  return items.map((item, i) => int(item, `${what}[${i}]`));
}

function tensorFromArgs(args: readonly PyValue[]): PyOpaque<TorchTensorRef> {
  const [storage, offset, size, stride] = args;
  if (!(storage instanceof PyOpaque) || storage.type !== TORCH_STORAGE) {
    throw new WeightsError('MALFORMED_FILE', '_rebuild_tensor: the first argument is not a storage');
  }
  const ref: TorchTensorRef = {
    storage: storage.value as TorchStorageRef,
    offset: int(offset, 'tensor storage offset'),
    size: intTuple(size, 'tensor size'),
    stride: intTuple(stride, 'tensor stride'),
  };
  if (ref.size.length !== ref.stride.length) {
    throw new WeightsError('MALFORMED_FILE', `tensor size [${ref.size.join(', ')}] and stride [${ref.stride.join(', ')}] differ in length`);
  }
  return new PyOpaque(TORCH_TENSOR, ref);
}

function parameterFromArgs(args: readonly PyValue[]): PyValue {
  const [data] = args;
  if (!(data instanceof PyOpaque) || data.type !== TORCH_TENSOR) {
    throw new WeightsError('MALFORMED_FILE', '_rebuild_parameter: the first argument is not a tensor');
  }
  return data;
}

function orderedDictFromArgs(args: readonly PyValue[]): PyDict {
  const dict = new PyDict();
  const [items] = args;
  if (items === undefined) return dict;
  const pairs = Array.isArray(items) ? items : items instanceof PyTuple ? items.items : undefined;
  if (pairs === undefined) throw new WeightsError('UNSUPPORTED_FORMAT', 'OrderedDict built from something that is not a list of pairs');
  for (const pair of pairs) {
    const kv = pair instanceof PyTuple ? pair.items : Array.isArray(pair) ? pair : undefined;
    const key = kv?.[0];
    if (kv?.length !== 2 || typeof key !== 'string') {
      throw new WeightsError('UNSUPPORTED_FORMAT', 'OrderedDict item is not a (string, value) pair');
    }
    dict.entries.set(key, kv[1] ?? null);
  }
  return dict;
}

/**
 * The allow-list of globals a PyTorch state dict may reference. Every callable here is a
 * TypeScript function that builds plain data; `torch.storage._load_from_bytes` (which unpickles
 * nested bytes) and every other global are absent, so the pickle reader refuses them.
 */
export function torchPickleGlobals(): ReadonlyMap<string, PyGlobal> {
  const globals: PyGlobal[] = [
    new PyGlobal('collections.OrderedDict', orderedDictFromArgs),
    new PyGlobal('torch._utils._rebuild_tensor_v2', tensorFromArgs),
    new PyGlobal('torch._utils._rebuild_tensor', tensorFromArgs),
    new PyGlobal('torch._utils._rebuild_parameter', parameterFromArgs),
    new PyGlobal('torch._utils._rebuild_parameter_with_state', parameterFromArgs),
  ];
  for (const name of storageTypes.keys()) {
    globals.push(new PyGlobal(`torch.${name}`), new PyGlobal(`torch.cuda.${name}`));
  }
  return new Map(globals.map((global) => [global.qualifiedName, global]));
}

/**
 * `persistent_load` of both torch formats: `('storage', StorageType, key, location, numel
 * [, view_metadata])` → a storage reference. Anything else (e.g. the legacy `'module'` source
 * records of a pickled nn.Module) is refused.
 */
export function torchPersistentLoad(pid: PyValue): PyOpaque<TorchStorageRef> {
  const items = pid instanceof PyTuple ? pid.items : undefined;
  if (items === undefined || items[0] !== 'storage') {
    throw new WeightsError(
      'UNSUPPORTED_FORMAT',
      `persistent id ${items?.[0] === undefined ? '' : `"${String(items[0])}" `}is not a storage reference (a pickled nn.Module? save model.state_dict() instead)`,
    );
  }
  const [, storageType, key, , numel, viewMetadata] = items;
  if (typeof key !== 'string') throw new WeightsError('MALFORMED_FILE', 'storage key is not a string');
  const ref: TorchStorageRef = {
    key,
    dtype: storageDtypeOf(storageType ?? null),
    numel: int(numel, `storage "${key}" size`),
  };
  if (viewMetadata instanceof PyTuple) {
    const [viewKey, offset, viewSize] = viewMetadata.items;
    if (typeof viewKey !== 'string') throw new WeightsError('MALFORMED_FILE', 'storage view key is not a string');
    return new PyOpaque(TORCH_STORAGE, {
      ...ref,
      view: { key: viewKey, offset: int(offset, 'storage view offset'), numel: int(viewSize, 'storage view size') },
    });
  }
  if (viewMetadata !== undefined && viewMetadata !== null) {
    throw new WeightsError('MALFORMED_FILE', `storage "${key}" has malformed view metadata`);
  }
  return new PyOpaque(TORCH_STORAGE, ref);
}
