import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvParser, readCsvRecords, type CsvRecord } from './csv-reader';
import { DatasetImportError } from './dataset-import-error';

function parse(text: string, chunkSize = text.length || 1): CsvRecord[] {
  const parser = new CsvParser('t.csv');
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...parser.push(text.slice(i, i + chunkSize)));
  out.push(...parser.end());
  return out;
}

const simple = (text: string): Array<[number, string[]]> => parse(text).map((r) => [r.line, r.fields]);

describe('CsvParser', () => {
  it.each<[string, string, Array<[number, string[]]>]>([
    ['LF', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CRLF', 'a,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['CR only', 'a,b\r1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['no final line break', 'a,b\n1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['empty fields', ',a,,\n', [[1, ['', 'a', '', '']]]],
    ['blank lines are skipped, line numbers kept', 'a\n\n\r\nb\n\n', [[1, ['a']], [4, ['b']]]],
    ['quoted comma', '"x,y",z\n', [[1, ['x,y', 'z']]]],
    ['doubled quote', '"say ""hi""",2\n', [[1, ['say "hi"', '2']]]],
    ['quoted line breaks keep the start line', 'h\n"a\r\nb\nc",d\ne\n', [[1, ['h']], [2, ['a\r\nb\nc', 'd']], [5, ['e']]]],
    ['quoted empty field is a record', '""\n', [[1, ['']]]],
    ['BOM stripped', '\uFEFFimg_name,mos\n', [[1, ['img_name', 'mos']]]],
    ['spaces kept', ' a , b \n', [[1, [' a ', ' b ']]]],
    ['empty input', '', []],
  ])('%s', (_name, text, expected) => {
    expect(simple(text)).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\uFEFFname,"quoted, with\r\nbreak",x\r\n"a""b",2,3\r\n\r\nlast,"",\r\n';
    const whole = parse(text);
    for (const size of [1, 2, 3, 5, 7]) expect(parse(text, size)).toEqual(whole);
    expect(whole.map((r) => r.line)).toEqual([1, 3, 5]);
  });

  it.each([
    ['a quote inside an unquoted field', 'a,b\nab"c,d\n', /t\.csv line 2: quote inside an unquoted field/],
    ['text after a closing quote', 'a\n"x"y\n', /t\.csv line 2: unexpected "y" after a closing quote/],
    ['an unterminated quote', 'a\nb\n"never\nclosed\n', /t\.csv line 3: quoted field never closed/],
  ])('rejects %s, naming file and line', (_name, text, message) => {
    expect(() => parse(text)).toThrow(DatasetImportError);
    expect(() => parse(text)).toThrow(message);
  });
});

describe('readCsvRecords', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rankfall-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a file', async () => {
    const file = join(dir, 'a.csv');
    writeFileSync(file, 'h1,h2\n"x\ny",1\n');
    const records: CsvRecord[] = [];
    for await (const r of readCsvRecords(file)) records.push(r);
    expect(records).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['x\ny', '1'] },
    ]);
  });

  it('reports a missing file as TABLE_UNREADABLE', async () => {
    const iterate = async (): Promise<void> => {
      for await (const _ of readCsvRecords(join(dir, 'missing.csv'))) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'TABLE_UNREADABLE' });
  });

  it.skipIf(skipWithoutFixtures())('reads the 11,126 records of the SPAQ table (24 fields each) and stops early on break', async () => {
    const file = fixturePath('real/mos/pyiqa-meta-info/meta_info_SPAQDataset.csv');
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const r of readCsvRecords(file)) {
      expect(r.fields.length).toBe(24);
      count++;
      last = r;
    }
    expect(count).toBe(11_126);
    expect(last?.line).toBe(11_126);
    let seen = 0;
    for await (const _ of readCsvRecords(file)) if (++seen === 3) break;
    expect(seen).toBe(3);
  });
});
