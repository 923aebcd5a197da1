import nx from '@nx/eslint-plugin';

/**
 * Module boundaries (STYLE.md "Layout"):
 * - type:ml and type:util libraries never import db, graphql or Next;
 * - api and web never load TensorFlow.js: they import `@rankfall/attack-runner/configs` (zod only);
 * - web never imports db;
 * - type:test helpers only from specs.
 */
const tfjsBan = ['@tensorflow/*', '@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm'];

const testingOnly = [
  { name: '@rankfall/testing', message: '@rankfall/testing is for tests only' },
  { name: '@rankfall/db/testing', message: '@rankfall/db/testing (test databases) is for tests only' },
  { name: '@rankfall/runs/testing', message: '@rankfall/runs/testing (seeded fixtures) is for tests only' },
];
const noTfjsInApiOrWeb = {
  paths: [
    { name: '@rankfall/attack-runner', message: 'api and web must not load TensorFlow.js: import @rankfall/attack-runner/configs' },
    { name: '@rankfall/runs/stages', message: 'api and web must not load TensorFlow.js: the stages run in the worker; import @rankfall/runs' },
  ],
  patterns: [{ group: ['@rankfall/iqa-models', '@rankfall/datasets'], message: 'api and web must not load TensorFlow.js or sharp-based libraries' }],
};
/** Specs and test helpers: where the test-only entries may be imported. */
const testFiles = ['**/*.spec.ts', '**/*.spec.tsx', '**/src/testing/**', 'libs/testing/**', 'tools/**', 'e2e/**', '**/vitest.config.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.next',
      '**/generated',
      '.nx',
      '.rankfall',
      'reports',
      '**/next-env.d.ts',
      'tools/bench/*.py',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@rankfall/attack-runner/configs', '@rankfall/db/testing', '@rankfall/runs/stages', '@rankfall/runs/testing'],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:test'], bannedExternalImports: ['@prisma/*', 'pg', 'graphile-worker', 'graphql', 'graphql-ws', 'next', 'next/*', 'react', ...tfjsBan] },
            { sourceTag: 'type:ml', onlyDependOnLibsWithTags: ['type:ml', 'type:util', 'type:test'], bannedExternalImports: ['@prisma/*', 'graphql', 'graphql-ws', 'next', 'next/*', 'react', 'pg', 'graphile-worker'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:util', 'type:test'], bannedExternalImports: ['graphql', 'next', 'next/*', 'react', ...tfjsBan] },
            // libs/runs: the run engine over db, the ml libs and the job contracts; never graphql or Next.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:data', 'type:ml', 'type:util', 'type:test'], bannedExternalImports: ['graphql', 'graphql-ws', 'next', 'next/*', 'react'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@prisma/*', 'graphql', 'next', 'next/*', ...tfjsBan] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['type:service', 'type:data', 'type:util', 'type:ml', 'type:test'], bannedExternalImports: [...tfjsBan, 'next', 'next/*'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:util', 'type:ml'], bannedExternalImports: [...tfjsBan, '@prisma/*', 'pg', 'graphile-worker'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['type:service', 'type:data', 'type:util', 'type:ml', 'type:test'], bannedExternalImports: ['next', 'next/*', 'graphql', 'react'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['type:service', 'type:data', 'type:util', 'type:ml', 'type:test'], bannedExternalImports: ['next', 'next/*', 'react'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:test'] },
          ],
        },
      ],
    },
  },
  {
    // api and web may use the attack registry's zod configs, never the tfjs entry point (specs included).
    files: ['apps/api/**/*.ts', 'apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', noTfjsInApiOrWeb] },
  },
  {
    // ... and outside specs and test helpers, no test-only entry either.
    files: ['apps/api/**/*.ts', 'apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { ...noTfjsInApiOrWeb, paths: [...noTfjsInApiOrWeb.paths, ...testingOnly] }] },
  },
  {
    // Only specs and test helpers may use the test-support entries (@rankfall/testing, @rankfall/db/testing, @rankfall/runs/testing).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [...testFiles, 'apps/api/**', 'apps/web/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: testingOnly }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // With noUncheckedIndexedAccess, typed-array reads in numeric kernels need `!`; bounds are checked by the loops.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only (default exports only where Next.js or a config file demands them).' }],
    },
  },
  {
    // Config files import the shared root Vitest preset, which belongs to no project.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['tools/testing/*-global-setup.ts', 'e2e/src/support/global-*.ts', '**/*.config.ts', '**/*.config.mjs', 'apps/web/app/**/*.tsx', 'apps/web/next.config.ts', 'prisma.config.ts', 'e2e/playwright.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
