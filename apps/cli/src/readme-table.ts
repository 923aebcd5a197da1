import { renderAttackTable } from '@rankfall/attack-runner';
import { renderDatasetFormatsTable } from '@rankfall/datasets';
import { catalog, type CatalogEntry } from '@rankfall/iqa-models';
import { commandRegistry } from './command-registry';

/** The README's command table, generated from the registry so the two never drift apart. */
export function renderCommandTable(): string {
  const rows = Object.values(commandRegistry).map((command) => `| \`rankfall ${command.usage}\` | ${command.summary} |`);
  return ['| command | what it does |', '|---|---|', ...rows].join('\n');
}

/** The model catalog as a table (facts only; behaviour never depends on the id). */
export function renderCatalogTable(): string {
  const rows = (Object.values(catalog) as CatalogEntry[]).map((entry) => {
    const weights = entry.weights.source === 'bundled' ? `bundled (\`${entry.weights.path}\`)` : entry.weights.source === 'user' ? 'user-supplied' : 'none';
    const input = entry.input.kind === 'patches' ? `${entry.input.patchSize}² patches` : entry.input.kind === 'fixed' ? `${entry.input.height}×${entry.input.width}` : `any (≥ ${entry.input.minSize})`;
    return `| \`${entry.id}\` | ${entry.architecture} | ${entry.scoreRange[0]} – ${entry.scoreRange[1]} | ${entry.lowerBetter ? 'lower' : 'higher'} | ${input} | ${weights} |`;
  });
  return ['| id | architecture | score range | better is | input | weights |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Generated README blocks, by marker name: `<!-- name:start … -->` … `<!-- name:end -->`. */
export const readmeBlocks = {
  commands: renderCommandTable,
  attacks: () => renderAttackTable(),
  models: renderCatalogTable,
  'dataset-formats': renderDatasetFormatsTable,
} as const satisfies Record<string, () => string>;

/** Replaces every generated block of a README text (regenerate with `npm run docs:readme`). */
export function updateReadme(readme: string): string {
  let text = readme;
  for (const [name, render] of Object.entries(readmeBlocks)) {
    const start = new RegExp(`<!-- ${name}:start[^>]*-->`).exec(text);
    const endMarker = `<!-- ${name}:end -->`;
    const end = text.indexOf(endMarker);
    if (!start || end < start.index) throw new Error(`README.md lacks the ${name} markers`);
    text = `${text.slice(0, start.index + start[0].length)}\n${render()}\n${text.slice(end)}`;
  }
  return text;
}
