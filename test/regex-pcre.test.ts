// PCRE2 as Fastly runs it: the syntax production VCL uses beyond what a linear-time engine can
// run, with results checked against PCRE2 10.42 (pcre2test) where noted, and Fastly's own examples.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { compileRegex } from '../src/values/regex.js';

const exec = (p: string, s: string) => compileRegex(p).exec(s);
const test = (p: string, s: string) => compileRegex(p).test(s);
const sub = (p: string, s: string, r: string, all = false) => compileRegex(p).replace(s, r, all);

describe("Fastly's regex page and cheat sheet", () => {
  // https://www.fastly.com/documentation/reference/vcl/regex/
  it('example usage table', () => {
    expect(test('foo', 'xfooy')).toBe(true);
    expect(test('^/admin(/.*)?\\z', '/admin/users')).toBe(true);
    expect(test('^/admin(/.*)?\\z', '/administrator')).toBe(false);
    expect(test('^(jpe?g|png|gif)\\z', 'jpeg')).toBe(true);
    expect(test('^(jpe?g|png|gif)\\z', 'jpeg2')).toBe(false);
    expect(exec('^/bins/([0-9a-f]+)', '/bins/c0ffee/x')?.[1]).toBe('c0ffee');
    expect(test('^/([^/])+/foo', '/abc/foo')).toBe(true);
    expect(test('^www\\.', 'www.example.com')).toBe(true);
  });

  it('capture groups: /products/(uk|us|au|jp)/(\\d+)', () => {
    expect(exec('/products/(uk|us|au|jp)/(\\d+)', '/products/uk/12345')).toEqual(['/products/uk/12345', 'uk', '12345']);
  });

  it('replacement: ^/(\\d+)\\-\\w+\\z (\\w stops at the second hyphen, so the long slug stays as it is: PCRE2 agrees)', () => {
    expect(sub('^/(\\d+)\\-\\w+\\z', '/12345-blue', '/products/\\1')).toBe('/products/12345');
    expect(sub('^/(\\d+)\\-\\w+\\z', '/12345-blue-unisex-stripe-t-shirt', '/products/\\1')).toBe('/12345-blue-unisex-stripe-t-shirt');
  });

  // https://www.fastly.com/documentation/reference/vcl/functions/strings/regsub/
  it('regsub reverses the first 15 characters with \\{15}…\\1', () => {
    const groups = '(.)'.repeat(15);
    const reversed = '\\{15}\\{14}\\{13}\\{12}\\{11}\\{10}\\9\\8\\7\\6\\5\\4\\3\\2\\1';
    expect(sub(groups, 'abcdefghijklmnopq', reversed)).toBe('onmlkjihgfedcbapq');
  });

  // https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/vcl-regular-expression-cheat-sheet
  it('cheat sheet: negation, alternatives, optional query, character sets, wildcards', () => {
    expect(test('\\.jpg$', '/a.jpg')).toBe(true);
    expect(test('\\.(png|jpg|css|js)$', '/app.js')).toBe(true);
    expect(test('\\.php(\\?.*)?$', '/i.php?foo=bar')).toBe(true);
    expect(test('\\.php(\\?.*)?$', '/i.phpa')).toBe(false);
    expect(test('\\.[abc]server$', 'x.bserver')).toBe(true);
    expect(test('jp.g$', 'a.jpeg')).toBe(true);
    expect(test('jp.g$', 'a.jpg')).toBe(false);
  });
});

describe('lookaround', () => {
  it('negative lookahead, as production VCL uses it to exclude paths', () => {
    expect(test('^(?!/api/|/admin/)', '/home')).toBe(true);
    expect(test('^(?!/api/|/admin/)', '/api/v1')).toBe(false);
    expect(test('^(?:(?!/admin/).)*$', '/a/b/c')).toBe(true); // pcre2test: match
    expect(test('^(?:(?!/admin/).)*$', '/x/admin/y')).toBe(false); // pcre2test: no match
    expect(exec('^/(?!admin)(\\w+)/(\\d+)$', '/users/42')).toEqual(['/users/42', 'users', '42']);
  });

  it('positive lookahead keeps its captures; a negative one does not', () => {
    expect(exec('(?=(\\d+))\\d', 'x123')).toEqual(['1', '123']);
    expect(exec('(?!(a)b)a', 'ac')).toEqual(['a', null]);
  });

  it('lookbehind, fixed and (PCRE2 10.43) bounded variable length', () => {
    expect(exec('(?<=\\$)\\d+', 'cost $42')?.[0]).toBe('42');
    expect(exec('(?<!\\$)\\b\\d+', '$42 and 17')?.[0]).toBe('17');
    expect(sub('(?<=ab|c)x', 'cx abx ax', 'X', true)).toBe('cX abX ax');
    expect(test('(?<=a{1,3})b', 'aab')).toBe(true);
    expect(test('(?<=😀)a', '😀a')).toBe(true);
  });
});

