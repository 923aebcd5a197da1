/**
 * The plain data a safe pickle can produce. Nothing here is executable: callables exist only as
 * allow-listed `PyGlobal` markers whose `call` builds more plain data.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PyGlobal
  | PyOpaque;

/** A Python tuple (a JS array stands for a Python list). */
export class PyTuple {
  readonly kind = 'tuple';
  constructor(readonly items: readonly PyValue[]) {}
}

/** The dict keys this reader accepts (tuple or object keys are refused). */
export type PyDictKey = string | number | bigint | boolean | null;

/** A Python dict or OrderedDict, in insertion order, plus attributes set by BUILD (e.g. `_metadata`). */
export class PyDict {
  readonly kind = 'dict';
  readonly entries = new Map<PyDictKey, PyValue>();
  readonly attributes = new Map<string, PyValue>();
}

/**
 * An allow-listed global (`module.name`). With `call` it can be applied by REDUCE/NEWOBJ; without,
 * it is only a marker (e.g. a torch storage type).
 */
export class PyGlobal {
  readonly kind = 'global';
  constructor(
    readonly qualifiedName: string,
    readonly call?: (args: readonly PyValue[]) => PyValue,
  ) {}
}

/** A value built by an allow-listed callable (e.g. a tensor reference); `type` names what it is. */
export class PyOpaque<T = unknown> {
  readonly kind = 'opaque';
  constructor(
    readonly type: string,
    readonly value: T,
  ) {}
}
