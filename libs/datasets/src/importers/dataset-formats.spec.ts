import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASET_FORMAT_IDS, DATASET_FORMATS, isDatasetFormatId } from './dataset-formats';
import { FORMATS_TABLE_END, FORMATS_TABLE_START, renderDatasetFormatsTable } from './dataset-formats-table';
import { importDataset } from './import-dataset';

describe('DATASET_FORMATS registry (contract over every format)', () => {
  it.each(Object.entries(DATASET_FORMATS))('%s: id matches its key, layouts and facts are coherent', (key, format) => {
    expect(format.id).toBe(key);
    expect(format.layouts.length).toBeGreaterThan(0);
    for (const layout of format.layouts) {
      expect(layout.required).toContain(layout.keyColumn);
      expect(layout.required).toContain(layout.scoreColumn);
      expect(new Set([...layout.required, ...layout.optional]).size).toBe(layout.required.length + layout.optional.length);
    }
    if (format.facts) {
      const [lo, hi] = format.facts.mosRange;
      expect(lo).toBeLessThan(hi);
      expect(format.facts.provenance.licence.length).toBeGreaterThan(10);
      expect(format.facts.provenance.labelTransform, 'every named format documents how labels relate to the source').toBeTruthy();
    }
  });

  it('has the formats the architecture names, and the DMOS-like ones are lowerBetter', () => {
    expect(DATASET_FORMAT_IDS).toEqual(
      expect.arrayContaining(['koniq10k', 'koniq10k-pyiqa', 'live-challenge', 'live-challenge-split', 'kadid10k', 'tid2013', 'spaq', 'csiq', 'live-iqa', 'pyiqa-meta-info', 'folder-csv']),
    );
    const lowerBetter = DATASET_FORMAT_IDS.filter((id) => DATASET_FORMATS[id].facts?.lowerBetter === true);
    expect(lowerBetter.sort()).toEqual(['csiq', 'live-iqa']);
    expect(isDatasetFormatId('koniq10k')).toBe(true);
    expect(isDatasetFormatId('toString')).toBe(false);
  });

  it('rejects an unknown format id', async () => {
    await expect(importDataset('nope', { table: 'x.csv', imagesRequired: false })).rejects.toMatchObject({ code: 'UNKNOWN_FORMAT' });
  });

  it('README.md holds the table generated from the registry', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf(FORMATS_TABLE_START);
    const end = readme.indexOf(FORMATS_TABLE_END);
    expect(start, 'start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'end marker').toBeGreaterThan(start);
    const current = readme.slice(start + FORMATS_TABLE_START.length, end).trim();
    expect(current, 'regenerate with: npx tsx libs/datasets/src/importers/print-formats-table.ts').toBe(renderDatasetFormatsTable());
  });
});
