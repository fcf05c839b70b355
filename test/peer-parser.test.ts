// Lexer and parser against falco's tables: ysugimoto/falco lexer/lexer_test.go, parser/parser_test.go,
// parser/statement_parser_test.go, parser/expression_parser_test.go, parser/custom_parser_test.go and
// parser/vcl_type_parser_test.go. What falco parses must parse here to the same structure, and print back
// to the same tree (parsedTree checks the round trip). The VCL is theirs in substance, written out here;
// the expectations are the facts their tables assert, unless a comment says why vcl-edge differs.
import { describe, expect, it } from 'vitest';
import type { Expression, Statement } from '../src/ast/ast.js';
import { check, compile, loadSource, parse, VclError } from '../src/index.js';
import { stripRanges } from '../src/parser/index.js';
import { parsedTree, setValue, subStatements, syntaxErrors } from './helpers/peer-syntax.js';

const id = (name: string) => ({ kind: 'Identifier', name });
const str = (value: string, raw = `"${value}"`) => ({ kind: 'String', value, raw });
const bin = (operator: string, left: unknown, right: unknown) => ({ kind: 'Binary', operator, left, right });
const kinds = (statements: Statement[]) => statements.map((s) => s.kind);

describe('lexer (falco lexer/lexer_test.go)', () => {
  it('reads every assignment operator, else-if spelling and statement of the big token table', () => {
    const ops = ['=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=', 'rol=', 'ror=', '&&=', '||='];
    const sets = ops.map((op) => `set var.foo ${op} 1;`).join('\n');
    const statements = subStatements(`sub vcl_recv {
  /*
    multi-line comment here
  */
  declare local var.foo INTEGER;
  ${sets}
  if (req.http.X-Forwarded-For == "192.168.1.2") { restart; }
  else if (req.http.Host != "example.com") { call mod_recv; }
  elseif (req.http.Host ~ "example") { unset req.http.Host; }
  elsif (req.http.Host !~ "example") { synthetic "foobar"; }
  else { error 750; }
  unset req.http.X-*;
  add req.http.Cookie:session = uuid.version4();
  esi;
  log syslog "foo";
  return(pass);
  set req.http.default:foo = "bar";
}`);
    expect(statements.filter((s) => s.kind === 'Set').map((s) => s.kind === 'Set' && s.operator)).toEqual([...ops, '=']);
    const branches = statements.find((s) => s.kind === 'If');
    expect(branches?.kind === 'If' && branches.branches.map((b) => b.keyword)).toEqual(['if', 'else if', 'elseif', 'elsif']);
    expect(kinds(statements).slice(-6)).toEqual(['Unset', 'Add', 'Esi', 'Log', 'Return', 'Set']);
    expect(statements.find((s) => s.kind === 'Unset')).toMatchObject({ target: { name: 'req.http.X-*' } });
  });

  it('reads long strings, heredoc delimiters and multi-line bodies as written', () => {
    const values = subStatements(`sub vcl_error {
  synthetic.base64 {"foo bar"};
  synthetic.base64 {JSON"
      {"foo": "bar"}
"JSON};
  set req.http.pk = {"-----BEGIN PUBLIC KEY-----
aabbccddIieEffggHHhEXAMPLEPUBLICKEY
-----END PUBLIC KEY-----"};
  set req.http.A = {" foo\\"bar "};
}`).map((s) => (s.kind === 'Synthetic' || s.kind === 'Set' ? (s.value as { value: string }).value : null));
    expect(values).toEqual(['foo bar', '\n      {"foo": "bar"}\n', '-----BEGIN PUBLIC KEY-----\naabbccddIieEffggHHhEXAMPLEPUBLICKEY\n-----END PUBLIC KEY-----', ' foo\\"bar ']);
  });

  it('keeps backslashes: "\\1" is two characters, a long string holds quotes (TestEscapeSequence, TestComplecatedStatement)', () => {
    expect(setValue('sub f { set req.http.A = "\\1"; }')).toMatchObject({ value: '\\1' });
    const call = setValue('sub f { set var.expires = regsub(var.payload, {"^.*?"exp"\\s*:\\s*(\\d+).*?$"}, "\\1"); }');
    expect(call).toMatchObject({ kind: 'CallExpr', callee: id('regsub'), args: [id('var.payload'), { value: '^.*?"exp"\\s*:\\s*(\\d+).*?$' }, { value: '\\1' }] });
  });

  it('takes Fastly control lines: pragma, C! and W! (TestFastlyControlSyntaxes)', () => {
    expect(parsedTree('pragma optional_param geoip_opt_in true;\nC!\nW!\nsub vcl_recv {}').map((d) => d.kind)).toContain('Pragma');
  });

  it('reads every RTIME unit, with or without a space before it (TestRTimeUnits, TestParseRTimeWhitespaceSeparated)', () => {
    const units = ['100ms', '5s', '5m', '6h', '3d', '8w', '1y', '5.3d', '60 s', '100 ms', '8 w', '5.3 d', '60\ts'];
    for (const unit of units) expect(setValue(`sub f { declare local var.r RTIME; set var.r = ${unit}; }`), unit).toMatchObject({ kind: 'RTime' });
  });

  it('places comments anywhere between tokens (TestLexerLine, TestCommentInInfixExpression)', () => {
    const statements = subStatements(`
# This is comment in global
sub vcl_recv {
  // This is comment in subroutine
  set req.http.User-Agent = "foo";
  // When host exists, restart
  if (req.http.Host) {
    restart;
  }
  ## Otherwise, set tentative host
  else {
    set req.http.Host = "tentative";
  }
  if (
    req.http.Host &&
    # Some comment here inside infix expressions
    req.http.Foo == "bar"
  ) { set /* Host */ req.http.Host = /* v */ "bar"; }
}`);
    expect(kinds(statements)).toEqual(['Set', 'If', 'If']);
    expect(statements[1]).toMatchObject({ otherwise: { statements: [{ kind: 'Set' }] } });
  });

  it('refuses a "…" string that runs past the end of its line, which falco reads as one string', () => {
    // Fastly's string page lets only long strings {"…"} span lines; Varnish, whose grammar Fastly's
    // derives from, ends a "…" string at the line break. vcl-edge follows them, not falco's lexer.
    expect(syntaxErrors('sub f {\n  set req.http.A = "foo\nbar";\n}')[0]).toBe('2:20 unterminated string (a "…" string must end on the same line)');
  });
});

