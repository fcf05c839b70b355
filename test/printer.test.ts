import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Expression, Program, Range } from '../src/ast/ast.js';
import { parse, print, stripRanges } from '../src/parser/index.js';

const fixtures = ['boilerplate', 'generated', 'main'].map((name) => [name, readFileSync(new URL(`../fixtures/${name}.vcl`, import.meta.url), 'utf8')] as const);

describe('print', () => {
  it('prints canonical VCL with two-space indentation and literals as written', () => {
    const source = 'sub vcl_recv{\nif(req.url~"^/a"&&!req.http.X){set req.http.Y="%41" {"b"} 5 m;}else{return (pass);}\n}';
    expect(print(parse(source))).toBe(
      [
        'sub vcl_recv {',
        '  if (req.url ~ "^/a" && !req.http.X) {',
        '    set req.http.Y = "%41" {"b"} 5 m;',
        '  } else {',
        '    return(pass);',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('prints declarations of every kind', () => {
    const source = [
      'include "a";',
      'import std;',
      'pragma optional_param geoip_opt_in true;',
      'backend b { .host = "h"; .probe = { .window = 5; } }',
      'director d random { .quorum = 50%; { .backend = b; .weight = 1; } }',
      'acl a { "1.2.3.0"/24; ! "1.2.3.4"; }',
      'table t INTEGER { "a": 1, }',
      'penaltybox p {}',
      'sub f(STRING var.s) STRING { return var.s; }',
      'describe s { before_recv { esi; } sub test_a { esi; } }',
    ].join('\n');
    expect(print(parse(source))).toBe(
      [
        'include "a";',
        '',
        'import std;',
        '',
        'pragma optional_param geoip_opt_in true;',
        '',
        'backend b {',
        '  .host = "h";',
        '  .probe = {',
        '    .window = 5;',
        '  }',
        '}',
        '',
        'director d random {',
        '  .quorum = 50%;',
        '  {',
        '    .backend = b;',
        '    .weight = 1;',
        '  }',
        '}',
        '',
        'acl a {',
        '  "1.2.3.0"/24;',
        '  !"1.2.3.4";',
        '}',
        '',
        'table t INTEGER {',
        '  "a": 1,',
        '}',
        '',
        'penaltybox p {',
        '}',
        '',
        'sub f(STRING var.s) STRING {',
        '  return var.s;',
        '}',
        '',
        'describe s {',
        '  before_recv {',
        '    esi;',
        '  }',
        '  sub test_a {',
        '    esi;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps comments: own-line ones before the next node, trailing ones on their line', () => {
    const source = 'sub vcl_recv {\n#FASTLY recv\n  set req.http.A = "1"; # why\n  /* block */\n}\n# end';
    expect(print(parse(source))).toBe('sub vcl_recv {\n  #FASTLY recv\n  set req.http.A = "1"; # why\n  /* block */\n}\n# end\n');
  });

  it('adds parentheses to hand-built trees where precedence requires them', () => {
    const range: Range = { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    const id = (name: string): Expression => ({ kind: 'Identifier', name, range });
    const or: Expression = { kind: 'Binary', operator: '||', left: id('a'), right: id('b'), range };
    const and: Expression = { kind: 'Binary', operator: '&&', left: or, right: id('c'), range };
    const notOr: Expression = { kind: 'Unary', operator: '!', operand: or, range };
    const program: Program = {
      kind: 'Program',
      file: 'x',
      comments: [],
      range,
      declarations: [
        {
          kind: 'Sub',
          name: id('f') as never,
          returnType: null,
          parameters: [],
          range,
          body: {
            kind: 'Block',
            range,
            statements: [
              { kind: 'Set', target: id('var.a') as never, operator: '=', value: and, range },
              { kind: 'Set', target: id('var.b') as never, operator: '=', value: notOr, range },
            ],
          },
        },
      ],
    };
    expect(print(program)).toContain('set var.a = (a || b) && c;');
    expect(print(program)).toContain('set var.b = !(a || b);');
  });
});

describe('round trip', () => {
  for (const [name, source] of fixtures) {
    it(`parse(print(ast)) equals ast for fixtures/${name}.vcl`, () => {
      const ast = parse(source);
      const printed = print(ast);
      expect(stripRanges(parse(printed))).toEqual(stripRanges(ast));
      // Printing is idempotent, and no comment is lost.
      expect(print(parse(printed))).toBe(printed);
      expect(parse(printed).comments.map((c) => c.text.trim())).toEqual(ast.comments.map((c) => c.text.trim()));
    });
  }
});
