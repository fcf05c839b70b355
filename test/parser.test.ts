import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Expression, Statement, SubDeclaration } from '../src/ast/ast.js';
import { parse, parseWithDiagnostics, stripRanges } from '../src/parser/index.js';

function statements(body: string): Statement[] {
  const sub = parse(`sub f {\n${body}\n}`).declarations[0] as SubDeclaration;
  return stripRanges(sub.body.statements);
}

function expression(source: string): Expression {
  const [set] = statements(`set var.x = ${source};`);
  if (set?.kind !== 'Set') throw new Error('not a set');
  return set.value;
}

const id = (name: string) => ({ kind: 'Identifier', name });
const str = (value: string, raw = `"${value}"`) => ({ kind: 'String', value, raw });
const int = (value: number, raw = String(value)) => ({ kind: 'Integer', value, raw, percent: false });

describe('declarations', () => {
  it('parses plain, typed and parameterised subs', () => {
    const program = stripRanges(parse('sub a {} sub b BOOL { return true; } sub c(STRING var.s, INTEGER var.n) STRING { return var.s; }'));
    expect(program.declarations.map((d) => d.kind === 'Sub' && [d.name.name, d.returnType, d.parameters.map((p) => `${p.type} ${p.name.name}`)])).toEqual([
      ['a', null, []],
      ['b', 'BOOL', []],
      ['c', 'STRING', ['STRING var.s', 'INTEGER var.n']],
    ]);
  });

  it('parses a backend with a nested probe object', () => {
    const [backend] = stripRanges(parse('backend F_a { .host = "h"; .ssl_check_cert = always; .probe = { .request = "GET /" "Host: h"; .window = 5; } }').declarations);
    expect(backend).toEqual({
      kind: 'Backend',
      name: id('F_a'),
      properties: [
        { kind: 'Property', name: id('host'), value: str('h') },
        { kind: 'Property', name: id('ssl_check_cert'), value: id('always') },
        {
          kind: 'Property',
          name: id('probe'),
          value: {
            kind: 'PropertyObject',
            properties: [
              { kind: 'Property', name: id('request'), value: { kind: 'Binary', operator: 'concat', left: str('GET /'), right: str('Host: h') } },
              { kind: 'Property', name: id('window'), value: int(5) },
            ],
          },
        },
      ],
    });
  });

  it('parses a director with a percentage quorum and members', () => {
    const [director] = stripRanges(parse('director d random { .quorum = 50%; .retries = 3; { .backend = F_a; .weight = 1; } }').declarations);
    expect(director).toMatchObject({
      kind: 'Director',
      name: id('d'),
      directorType: id('random'),
      properties: [{ name: id('quorum'), value: { kind: 'Integer', value: 50, percent: true } }, { name: id('retries'), value: int(3) }],
      members: [{ kind: 'PropertyObject', properties: [{ name: id('backend'), value: id('F_a') }, { name: id('weight'), value: int(1) }] }],
    });
  });

  it('parses acl entries with prefixes and negation', () => {
    const [acl] = stripRanges(parse('acl a { "1.2.3.0"/24; ! "1.2.3.4"; "::1"; }').declarations);
    expect(acl).toEqual({
      kind: 'Acl',
      name: id('a'),
      entries: [
        { kind: 'AclEntry', negated: false, address: '1.2.3.0', prefix: 24 },
        { kind: 'AclEntry', negated: true, address: '1.2.3.4', prefix: null },
        { kind: 'AclEntry', negated: false, address: '::1', prefix: null },
      ],
    });
  });

  it('parses tables with and without a type and trailing comma', () => {
    const [plain, typed, empty] = stripRanges(parse('table t { "a": "1", "b": "2", } table u INTEGER { "x": 1 } table e {}').declarations);
    expect(plain).toMatchObject({ kind: 'Table', valueType: null, entries: [{ key: str('a'), value: str('1') }, { key: str('b'), value: str('2') }] });
    expect(typed).toMatchObject({ kind: 'Table', valueType: 'INTEGER', entries: [{ key: str('x'), value: int(1) }] });
    expect(empty).toMatchObject({ kind: 'Table', entries: [] });
    expect(parseWithDiagnostics('table t { "a": "1" "b": "2" }').diagnostics).not.toEqual([]);
  });

  it('parses include (optional ;), import, penaltybox, ratecounter and pragma', () => {
    const declarations = stripRanges(parse('include "a"; include "b" import std; penaltybox pb {} ratecounter rc { } pragma optional_param geoip_opt_in true;').declarations);
    expect(declarations).toEqual([
      { kind: 'Include', path: str('a') },
      { kind: 'Include', path: str('b') },
      { kind: 'Import', name: id('std') },
      { kind: 'Penaltybox', name: id('pb'), properties: [] },
      { kind: 'Ratecounter', name: id('rc'), properties: [] },
      { kind: 'Pragma', words: ['optional_param', 'geoip_opt_in', 'true'] },
    ]);
  });

  it('parses describe blocks with hooks and test subs', () => {
    const [block] = stripRanges(parse('describe suite { before_recv { set req.http.A = "1"; } sub test_it { testing.call_subroutine("vcl_recv"); } }').declarations);
    expect(block).toMatchObject({ kind: 'Describe', name: id('suite'), members: [{ kind: 'Sub', name: id('before_recv') }, { kind: 'Sub', name: id('test_it') }] });
  });

  it('reports an unknown type name', () => {
    expect(parseWithDiagnostics('sub f STRNG {}').diagnostics.map((d) => d.message)).toEqual(['unknown type "STRNG"']);
  });
});

