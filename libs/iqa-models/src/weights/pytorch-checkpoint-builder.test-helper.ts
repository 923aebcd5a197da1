import { PickleBuilder } from './pickle-builder.test-helper';
import { writeZip } from './pytorch-zip-writer.test-helper';

/** A tensor to write into a hand-built checkpoint: a strided view of one storage. */
export interface TestTensor {
  readonly name: string;
  /** torch storage class, e.g. 'FloatStorage'. */
  readonly storageType: string;
  readonly storageKey: string;
  readonly storageNumel: number;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
  /** Legacy view metadata: [viewKey, offset, viewNumel]. */
  readonly view?: readonly [string, number, number];
}

/** Appends `_rebuild_tensor_v2(pid, offset, size, stride, False, OrderedDict())` as torch ≥ 1.x pickles it. */
function pushTensor(pb: PickleBuilder, tensor: TestTensor, protocol4: boolean): void {
  const global = (module: string, name: string): void => {
    if (protocol4) pb.shortUnicode(module).memoize().shortUnicode(name).memoize().stackGlobal().memoize();
    else pb.global(module, name);
  };
  const text = (value: string): void => {
    if (protocol4) pb.shortUnicode(value).memoize();
    else pb.unicode(value);
  };
  global('torch._utils', '_rebuild_tensor_v2');
  pb.mark();
  pb.mark();
  text('storage');
  global('torch', tensor.storageType);
  text(tensor.storageKey);
  text('cpu');
  pb.int(tensor.storageNumel);
  if (tensor.view === undefined) pb.none();
  else {
    text(tensor.view[0]);
    pb.int(tensor.view[1]).int(tensor.view[2]).tuple3();
  }
  pb.tuple().binpersid();
  pb.int(tensor.offset);
  pb.mark();
  for (const dim of tensor.size) pb.int(dim);
  pb.tuple();
  pb.mark();
  for (const step of tensor.stride) pb.int(step);
  pb.tuple();
  pb.bool(false);
  global('collections', 'OrderedDict');
  pb.emptyTuple().reduce();
  pb.tuple().reduce();
}

/**
 * The data.pkl of `torch.save({'epoch': 3, 'state_dict': OrderedDict(...)})` (when `wrap`) or of a
 * bare state dict, with the `_metadata` attribute that torch sets (BUILD). Protocol 2 style
 * (GLOBAL, BINUNICODE) or protocol 4 style (FRAME, STACK_GLOBAL, SHORT_BINUNICODE, MEMOIZE).
 */
export function stateDictPickle(tensors: readonly TestTensor[], options: { wrap?: boolean; protocol4?: boolean } = {}): Uint8Array {
  const protocol4 = options.protocol4 === true;
  const pb = new PickleBuilder().proto(protocol4 ? 4 : 2);
  if (protocol4) pb.frame(0);
  if (options.wrap === true) {
    pb.emptyDict().mark();
    pb.unicode('epoch').int(3);
    pb.unicode('best_srocc').float(0.875);
    pb.unicode('state_dict');
  }
  if (protocol4) pb.shortUnicode('collections').shortUnicode('OrderedDict').stackGlobal();
  else pb.global('collections', 'OrderedDict');
  pb.emptyTuple().reduce();
  pb.mark();
  for (const tensor of tensors) {
    pb.unicode(tensor.name);
    pushTensor(pb, tensor, protocol4);
  }
  pb.setitems();
  // state_dict._metadata = OrderedDict([('', {'version': 1})])
  pb.emptyDict().unicode('_metadata');
  pb.global('collections', 'OrderedDict').emptyTuple().reduce();
  pb.unicode('').emptyDict().unicode('version').int(1).setitem().setitem();
  pb.setitem().build();
  if (options.wrap === true) pb.setitems();
  return pb.stop().bytes();
}

/** A torch ≥ 1.6 zip checkpoint: `<prefix>/data.pkl`, `<prefix>/data/<key>`, byteorder, version. */
export function zipCheckpoint(
  pickle: Uint8Array,
  storages: ReadonlyMap<string, Uint8Array>,
  options: { prefix?: string; deflate?: boolean; byteorder?: string } = {},
): Uint8Array {
  const prefix = options.prefix ?? 'archive';
  const encoder = new TextEncoder();
  return writeZip([
    { name: `${prefix}/data.pkl`, data: pickle, deflate: options.deflate === true },
    { name: `${prefix}/byteorder`, data: encoder.encode(options.byteorder ?? 'little') },
    ...[...storages].map(([key, data]) => ({ name: `${prefix}/data/${key}`, data, deflate: options.deflate === true })),
    { name: `${prefix}/version`, data: encoder.encode('3\n') },
  ]);
}

/** A legacy (pre-1.6) checkpoint stream: magic, protocol, sys_info, state dict, keys, storages. */
export function legacyCheckpoint(statePickle: Uint8Array, storages: ReadonlyArray<{ key: string; numel: number; data: Uint8Array }>): Uint8Array {
  const magic = new PickleBuilder().proto(2).long1([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]).stop().bytes();
  const protocol = new PickleBuilder().proto(2).int(1001).stop().bytes();
  const sysInfo = new PickleBuilder()
    .proto(2)
    .emptyDict()
    .mark()
    .unicode('protocol_version')
    .int(1001)
    .unicode('little_endian')
    .bool(true)
    .unicode('type_sizes')
    .emptyDict()
    .mark()
    .unicode('short')
    .int(2)
    .unicode('int')
    .int(4)
    .unicode('long')
    .int(8)
    .setitems()
    .setitems()
    .stop()
    .bytes();
  const keys = new PickleBuilder().proto(2).emptyList().mark();
  for (const storage of storages) keys.unicode(storage.key);
  const keyBytes = keys.appends().stop().bytes();
  const parts: Uint8Array[] = [magic, protocol, sysInfo, statePickle, keyBytes];
  for (const storage of storages) {
    const count = new DataView(new ArrayBuffer(8));
    count.setBigInt64(0, BigInt(storage.numel), true);
    parts.push(new Uint8Array(count.buffer), storage.data);
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
