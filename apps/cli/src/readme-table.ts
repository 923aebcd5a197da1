import { commandRegistry } from './command-registry';

export const README_COMMANDS_START = '<!-- commands:start (generated from apps/cli/src/command-registry.ts: npm run docs:readme) -->';
export const README_COMMANDS_END = '<!-- commands:end -->';

/** The README's command table, generated from the registry so the two never drift apart. */
export function renderCommandTable(): string {
  const rows = Object.values(commandRegistry).map((command) => `| \`rankfall ${command.usage}\` | ${command.summary} |`);
  return ['| command | what it does |', '|---|---|', ...rows].join('\n');
}

/** Replaces the generated block between the markers of a README text. */
export function updateReadme(readme: string): string {
  const start = readme.indexOf(README_COMMANDS_START);
  const end = readme.indexOf(README_COMMANDS_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the commands markers');
  return `${readme.slice(0, start + README_COMMANDS_START.length)}\n${renderCommandTable()}\n${readme.slice(end)}`;
}