describe('statements', () => {
  it('parses set with every assignment operator', () => {
    const ops = ['=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=', 'rol=', 'ror=', '&&=', '||='];
    const parsed = statements(ops.map((op) => `set var.x ${op} 1;`).join('\n'));
    expect(parsed.map((s) => s.kind === 'Set' && s.operator)).toEqual(ops);
  });

  it('parses unset, remove, add and declare', () => {
    expect(statements('unset req.http.X-*; remove req.http.Y; add resp.http.Set-Cookie = "a"; declare local var.n INTEGER; declare local var.s STRING = "x";')).toEqual([
      { kind: 'Unset', keyword: 'unset', target: id('req.http.X-*') },
      { kind: 'Unset', keyword: 'remove', target: id('req.http.Y') },
      { kind: 'Add', target: id('resp.http.Set-Cookie'), value: str('a') },
      { kind: 'Declare', scope: 'local', name: id('var.n'), type: 'INTEGER', init: null },
      { kind: 'Declare', scope: 'local', name: id('var.s'), type: 'STRING', init: str('x') },
    ]);
  });

  it('requires "local" in declare', () => {
    expect(parseWithDiagnostics('sub f { declare global var.x STRING; }').diagnostics[0]?.message).toMatch(/expected "local"/);
  });

  it('parses every else-if spelling and else', () => {
    const [stmt] = statements('if (a) { } else if (b) { } elseif (c) { } elsif (d) { } else { restart; }');
    expect(stmt).toMatchObject({
      kind: 'If',
      branches: [
        { keyword: 'if', condition: id('a') },
        { keyword: 'else if', condition: id('b') },
        { keyword: 'elseif', condition: id('c') },
        { keyword: 'elsif', condition: id('d') },
      ],
      otherwise: { kind: 'Block', statements: [{ kind: 'Restart' }] },
    });
  });

  it('tells return states from return values', () => {
    const returns = statements('return; return(pass); return (lookup); return deliver; return(error); return restart; return true; return (var.x); return var.a + var.b; return(pass_it);');
    expect(returns.map((r) => r.kind === 'Return' && [r.state?.name ?? null, r.value?.kind ?? null, r.parenthesized])).toEqual([
      [null, null, false],
      ['pass', null, true],
      ['lookup', null, true],
      ['deliver', null, false],
      ['error', null, true],
      ['restart', null, false],
      [null, 'Bool', false],
      [null, 'Identifier', true],
      [null, 'Binary', false],
      [null, 'Identifier', true],
    ]);
  });

  it('parses error with optional status and response expressions', () => {
    expect(statements('error; error 404; error 404 "Not " "Found"; error 601 table.lookup(t, req.url);')).toEqual([
      { kind: 'Error', status: null, response: null },
      { kind: 'Error', status: int(404), response: null },
      { kind: 'Error', status: int(404), response: { kind: 'Binary', operator: 'concat', left: str('Not '), right: str('Found') } },
      { kind: 'Error', status: int(601), response: { kind: 'CallExpr', callee: id('table.lookup'), args: [id('t'), id('req.url')] } },
    ]);
  });

  it('parses call, restart, synthetic, synthetic.base64, log, esi, goto and labels', () => {
    expect(statements('call x; restart; synthetic {"a"}; synthetic.base64 "YQ=="; log "a" req.url; esi; goto done; done:')).toEqual([
      { kind: 'Call', name: id('x'), args: [] },
      { kind: 'Restart' },
      { kind: 'Synthetic', base64: false, value: str('a', '{"a"}') },
      { kind: 'Synthetic', base64: true, value: str('YQ==') },
      { kind: 'Log', value: { kind: 'Binary', operator: 'concat', left: str('a'), right: id('req.url') } },
      { kind: 'Esi' },
      { kind: 'Goto', label: id('done') },
      { kind: 'Label', name: id('done') },
    ]);
  });

  it('parses switch with string, regex, integer and default cases', () => {
    const [stmt] = statements('switch (req.url) { case "a": set var.x = 1; break; case ~ "^/b": fallthrough; case 3: default: log "d"; }');
    expect(stmt).toEqual({
      kind: 'Switch',
      subject: id('req.url'),
      cases: [
        { kind: 'SwitchCase', test: { regex: false, value: str('a') }, statements: [{ kind: 'Set', target: id('var.x'), operator: '=', value: int(1) }, { kind: 'Break' }] },
        { kind: 'SwitchCase', test: { regex: true, value: str('^/b') }, statements: [{ kind: 'Fallthrough' }] },
        { kind: 'SwitchCase', test: { regex: false, value: int(3) }, statements: [] },
        { kind: 'SwitchCase', test: null, statements: [{ kind: 'Log', value: str('d') }] },
      ],
    });
  });

  it('parses void function calls and nested blocks as statements', () => {
    expect(statements('std.collect(req.http.Cookie); assert.equal(a, "b"); { esi; }')).toEqual([
      { kind: 'ExpressionStatement', expression: { kind: 'CallExpr', callee: id('std.collect'), args: [id('req.http.Cookie')] } },
      { kind: 'ExpressionStatement', expression: { kind: 'CallExpr', callee: id('assert.equal'), args: [id('a'), str('b')] } },
      { kind: 'Block', statements: [{ kind: 'Esi' }] },
    ]);
  });
});

