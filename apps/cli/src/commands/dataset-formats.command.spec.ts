import { DATASET_FORMAT_IDS } from '@rankfall/datasets';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io';
import { runCli } from '../run-cli';

async function formats(argv: string[], columns?: number): Promise<{ code: number; lines: string[]; text: string }> {
  const io = captureIo();
  if (columns !== undefined) io.columns = columns;
  const code = await runCli(['dataset', 'formats', ...argv], io);
  const text = io.stdout.join('\n');
  return { code, lines: text.split('\n'), text };
}

describe('rankfall dataset formats', () => {
  it.each([[undefined, 100], [60, 60], [140, 140], [10, 40]])('wraps every line to the terminal width (%s columns → %i)', async (columns, width) => {
    const { code, lines, text } = await formats([], columns);
    expect(code).toBe(0);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    for (const id of DATASET_FORMAT_IDS) expect(text).toMatch(new RegExp(`^${id} `, 'm'));
    expect(text).toContain('lower = better');
    expect(text).not.toContain('|---');
  });

  it('--width overrides the terminal and --json prints every format as data', async () => {
    const narrow = await formats(['--width', '72'], 200);
    for (const line of narrow.lines) expect(line.length).toBeLessThanOrEqual(72);
    const json = await formats(['--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.text) as Array<{ id: string; columns: string[]; mosRange: [number, number] | null; lowerBetter: boolean | null; licence: string | null; imageRoot: string; tableFile: string }>;
    expect(parsed.map((f) => f.id)).toEqual(DATASET_FORMAT_IDS);
    expect(parsed.find((f) => f.id === 'csiq')).toMatchObject({ mosRange: [0, 1], lowerBetter: true, tableFile: 'meta_info_CSIQDataset.csv', columns: ['ref_name,dist_name,dmos'] });
    expect(parsed.find((f) => f.id === 'folder-csv')).toMatchObject({ mosRange: null, lowerBetter: null, licence: null });
  });
});
