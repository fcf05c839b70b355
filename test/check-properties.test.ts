// Whatever the parser makes of broken input, the checker and lint handle it without throwing.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, parseWithDiagnostics } from '../src/index.js';
import { allDiagnostics, lintSource } from '../src/lint/index.js';
import { mutatedSource } from './helpers/mutations.js';

const fixtures = ['main.vcl', 'boilerplate.vcl', 'generated.vcl'].map((f) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8'));

/** Fixtures with a few spans deleted, inserted or duplicated (inserting pieces of the fixtures themselves). */
const mutated = mutatedSource(fixtures, fixtures.flatMap((f) => f.split(/\s+/).slice(0, 200)), 4);

describe('checker on partial programs', () => {
  it('never throws, and every half-built node was pruned', () => {
    fc.assert(
      fc.property(mutated, (source) => {
        const { program } = parseWithDiagnostics(source, 'm.vcl');
        expect(() => check(program)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('reports nothing at a made-up place: names error recovery inserted are pruned (fuzz findings)', () => {
    for (const source of ['director t{}', 'describe{}', 'sub(a)}', 'sub c unset;}', 'sub v{call;}', 'include;', 'backend{}', 'sub f(s,n)}', 'acl{acl{}', 'import;']) {
      const found = allDiagnostics(lintSource(source, 'x.vcl'));
      expect(found.length, source).toBeGreaterThan(0);
      expect(found.filter((d) => !Number.isInteger(d.line) || !Number.isInteger(d.column)), source).toEqual([]);
      // Syntax errors, and the note that lint's own rules were skipped because of them.
      expect(found.every((d) => d.rule === 'parse' || d.rule === 'lint-skipped'), source).toBe(true);
    }
  });

  it('places every lint finding on mutated fixtures at a real line and column', () => {
    fc.assert(
      fc.property(mutated, (source) => {
        for (const d of allDiagnostics(lintSource(source, 'm.vcl'))) {
          expect([d.line, d.column, d.endLine, d.endColumn].every((n) => Number.isInteger(n) && n >= 1), `${d.rule} ${d.message}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports a condition of 10,000 terms as too deeply nested instead of running out of stack', () => {
    const source = `sub vcl_recv {\n#FASTLY recv\n  if (req.url ${'&& req.url '.repeat(10_000)}) { return(pass); }\n}\n`;
    const { program, diagnostics } = parseWithDiagnostics(source, 'deep.vcl');
    expect(diagnostics).toEqual([]);
    expect(check(program).diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('too deeply nested to check')]);
    expect(allDiagnostics(lintSource(source, 'deep.vcl')).map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['1:1 parse']);
  });
});
