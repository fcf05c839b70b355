// The hand-written scanner must lex exactly as the Chevrotain lexer built from tokens.ts: same tokens
// (type, image, offsets, lines, columns), same comments, same errors, on any text.

import { readFileSync } from 'node:fs';
import type { IToken } from 'chevrotain';
import fc from 'fast-check';
import { mutatedSource } from './helpers/mutations.js';
import { describe, expect, it } from 'vitest';
import { referenceScan } from '../src/lexer/reference-lexer.js';
import { scan, type ScanResult } from '../src/lexer/scanner.js';
import { generateVcl } from '../bench/parse-bench.js';

const fixtureNames = ['boilerplate', 'generated', 'main', 'syntax/three-errors', 'syntax/unterminated', 'syntax/bad-escape', 'lint/problems'];
const fixtures = fixtureNames.map((name) => readFileSync(new URL(`../fixtures/${name}.vcl`, import.meta.url), 'utf8'));

function shape(token: IToken) {
  const { image, startOffset, endOffset, startLine, endLine, startColumn, endColumn, tokenType, tokenTypeIdx } = token;
  return { type: tokenType.name, image, startOffset, endOffset, startLine, endLine, startColumn, endColumn, tokenTypeIdx, same: tokenType === token.tokenType };
}

function comparable(result: ScanResult) {
  return {
    tokens: result.tokens.map(shape),
    comments: result.comments.map(shape),
    errors: result.errors,
    end: [result.endLine, result.endColumn],
    lineStarts: result.lineStarts,
  };
}

function assertSameAsReference(source: string): void {
  const actual = scan(source);
  const expected = referenceScan(source);
  expect(comparable(actual)).toEqual(comparable(expected));
  // The very same token type objects, so the parser's CONSUME and categories work unchanged.
  actual.tokens.forEach((token, i) => expect(token.tokenType).toBe(expected.tokens[i]!.tokenType));
}

// Pieces chosen to hit every pattern's edges: keyword prefixes, operator prefixes, numbers next to units,
// unclosed strings and comments, control markers, blanks the whitespace pattern does not know.
const pieces = [
  'sub', 'subs', 'set', 'set-x', 'settings', 'else', 'elseif', 'elsif', 'elsewhere', 'if', 'synthetic', 'synthetic.base64', 'synthetic.base6',
  'esi', 'esi.x', 'true', 'false', 'rol=', 'ror=', 'rol', 'role=', 'r', 'req.http.X-A', 'req.http.Cookie:id', 'a:', 'a::b', 'x*', 'X-*', '_', 'NOT_APPLICABLE',
  'C!', 'W!', 'C!=', ' C!', '\tW!', 'C', '!',
  '0', '42', '0x2A', '0x', '0X1f', '1.5', '1.', '.5', '1e3', '1e', '1E+4', '1.5e-2', '1.5e', '10s', '10ms', '10msx', '5 m', '5\tms', '5 min', '1.5m', '2h', '3d', '4w', '5y', '6x', '7s.', '8m:', '9s-', '1s*',
  '"x"', '"a%20b"', '"', '"open', '{"y"}', '{"', '{EOT"z"EOT}', '{EOT"z"', '{A"', '"EOT}', '"}', '{', '}',
  '#', '# c', '//', '// c', '/*', '*/', '/* c */', '/', '/=',
  '=', '==', '!=', '!~', '~', '<', '<<', '<<=', '<=', '>', '>>', '>>=', '>=', '&', '&&', '&&=', '&=', '|', '||', '||=', '|=', '^', '^=',
  '+', '+=', '-', '-=', '*', '*=', '%', '%=', '(', ')', ';', ',', ':', '.', '.host', '._x', '.1', '..',
  ' ', '\t', '\n', '\r', '\r\n', '\f', '\v', '\u00a0', '@', '$', '?', '[', ']', '`', '\\', "'", 'é', '🌮', '\u0000',
];

const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));
const spacedSoup = fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom('', ' ', '\n', '\t')), { maxLength: 60 }).map((parts) => parts.flat().join(''));

const mutatedFixture = mutatedSource(fixtures, pieces, 6);

describe('the scanner lexes exactly as the Chevrotain reference lexer', () => {
  it('on every fixture and on the benchmark file', () => {
    for (const source of fixtures) assertSameAsReference(source);
    assertSameAsReference(generateVcl(2_000));
  });

  it('on the edge cases, one by one and in pairs', () => {
    for (const a of pieces) {
      assertSameAsReference(a);
      for (const b of pieces) assertSameAsReference(a + b);
    }
  });

  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), assertSameAsReference), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), assertSameAsReference), { numRuns: 2000 });
  });

  it('on token soup', () => {
    fc.assert(fc.property(soup, assertSameAsReference), { numRuns: 3000 });
    fc.assert(fc.property(spacedSoup, assertSameAsReference), { numRuns: 3000 });
  });

  it('on mutated fixtures', () => {
    fc.assert(fc.property(mutatedFixture, assertSameAsReference), { numRuns: 300 });
  });
});