describe('expressions (falco parser/parser_test.go, expression_parser_test.go)', () => {
  it('concatenates adjacent values left to right, implicitly or with +', () => {
    expect(stripRanges(setValue('sub f { set req.http.Host = "example" req.http.User-Agent "com"; }'))).toEqual(
      bin('concat', bin('concat', str('example'), id('req.http.User-Agent')), str('com')),
    );
    // `+` binds before juxtaposition here (so `"t=" now + 1d` adds, then joins, as on Fastly); for strings
    // the order does not change the text falco's table builds.
    expect(stripRanges(setValue('sub f { set var.S = "foo" "bar" + "baz"; }'))).toEqual(bin('concat', str('foo'), bin('+', str('bar'), str('baz'))));
  });

  it('binds && tighter than || and comparisons tighter than both', () => {
    const [stmt] = subStatements('sub f { if (true || false && false) { restart; } if (req.http.Host ~ "example.com" && req.http.Host == "foobar") { restart; } }');
    expect(stmt?.kind === 'If' && stripRanges(stmt.branches[0]!.condition)).toEqual(
      bin('||', { kind: 'Bool', value: true }, bin('&&', { kind: 'Bool', value: false }, { kind: 'Bool', value: false })),
    );
    const second = subStatements('sub f { if (req.http.Host ~ "example.com" && req.http.Host == "foobar") { restart; } }')[0];
    expect(second?.kind === 'If' && stripRanges(second.branches[0]!.condition)).toEqual(
      bin('&&', bin('~', id('req.http.Host'), str('example.com')), bin('==', id('req.http.Host'), str('foobar'))),
    );
  });

  it('reads if(cond, a, b) as a value, also inside a concatenation (TestParseIfExpression, TestParseInfixIfExpression)', () => {
    const [log] = subStatements('sub vcl_recv { log {"foo bar"}\n  if (req.http.Host, "example.com", "foobar")\n  {"baz"}; }');
    const ifCall = { kind: 'CallExpr', callee: id('if'), args: [id('req.http.Host'), str('example.com'), str('foobar')] };
    expect(log?.kind === 'Log' && stripRanges(log.value)).toEqual(bin('concat', bin('concat', str('foo bar', '{"foo bar"}'), ifCall), str('baz', '{"baz"}')));
    expect(stripRanges(setValue('sub f { set req.http.Foo = if (req.http.Host, "example.com", "foobar"); }'))).toEqual(ifCall);
  });

  it('keeps a grouped expression and calls with no, some and optional arguments', () => {
    expect(stripRanges(setValue('sub f { set var.Bool = (var.IsOk && var.IsNg); }'))).toEqual({ kind: 'Group', expression: bin('&&', id('var.IsOk'), id('var.IsNg')) });
    expect(stripRanges(setValue('sub f { set req.http.X-Trace-Id = uuid.version4(); }'))).toEqual({ kind: 'CallExpr', callee: id('uuid.version4'), args: [] });
  });
});

