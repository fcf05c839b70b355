// The compiler works out each expression's type again (result-types.ts) instead of the checker storing
// it on every node: both must give the same type for every expression of every checked program.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateVcl } from '../bench/parse-bench.js';
import type { Expression, Program } from '../src/ast/ast.js';
import { check } from '../src/check/checker.js';
import { expressionType } from '../src/check/result-types.js';
import { loadSource } from '../src/parser/loader.js';

/** Every expression of a program, in a fixed order (so two parses of one text line up). */
function expressions(program: Program): Expression[] {
  const found: Expression[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const node = value as { kind?: string; range?: unknown };
    if (['String', 'Integer', 'Float', 'RTime', 'Bool', 'Identifier', 'Unary', 'Binary', 'CallExpr', 'Group'].includes(node.kind!)) {
      found.push(node as Expression);
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'range') visit(child);
  };
  visit(program.declarations);
  return found;
}

const services: [string, string][] = [
  ...['main', 'boilerplate', 'generated'].map((name): [string, string] => [name, readFileSync(new URL(`../fixtures/${name}.vcl`, import.meta.url), 'utf8')]),
  ['testing app', readFileSync(new URL('../fixtures/testing/app/main.vcl', import.meta.url), 'utf8')],
  ['bench', generateVcl(3_000)],
  [
    'every kind of expression',
    `sub typed STRING { return "x"; }
     sub vcl_recv {
       declare local var.t TIME;
       declare local var.r RTIME;
       set var.t = now + 10s;
       set req.http.R = var.r + var.r;
       declare local var.i INTEGER = -5;
       declare local var.re REGEX = "^/r";
       set var.re = "^/s";
       set req.http.A = typed() std.strlen("ab") + (std.strlen("a") == 1) var.i;
       set req.http.B = !req.http.Z;
       set req.http.C = if(req.http.D ~ "^x", regsub(req.url, "a(b)", "\\\\1"), header.get(req, "E"));
       if (req.url ~ "^/a" || client.ip ~ local && std.atoi(req.http.N) > 2) { set req.http.Y = re.group.0; }
     }
     acl local { "127.0.0.1"; }`,
  ],
];

describe('expression types worked out by the compiler', () => {
  it.each(services)('equal the checker’s for every expression of %s', (_name, source) => {
    const recorded = loadSource(source, 'r.vcl');
    expect(recorded.diagnostics).toEqual([]);
    const recordedCheck = check(recorded.program, { recordTypes: true });
    expect(recordedCheck.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plain = loadSource(source, 'p.vcl');
    const { info } = check(plain.program);

    const before = expressions(recorded.program);
    const after = expressions(plain.program);
    expect(after.length).toBe(before.length);
    expect(after.length).toBeGreaterThan(5);
    const wanted = before.map((e) => `${e.kind}@${e.range.start.offset}: ${recordedCheck.info.types.get(e) ?? 'unchecked'}`);
    const got = after.map((e, i) => `${e.kind}@${e.range.start.offset}: ${recordedCheck.info.types.get(before[i]!) === undefined ? 'unchecked' : expressionType(e, info)}`);
    expect(got).toEqual(wanted);
  });
});
