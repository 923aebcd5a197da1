import { generateSyntheticDataset } from '@rankfall/datasets';
import { z } from 'zod';
import { defineCommand } from '../command';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const datasetSynthCommand = defineCommand({
  name: 'dataset synth',
  summary: 'Generate the synthetic dataset (reference scenes × graded distortions, pseudo-MOS, splits) into a folder',
  usage: 'dataset synth --out <folder> [--seed N] [--references N] [--size N] [--levels N] [--overwrite]',
  details: [
    'Deterministic from --seed (same seed, same bytes). Writes images/, mos.csv (filename,mos,std,split) and',
    'manifest.json; import it with: rankfall dataset import --format folder-csv --table <out>/mos.csv --images <out>/images',
  ],
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    references: { type: 'string', default: '24' },
    size: { type: 'string', default: '64' },
    levels: { type: 'string', default: '4' },
    overwrite: { type: 'boolean', default: false },
  },
  flags: z.object({
    out: z.string().min(1, 'required'),
    seed: int(0, 4_294_967_295),
    references: int(3, 5000),
    size: int(16, 1024),
    levels: int(1, 10),
    overwrite: z.boolean(),
  }),
  async run(flags, io) {
    const started = Date.now();
    const result = await generateSyntheticDataset({ outDir: flags.out, seed: flags.seed, references: flags.references, size: flags.size, levels: flags.levels, overwrite: flags.overwrite });
    const splits = { train: 0, val: 0, test: 0 };
    for (const image of result.manifest.images) if (image.split) splits[image.split] += 1;
    io.out(`Wrote ${result.manifest.images.length} images (${splits.train} train / ${splits.val} val / ${splits.test} test) to ${result.imageRoot} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    io.out(`Table: ${result.tablePath}`);
    io.out(`Import: npm run rankfall -- dataset import --format folder-csv --table ${result.tablePath} --images ${result.imageRoot} --facts ${result.manifestPath}`);
    return 0;
  },
});
