// Declarations, string escapes and the switch shapes falco's parser refuses: ysugimoto/falco
// parser/declaration_parser_test.go, parser/string_escape_test.go, parser/statement_parser_test.go
// (TestParseSwitchStatement). Declarations must parse to the same entries and print back to the same tree;
// a refused input must be reported at file:line:col. The expectations are falco's unless a comment says why
// vcl-edge follows Fastly's page instead.
import { describe, expect, it } from 'vitest';
import { loadErrors, parsedTree, setValue, syntaxErrors } from './helpers/peer-syntax.js';

describe('declarations (falco parser/declaration_parser_test.go)', () => {
  it('reads acl entries: negation, masks, long strings, comments between every token', () => {
    const [acl] = parsedTree(`// Acl definition
acl internal {
  "192.168.0.1";
  "192.168.0.2"/32;
  !"192.168.0.3";
  !"192.168.0.4"/32;
  // Leading comment
  "192.168.0.5"; // CIDR Trailing comment
  {"192.168.0.6"};
  {"192.168.0.7"}/32;
  !{"192.168.0.8"};
  !{"192.168.0.9"}/32;
  // Infix comment
} // Trailing comment
// a
acl /* b */ other /* c */{
    // d
  !/* e */"192.168.0.1" /* f */; // g
  "192.168.0.1"/32 /* i */ ;
} // k`);
    expect(acl?.kind === 'Acl' && acl.entries.map((e) => `${e.negated ? '!' : ''}${e.address}${e.prefix === null ? '' : `/${e.prefix}`}`)).toEqual([
      '192.168.0.1', '192.168.0.2/32', '!192.168.0.3', '!192.168.0.4/32', '192.168.0.5', '192.168.0.6', '192.168.0.7/32', '!192.168.0.8', '!192.168.0.9/32',
    ]);
  });

  it('reads backends with a probe object, comments between every token', () => {
    const [backend] = parsedTree(`// a
backend /* b */ example /* c */ {
  // d
  .host /* e */ = /* f */ "example.com" /* g */; // h
  .probe /* i */ = /* j */ {
    // k
    .request /* l */ = /* m */ "GET / HTTP/1.1" /* n */; // o
    // p
  } // q
  // r
} // s`);
    expect(backend).toMatchObject({
      kind: 'Backend',
      properties: [
        { name: { name: 'host' }, value: { value: 'example.com' } },
        { name: { name: 'probe' }, value: { kind: 'PropertyObject', properties: [{ name: { name: 'request' }, value: { value: 'GET / HTTP/1.1' } }] } },
      ],
    });
  });

  it('reads tables with and without a last comma, a type, multi-line values and none at all', () => {
    const tables = parsedTree(`table tbl {
  "foo": "bar",
  // Prop Leading comment
  "lorem": "ipsum", // Prop Trailing comment
  "multiline": {"a
b
c"},
  // Table Infix comment
} // Table Trailing comment
table no_comma {
  "foo": "bar",
  "multiline": {"a
b
c"}
}
table empty {
  // Table Infix comment
}
table /* b */ typed /* c */ STRING /* d */ {
  /* e */
  "foo" /* f */ : /* g */ "bar" /* h */, /* i */
  "lorem": "ipsum" /* k */
} // m`);
    expect(tables.map((t) => t.kind === 'Table' && [t.name.name, t.valueType, t.entries.map((e) => `${e.key.value}=${(e.value as { value: string }).value}`)])).toEqual([
      ['tbl', null, ['foo=bar', 'lorem=ipsum', 'multiline=a\nb\nc']],
      ['no_comma', null, ['foo=bar', 'multiline=a\nb\nc']],
      ['empty', null, []],
      ['typed', 'STRING', ['foo=bar', 'lorem=ipsum']],
    ]);
  });

  it('reads directors: a quorum percentage with a comment before %, members with comments inside', () => {
    const [director] = parsedTree(`// a
director /* b */ example/* c */client /* d */{
  // e
  .quorum /* f */ = /* g */20 /* h */ % /* i */; // j
  // k
  {/* l */ .backend /* m */ = /* n */ example /* o */; /* p */.weight /* q */= /* r */ 1 /* s */; /* t */ } // u
  // v
} // w`);
    expect(director).toMatchObject({
      kind: 'Director',
      name: { name: 'example' },
      directorType: { name: 'client' },
      properties: [{ name: { name: 'quorum' }, value: { kind: 'Integer', value: 20, percent: true } }],
      members: [{ properties: [{ name: { name: 'backend' }, value: { name: 'example' } }, { name: { name: 'weight' }, value: { value: 1 } }] }],
    });
  });

  it('reads IPv6 entries and masks, and tables of every value type', () => {
    const [acl] = parsedTree('acl a { "2001:db8::"/32; !"2001:db8::1"; "192.0.2.0"/24; }');
    expect(acl?.kind === 'Acl' && acl.entries.map((e) => [e.negated, e.address, e.prefix])).toEqual([[false, '2001:db8::', 32], [true, '2001:db8::1', null], [false, '192.0.2.0', 24]]);
    const types = ['BOOL { "a": true }', 'INTEGER { "a": -2 }', 'FLOAT { "a": 1.5 }', 'RTIME { "a": 2m }', 'IP { "a": "192.0.2.1" }', 'BACKEND { "a": F_origin }', 'ACL { "a": office }', 'REGEX { "a": "^/x" }'];
    const tables = parsedTree(types.map((t, i) => `table t${i} ${t}`).join('\n'));
    expect(tables.map((t) => t.kind === 'Table' && [t.valueType, t.entries[0]!.value.kind])).toEqual([
      ['BOOL', 'Bool'], ['INTEGER', 'Integer'], ['FLOAT', 'Float'], ['RTIME', 'RTime'], ['IP', 'String'], ['BACKEND', 'Identifier'], ['ACL', 'Identifier'], ['REGEX', 'String'],
    ]);
  });

  it('reads typed subs with parameters, and calls passing arguments', () => {
    const tree = parsedTree('sub f(STRING var.a, INTEGER var.b) {\n  log var.a;\n}\nsub vcl_recv {\n  call f("x", 1);\n}');
    expect(tree).toMatchObject([
      { kind: 'Sub', parameters: [{ type: 'STRING', name: { name: 'var.a' } }, { type: 'INTEGER', name: { name: 'var.b' } }] },
      { kind: 'Sub', body: { statements: [{ kind: 'Call', name: { name: 'f' }, args: [{ value: 'x' }, { value: 1 }] }] } },
    ]);
  });

  it('reads empty penaltybox and ratecounter blocks with comments', () => {
    const tree = parsedTree('// P\npenaltybox ip_pbox {\n  // Infix\n} // T\n// R\nratecounter ip_ratecounter {\n  // Infix\n} // T');
    expect(tree.map((d) => d.kind)).toEqual(['Penaltybox', 'Ratecounter']);
  });
});