describe('statements (falco parser/statement_parser_test.go)', () => {
  it('parses include and import, with or without the include semicolon, comments around them', () => {
    expect(parsedTree('// Leading comment\nimport boltsort; // Trailing comment').map((d) => d.kind)).toEqual(['Import']);
    expect(parsedTree('// Leading comment\ninclude "feature_mod"; // Trailing comment')).toMatchObject([{ kind: 'Include' }]);
    expect(parsedTree('// Leading comment\ninclude "feature_mod" // Trailing comment')).toMatchObject([{ kind: 'Include' }]);
  });

  it('parses the statement forms of the table, each as its kind', () => {
    const statements = subStatements(`sub vcl_recv {
  unset req.http.Host; // Trailing comment
  remove req.http.Cookie;
  add req.http.Cookie:session = "example.com";
  call feature_mod_recv;
  call feature_mod_recv();
  declare local var.foo STRING;
  error 750;
  error 750 "/foobar/" req.http.Foo;
  error var.IntValue;
  error table.lookup_integer(errors, "foo", 600) "bar";
  log {"syslog "}
    {" fastly-log :: "} {"	timestamp:"}
    req.http.Timestamp
  ;
  return(deliver);
  synthetic {"Access "}
    {"denied"};
  synthetic.base64 {"Access "} {"denied"};
  { log "vcl_recv"; { log "vcl_recv"; } }
  goto update_and_set; // Trailing comment
  testFun();
  testFun(test1, "test2", 3);
  std.collect(test1, "test2", 3);
  update_and_set:
}`);
    expect(kinds(statements)).toEqual([
      'Unset', 'Unset', 'Add', 'Call', 'Call', 'Declare', 'Error', 'Error', 'Error', 'Error', 'Log', 'Return',
      'Synthetic', 'Synthetic', 'Block', 'Goto', 'ExpressionStatement', 'ExpressionStatement', 'ExpressionStatement', 'Label',
    ]);
    expect(statements.slice(6, 10).map((s) => s.kind === 'Error' && [s.status?.kind, s.response?.kind ?? null])).toEqual([
      ['Integer', null], ['Integer', 'Binary'], ['Identifier', null], ['CallExpr', 'String'],
    ]);
    expect(statements[11]).toMatchObject({ kind: 'Return', state: { name: 'deliver' }, parenthesized: true });
    expect(statements[13]).toMatchObject({ kind: 'Synthetic', base64: true });
  });

  it('parses switch with string, regex and default cases, break and fallthrough, comments anywhere', () => {
    const [sw] = subStatements(`sub vcl_fetch {
  // Switch Leading comment
  switch (req.http.Host) {
  // Case1 Leading comment
  case "1": // Case1 Trailing comment
    esi;
    break; // Break1 Trailing comment
  default: // Default Trailing comment
    esi;
    fallthrough;
  case ~/* infix */"[2-3]":
    esi;
    break;
  // Switch Infix comment
  } // Switch Trailing comment
}`);
    expect(sw?.kind === 'Switch' && sw.cases.map((c) => [c.test && [c.test.regex, (c.test.value as { value: string }).value], kinds(c.statements)])).toEqual([
      [[false, '1'], ['Esi', 'Break']],
      [null, ['Esi', 'Fallthrough']],
      [[true, '[2-3]'], ['Esi', 'Break']],
    ]);
    expect(subStatements('sub f { switch (uuid.version4()) { case "x": break; } switch (true) { default: break; } }').map((s) => s.kind === 'Switch' && s.subject.kind)).toEqual(['CallExpr', 'Bool']);
  });

  it('keeps an annotation comment before a sub, and describe blocks with before_each (TestAnnotationComment, TestParseCustomToken)', () => {
    expect(parsedTree('// @recv\nsub check_request {\n}')).toMatchObject([{ kind: 'Sub', name: id('check_request') }]);
    const tree = parsedTree('// Leading comment\ndescribe foo {\n  before_each {\n    set req.http.Foo = "bar";\n  }\n\n  sub test_foo_recv {\n    set req.http.Bar = "baz";\n  }\n} // Trailing comment');
    expect(tree).toMatchObject([{ kind: 'Describe', name: id('foo'), members: [{ name: id('before_each') }, { name: id('test_foo_recv') }] }]);
  });
});

/** A value of a typed sub's `return`, parsed and round-tripped. */
function returned(source: string): Expression | null {
  const ret = subStatements(source).find((s) => s.kind === 'Return');
  return ret?.kind === 'Return' ? stripRanges(ret.value) : null;
}

