import { attackConfigRegistry } from './attack-config-registry';
import type { AttackMetadata } from './attack-metadata';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function paperCell(metadata: AttackMetadata): string {
  const { title, authors, venue, url, code } = metadata.paper;
  const titled = url ? `[${title}](${url})` : title;
  return cell(`${authors}, ${titled}, ${venue}${code ? ` ([code](${code}))` : ''}`);
}

/**
 * The attack table of the README (STYLE.md convention 5), rendered from the registry so the two cannot drift:
 * one row per attack in registry order.
 */
export function renderAttackTable(entries: readonly { readonly metadata: AttackMetadata }[] = Object.values(attackConfigRegistry)): string {
  const rows = entries.map(({ metadata: m }) => `| \`${m.id}\` | ${cell(m.name)} | ${paperCell(m)} | ${m.norm} | ${m.kind} | ${cell(m.defaults)} |`);
  return ['| id | attack | paper | budget | kind | defaults |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
