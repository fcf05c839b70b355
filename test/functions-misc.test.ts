import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFunction, FUNCTION_TABLE, FUNCTIONS } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compileRegex } from '../src/values/regex.js';
import { compile } from '../src/index.js';

/** A context whose random() replays `draws` in a loop. */
function contextWith(draws: number[] = [0.5]): FunctionContext {
  let i = 0;
  return { headers: () => undefined, now: () => 0, random: () => draws[i++ % draws.length]! };
}
const callWith = (ctx: FunctionContext, name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);
const call = (name: string, ...args: unknown[]) => callWith(contextWith(), name, ...args);

describe('subfield (Fastly examples)', () => {
  it('reads Cache-Control style fields with the default "," separator', () => {
    expect(call('subfield', 'public, max-age=3600', 'max-age')).toBe('3600');
    expect(call('subfield', 'private, max-age=0', 'private')).toBe('');
    expect(call('subfield', 'public', 'private')).toBeNull();
    expect(call('subfield', 'Max-Age=10', 'max-age')).toBe('10');
  });

  it('reads cookies and query strings with another separator', () => {
    const cookie = 'value1=123value123; testValue=asdf_true; staff_user=true;';
    expect(call('subfield', cookie, 'staff_user', ';')).toBe('true');
    expect(call('subfield', 'foo=1&bar=2', 'bar', '&')).toBe('2');
    expect(call('subfield', 'a="quoted"', 'a')).toBe('quoted');
  });

  it('is not set for a not-set subject', () => {
    expect(call('subfield', null, 'a')).toBeNull();
  });
});

describe('subfield with quoted values and separators inside them', () => {
  // Fastly's results, as falco checked them on Fastly (falco: interpreter/function/builtin/subfield_test.go)
  it('a quoted value runs to its closing quote and loses the quotes', () => {
    expect(call('subfield', 'foo="bar,lorem=ipsum",fiz=buz', 'foo')).toBe('bar,lorem=ipsum');
    expect(call('subfield', 'foo="bar,lorem=ipsum",fiz=buz', 'fiz')).toBe('buz');
  });

  it('keys are found by separators alone, so one inside a quoted value is found too', () => {
    expect(call('subfield', 'foo="bar,lorem=ipsum",fiz=buz', 'lorem')).toBe('ipsum"');
  });

  it('another separator leaves the others in the value', () => {
    expect(call('subfield', 'foo=bar&lorem=ipsum', 'foo', '&')).toBe('bar');
    expect(call('subfield', 'foo=bar&lorem=ipsum', 'foo', '%')).toBe('bar&lorem=ipsum');
  });

  it('unescapes \\" and \\\\ in a quoted value; an unterminated quote is kept as written', () => {
    expect(call('subfield', 'a="x\\"y\\\\z", b=1', 'a')).toBe('x"y\\z');
    expect(call('subfield', 'a="open, b=1', 'a')).toBe('"open');
  });

  it('matches keys regardless of case, but only whole keys; trims spaces around = and the value', () => {
    expect(call('subfield', 'Max-Age = 10 , private', 'max-age')).toBe('10');
    expect(call('subfield', 'max-agex=1, max-age=2', 'max-age')).toBe('2');
    expect(call('subfield', 'a=1', '')).toBeNull();
    expect(call('subfield', '', 'a')).toBeNull();
  });

  it('the separator must be one character when written as a literal (load-time error)', () => {
    const vcl = (sep: string) => `backend b { .host = "127.0.0.1"; }\nsub vcl_recv {\n  set req.http.X = subfield(req.http.Cookie, "a", "${sep}");\n}`;
    expect(() => compile(vcl('; '), { file: 'main.vcl' })).toThrow(/main\.vcl:3:\d+: error: argument 3 of subfield: the separator must be one character/);
    expect(compile(vcl(';')).recv({ headers: { Cookie: 'a=1; b=2' } }).req.headers.get('X')).toBe('1');
  });
});

