/**
 * Workarounds for Prisma 6.19.3's Wasm schema engine + @prisma/adapter-pg, loaded only inside the
 * Prisma CLI (imported from prisma.config.ts). See docs/database.md.
 *
 * 1. prisma/orm#27403: the engine introspects pg_catalog, whose `name` (oid 19) and `"char"`
 *    (oid 18) columns and their arrays (1003, 1002) the adapter refuses to deserialize. Reading them
 *    as text (25) / text[] (1009) is lossless.
 * (The ~10 s linger after every migrate command came from pg's idle pool clients: the adapter
 * factory sets `allowExitOnIdle`, see migration-adapter-factory.ts.)
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
}