describe('backreferences, named groups, branch reset', () => {
  it('numbered and named backreferences in every spelling', () => {
    expect(exec('(\\w+) \\1', 'say hello hello')?.[1]).toBe('hello');
    expect(test('(?<q>["\'])x\\k<q>', '"x"')).toBe(true);
    expect(test('(?<q>["\'])x\\k{q}', '"x\'')).toBe(false);
    expect(test("(?P<q>a)(?P=q)\\g{q}\\g1\\g{-1}\\k'q'", 'aaaaaa')).toBe(true);
    expect(test('(?i)(a)\\1', 'aA')).toBe(true);
  });

  it('a backreference to a group that did not take part fails', () => {
    expect(test('(a)?b\\1', 'b')).toBe(false);
  });

  it('named groups keep their numbers for re.group.N', () => {
    expect(exec('(?<year>\\d{4})-(?<month>\\d\\d)', 'on 2024-05-06')).toEqual(['2024-05', '2024', '05']);
  });

  it('branch reset shares numbers between alternatives (pcre2test: bb matches, ab does not)', () => {
    expect(exec('(?|(a)|(b))\\1', 'bb')).toEqual(['bb', 'b']);
    expect(test('(?|(a)|(b))\\1', 'ab')).toBe(false);
  });
});

describe('atomic groups and possessive quantifiers', () => {
  it('do not give back what they matched', () => {
    expect(test('(?>a+)a', 'aaa')).toBe(false);
    expect(test('a++a', 'aaa')).toBe(false);
    expect(test('a*+b', 'aaab')).toBe(true);
    expect(test('(?:ab)++a', 'ababa')).toBe(true);
    expect(test('"[^"]*+"', '"quoted"')).toBe(true);
  });
});

describe('anchors, flags, classes', () => {
  it('\\A \\z \\Z $ and ^ as PCRE2 reads them (\\Z and $ also before a final newline)', () => {
    expect(test('abc$', 'abc\n')).toBe(true);
    expect(test('abc\\Z', 'abc\n')).toBe(true);
    expect(test('abc\\z', 'abc\n')).toBe(false);
    expect(test('(?m)^b', 'a\nb')).toBe(true);
    expect(test('(?m)^$', 'a\n')).toBe(false); // multiline ^ does not match after a final newline
    expect(test('\\bword\\b', 'a word.')).toBe(true);
    expect(test('\\Bord', 'word')).toBe(true);
  });

  it('inline flags: on, off, scoped, and carried into later alternatives', () => {
    expect(test('(?i)abc(?-i)D', 'ABCD')).toBe(true);
    expect(test('(?i)abc(?-i)D', 'ABCd')).toBe(false);
    expect(test('a(?i:b)c', 'aBc')).toBe(true);
    expect(test('a(?i:b)c', 'aBC')).toBe(false);
    expect(test('(a(?i)b|c)', 'C')).toBe(true);
    expect(test('(?s).', '\n')).toBe(true);
    expect(compileRegex('(?n)(a)(?<b>b)').groupCount).toBe(1);
  });

  it('Unicode properties, scripts and \\X', () => {
    expect(exec('\\p{Greek}+', 'abcαβγd')?.[0]).toBe('αβγ');
    expect(exec('\\p{Lu}\\p{Ll}+', 'xÉcole')?.[0]).toBe('École');
    expect(exec('[\\p{L}\\d]+', '--ça12--')?.[0]).toBe('ça12');
    expect(test('^\\P{L}+$', '123-')).toBe(true);
    expect(test('^\\X$', 'e\u0301')).toBe(true);
    expect(test('^\\p{Xan}+$', 'ab12é')).toBe(true);
  });

  it('caseless matching uses Unicode case folding (PCRE2 UTF mode; ß does not become SS)', () => {
    expect(test('(?i)straße', 'STRAßE')).toBe(true);
    expect(test('(?i)straße', 'STRASSE')).toBe(false);
    expect(test('(?i)é', 'É')).toBe(true);
  });

  it('escapes: \\x{…}, \\o{…}, octal, \\cX, \\Q…\\E, \\h, \\v, \\R, \\N', () => {
    expect(test('\\x{1F600}', '😀')).toBe(true);
    expect(test('\\o{101}\\101\\x41\\cA', 'AAA\u0001')).toBe(true);
    expect(test('\\Qa.b*\\E+', 'a.b**')).toBe(true);
    expect(test('a\\hb\\vc', 'a\tb\nc')).toBe(true);
    expect(exec('a\\Rb', 'a\r\nb')?.[0]).toBe('a\r\nb');
    expect(test('\\N', '\n')).toBe(false);
  });

  it('an invalid UTF-8 byte (held as U+DC00+byte) is one character', () => {
    expect(exec('^a.b$', 'a\udcffb')?.[0]).toBe('a\udcffb');
    expect(exec('(?<=\\x{dcff})b', 'a\udcffb')?.[0]).toBe('b');
  });
});