describe('expressions', () => {
  const bin = (operator: string, left: unknown, right: unknown) => ({ kind: 'Binary', operator, left, right });
  const not = (operand: unknown) => ({ kind: 'Unary', operator: '!', operand });

  it('binds && tighter than ||, both left-associative', () => {
    expect(expression('a || b && c || d')).toEqual(bin('||', bin('||', id('a'), bin('&&', id('b'), id('c'))), id('d')));
    expect(expression('a && b && c')).toEqual(bin('&&', bin('&&', id('a'), id('b')), id('c')));
  });

  it('lets ! negate a whole comparison but only one operand of &&', () => {
    expect(expression('!beresp.http.X ~ "re"')).toEqual(not(bin('~', id('beresp.http.X'), str('re'))));
    expect(expression('!a && b')).toEqual(bin('&&', not(id('a')), id('b')));
    expect(expression('!!a')).toEqual(not(not(id('a'))));
    expect(expression('!(a) == b')).toEqual(not(bin('==', { kind: 'Group', expression: id('a') }, id('b'))));
  });

  it('parses every comparison operator, below concatenation', () => {
    for (const op of ['==', '!=', '~', '!~', '<', '>', '<=', '>=']) {
      expect(expression(`a ${op} "x" b`)).toEqual(bin(op, id('a'), bin('concat', str('x'), id('b'))));
    }
  });

  it('rejects chained comparisons', () => {
    expect(parseWithDiagnostics('sub f { set var.x = a == b == c; }').diagnostics).not.toEqual([]);
  });

  it('concatenates with + and by juxtaposition, left-associative, + binding tighter', () => {
    // `"expires=" now + 1d` adds a day to now (Fastly's time.now page), so `+` takes the term before it.
    expect(expression('"a" req.url + "b" c')).toEqual(bin('concat', bin('concat', str('a'), bin('+', id('req.url'), str('b'))), id('c')));
    expect(expression('"a" + "b" + c')).toEqual(bin('+', bin('+', str('a'), str('b')), id('c')));
  });

  it('folds minus into numeric literals and keeps it otherwise', () => {
    expect(expression('-1')).toEqual(int(-1, '-1'));
    expect(expression('-2s')).toEqual({ kind: 'RTime', milliseconds: -2000, raw: '-2s' });
    expect(expression('-1.5')).toEqual({ kind: 'Float', value: -1.5, raw: '-1.5' });
    expect(expression('-var.x')).toEqual({ kind: 'Unary', operator: '-', operand: id('var.x') });
  });

  it('parses literals with their values and raw text', () => {
    expect(expression('0x2A')).toEqual(int(42, '0x2A'));
    expect(expression('true')).toEqual({ kind: 'Bool', value: true });
    expect(expression('false')).toEqual({ kind: 'Bool', value: false });
    expect(expression('"a%20b"')).toEqual(str('a b', '"a%20b"'));
    expect(expression('{"x"y"}')).toEqual(str('x"y', '{"x"y"}'));
    expect(expression('{EOT"a\n"b"EOT}')).toEqual(str('a\n"b', '{EOT"a\n"b"EOT}'));
  });

  it('computes RTIME milliseconds for every unit and the spaced form', () => {
    const cases: [string, number][] = [['500ms', 500], ['10s', 10_000], ['1.5m', 90_000], ['2h', 7_200_000], ['1d', 86_400_000], ['1w', 604_800_000], ['1y', 31_536_000_000], ['5 m', 300_000]];
    for (const [raw, ms] of cases) expect(expression(raw)).toEqual({ kind: 'RTime', milliseconds: ms, raw });
  });

  it('parses function calls including the if() ternary, and keeps groups', () => {
    expect(expression('if(req.http.A, std.tolower(req.http.A), "")')).toEqual({
      kind: 'CallExpr',
      callee: id('if'),
      args: [id('req.http.A'), { kind: 'CallExpr', callee: id('std.tolower'), args: [id('req.http.A')] }, str('')],
    });
    expect(expression('now()')).toEqual({ kind: 'CallExpr', callee: id('now'), args: [] });
    expect(expression('(a || b) && c')).toEqual(bin('&&', { kind: 'Group', expression: bin('||', id('a'), id('b')) }, id('c')));
  });

  it('reports bad string escapes at the escape', () => {
    const { diagnostics } = parseWithDiagnostics('sub f {\n  set var.x = "a%zzb";\n}', 'e.vcl');
    expect(diagnostics).toMatchObject([{ file: 'e.vcl', line: 2, column: 17, message: expect.stringMatching(/invalid percent escape/) }]);
  });
});

