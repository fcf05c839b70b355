import { describe, expect, it } from 'vitest';
import { tokenize } from '../src/lexer/lexer.js';
import { decodeStringToken } from '../src/lexer/strings.js';

/** `Type:image` for each token, the compact shape these tests compare. */
function lex(source: string): string[] {
  return tokenize(source).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('identifiers and keywords', () => {
  it('keeps header names with dashes, dots, colons and a trailing wildcard in one token', () => {
    expect(lex('req.http.X-Forwarded-For req.http.Cookie:session var.x F_Host_1 req.http.X-*')).toEqual([
      'Identifier:req.http.X-Forwarded-For',
      'Identifier:req.http.Cookie:session',
      'Identifier:var.x',
      'Identifier:F_Host_1',
      'Identifier:req.http.X-*',
    ]);
  });

  it('reads keywords only as whole words', () => {
    expect(lex('set settings req.http.set-x sub subroutine synthetic.base64 synthetic')).toEqual([
      'Set:set',
      'Identifier:settings',
      'Identifier:req.http.set-x',
      'Sub:sub',
      'Identifier:subroutine',
      'SyntheticBase64:synthetic.base64',
      'Synthetic:synthetic',
    ]);
  });

  it('ends a name before a colon that ends a label or case', () => {
    expect(lex('retry: default:')).toEqual(['Identifier:retry', 'Colon::', 'Default:default', 'Colon::']);
  });

  it('lexes .property names as single tokens so keywords after the dot do not interfere', () => {
    expect(lex('.backend = F_a;')).toEqual(['PropertyName:.backend', 'Assign:=', 'Identifier:F_a', 'Semicolon:;']);
  });
});

describe('numbers and durations', () => {
  it('distinguishes integers, hex, floats and RTIME', () => {
    expect(lex('42 0x2A 1.5 1e3 500ms 10s 1.5m 2h 1d 1w 1y')).toEqual([
      'Integer:42',
      'HexInteger:0x2A',
      'Float:1.5',
      'Float:1e3',
      'RTime:500ms',
      'RTime:10s',
      'RTime:1.5m',
      'RTime:2h',
      'RTime:1d',
      'RTime:1w',
      'RTime:1y',
    ]);
  });

  it('accepts a space between number and unit only when the unit stands alone', () => {
    expect(lex('5 m')).toEqual(['RTime:5 m']);
    expect(lex('5 ms;')).toEqual(['RTime:5 ms', 'Semicolon:;']);
    expect(lex('5 min')).toEqual(['Integer:5', 'Identifier:min']);
    expect(lex('5 m.x')).toEqual(['Integer:5', 'Identifier:m.x']);
    expect(lex('5 s-x')).toEqual(['Integer:5', 'Identifier:s-x']);
  });

  it('lexes the minus of -2s separately (the parser folds it into the literal)', () => {
    expect(lex('-2s')).toEqual(['Minus:-', 'RTime:2s']);
  });

  it('reads a percentage as integer then %', () => {
    expect(lex('50%')).toEqual(['Integer:50', 'Percent:%']);
  });
});

describe('operators', () => {
  it('prefers the longest operator', () => {
    expect(lex('== != ~ !~ < > <= >= ! && || + -').map((t) => t.split(':')[0])).toEqual([
      'Equal', 'NotEqual', 'Match', 'NotMatch', 'Less', 'Greater', 'LessEqual', 'GreaterEqual', 'Bang', 'And', 'Or', 'Plus', 'Minus',
    ]);
    expect(lex('= += -= *= /= %= |= &= ^= <<= >>= rol= ror= &&= ||=').map((t) => t.split(':').slice(1).join(':'))).toEqual([
      '=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=', 'rol=', 'ror=', '&&=', '||=',
    ]);
  });

  it('does not mistake role= for rol=', () => {
    expect(lex('role=')).toEqual(['Identifier:role', 'Assign:=']);
  });
});

describe('strings', () => {
  it('reads plain, long and heredoc strings, the latter two across lines and with quotes', () => {
    expect(lex('"a" {"b\n"c"} {json"{"k": "v"}"json}')).toEqual([
      'String:"a"',
      'LongString:{"b\n"c"}',
      'LongString:{json"{"k": "v"}"json}',
    ]);
  });

  it('decodes percent escapes and stops at a zero byte', () => {
    expect(decodeStringToken('"a%20b"').value).toBe('a b');
    expect(decodeStringToken('"%F0%9F%8C%AE"').value).toBe('🌮');
    expect(decodeStringToken('"%u00e9%u{1F32E}"').value).toBe('é🌮');
    expect(decodeStringToken('"x%00y"').value).toBe('x');
    expect(decodeStringToken('"x%u0000y"').value).toBe('x');
    expect(decodeStringToken('"back\\slash"').value).toBe('back\\slash');
  });

  it('takes long strings verbatim', () => {
    expect(decodeStringToken('{"a%20b"}').value).toBe('a%20b');
    expect(decodeStringToken('{X"say "hi""X}').value).toBe('say "hi"');
  });

  it('reports bad escapes and surrogates', () => {
    expect(decodeStringToken('"%zz"').problems[0]?.message).toMatch(/invalid percent escape/);
    expect(decodeStringToken('"%uD800"').problems[0]?.message).toMatch(/surrogate/);
    expect(decodeStringToken('"%u{110000}"').problems[0]?.message).toMatch(/beyond/);
    expect(decodeStringToken('"%u{}"').problems[0]?.message).toMatch(/1 to 6 hex/);
    expect(decodeStringToken('"%41"').problems).toEqual([]);
  });

  it('makes each %XX one byte, valid UTF-8 or not (Fastly STRING type page: "Arbitrary bytes may be encoded by %XX")', () => {
    expect(decodeStringToken('"%FF"')).toEqual({ value: '\uDCFF', problems: [] });
    expect(decodeStringToken('"a%E3b"').value).toBe('a\uDCE3b');
  });

  it('reports an unterminated string with its position', () => {
    const { diagnostics } = tokenize('set x = "open\n', 'f.vcl');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'f.vcl', line: 1, column: 9, message: expect.stringMatching(/unterminated string/) });
  });
});

