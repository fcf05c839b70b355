// The parser is one shared Chevrotain instance whose rules hand partial results over in fields
// (see expression-rules.ts). Whatever was parsed before, valid or broken, must not leak into the next parse.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWithDiagnostics } from '../src/parser/index.js';

const fixtures = ['boilerplate', 'generated', 'main', 'syntax/three-errors', 'syntax/missing-brace'].map((name) =>
  readFileSync(new URL(`../fixtures/${name}.vcl`, import.meta.url), 'utf8'),
);

const pieces = ['sub', 'if', 'else', 'set', 'x', 'f', 'if(', '(', ')', ',', ';', '{', '}', '"a"', '=', '==', '~', '!', '&&', '||', '+', '-', '1', '2s', 'return', 'error', '.host', ':', 'backend', 'table', 'switch', 'case'];
const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 50 }).map((parts) => parts.join(' '));
const inSub = soup.map((body) => `sub vcl_recv {\n  set req.http.X = ${body};\n  if (${body}) { ${body} }\n}`);
const anyInput = fc.oneof(soup, inSub, fc.constantFrom(...fixtures));

/** Everything a parse produces, positions included, as text. */
function outcome(source: string): string {
  return JSON.stringify(parseWithDiagnostics(source, 'x.vcl'));
}

describe('the shared parser', () => {
  it('gives the same result whatever it parsed before', () => {
    fc.assert(
      fc.property(anyInput, anyInput, (before, source) => {
        const alone = outcome(source);
        outcome(before);
        expect(outcome(source)).toBe(alone);
      }),
      { numRuns: 300 },
    );
  });
});