describe('ranges and comments', () => {
  it('gives every node its exact source range', () => {
    const program = parse('sub f {\n  set req.http.X = "a" + 1s;\n}', 'r.vcl');
    const sub = program.declarations[0] as SubDeclaration;
    const set = sub.body.statements[0]!;
    const { file, start, end } = sub.range;
    expect({ file, start, end }).toEqual({ file: 'r.vcl', start: { line: 1, column: 1, offset: 0 }, end: { line: 3, column: 2, offset: 38 } });
    expect(set.range.start).toEqual({ line: 2, column: 3, offset: 10 });
    expect(set.range.end).toEqual({ line: 2, column: 29, offset: 36 });
    if (set.kind !== 'Set') throw new Error('expected set');
    expect(set.target.range.start.column).toBe(7);
    expect(set.value.range.start.column).toBe(20);
    expect(set.value.range.end.column).toBe(28);
  });

  it('returns all comments, including #FASTLY macros and suppressions', () => {
    const program = parse('sub vcl_recv {\n#FASTLY recv\n  # vcl-edge-disable-next-line some-rule\n  return(lookup); // done\n}');
    expect(program.comments.map((c) => [c.text, c.range.start.line])).toEqual([
      ['#FASTLY recv', 2],
      ['# vcl-edge-disable-next-line some-rule', 3],
      ['// done', 4],
    ]);
  });
});

describe('fixtures', () => {
  for (const name of ['boilerplate', 'generated', 'main']) {
    it(`parses fixtures/${name}.vcl without diagnostics`, () => {
      const source = readFileSync(new URL(`../fixtures/${name}.vcl`, import.meta.url), 'utf8');
      const { program, diagnostics } = parseWithDiagnostics(source, `${name}.vcl`);
      expect(diagnostics).toEqual([]);
      expect(program.declarations.length).toBeGreaterThan(5);
    });
  }

  it('reads the generated file: pragmas, markers as comments, backends, director', () => {
    const source = readFileSync(new URL('../fixtures/generated.vcl', import.meta.url), 'utf8');
    const program = parse(source);
    expect(program.declarations.filter((d) => d.kind === 'Pragma')).toHaveLength(8);
    expect(program.comments.map((c) => c.text)).toEqual(expect.arrayContaining(['C!', 'W!', '#--FASTLY RECV BEGIN', '#--FASTLY RECV END']));
    expect(program.declarations.filter((d) => d.kind === 'Backend').map((d) => d.kind === 'Backend' && d.name.name)).toEqual(['F_Host_1', 'F_Host_2']);
  });
});
