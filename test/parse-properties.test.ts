import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { mutatedSource } from './helpers/mutations.js';
import { program } from './helpers/vcl-programs.js';
import { describe, expect, it } from 'vitest';
import { VclError } from '../src/diagnostics.js';
import { parse, parseWithDiagnostics, print, stripRanges } from '../src/parser/index.js';

const fixtures = ['boilerplate', 'generated', 'main'].map((name) => readFileSync(new URL(`../fixtures/${name}.vcl`, import.meta.url), 'utf8'));

/** `parse` may only fail with a VclError; `parseWithDiagnostics` may not fail at all. */
function assertFailsCleanly(source: string): void {
  expect(() => parseWithDiagnostics(source)).not.toThrow();
  try {
    parse(source);
  } catch (error) {
    expect(error).toBeInstanceOf(VclError);
    expect((error as VclError).diagnostics.length).toBeGreaterThan(0);
  }
}

// ---------- robustness ----------

const vclPieces = ['sub', 'if', 'else', 'set', '{', '}', '(', ')', ';', '"x"', '{"y"}', '=', '==', '!', '~', '&&', '||', '+', '-', 'req.url', '1', '2s', '5 m', '%', '/', ':', ',', '.host', 'return', 'error', 'backend', 'table', 'acl', 'switch', 'case', '#c\n', '/*', '*/', '\n', ' '];

describe('robustness', () => {
  it('never throws anything but VclError on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), assertFailsCleanly), { numRuns: 300 });
  });

  it('never throws anything but VclError on token soup', () => {
    const soup = fc.array(fc.constantFrom(...vclPieces), { maxLength: 80 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(soup, assertFailsCleanly), { numRuns: 300 });
  });

  it('never throws anything but VclError on mutated fixtures', () => {
    const mutated = mutatedSource(fixtures, vclPieces, 5);
    fc.assert(fc.property(mutated, assertFailsCleanly), { numRuns: 150 });
  });
});

describe('round trip', () => {
  it('parse(print(ast)) equals ast for every fixture', () => {
    for (const source of fixtures) {
      const ast = parse(source);
      expect(stripRanges(parse(print(ast)))).toEqual(stripRanges(ast));
    }
  });

  it('parse(print(ast)) equals ast for generated programs', () => {
    fc.assert(
      fc.property(program, (source) => {
        const ast = parse(source); // the generator writes only valid VCL, so this must not throw
        const printed = print(ast);
        expect(stripRanges(parse(printed))).toEqual(stripRanges(ast));
      }),
      { numRuns: 300 },
    );
  });
});