describe('comments', () => {
  it('keeps every comment kind in order, out of the token stream', () => {
    const result = tokenize('#FASTLY recv\nset // line\n/* block\n */ x; # vcl-edge-disable-next-line R');
    expect(result.comments.map((c) => c.text)).toEqual(['#FASTLY recv', '// line', '/* block\n */', '# vcl-edge-disable-next-line R']);
    expect(result.tokens.map((t) => t.image)).toEqual(['set', 'x', ';']);
  });

  it('treats C! and W! as comments only when alone on their line', () => {
    const result = tokenize('C!\n  W!\nif (C!= x) {}');
    expect(result.comments.map((c) => c.text)).toEqual(['C!', 'W!']);
    expect(result.tokens.map((t) => t.image)).toContain('C');
  });

  it('gives comments exact ranges', () => {
    const [comment] = tokenize('\n  # hi\n', 'a.vcl').comments;
    const { file, start, end } = comment!.range;
    expect({ file, start, end }).toEqual({ file: 'a.vcl', start: { line: 2, column: 3, offset: 3 }, end: { line: 2, column: 7, offset: 7 } });
  });
});

describe('positions', () => {
  it('gives 1-based lines and columns and exclusive ends, also after multi-line tokens', () => {
    const { tokens } = tokenize('a\n  {"x\ny"} b');
    const [, long, b] = tokens;
    expect([long?.startLine, long?.startColumn, long?.endLine, long?.endColumn]).toEqual([2, 3, 3, 3]);
    expect([b?.startLine, b?.startColumn, b?.startOffset]).toEqual([3, 5, 12]);
  });

  it('reports unexpected characters where they are', () => {
    const { diagnostics } = tokenize('a\n  @ b');
    expect(diagnostics).toMatchObject([{ line: 2, column: 3, message: 'unexpected character "@"' }]);
  });
});
