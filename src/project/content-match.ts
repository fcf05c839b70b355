// Terraform plans hold VCL as text (`content = file("vcl/main.vcl")`), not as the file it came from. To
// report a diagnostic at the file a user edits, the text is looked for among the .vcl files beside the plan.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', '.terraform']);
const MAX_ENTRIES = 5_000;
const MAX_DEPTH = 8;

/** Every .vcl file under `dir` (bounded), by its text; the first file wins for a text found twice. */
export function vclFilesByText(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  let seen = 0;
  const walk = (folder: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.vcl')) {
        try {
          const text = readFileSync(path, 'utf8');
          if (!found.has(text)) found.set(text, path);
        } catch {
          // unreadable: not a candidate
        }
      }
    }
  };
  walk(dir, 0);
  return found;
}