describe('strftime flags and modifiers (FreeBSD strftime(3), which Fastly\'s page points to)', () => {
  const at = Date.UTC(2006, 0, 2, 9, 4, 5); // Mon, 02 Jan 2006 09:04:05 GMT
  const format = (fmt: string) => call('strftime', fmt, at);

  it('- removes padding, _ pads with spaces, 0 pads with zeros', () => {
    expect(format('%I|%0I|%-I|%_I')).toBe('09|09|9| 9');
    expect(format('%e|%0e|%-e')).toBe(' 2|02|2');
    expect(format('%d|%-d|%_d')).toBe('02|2| 2');
    expect(format('%k|%0k|%-k|%l|%0l')).toBe(' 9|09|9| 9|09');
    expect(format('%j|%-j|%_j|%-m|%_M')).toBe('002|2|  2|1| 4');
  });

  it('the E and O modifiers are accepted and change nothing', () => {
    expect(format('%Ey %Od %OH %EY')).toBe('06 02 09 2006');
  });

  it('composite formats in the C locale, %+ and %v included', () => {
    expect(format('%c')).toBe('Mon Jan  2 09:04:05 2006');
    expect(format('%+')).toBe('Mon Jan  2 09:04:05 GMT 2006');
    expect(format('%v|%D|%F|%T|%r|%R')).toBe(' 2-Jan-2006|01/02/06|2006-01-02|09:04:05|09:04:05 AM|09:04');
  });

  it('%s, %z, %Z, %% and an unknown directive', () => {
    expect(format('%s %z %Z %% %Q %-Q')).toBe(`${at / 1000} +0000 GMT % %Q %-Q`);
  });
});

describe('regsub / regsuball replacement escapes', () => {
  const regsub = (input: string, pattern: string, replacement: string, all = false) => call(all ? 'regsuball' : 'regsub', input, compileRegex(pattern), replacement);

  it('\\0 to \\9 insert groups, one digit each (reference page: "\\100" is group 1 then "00")', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/strings/regsub/
    expect(regsub('404', '^([1-5])..', '\\100')).toBe('400');
    expect(regsub('ab', '^(a)(b)$', '\\2\\1')).toBe('ba');
    expect(regsub('xaby', 'a(b)', '[\\0]')).toBe('x[ab]y');
  });

  it('\\{N} inserts any group; a group that does not exist inserts nothing', () => {
    expect(regsub('abcdefghijk', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)', '\\{11}\\{1}')).toBe('ka');
    expect(regsub('ab', '(a)', '<\\{19}\\5>')).toBe('<>b');
  });

  it('\\\\ is one backslash; a backslash before another character is dropped, a trailing one kept (falco regsub table)', () => {
    expect(regsub('ab', '(a)', '\\\\1')).toBe('\\1b');
    expect(regsub('ab', '(a)', '\\\\\\1')).toBe('\\ab');
    expect(regsub('ab', 'a', '\\x\\')).toBe('x\\b');
    expect(regsub('a.b.c', '\\.', '\\\\', true)).toBe('a\\b\\c');
  });
});

describe('http_status_matches', () => {
  it('matches a comma-separated list, inverted by "!" (Fastly example)', () => {
    expect(call('http_status_matches', 200, '200,301,302')).toBe(true);
    expect(call('http_status_matches', 404, '200,301,302')).toBe(false);
    expect(call('http_status_matches', 404, '!200,301,302')).toBe(true);
    expect(call('http_status_matches', 301, '!200,301,302')).toBe(false);
    expect(call('http_status_matches', 200, ' 200 , 404')).toBe(true);
  });
});

describe('std.str2ip / std.ip', () => {
  it('parses addresses or falls back (Fastly example)', () => {
    expect(call('std.str2ip', '192.0.2.1', '192.0.2.2')).toBe('192.0.2.1');
    expect(call('std.str2ip', 'not-an-ip', '192.0.2.2')).toBe('192.0.2.2');
    expect(call('std.ip', '2001:DB8::0:1', '::')).toBe('2001:db8::1');
    expect(call('std.ip', null, 'also bad')).toBeNull();
  });
});

describe('math rounding', () => {
  it('rounds FLOATs', () => {
    expect(call('math.floor', -1.5)).toBe(-2);
    expect(call('math.ceil', 1.2)).toBe(2);
    expect(call('math.trunc', -1.7)).toBe(-1);
    expect(call('math.round', -2.5)).toBe(-3);
    expect(call('math.round', 2.5)).toBe(3);
    expect(call('math.roundeven', 2.5)).toBe(2);
    expect(call('math.roundeven', 3.5)).toBe(4);
  });
});

