import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compileRegex } from '../src/values/regex.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => {
  const spec = FUNCTION_TABLE.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  return spec.impl(ctx, ...args);
};

describe('case and length', () => {
  it('changes case, treating not set as ""', () => {
    expect(call('std.tolower', 'HeLLo')).toBe('hello');
    expect(call('std.toupper', 'HeLLo')).toBe('HELLO');
    expect(call('std.tolower', null)).toBe('');
    expect(call('std.toupper', null)).toBe('');
  });

  it('counts bytes, and 0 for not set (as the querystring.get page relies on)', () => {
    expect(call('std.strlen', 'abc')).toBe(3);
    expect(call('std.strlen', 'é')).toBe(2);
    expect(call('std.strlen', '')).toBe(0);
    expect(call('std.strlen', null)).toBe(0);
  });
});

describe('affixes and search', () => {
  it('std.prefixof / std.suffixof', () => {
    expect(call('std.prefixof', '/admin/x', '/admin')).toBe(true);
    expect(call('std.prefixof', '/x', '/admin')).toBe(false);
    expect(call('std.suffixof', 'a.jpg', '.jpg')).toBe(true);
    expect(call('std.suffixof', 'a.png', '.jpg')).toBe(false);
    expect(call('std.prefixof', null, '')).toBe(true);
  });

  it('std.strstr returns the rest from the needle, not set when absent', () => {
    expect(call('std.strstr', '/path?a=1', '?')).toBe('?a=1');
    expect(call('std.strstr', '/path', '?')).toBeNull();
    expect(call('std.strstr', null, 'x')).toBeNull();
  });

  it('std.replace replaces the first occurrence (Fastly: "aaa","a","aa" → "aaaa")', () => {
    expect(call('std.replace', 'aaa', 'a', 'aa')).toBe('aaaa');
    expect(call('std.replace', 'abc', '', 'x')).toBe('abc');
    expect(call('std.replace', 'a$b', '$', '$&')).toBe('a$&b');
  });

  it('std.replaceall replaces every occurrence without recursing', () => {
    expect(call('std.replaceall', 'aaa', 'a', 'aa')).toBe('aaaaaa');
    expect(call('std.replaceall', '/a+b+c', '+', '%2520')).toBe('/a%2520b%2520c');
    expect(call('std.replaceall', 'abc', '', 'x')).toBe('abc');
    expect(call('std.replaceall', null, 'a', 'b')).toBe('');
  });
});

describe('substr (Fastly examples)', () => {
  it.each([
    ['abcdefg', 0, 3, 'abc'],
    ['abcdefg', 5, 3, 'fg'],
    ['abc', 3, 2, ''],
    ['abcdefg', -3, 2, 'ef'],
    ['abcdefg', 1, -3, 'bcd'],
    ['foobar', 0, 3, 'foo'],
    ['foobar', 2, 3, 'oba'],
  ])('substr(%j, %i, %i) is %j', (s, offset, length, expected) => {
    expect(call('substr', s, offset, length)).toBe(expected);
  });

  it('runs to the end without a length', () => {
    expect(call('substr', 'foobar', -3)).toBe('bar');
    expect(call('substr', 'foobar', 2)).toBe('obar');
  });

  it('is not set when the range is wholly outside the string', () => {
    expect(call('substr', 'abc', 4, 2)).toBeNull();
    expect(call('substr', 'abc', -4, 1)).toBeNull();
    expect(call('substr', 'abcdefg', 5, -3)).toBeNull();
  });
});

describe('regsub / regsuball / if', () => {
  it('regsub replaces the first match using groups', () => {
    expect(call('regsub', '/a/b?x=1', compileRegex('\\?.*$'), '')).toBe('/a/b');
    expect(call('regsub', '503', compileRegex('^([1-5])..'), '\\100')).toBe('500');
    expect(call('regsub', null, compileRegex('^$'), 'empty')).toBe('empty');
  });

  it('regsuball replaces every match', () => {
    expect(call('regsuball', 'aaa', compileRegex('a'), 'aa')).toBe('aaaaaa');
    expect(call('regsuball', 'a//b///c', compileRegex('/+'), '/')).toBe('a/b/c');
  });

  it('if picks a branch and passes not set through', () => {
    expect(call('if', true, 'present', 'absent')).toBe('present');
    expect(call('if', false, 'present', 'absent')).toBe('absent');
    expect(call('if', true, null, 'x')).toBeNull();
  });
});

