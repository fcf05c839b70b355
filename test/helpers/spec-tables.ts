// Reading the spec/ tables of Fastly's documented variables and functions (copied from Fastly's
// reference; see spec/README.md). Rows are objects keyed by the header line's column names.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readSpecTable(name: 'fastly-variables.tsv' | 'fastly-functions.tsv'): Record<string, string>[] {
  const text = readFileSync(fileURLToPath(new URL(`../../spec/${name}`, import.meta.url)), 'utf8');
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}
