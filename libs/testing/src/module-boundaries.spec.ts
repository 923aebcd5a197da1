import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from './fixtures';

// The lint rules of STYLE.md "Layout": a violation must fail lint (errors, not warnings).
let eslint: ESLint;
beforeAll(() => {
  // enforce-module-boundaries reads Nx's cached project graph: make sure it exists.
  execFileSync(process.execPath, [`${workspaceRoot}/node_modules/nx/dist/bin/nx.js`, 'show', 'projects'], {
    cwd: workspaceRoot,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    stdio: 'ignore',
  });
  eslint = new ESLint({ cwd: workspaceRoot });
}, 120_000);

async function ruleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${workspaceRoot}/${filePath}` });
  return (result?.messages ?? []).filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('module boundaries', () => {
  it.each([
    ['libs/metrics/src/zz-violation.ts', "import { getPrisma } from '@rankfall/db';\nexport const x = getPrisma;\n", '@nx/enforce-module-boundaries'],
    ['libs/attack-runner/src/zz-violation.ts', "import { getPrisma } from '@rankfall/db';\nexport const x = getPrisma;\n", '@nx/enforce-module-boundaries'],
    ['libs/metrics/src/zz-violation.ts', "import { parse } from 'graphql';\nexport const x = parse;\n", '@nx/enforce-module-boundaries'],
    ['apps/web/lib/zz-violation.ts', "import { getPrisma } from '@rankfall/db';\nexport const x = getPrisma;\n", '@nx/enforce-module-boundaries'],
    ['apps/api/src/zz-violation.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", '@nx/enforce-module-boundaries'],
    ['apps/api/src/zz-violation.ts', "import * as runner from '@rankfall/attack-runner';\nexport const x = runner;\n", 'no-restricted-imports'],
    ['apps/web/lib/zz-violation.ts', "import * as models from '@rankfall/iqa-models';\nexport const x = models;\n", 'no-restricted-imports'],
    ['libs/metrics/src/zz-violation.ts', "import { createTestDatabase } from '@rankfall/db/testing';\nexport const x = createTestDatabase;\n", 'no-restricted-imports'],
    ['libs/attack-runner/src/zz-violation.ts', "import { createTestDatabase } from '@rankfall/db/testing';\nexport const x = createTestDatabase;\n", 'no-restricted-imports'],
    ['apps/api/src/zz-violation.ts', "import { createTestDatabase } from '@rankfall/db/testing';\nexport const x = createTestDatabase;\n", 'no-restricted-imports'],
    ['apps/worker/src/zz-violation.ts', "import { seedRunFixtures } from '@rankfall/runs/testing';\nexport const x = seedRunFixtures;\n", 'no-restricted-imports'],
    ['apps/api/src/zz-violation.ts', "import { executeScoreClean } from '@rankfall/runs/stages';\nexport const x = executeScoreClean;\n", 'no-restricted-imports'],
    ['libs/metrics/src/zz-violation.ts', "import pg from 'pg';\nexport const x = pg;\n", '@nx/enforce-module-boundaries'],
    ['libs/job-contracts/src/zz-violation.ts', "import pg from 'pg';\nexport const x = pg;\n", '@nx/enforce-module-boundaries'],
  ])('%s: %s is an error', async (filePath, code, rule) => {
    const errors = await ruleErrors(filePath, code);
    expect(errors.some((error) => error.startsWith(rule))).toBe(true);
  });

  it('allows the zod-only configs entry in the API and db in the worker', async () => {
    expect(await ruleErrors('apps/api/src/zz-ok.ts', "import * as configs from '@rankfall/attack-runner/configs';\nexport const x = configs;\n")).toEqual([]);
    expect(await ruleErrors('apps/worker/src/zz-ok.ts', "import { getPrisma } from '@rankfall/db';\nexport const x = getPrisma;\n")).toEqual([]);
    expect(await ruleErrors('apps/api/src/zz-ok.spec.ts', "import { createTestDatabase } from '@rankfall/db/testing';\nexport const x = createTestDatabase;\n")).toEqual([]);
    expect(await ruleErrors('apps/api/src/zz-ok.ts', "import { createRun } from '@rankfall/runs';\nexport const x = createRun;\n")).toEqual([]);
  });
});
