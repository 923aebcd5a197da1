/**
 * Workarounds for Prisma 6.19.3's Wasm schema engine + @prisma/adapter-pg, loaded only inside the
 * Prisma CLI (imported from prisma.config.ts). See docs/database.md.
 *
 * 1. prisma/orm#27403: the engine introspects pg_catalog, whose `name` (oid 19) and `"char"`
 *    (oid 18) columns and their arrays (1003, 1002) the adapter refuses to deserialize. Reading them
 *    as text (25) / text[] (1009) is lossless.
 * 3. The engine leaves a 10 s timer armed after it finished (through the Wasm glue's
 *    `setTimeout`): long timers are unref'd so the CLI exits as soon as its work is done.
 */
import pg from 'pg';

const OID_REMAP: Readonly<Record<number, number>> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

interface FieldDescription {
  dataTypeID: number;
}

const patched = Symbol.for('rankfall.prismaCliPatches');
const globalState = globalThis as unknown as Record<symbol, boolean>;

if (!globalState[patched]) {
  globalState[patched] = true;
  const resultPrototype = pg.Result.prototype as unknown as { addFields(fields: FieldDescription[]): void };
  const addFields = resultPrototype.addFields;
  resultPrototype.addFields = function patchedAddFields(this: unknown, fields: FieldDescription[]) {
    for (const field of fields) {
      const replacement = OID_REMAP[field.dataTypeID];
      if (replacement !== undefined) field.dataTypeID = replacement;
    }
    return addFields.call(this, fields);
  };

  const originalSetTimeout = globalThis.setTimeout;
  const unrefLongTimers = ((handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const timer = originalSetTimeout(handler, delay, ...args);
    if ((delay ?? 0) >= 5_000) timer.unref();
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(unrefLongTimers, originalSetTimeout);
}
