// Which test files to run: the files and globs given, or every *.test.vcl beside main.vcl and below
// it (and in the include paths, as falco looks there too). node_modules and dot-folders are skipped.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { globBase, globToRegExp, hasGlob } from '../files/glob.js';
import { walkFiles } from '../files/walk.js';
import { UsageError } from '../usage-error.js';

/** Files under a folder; a folder that does not exist has none (an include path may hold no tests). */
function walk(dir: string): string[] {
  return existsSync(dir) ? walkFiles(dir) : [];
}

export function findTestFiles(main: string, patterns: readonly string[], includePaths: readonly string[] = []): string[] {
  const found: string[] = [];
  if (patterns.length === 0) {
    for (const dir of [dirname(main), ...includePaths]) found.push(...walk(dir).filter((f) => f.endsWith('.test.vcl')));
  }
  for (const pattern of patterns) {
    if (!hasGlob(pattern)) {
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
