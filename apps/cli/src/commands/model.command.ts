import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disconnectPrisma, getPrisma, listModels, resolveDatabase } from '@rankfall/db';
import { applyNameMap, architectures, catalog, catalogEntry, readWeightFile, writeSafetensorsFile } from '@rankfall/iqa-models';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { artifactStore, requireTeam } from '../services/dataset-import.service';
import { checkModel, isUsableForAttacks, registerModelFromFile } from '@rankfall/runs/stages';
import { ensureBackend } from '../services/compute-backend.service';

const catalogIds = Object.keys(catalog) as [string, ...string[]];
const modelFlag = z.enum(catalogIds, { message: `expected a catalog id: ${catalogIds.join(', ')}` });

export const modelListCommand = defineCommand({
  name: 'model list',
  summary: 'List the model catalog (facts and where the weights come from) and a team’s registered models',
  usage: 'model list [--team slug]',
  details: ['--team   team slug (default: demo); its registered models are listed after the catalog'],
  options: { team: { type: 'string', default: 'demo' } },
  flags: z.object({ team: z.string().min(1) }),
  async run(flags, io) {
    io.out('Catalog:');
    for (const entry of Object.values(catalog)) {
      const weights = entry.weights.source === 'bundled' ? `bundled ${entry.weights.path}` : entry.weights.source === 'user' ? 'user-supplied' : 'none';
      io.out(`  ${entry.id.padEnd(24)} ${entry.architecture.padEnd(16)} scores ${entry.scoreRange[0]}..${entry.scoreRange[1]} (${entry.lowerBetter ? 'lower' : 'higher'} is better), weights: ${weights}`);
    }
    const db = await resolveDatabase({ env: io.env });
    try {
      const prisma = getPrisma(db.url);
      const team = await requireTeam(prisma, flags.team);
      const models = await listModels(prisma, team.id);
      io.out(`Registered in team ${team.slug}:${models.length ? '' : ' none (rankfall model import …)'}`);
      for (const m of models) io.out(`  ${m.name} (${m.catalogId}, ${m.lowerBetter ? 'lower' : 'higher'} is better) weights sha256 ${m.weightsSha256?.slice(0, 12) ?? '-'}  ${m.id}`);
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    return 0;
  },
});

export const modelCheckCommand = defineCommand({
  name: 'model check',
  summary: 'Load a catalog model with a weight file (safetensors, PyTorch .pt/.pth/.pkl, TF.js), score a probe, check its gradient',
  usage: 'model check --model <catalog id> [--weights <file>]',
  details: [
    'The file is parsed, never executed: PyTorch pickles go through an allow-list reader that refuses anything',
    'but a state dict. Tensor names are mapped per architecture (a `module.` prefix is fine) and shapes checked.',
  ],
  options: { model: { type: 'string' }, weights: { type: 'string' } },
  flags: z.object({ model: modelFlag, weights: z.string().min(1).optional() }),
  async run(flags, io) {
    const selection = await ensureBackend(io.env);
    const result = await checkModel(flags.model, flags.weights);
    io.out(`${result.entry.id}: score ${result.score.toFixed(4)} on a ${result.probeSize}×${result.probeSize} probe; input gradient L1 ${result.gradientL1.toExponential(3)} (backend ${selection.backend})`);
    if (!isUsableForAttacks(result)) {
      io.err('rankfall: the model is not usable for attacks: its score or input gradient is not finite and non-zero');
      return 1;
    }
    return 0;
  },
});

export const modelImportCommand = defineCommand({
  name: 'model import',
  summary: 'Register a model for a team: check the weights, store them (content-addressed), record the catalog facts',
  usage: 'model import --model <catalog id> --weights <file|folder> [--name N] [--team slug]',
  details: [
    '--name defaults to the catalog id; registering the same name and weights again changes nothing.',
    'A folder (a TF.js model, or a parameter set of several files such as BRISQUE’s model + range YAML) is converted to one safetensors file, which is what is stored.',
  ],
  options: { model: { type: 'string' }, weights: { type: 'string' }, name: { type: 'string' }, team: { type: 'string', default: 'demo' } },
  flags: z.object({ model: modelFlag, weights: z.string().min(1, 'required'), name: z.string().min(1).max(120).optional(), team: z.string().min(1) }),
  async run(flags, io) {
    await ensureBackend(io.env);
    const check = await checkModel(flags.model, flags.weights);
    io.out(`Weights load: probe score ${check.score.toFixed(4)}, gradient L1 ${check.gradientL1.toExponential(3)}`);
    if (!isUsableForAttacks(check)) throw new CliError('FAILED', 'the model is not usable for attacks: its score or input gradient is not finite and non-zero; nothing was registered');
    const info = await stat(flags.weights);
    // A folder is read with the same checked readers and stored as one safetensors file (the store keeps single files).
    const converted = info.isDirectory() ? await mkdtemp(join(tmpdir(), 'rankfall-model-import-')) : null;
    const db = await resolveDatabase({ env: io.env });
    try {
      let weightsPath = flags.weights;
      if (converted) {
        weightsPath = join(converted, `${check.entry.id}.safetensors`);
        const written = await exportSafetensors(check.entry.id, flags.weights, weightsPath);
        io.out(`Converted the folder (${written.format}, ${written.tensors} tensors) to one safetensors file for the store.`);
      }
      const prisma = getPrisma(db.url);
      const team = await requireTeam(prisma, flags.team);
      const outcome = await registerModelFromFile(prisma, artifactStore(io.env), { teamId: team.id, catalogId: check.entry.id, weightsPath, ...(flags.name ? { name: flags.name } : {}) });
      io.out(outcome.status === 'created' ? `Registered model "${outcome.model.name}" (${outcome.model.id}) in team ${team.slug}.` : `Model "${outcome.model.name}" is already registered with these weights: nothing changed.`);
    } finally {
      await disconnectPrisma();
      await db.close();
      if (converted) await rm(converted, { recursive: true, force: true });
    }
    return 0;
  },
});

/** Reads weights of any supported format (file or folder), maps them strictly to the architecture's names, writes safetensors. */
async function exportSafetensors(catalogId: string, weightsPath: string, out: string): Promise<{ format: string; sha256: string; tensors: number }> {
  const entry = catalogEntry(catalogId);
  const architecture = architectures[entry.architecture];
  const source = await readWeightFile(weightsPath);
  const mapped = applyNameMap(source.weights, architecture.tensorSpecs, architecture.nameMapRules, { strict: true });
  await writeSafetensorsFile(out, mapped.weights, { catalogId: entry.id, architecture: entry.architecture, sourceFormat: source.format, sourceSha256: source.sha256 });
  return { format: source.format, sha256: source.sha256, tensors: mapped.weights.size };
}

export const modelExportCommand = defineCommand({
  name: 'model export',
  summary: 'Convert a model’s weights (PyTorch, TF.js or safetensors) to a safetensors file with the architecture’s names',
  usage: 'model export --model <catalog id> --weights <file> --out <file.safetensors>',
  details: ['Names and shapes are checked strictly against the architecture; the output loads with --weights anywhere.'],
  options: { model: { type: 'string' }, weights: { type: 'string' }, out: { type: 'string' } },
  flags: z.object({ model: modelFlag, weights: z.string().min(1, 'required'), out: z.string().regex(/\.safetensors$/, 'must end in .safetensors') }),
  async run(flags, io) {
    const written = await exportSafetensors(flags.model, flags.weights, flags.out);
    io.out(`Wrote ${written.tensors} tensors to ${flags.out} (from ${written.format}, sha256 ${written.sha256.slice(0, 12)}…)`);
    return 0;
  },
});
