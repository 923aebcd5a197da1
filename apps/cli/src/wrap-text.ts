/**
 * Word-wraps `text` to lines of at most `width` characters: the first line starts with `first`, the others
 * with `rest` (a hanging indent). Words longer than a line are cut.
 */
export function wrapText(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - line.length;
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > 0) {
      const need = empty ? word.length : word.length + 1;
      if (need <= room()) {
        line += empty ? word : ` ${word}`;
        empty = false;
        word = '';
      } else if (empty) {
        const take = Math.max(1, room());
        line += word.slice(0, take);
        word = word.slice(take);
        lines.push(line);
        line = rest;
      } else {
        lines.push(line);
        line = rest;
        empty = true;
      }
    }
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/** The width to wrap to: a flag, else the terminal's, else $COLUMNS, else 100; never under 40. */
export function outputWidth(flag: number | undefined, columns: number | undefined, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env['COLUMNS']);
  const width = flag ?? (columns && columns > 0 ? columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100);
  return Math.max(40, width);
}