describe('return in typed subs (falco parser/statement_parser_test.go TestReturnStatement)', () => {
  it('takes a value with or without parentheses, and states in lifecycle subs', () => {
    expect(returned('sub f STRING { return "a"; }')).toEqual(str('a'));
    expect(returned('sub f INTEGER { return std.atoi("1") + 1; }')).toMatchObject({ kind: 'Binary', operator: '+' });
    expect(returned('sub f BOOL { return (req.http.A == "b"); }')).toEqual(bin('==', id('req.http.A'), str('b')));
    expect(subStatements('sub vcl_recv { return(lookup); return pass; }').map((s) => s.kind === 'Return' && [s.state?.name, s.parenthesized])).toEqual([['lookup', true], ['pass', false]]);
  });
});

describe('include inside a subroutine (falco formatter/statement_format_test.go; Fastly\'s include page)', () => {
  // Fastly: include is "available in all subroutines" and "inserts the contents of the specified VCL file
  // at the current line"; it creates no scope. falco parses it there, with or without its `;`.
  const feature = 'set req.http.A = var.n;\nif (req.url ~ "^/x") { set req.http.B = "2"; }';

  it('parses with or without the semicolon, in a sub and in an if block, and prints back', () => {
    const statements = subStatements('sub vcl_recv {\n  // leading\n  include "feature_mod" // trailing\n  if (req.http.Host) {\n    include "feature_mod";\n  }\n}');
    expect(statements.map((s) => s.kind)).toEqual(['Include', 'If']);
    expect(statements[1]).toMatchObject({ branches: [{ body: { statements: [{ kind: 'Include', path: { value: 'feature_mod' } }] } }] });
  });

  it('runs the included statements where the include stands, in the including sub\'s scope', () => {
    const sources = new Map([['feature_mod', feature]]);
    const service = compile('sub vcl_recv {\n#FASTLY recv\n  declare local var.n STRING = "1";\n  include "feature_mod";\n  if (req.http.Host) { include "feature_mod"; }\n  set req.http.C = req.http.A "+" req.http.B;\n}', { sources });
    expect(service.recv({ url: '/x' }).req.headers.get('C')).toBe('1+2');
    expect(service.recv({ url: '/y' }).req.headers.get('C')).toBe('1+(null)');
  });

  it('sees the calls the included statements make: a sub called there gets the including sub\'s scope', () => {
    const sources = new Map([['feature_mod', 'call helper;']]);
    const loaded = loadSource('sub helper {\n  set resp.http.X = "1";\n}\nsub vcl_recv {\n#FASTLY recv\n  include "feature_mod";\n}', 'main.vcl', { sources });
    expect(check(loaded.program).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['2:7 "resp.http.X" cannot be written in vcl_recv (available in vcl_deliver, vcl_log)']);
  });

  it('splices an include inside an included file too, and reports one that includes itself', () => {
    const sources = new Map([['outer_mod', 'set req.http.A = "a";\ninclude "inner_mod";'], ['inner_mod', 'set req.http.B = "b";']]);
    const service = compile('sub vcl_recv {\n#FASTLY recv\n  include "outer_mod";\n  set req.http.C = req.http.A "+" req.http.B;\n}', { sources });
    expect(service.recv({ url: '/' }).req.headers.get('C')).toBe('a+b');
    const looped = loadSource('sub vcl_recv {\n  include "self_mod";\n}', 'main.vcl', { sources: new Map([['self_mod', 'include "self_mod";']]) });
    expect(looped.diagnostics.map((d) => d.message)).toEqual(['"self_mod" includes itself (main.vcl -> self_mod -> self_mod)']);
  });

  it('reports an include left in a tree that was not loaded from files, rather than running nothing there', () => {
    const program = parse('sub vcl_recv {\n  include "feature_mod";\n}');
    expect(check(program).diagnostics.map((d) => `${d.line}:${d.column} [${d.rule}] ${d.message}`)).toEqual([
      '2:3 [include] include "feature_mod" here is not read: only VCL loaded from files (loadSource, loadFile) splices includes',
    ]);
  });

  it('reports a problem in the included file at its own line and column, and a file that is missing', () => {
    const errorOf = (sources: Map<string, string>) => {
      try {
        compile('sub vcl_recv {\n#FASTLY recv\n  include "feature_mod";\n}', { file: 'main.vcl', sources });
      } catch (e) {
        if (e instanceof VclError) return e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
        throw e;
      }
      return [];
    };
    expect(errorOf(new Map([['feature_mod', 'set req.http.A = 1;']]))).toEqual(['feature_mod:1:18 an INTEGER literal cannot be used as a STRING: write it as a string']);
    expect(errorOf(new Map())).toEqual([expect.stringMatching(/^main\.vcl:3:11 cannot find included file "feature_mod"/)]);
  });
});
