// Chevrotain is loaded once, from its single-file bundle (src/lexer/chevrotain.ts says why).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chevrotainFile } from '../src/lexer/chevrotain.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(folder: string): string[] {
  return (readdirSync(join(root, folder), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(folder, f));
}

describe('Chevrotain', () => {
  it('is loaded from the bundle the package publishes, not from its many-module entry', () => {
    expect(chevrotainFile.replaceAll('\\', '/')).toMatch(/\/chevrotain\/lib\/chevrotain\.mjs$/);
  });

  it('is imported at run time only through src/lexer/chevrotain.ts (two copies would number token types twice)', () => {
    const direct = [...sources('src'), ...sources('bin')].filter((file) => {
      if (file === join('src', 'lexer', 'chevrotain.ts')) return false;
      const text = readFileSync(join(root, file), 'utf8');
      return /^import (?!type )[^;]*from 'chevrotain';/m.test(text);
    });
    expect(direct).toEqual([]);
  });
});
