// Which test files to run: the files and globs given, or every *.test.vcl beside main.vcl and below
// it (and in the include paths, as falco looks there too). node_modules and dot-folders are skipped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { globBase, globToRegExp, isGlob } from './glob.js';

/** A problem with the command line rather than with the VCL (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

function walk(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (e.isFile()) out.push(path);
  }
  return out;
}

export function findTestFiles(main: string, patterns: readonly string[], includePaths: readonly string[] = []): string[] {
  const found: string[] = [];
  if (patterns.length === 0) {
    for (const dir of [dirname(main), ...includePaths]) found.push(...walk(dir).filter((f) => f.endsWith('.test.vcl')));
  }
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      if (!existsSync(pattern) || !statSync(pattern).isFile()) throw new UsageError(`test file not found: ${pattern}`);
      found.push(pattern);
      continue;
    }
    const base = globBase(pattern);
    const re = globToRegExp(pattern.replace(/^\.\//, ''));
    const matches = walk(base).filter((f) => re.test(relative('.', f).split('\\').join('/')) || re.test(f));
    found.push(...matches);
  }
  const unique = new Map(found.map((f) => [resolve(f), f]));
  return [...unique.values()].sort();
}
