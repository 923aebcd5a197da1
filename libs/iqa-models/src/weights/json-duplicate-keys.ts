/** Where a JSON text repeats an object key. */
export interface DuplicateJsonKey {
  /** Keys from the root to the object holding the duplicate (`[]` for the root object). */
  readonly path: readonly string[];
  /** The repeated key, unescaped. */
  readonly key: string;
}

interface Frame {
  /** Keys seen so far; null for an array. */
  readonly keys: Set<string> | null;
  /** The enclosing container, and this container's key in it (`[]` inside an array). */
  readonly parent: Frame | undefined;
  readonly segment: string;
  /** Object frames: the next string is a key (after `{` or `,`). */
  expectKey: boolean;
  /** Object frames: the key of the value being read. */
  lastKey: string;
}

/**
 * Finds the first duplicate object key of a JSON text that `JSON.parse` has already accepted
 * (`JSON.parse` silently keeps the last value of a repeated key; a weight-file header must never
 * mean two things). Keys are compared after unescaping (`"ab"` and `"a\u0062"` are the same key).
 * Iterative (no recursion, so deep nesting cannot overflow the stack), one pass, O(length).
 */
export function findDuplicateJsonKey(text: string): DuplicateJsonKey | null {
  const stack: Frame[] = [];
  const pathOf = (frame: Frame): string[] => {
    const path: string[] = [];
    for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) path.push(at.segment);
    return path.reverse();
  };
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      const parent = stack.at(-1);
      const segment = parent === undefined ? '' : parent.keys === null ? '[]' : parent.lastKey;
      stack.push({ keys: char === 0x7b ? new Set() : null, parent, segment, expectKey: char === 0x7b, lastKey: '' });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top !== undefined && top.keys !== null) top.expectKey = true;
    } else if (char === 0x22 /* " */) {
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c /* \ */ ? 2 : 1;
      const top = stack.at(-1);
      if (top !== undefined && top.keys !== null && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) return { path: pathOf(top), key };
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = end;
    }
  }
  return null;
}
