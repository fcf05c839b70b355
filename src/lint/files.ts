// Which files to lint: the command line's files, folders and globs, or every *.vcl under the working
// folder. Folder walks skip node_modules and hidden folders; folders and globs skip *.test.vcl files
// (unit tests for `vcl-edge test`, which call testing.* functions); a file named outright is always linted.
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globBase, globToRegExp, hasGlob } from '../files/glob.js';
import { walkFiles as walk } from '../files/walk.js';
import { UsageError, cannotRead } from '../usage-error.js';

export interface Ignore {
  /** The folder the globs are relative to (the config file's). */
  dir: string;
  globs: readonly string[];
}

export interface CollectOptions {
  cwd: string;
  ignore?: Ignore;
}

function posix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

const isLintable = (path: string) => path.endsWith('.vcl') && !path.endsWith('.test.vcl');

export function isIgnored(file: string, ignore: Ignore | undefined): boolean {
  if (!ignore || ignore.globs.length === 0) return false;
  const rel = posix(relative(ignore.dir, file));
  const segments = rel.split('/');
  return ignore.globs.some((glob) => {
    const pattern = (glob.endsWith('/') ? `${glob}**` : glob).replace(/^\.\//, '');
    const re = globToRegExp(pattern);
    // A pattern without a slash matches a file or folder name at any depth, as in .gitignore.
    if (!pattern.includes('/')) return segments.some((s) => re.test(s));
    return re.test(rel) || (pattern.endsWith('/**') && globToRegExp(pattern.slice(0, -3)).test(rel));
  });
}

function expandGlob(pattern: string, cwd: string): string[] {
  const absolute = posix(resolve(cwd, pattern));
  const re = globToRegExp(absolute);
  const base = resolve(cwd, globBase(pattern));
  let exists: boolean;
  try {
    exists = statSync(base).isDirectory();
  } catch {
    exists = false;
  }
  return exists ? walk(base).filter((f) => isLintable(f) && re.test(posix(f))) : [];
}

/** The absolute paths to lint, sorted and without duplicates. Throws UsageError for a missing path. */
export function collectFiles(args: readonly string[], options: CollectOptions): string[] {
  const { cwd, ignore } = options;
  const found = new Set<string>();
  const discovered = (files: string[]) => {
    for (const f of files) if (!isIgnored(f, ignore)) found.add(f);
  };
  if (args.length === 0) discovered(walk(cwd).filter(isLintable));
  for (const arg of args) {
    if (hasGlob(arg)) {
      const matches = expandGlob(arg, cwd);
      if (matches.length === 0) throw new UsageError(`no VCL files match ${arg}`);
      discovered(matches);
      continue;
    }
    const path = resolve(cwd, arg);
    let stats;
    try {
      stats = statSync(path);
    } catch (e) {
      throw cannotRead(arg, e);
    }
    if (stats.isDirectory()) discovered(walk(path).filter(isLintable));
    else found.add(path);
  }
  if (found.size === 0) throw new UsageError(args.length ? `no VCL files found in ${args.join(' ')}` : `no VCL files found under ${cwd}`);
  return [...found].sort();
}
