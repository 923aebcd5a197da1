#!/usr/bin/env node
// Runs `prisma generate` offline. Prisma 6.19 reads `url = env("DATABASE_URL")` while generating
// and, if the variable is unset, falls back to downloading a native engine (which fails without
// internet). Generating needs no database, so an unset DATABASE_URL gets a placeholder here.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const env = { ...process.env };
env.DATABASE_URL ||= 'postgresql://postgres@127.0.0.1:5432/rankfall_generate_placeholder';
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
