import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * `npx tsx module-load-probe.ts <module path>`: imports the module in a fresh process and prints, as JSON,
 * whether TensorFlow.js got loaded (the engine global tfjs-core installs, and any @tensorflow module in the
 * CommonJS cache, where Node puts the CJS builds of tfjs imported from ESM).
 */
const target = process.argv[2];
if (!target) throw new Error('usage: module-load-probe.ts <module path>');
await import(pathToFileURL(target).href);
const cache = createRequire(import.meta.url).cache;
console.log(
  JSON.stringify({
    tfEngine: '_tfengine' in globalThis,
    tensorflowModules: Object.keys(cache).filter((path) => path.includes('@tensorflow')),
  }),
);