describe('switch shapes falco refuses (falco parser/statement_parser_test.go TestParseSwitchStatement)', () => {
  // Fastly's pages do not describe switch; these are the rules falco's parser holds. vcl-edge's checker
  // reports them, each where it is.
  const inFetch = (body: string) => loadErrors(`sub vcl_fetch {\n#FASTLY fetch\n${body}\n}`);

  it('refuses a number literal as the subject', () => {
    expect(inFetch('switch (1.0) {\ncase "1.00":\n  esi;\n  break;\n}')).toEqual(['3:9 [type-mismatch] switch takes a STRING value, not a number literal']);
  });

  it('refuses a case that ends without break or fallthrough, and a fallthrough from the last case', () => {
    expect(inFetch('switch (req.http.host) {\ncase "1":\n  esi;\ndefault:\n  esi;\n  break;\n}')).toEqual(['4:1 [parse] a case ends with "break;" or "fallthrough;"']);
    expect(inFetch('switch (req.http.host) {\ncase "1":\n  esi;\n  fallthrough;\n}')).toEqual(['6:3 [parse] the last case cannot fall through']);
  });

  it('refuses a case tested twice, two defaults and a case that is not a string', () => {
    expect(inFetch('switch (req.http.host) {\ncase "1":\n  break;\ncase "1":\n  break;\n}')).toEqual(['6:6 [duplicate-declaration] this case is already tested above']);
    expect(inFetch('switch (req.http.host) {\ndefault:\n  break;\ndefault:\n  break;\n}')).toEqual(['6:1 [parse] a switch has one "default:" at most']);
    expect(inFetch('switch (req.http.host) {\ncase 1:\n  break;\n}')).toEqual(['4:6 [type-mismatch] a case tests a string: write case "…": or case ~ "…":']);
  });

  it('refuses break inside a nested block, and an empty switch', () => {
    expect(inFetch('switch (req.http.host) {\ncase "1":\n  if (req.http.X) { break; }\n  esi;\n  break;\n}')).toEqual(['5:21 [parse] "break" stands only directly in a switch case']);
    expect(inFetch('switch (req.http.host) {\n}')).toEqual(['3:1 [parse] a switch needs at least one case']);
    expect(inFetch('switch (req.http.host) {\ncase "1":\n  break;\ncase ~ "1":\n  break;\n}')).toEqual([]);
  });
});

