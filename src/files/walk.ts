// The one folder walker for lint and test: every file under a folder, depth first, in name order,
// skipping node_modules and hidden folders.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../usage-error.js';

const SKIPPED_FOLDERS = new Set(['node_modules']);

/** Throws UsageError when a folder cannot be read. */
export function walkFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walkFiles(path, out);
    } else if (entry.isFile()) out.push(path);
  }
  return out;
}
