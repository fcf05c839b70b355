// Whatever the parser makes of broken input, the checker and lint handle it without throwing.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, parseWithDiagnostics } from '../src/index.js';

const fixtures = ['main.vcl', 'boilerplate.vcl', 'generated.vcl'].map((f) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8'));

/** A fixture with a few spans deleted or duplicated elsewhere. */
const mutated = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.boolean(), fc.nat()), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) =>
    edits.reduce((s, [at, len, del, from]) => {
      const i = at % (s.length + 1);
      return del ? s.slice(0, i) + s.slice(i + len) : s.slice(0, i) + s.slice(from % (s.length + 1)).slice(0, len) + s.slice(i);
    }, text),
  );

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
});