/** The value of the string literal `"<body>"`, or its syntax errors. */
function decoded(body: string): string | string[] {
  const errors = syntaxErrors(`sub f { set req.http.X = "${body}"; }`);
  return errors.length ? errors : (setValue(`sub f { set req.http.X = "${body}"; }`) as { value: string }).value;
}

describe('percent escapes (falco parser/string_escape_test.go)', () => {
  it('decodes %XX bytes, %uXXXX and %u{X…} code points; a zero ends the string', () => {
    const table: [string, string][] = [
      ['%24', '$'], ['%c2%a3', '£'], ['%d0%98', 'И'], ['%E0%A4%B9', 'ह'], ['%E2%82%AC', '€'], ['%ED%95%9C', '한'], ['%F0%90%8D%88', '𐍈'],
      ['%00', ''], ['foo%00bar', 'foo'], ['%u0024', '$'], ['%u00A3', '£'], ['%u0418', 'И'], ['%u0939', 'ह'], ['%u20AC', '€'],
      ['%uD55C', '한'], ['%uD55C1', '한1'], ['%0000', ''], ['foo%u0000bar', 'foo'], ['%u{24}', '$'], ['%u{A3}', '£'], ['%u{418}', 'И'],
      ['%u{939}', 'ह'], ['%u{20AC}', '€'], ['%u{D55C}', '한'], ['%u{10348}', '𐍈'], ['%u{000020}', ' '], ['%u{0}', ''], ['foo%u{0}bar', 'foo'],
      ['foo%u{000}bar', 'foo'],
    ];
    for (const [body, value] of table) expect(decoded(body), body).toBe(value);
  });

  it('refuses malformed escapes and code points that are surrogates or past U+10FFFF', () => {
    for (const body of ['%F', '%d0%d', '%', '%uD55', '%u', '%uD800', '%uDFFF', '%u{}', '%u{20', '%u{D800}', '%u{DFFF}', '%u{FFFFFF}']) {
      expect(decoded(body), body).toEqual([expect.stringMatching(/^1:(2[7-9]|3\d) /)]);
    }
  });

  it('takes any byte from %XX, as Fastly\'s string page says ("arbitrary bytes may be encoded"), where falco wants UTF-8', () => {
    // falco refuses byte sequences that are not UTF-8 (%80, %d0 alone, %ed%a0%80, %F0%FF%FF%FF, %F0%00%00%00,
    // %f8). Fastly's page: "Arbitrary bytes may be encoded by %XX"; only the literal's own text must be
    // UTF-8. vcl-edge holds such a byte as U+DC00+byte (src/bytes.ts) and refuses none of them.
    expect(decoded('%80')).toBe('\udc80');
    expect(decoded('%d0')).toBe('\udcd0');
    expect(decoded('%F0%00%00%00')).toBe('\udcf0');
  });
});
