import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VclError } from '../src/diagnostics.js';
import { parse, parseWithDiagnostics } from '../src/parser/index.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/syntax/${name}`, import.meta.url), 'utf8');
}

function problems(source: string): string[] {
  return parseWithDiagnostics(source, 'x.vcl').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

describe('error recovery', () => {
  it('reports three independent errors in one run, each where it is', () => {
    const { diagnostics, program } = parseWithDiagnostics(fixture('three-errors.vcl'), 'three-errors.vcl');
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '2:25 expected ";" after set statement',
      '7:27 expected ")" after the if condition',
      '13:23 expected an expression but found ";"',
    ]);
    expect(diagnostics.every((d) => d.rule === 'parse' && d.severity === 'error' && d.file === 'three-errors.vcl')).toBe(true);
    // Recovery keeps going: all three subs are still there.
    expect(program.declarations.map((d) => d.kind === 'Sub' && d.name.name)).toEqual(['vcl_recv', 'vcl_fetch', 'vcl_deliver']);
  });

  it('reports stray top-level statements and resumes at the next declaration', () => {
    const { diagnostics, program } = parseWithDiagnostics(fixture('stray-top-level.vcl'));
    expect(diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['1:1', '7:1']);
    expect(diagnostics[0]?.message).toBe('expected a declaration (sub, backend, acl, table, …) but found "set"');
    expect(program.declarations.map((d) => d.kind)).toEqual(['Sub']);
  });

  it('reports bad escapes in strings', () => {
    expect(problems(fixture('bad-escape.vcl'))).toEqual([
      '2:25 invalid percent escape "%zz" (expected %XX, %uXXXX or %u{X…})',
      '3:31 %u escape is a surrogate (U+D800)',
    ]);
  });

  it('reports operators with nothing to join, where recovery leaves both sides empty', () => {
    expect(problems('sub f { set x = + !a; }')).toEqual(['1:17 expected an expression but found "+"', '1:19 expected an expression but found "!"']);
  });

  it('reports an unterminated string', () => {
    expect(problems(fixture('unterminated.vcl'))[0]).toBe('2:20 unterminated string (a "…" string must end on the same line)');
  });

  it('reports a missing closing brace', () => {
    expect(problems(fixture('missing-brace.vcl'))).toContain('3:18 expected "}" to close the block');
  });

  it('names the statement that lacks its semicolon', () => {
    expect(problems('sub f { unset req.http.A }')).toEqual(['1:25 expected ";" after unset statement']);
    expect(problems('sub f { call g }')).toEqual(['1:15 expected ";" after call statement']);
    expect(problems('sub f { std.collect(req.http.A) }')).toEqual(['1:32 expected ";" after function call']);
  });

  it('reports an error at end of input', () => {
    expect(problems('sub f {')).toEqual(['1:8 expected "}" to close the block']);
  });

  it('parse throws one VclError carrying every diagnostic', () => {
    let thrown: unknown;
    try {
      parse(fixture('three-errors.vcl'), 'three-errors.vcl');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VclError);
    expect((thrown as VclError).diagnostics).toHaveLength(3);
    expect((thrown as VclError).message).toContain('three-errors.vcl:2:25: error: expected ";" after set statement [parse]');
  });
});
