// The direct parser (src/parser/direct) is a fast path for valid VCL; the Chevrotain grammar stays the
// reference. On every input, either both accept it and build the same AST, ranges included, or the
// direct parser declines and the grammar reports at least one problem.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenStream } from '../src/lexer/lexer.js';
import { parseDirect } from '../src/parser/direct/declarations.js';
import { parseWithChevrotain, parseWithDiagnostics } from '../src/parser/parse.js';
import { generateVcl } from '../bench/parse-bench.js';
import { mutatedSource } from './helpers/mutations.js';
import { program } from './helpers/vcl-programs.js';

// The three valid services first, then every other .vcl under fixtures/ (some broken on purpose).
const fixtureRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));
const mainFixtures = ['boilerplate.vcl', 'generated.vcl', 'main.vcl'];
const otherFixtures = (readdirSync(fixtureRoot, { recursive: true }) as string[]).filter((f) => f.endsWith('.vcl') && !mainFixtures.includes(f));
const fixtures = [...mainFixtures, ...otherFixtures].map((name) => readFileSync(join(fixtureRoot, name), 'utf8'));

/** Ranges as plain line/column/offset objects, so two ASTs compare field by field. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function assertAgreement(source: string): void {
  const direct = parseDirect(new TokenStream(source, 'p.vcl'));
  const reference = parseWithChevrotain(source, 'p.vcl');
  if (direct === undefined) {
    expect(reference.diagnostics.length, 'the direct parser declined valid VCL').toBeGreaterThan(0);
  } else {
    expect(reference.diagnostics, 'the direct parser accepted VCL with problems').toEqual([]);
    expect(plain(direct)).toEqual(plain(reference.program.declarations));
    // The whole program the fast path hands out: comments and the program's own range too.
    expect(plain(parseWithDiagnostics(source, 'p.vcl'))).toEqual(plain(reference));
  }
}

const pieces = ['sub', 'if', 'else', 'elsif', 'set', '{', '}', '(', ')', ';', '"x"', '"%zz"', '{"y"}', '=', '+=', '==', '!', '~', '&&', '||', '+', '-', 'req.url', 'var.x', '1', '2s', '5 m', '1.5', '0x1f', '%', '/', ':', ',', '.host', 'return', 'error', 'restart', 'backend', 'table', 'acl', 'director', 'switch', 'case', 'default', 'declare local', 'STRING', 'FOO', '#c\n', '/*', '*/', '\n', ' ', '@'];

describe('direct parser', () => {
  it('builds the same AST as the grammar for every fixture', () => {
    expect(fixtures.length).toBeGreaterThan(3);
    for (const source of fixtures) assertAgreement(source);
  });

  it('agrees on the fixtures with CRLF and lone-CR line ends and with tabs', () => {
    for (const source of fixtures) {
      for (const variant of [source.replace(/\n/g, '\r\n'), source.replace(/\n/g, '\r'), source.replace(/ {2}/g, '\t')]) assertAgreement(variant);
    }
  });

  it('takes the fast path on the fixtures and on the benchmark text', () => {
    for (const source of [...fixtures.slice(0, 3), generateVcl(2_000)]) {
      expect(parseDirect(new TokenStream(source, 'p.vcl'))).toBeDefined();
    }
  });

  // Bounded by their run counts; a busy 2-core machine has taken 50 s for what takes 8 s on a quiet one.
  const PROPERTY_TIMEOUT_MS = 120_000;

  it('agrees with the grammar on generated programs', () => {
    fc.assert(fc.property(program, assertAgreement), { numRuns: 250 });
  }, PROPERTY_TIMEOUT_MS);

  it('agrees with the grammar on mutated fixtures and generated programs', () => {
    const sources = [...fixtures.slice(0, 3)];
    fc.assert(fc.property(mutatedSource(sources, pieces, 4), assertAgreement), { numRuns: 300 });
    fc.assert(fc.property(program.chain((text) => mutatedSource([text], pieces, 2)), assertAgreement), { numRuns: 250 });
  }, PROPERTY_TIMEOUT_MS);

  it('agrees with the grammar on token soup', () => {
    const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(soup, assertAgreement), { numRuns: 400 });
  });

  it('hands a text with problems to the grammar, which reports them all', () => {
    const { diagnostics } = parseWithDiagnostics('sub a {\n  set x = ;\n  set y = 1\n}\n', 'e.vcl');
    expect(diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['2:11', '3:12']);
  });

  it('leaves deep nesting to the grammar, and never throws on nesting past the call stack', () => {
    const parens = (n: number) => `sub f { set req.http.X = ${'('.repeat(n)}"1"${')'.repeat(n)}; }`;
    const blocks = (n: number) => `sub f { ${'{'.repeat(n)}${'}'.repeat(n)} }`;
    for (const source of [parens(150), blocks(150)]) {
      expect(parseDirect(new TokenStream(source, 'p.vcl'))).toBeUndefined();
      expect(parseWithDiagnostics(source, 'p.vcl').diagnostics).toEqual([]);
    }
    for (const source of [parens(3_000), blocks(20_000)]) {
      const { diagnostics } = parseWithDiagnostics(source, 'p.vcl');
      expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('too deeply nested')]);
    }
  });

  it('declines texts that parse but carry a problem (the grammar reports it)', () => {
    const problems = [
      'sub f { declare global var.x STRING; }',
      'sub f FOO { }',
      'sub f(FOO var.a) { }',
      'table t FOO { }',
      'sub f { set req.http.X = "%zz"; }',
      'sub f { set req.http.X = "a"; } @',
    ];
    for (const source of problems) {
      expect(parseDirect(new TokenStream(source, 'p.vcl')), source).toBeUndefined();
      expect(parseWithDiagnostics(source, 'p.vcl').diagnostics.length, source).toBeGreaterThan(0);
    }
  });
});
