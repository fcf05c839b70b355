// File names as reports show them: relative to the working folder, with forward slashes.
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(file: string, cwd: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) || file : file;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
