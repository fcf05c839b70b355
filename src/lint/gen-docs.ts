// Write docs/rules.md, docs/variables.md and docs/functions.md: `npm run build && node dist/src/lint/gen-docs.js`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDocs } from './docs.js';

/** The folder holding package.json above this module (works from src/ and from dist/src/). */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export function writeDocs(root = repoRoot()): string[] {
  const dir = join(root, 'docs');
  mkdirSync(dir, { recursive: true });
  return Object.entries(generatedDocs()).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const path of writeDocs()) process.stdout.write(`wrote ${path}\n`);
}