describe('recursion, conditionals, verbs, \\K and \\G', () => {
  it('recursion matches balanced parentheses', () => {
    expect(exec('\\((?:[^()]|(?R))*\\)', 'x(a(b)c)y')?.[0]).toBe('(a(b)c)');
    expect(exec('^(\\((?:[^()]|(?1))*\\))$', '(()())')?.[1]).toBe('(()())');
  });

  it('conditionals on a group, and DEFINE with subroutine calls (pcre2test results)', () => {
    expect(test('^(<)?\\w+(?(1)>)$', '<abc>')).toBe(true);
    expect(test('^(<)?\\w+(?(1)>)$', 'abc')).toBe(true);
    expect(test('^(<)?\\w+(?(1)>)$', '<abc')).toBe(false);
    const ipv4 = '(?(DEFINE)(?<byte>25[0-5]|2[0-4]\\d|1?\\d?\\d))^(?&byte)(?:\\.(?&byte)){3}$';
    expect(test(ipv4, '192.168.1.255')).toBe(true);
    expect(test(ipv4, '256.1.1.1')).toBe(false);
    expect(test('^(?(?=\\d)\\d{3}|[a-z]+)$', '123')).toBe(true);
    expect(test('^(?(?=\\d)\\d{3}|[a-z]+)$', 'abc')).toBe(true);
  });

  it('backtracking verbs (pcre2test results)', () => {
    expect(test('a(*COMMIT)b|ac', 'ac')).toBe(false);
    expect(exec('a(*COMMIT)b|ac', 'xab')?.[0]).toBe('ab');
    expect(test('a+(*SKIP)b|.c', 'aaac')).toBe(false);
    expect(test('a(*FAIL)|b', 'ab')).toBe(true);
    expect(exec('a(*ACCEPT)b', 'ac')?.[0]).toBe('a');
    // PCRE2 skips to the first possible "b" before (*COMMIT) takes effect (its start-of-match optimization).
    expect(exec('(*COMMIT)b', '-b')?.[0]).toBe('b');
    expect(exec('a(?:b(*THEN)x|c|bd)|ab', 'abd')?.[0]).toBe('abd');
    expect(exec('(a|(*THEN)b)c|bd', 'bd')?.[0]).toBe('bd');
  });

  it('\\K resets the start of the match; \\G anchors each regsuball step at the last match', () => {
    expect(exec('foo\\Kbar', 'foobar')?.[0]).toBe('bar');
    expect(sub('foo\\Kbar', 'foobar', 'X')).toBe('fooX');
    expect(sub('\\Ga', 'aaba', 'x', true)).toBe('xxba');
  });
});

describe('in VCL: re.group.N from every engine', () => {
  const B = 'backend b { .host = "127.0.0.1"; }\n';
  const groups = (pattern: string, url: string) => {
    const vcl = `${B}sub vcl_recv {
  if (req.url ~ "${pattern}") { set req.http.G0 = re.group.0; set req.http.G1 = re.group.1; set req.http.G2 = re.group.2; }
  set req.http.R = regsub(req.url, "${pattern}", "[\\2|\\1]");
}`;
    const h = compile(vcl).recv({ url }).req.headers;
    return [h.get('G0'), h.get('G1'), h.get('G2'), h.get('R')];
  };

  it('native, re2js and the backtracker fill re.group.N and regsub alike', () => {
    expect(['^/(a)(b)', '^/([a-z]+)/(\\d+)', '^/(?!admin)([a-z]+)/(\\d+)'].map((p) => compileRegex(p).engine)).toEqual(['native', 're2', 'backtrack']);
    expect(groups('^/(a)(b)', '/abx')).toEqual(['/ab', 'a', 'b', '[b|a]x']);
    expect(groups('^/([a-z]+)/(\\d+)', '/shop/42/x')).toEqual(['/shop/42', 'shop', '42', '[42|shop]/x']);
    expect(groups('^/(?!admin)([a-z]+)/(\\d+)', '/shop/42/x')).toEqual(['/shop/42', 'shop', '42', '[42|shop]/x']);
    expect(groups('^/(\\w)(\\1)', '/aax')).toEqual(['/aa', 'a', 'a', '[a|a]x']);
  });
});
