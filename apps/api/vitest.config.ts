import { createRequire } from 'node:module';
import { mergeConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared';

// graphql 16 ships CJS (`main`) and ESM (`module`) builds without an `exports` map: Node (and so
// Apollo, loaded natively) takes the CJS one, Vite would pick the ESM one for our sources, and two
// copies of graphql refuse each other's schema. Point our imports at the file Node loads.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default mergeConfig(projectTestConfig({ name: 'api', database: true, testTimeout: 120_000 }), {
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
});