describe('numbers', () => {
  it('std.atoi reads a leading decimal integer', () => {
    expect(call('std.atoi', '42')).toBe(42);
    expect(call('std.atoi', '  -17abc')).toBe(-17);
    expect(call('std.atoi', 'abc')).toBe(0);
    expect(call('std.atoi', null)).toBe(0);
  });

  it('std.strtol handles bases and prefixes (Fastly examples)', () => {
    expect(call('std.strtol', '0xABC', 0)).toBe(0xabc);
    expect(call('std.strtol', '-0x0', 0)).toBe(-0);
    expect(call('std.strtol', '0123', 0)).toBe(0o123);
    expect(call('std.strtol', '123', 0)).toBe(123);
    expect(call('std.strtol', '2a', 16)).toBe(42);
    expect(call('std.strtol', '0x2A', 16)).toBe(42);
    expect(call('std.strtol', 'zz', 36)).toBe(35 * 36 + 35);
    expect(call('std.strtol', '1012', 2)).toBe(5);
    expect(call('std.strtol', '10', 37)).toBe(0);
  });

  it('std.atof reads a whole decimal FLOAT literal (as std.strtof base 10; more in functions-numbers)', () => {
    expect(call('std.atof', '21.83')).toBeCloseTo(21.83);
    expect(call('std.atof', '-1.5e2')).toBe(-150);
    expect(call('std.atof', '-1.5e2x')).toBe(0);
    expect(call('std.atof', 'x')).toBe(0);
    expect(call('std.atof', '-inf')).toBe(-Infinity);
  });

  it('std.itoa formats in a base (Fastly examples)', () => {
    expect(call('std.itoa', -10)).toBe('-10');
    expect(call('std.itoa', 42, 16)).toBe('2a');
    expect(call('std.itoa', 5, 2)).toBe('101');
    expect(call('std.itoa', 5, 1)).toBeNull();
  });

  it('std.itoa and std.strtol round-trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 2, max: 36 }), (n, base) => {
        expect(call('std.strtol', call('std.itoa', n, base), base)).toBe(n);
      }),
    );
  });
});

describe('url encoding', () => {
  it('urlencode keeps only unreserved characters', () => {
    expect(call('urlencode', 'hello world!')).toBe('hello%20world%21');
    expect(call('urlencode', 'a-b_c.d~e/f')).toBe('a-b_c.d~e%2Ff');
    expect(call('urlencode', 'é')).toBe('%C3%A9');
    expect(call('urlencode', null)).toBe('');
  });

  it('urldecode decodes escapes and "+" (Fastly example)', () => {
    expect(call('urldecode', 'hello%20world+!')).toBe('hello world !');
    expect(call('urldecode', '%C3%A9')).toBe('é');
    expect(call('urldecode', '100%')).toBe('100%');
    expect(call('urldecode', '%zz')).toBe('%zz');
    expect(call('urldecode', 'a%00b')).toBe('a');
  });

  it('urldecode(urlencode(s)) is s for strings without NUL (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')), (s) => {
        expect(call('urldecode', call('urlencode', s))).toBe(s);
      }),
    );
  });
});

describe('escaping', () => {
  it('json.escape follows Fastly rules', () => {
    expect(call('json.escape', 'say "hi"\\')).toBe('say \\"hi\\"\\\\');
    expect(call('json.escape', '\b\t\n\f\r')).toBe('\\b\\t\\n\\f\\r');
    expect(call('json.escape', '\u0001\u007f\u2028')).toBe('\\u0001\\u007F\\u2028');
    expect(call('json.escape', '😁')).toBe('\\uD83D\\uDE01');
    expect(call('json.escape', 'aé')).toBe('aé');
  });

  it('json.escape output parses back as JSON (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(JSON.parse(`"${call('json.escape', s) as string}"`)).toBe(s);
      }),
    );
  });

  it('cstr_escape escapes bytes C-style', () => {
    expect(call('cstr_escape', 'london')).toBe('london');
    expect(call('cstr_escape', 'a"b\\c')).toBe('a\\"b\\\\c');
    expect(call('cstr_escape', '\b\t\n\v\r')).toBe('\\b\\t\\n\\v\\r');
    expect(call('cstr_escape', '\u0001\u007f')).toBe('\\x01\\x7f');
    expect(call('cstr_escape', 'é')).toBe('\\xc3\\xa9');
  });

  it('xml_escape uses entities (Fastly examples)', () => {
    expect(call('xml_escape', 'abc123')).toBe('abc123');
    expect(call('xml_escape', 'romeo&juliet')).toBe('romeo&amp;juliet');
    expect(call('xml_escape', '0 < 1')).toBe('0 &lt; 1');
    expect(call('xml_escape', "isn't")).toBe('isn&apos;t');
    expect(call('xml_escape', '"a">')).toBe('&quot;a&quot;&gt;');
  });
});
