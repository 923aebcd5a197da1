import { describe, expect, it } from 'vitest';
import { csvCell } from './run-results-export';

describe('csvCell', () => {
  it.each([
    [null, ''],
    [1.5, '1.5'],
    ['img-001.png', 'img-001.png'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['line\nbreak', '"line\nbreak"'],
  ] as const)('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});
