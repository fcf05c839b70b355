// The names the direct parser records per subroutine body (ast/recorded-calls.ts), and the checker's call
// graph, which skips its walk for a body whose recorded names hold no subroutine: scopes must come out the
// same whether a body was recorded, rebuilt (as project/snippets.ts rebuilds bodies) or never parsed.
import { describe, expect, it } from 'vitest';
import { check, parse } from '../src/index.js';
import type { Block, Statement, SubDeclaration } from '../src/ast/ast.js';
import { withFields } from '../src/ast/nodes.js';
import { recordedCalls } from '../src/ast/recorded-calls.js';

const subNamed = (declarations: readonly { kind: string }[], name: string): SubDeclaration =>
  declarations.find((d): d is SubDeclaration => d.kind === 'Sub' && (d as SubDeclaration).name.name === name)!;

const HELPER = 'sub helper { set req.http.Y = "1"; }\n';

describe('recorded calls', () => {
  it('records each name a body calls, once: subroutines, functions and `if`', () => {
    const program = parse(`sub vcl_recv {
  call helper;
  set req.http.X = std.tolower(std.tolower(req.url));
  if (req.http.X) { set req.http.Z = if(req.http.Y, "a", "b"); }
}
${HELPER}`);
    expect([...recordedCalls(subNamed(program.declarations, 'vcl_recv').body)!].sort()).toEqual(['helper', 'if', 'std.tolower']);
    expect(recordedCalls(subNamed(program.declarations, 'helper').body)).toEqual([]);
  });

  it('gives a subroutine the scopes of its callers, through calls in statements and expressions', () => {
    const program = parse(`sub vcl_recv { call helper; }
sub vcl_deliver { if (typed()) { set resp.http.X = "1"; } }
sub typed BOOL { return true; }
${HELPER}`);
    const { info } = check(program);
    expect([...info.subScopes.get('helper')!]).toEqual(['recv']);
    expect([...info.subScopes.get('typed')!]).toEqual(['deliver']);
  });

  it('walks a body rebuilt after the parse, whose record would be stale', () => {
    const program = parse(`sub vcl_recv { set req.http.X = "1"; }\n${HELPER}`);
    const recv = subNamed(program.declarations, 'vcl_recv');
    // A `call helper;` from another parse spliced into a copy of the body: the copy has no record.
    const call = subNamed(parse('sub other { call helper; }').declarations, 'other').body.statements[0] as Statement;
    const body: Block = withFields(recv.body, { statements: [...recv.body.statements, call] });
    expect(recordedCalls(body)).toBeUndefined();
    const rebuilt = { ...program, declarations: program.declarations.map((d) => (d === recv ? withFields(recv, { body }) : d)) };
    expect([...check(rebuilt).info.subScopes.get('helper')!]).toEqual(['recv']);
    // The unchanged program still says helper runs nowhere (it is never called).
    expect([...check(program).info.subScopes.get('helper')!]).toEqual([]);
  });

  it('still reports recursion found through recorded names', () => {
    const { diagnostics } = check(parse('sub a { call b; }\nsub b { call a; }\nsub vcl_recv { call a; }'));
    expect(diagnostics.map((d) => d.rule)).toContain('recursion');
  });
});
