// Which test files to run: the files and globs given, or every *.test.vcl beside main.vcl and below
// it (and in the include paths, as falco looks there too). node_modules and dot-folders are skipped.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { globBase, globToRegExp, hasGlob } from '../files/glob.js';
import { walkFiles } from '../files/walk.js';
import { UsageError } from '../usage-error.js';

/** Files under a folder; a folder that does not exist has none (an include path may hold no tests). */
function walk(dir: string): string[] {
  return existsSync(dir) ? walkFiles(dir) : [];
}

/**
 * falco's `-f` glob (go-glob: `*` is the only wildcard and spans `/`), matched against a file's absolute
 * path as falco matches it, or against its name alone (`-f main.test.vcl`).
 */
export function matchesFileGlob(glob: string, file: string): boolean {
  const test = (text: string) => {
    const parts = glob.split('*');
    if (parts.length === 1) return text === glob;
    if (!text.startsWith(parts[0]!) || !text.endsWith(parts.at(-1)!)) return false;
    let at = parts[0]!.length;
    const end = text.length - parts.at(-1)!.length;
    for (const middle of parts.slice(1, -1)) {
      const found = text.indexOf(middle, at);
      if (found < 0 || found + middle.length > end) return false;
      at = found + middle.length;
    }
    return at <= end;
  };
  return test(resolve(file)) || test(basename(file));
}

/** `fileGlob` (falco's -f) keeps only the files it matches; without it, every `*.test.vcl` found is a test file. */
export function findTestFiles(main: string, patterns: readonly string[], includePaths: readonly string[] = [], fileGlob?: string): string[] {
  const found: string[] = [];
  if (patterns.length === 0) {
    for (const dir of [dirname(main), ...includePaths]) found.push(...walk(dir).filter((f) => matchesFileGlob(fileGlob ?? '*.test.vcl', f)));
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
  const unique = new Map(found.filter((f) => fileGlob === undefined || matchesFileGlob(fileGlob, f)).map((f) => [resolve(f), f]));
  return [...unique.values()].sort();
}