describe('randomness', () => {
  it('randombool is true numerator/denominator of the time', () => {
    expect(callWith(contextWith([0.7]), 'randombool', 3, 4)).toBe(true);
    expect(callWith(contextWith([0.75]), 'randombool', 3, 4)).toBe(false);
    // The page's formula, RAND_MAX × numerator > r × denominator, holds for any positive numerator over 0.
    expect(callWith(contextWith([0]), 'randombool', 1, 0)).toBe(true);
    expect(callWith(contextWith([0.5]), 'randombool', 0, 0)).toBe(false);
    let trues = 0;
    const ctx = contextWith(Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100)); // mid-cell draws: no boundary ties
    for (let i = 0; i < 100; i++) if (callWith(ctx, 'randombool', 1, 10)) trues++;
    expect(trues).toBe(10);
  });

  it('randomint stays within [from, to] (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.9999999, noNaN: true }), fc.integer({ min: -100, max: 100 }), fc.nat(50), (r, from, span) => {
        const n = callWith(contextWith([r]), 'randomint', from, from + span) as number;
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(from);
        expect(n).toBeLessThanOrEqual(from + span);
      }),
    );
    expect(callWith(contextWith([0]), 'randomint', -1, 0)).toBe(-1);
    expect(callWith(contextWith([0.99]), 'randomint', -1, 0)).toBe(0);
  });

  it('randomstr draws from the given or default alphabet', () => {
    const hex = call('randomstr', 8, '1234567890abcdef') as string;
    expect(hex).toMatch(/^[0-9a-f]{8}$/);
    expect(callWith(contextWith([0, 0.999]), 'randomstr', 4)).toBe('a_a_');
    expect(call('randomstr', 0)).toBe('');
  });

  it('uuid.version4 makes valid version 4 UUIDs', () => {
    const id = call('uuid.version4') as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('uuid.is_valid', id)).toBe(true);
    expect(call('uuid.is_version4', id)).toBe(true);
  });

  it('uuid.is_valid / is_version4 check the textual form', () => {
    expect(call('uuid.is_valid', '6BA7B811-9DAD-11D1-80B4-00C04FD430C8')).toBe(true);
    expect(call('uuid.is_version4', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')).toBe(false);
    expect(call('uuid.is_valid', '6ba7b8119dad11d180b400c04fd430c8')).toBe(false);
    expect(call('uuid.is_valid', 'not-a-uuid')).toBe(false);
    expect(call('uuid.is_valid', null)).toBe(false);
  });
});

describe('the function table', () => {
  const required = [
    'std.tolower', 'std.toupper', 'std.strlen', 'std.prefixof', 'std.suffixof', 'std.strstr', 'std.replace',
    'std.replaceall', 'std.atoi', 'std.itoa', 'std.atof', 'std.strtol', 'substr', 'regsub', 'regsuball', 'if',
    'header.get', 'header.set', 'header.unset', 'header.filter', 'header.filter_except', 'querystring.get',
    'querystring.set', 'querystring.add', 'querystring.remove', 'querystring.clean', 'querystring.sort',
    'querystring.filter', 'querystring.filter_except', 'querystring.filtersep', 'querystring.globfilter',
    'querystring.globfilter_except', 'querystring.regfilter', 'querystring.regfilter_except', 'subfield',
    'table.lookup', 'table.contains', 'urlencode', 'urldecode', 'digest.hash_sha1', 'digest.hash_sha256',
    'digest.hash_sha512', 'digest.hash_md5', 'digest.hmac_sha256', 'digest.hmac_sha256_base64', 'digest.base64',
    'digest.base64url', 'digest.base64url_nopad', 'digest.base64_decode', 'digest.base64url_decode',
    'digest.secure_is_equal', 'json.escape', 'cstr_escape', 'xml_escape', 'std.collect', 'std.count',
    'uuid.version4', 'uuid.is_valid', 'randomstr', 'randombool', 'randomint', 'strftime', 'time.add', 'time.sub',
    'time.is_after', 'std.time', 'std.integer2time', 'std.ip', 'std.str2ip', 'http_status_matches',
    'setcookie.get_value_by_name',
  ];

  it('has every required function, once', () => {
    for (const name of required) expect(FUNCTION_TABLE.has(name), name).toBe(true);
    expect(FUNCTION_TABLE.size).toBe(FUNCTIONS.length);
  });

  it('gives every function a doc line and a name for every parameter', () => {
    for (const spec of FUNCTIONS) {
      expect(spec.doc, spec.name).toMatch(/\S/);
      expect(spec.paramNames?.length, spec.name).toBe(spec.params.length + (spec.rest ? 1 : 0));
      expect(spec.optional ?? 0, spec.name).toBeLessThanOrEqual(spec.params.length);
    }
  });

  it('describeFunction renders Fastly-style signatures', () => {
    const describe = (name: string) => describeFunction(FUNCTION_TABLE.get(name)!);
    expect(describe('std.tolower')).toBe('STRING std.tolower(STRING s)');
    expect(describe('substr')).toBe('STRING substr(STRING s, INTEGER offset[, INTEGER length])');
    expect(describe('header.filter')).toBe('VOID header.filter(ID where, STRING names...)');
    expect(describe('querystring.filtersep')).toBe('STRING querystring.filtersep()');
    expect(describe('regsub')).toBe('STRING regsub(STRING input, REGEX pattern, STRING replacement)');
    expect(describeFunction({ name: 'f', returns: 'VOID', params: ['INTEGER'], optional: 1, doc: 'x', impl: () => null })).toBe(
      'VOID f([INTEGER])',
    );
  });
});
