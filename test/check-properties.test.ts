// Whatever the parser makes of broken input, the checker and lint handle it without throwing.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, parseWithDiagnostics } from '../src/index.js';
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
});
