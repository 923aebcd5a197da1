import { describe, expect, it } from 'vitest';
import { attackIds } from './attack-config-registry';
import { renderAttackTable } from './attack-table';

describe('renderAttackTable', () => {
  it('renders a header and one row per registered attack, in registry order', () => {
    const lines = renderAttackTable().split('\n');
    expect(lines[0]).toBe('| id | attack | paper | budget | kind | defaults |');
    expect(lines).toHaveLength(2 + attackIds.length);
    expect(lines.slice(2).map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1])).toEqual(attackIds);
    expect(lines.find((l) => l.startsWith('| `sma-stage2`'))).toContain('[Beyond Score Changes');
  });

  it('escapes pipes so a cell cannot break the table', () => {
    const table = renderAttackTable([
      { metadata: { id: 'x', name: 'a | b', paper: { title: 't', authors: 'A', venue: 'V' }, norm: 'linf', kind: 'untargeted', defaults: 'd' } },
    ]);
    expect(table.split('\n')[2]).toBe('| `x` | a \\| b | A, t, V | linf | untargeted | d |');
  });
});
