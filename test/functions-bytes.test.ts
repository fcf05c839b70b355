// String functions on bytes (issue 12 point 4): VCL strings are byte strings, so lengths and offsets count
// bytes and a byte that is not UTF-8 (`%FF`, half a character) survives every function unchanged.
// Examples cited from Fastly's reference pages are tests as written there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { fromBytes, toBytes } from '../src/values/bytes.js';
import { compile } from '../src/index.js';
import { compileRegex } from '../src/values/regex.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => {
  const spec = FUNCTION_TABLE.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  return spec.impl(ctx, ...args);
};
const bytes = (...b: number[]) => fromBytes(Uint8Array.from(b));
const INT64_MAX = 9223372036854775807n; // INTEGERs past 2^53 are bigints
const INT64_MIN = -9223372036854775808n;

/** The req headers vcl_recv leaves, for VCL-level checks. */
function recvHeaders(body: string, headers: Record<string, string> = {}) {
  const service = compile(`sub vcl_recv {\n${body}\n}`);
  return service.recv({ headers }).req.headers;
}

describe('string literals hold bytes', () => {
  it('"%E3" is one byte and "%F0%9F%8C%AE" the taco (Fastly STRING type page)', () => {
    const h = recvHeaders(`
      set req.http.One = std.strlen("%E3");
      set req.http.Taco = "%F0%9F%8C%AE";
      set req.http.Taco-Len = std.strlen("%F0%9F%8C%AE");
      set req.http.Cut = "x%00y";`);
    expect([h.get('One'), h.get('Taco'), h.get('Taco-Len'), h.get('Cut')]).toEqual(['1', '🌮', '4', 'x']);
  });

  it('bytes put together in VCL are the bytes joined: "%C3" "%A9" is "é"', () => {
    const h = recvHeaders(`
      set req.http.Joined = "%C3" "%A9";
      if (req.http.Joined == "é") { set req.http.Same = "yes"; }
      set req.http.Halves = substr("é", 0, 1) + substr("é", 1);
      set req.http.Grown = "%F0%9F";
      set req.http.Grown += "%8C%AE";`);
    expect([h.get('Joined'), h.get('Same'), h.get('Halves'), h.get('Grown')]).toEqual(['é', 'yes', 'é', '🌮']);
  });
});

describe('std.strlen counts bytes', () => {
  it('std.strlen("Hello world!") is 12 (reference page)', () => {
    expect(call('std.strlen', 'Hello world!')).toBe(12);
  });

  it('counts every byte of UTF-8 and of invalid UTF-8 alike', () => {
    expect(call('std.strlen', 'é🌮')).toBe(6);
    expect(call('std.strlen', bytes(0xff, 0xe3, 0x61))).toBe(3);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(call('std.strlen', fromBytes(b))).toBe(b.length);
      }),
    );
  });
});

describe('substr cuts bytes (reference page examples)', () => {
  it.each([
    ['abcdefg', 0, 3, 'abc'],
    ['abcdefg', 5, 3, 'fg'],
    ['abc', 4, 2, null],
    ['abc', 3, 2, ''],
    ['abcdefg', -3, 2, 'ef'],
    ['abcdefg', 1, -3, 'bcd'],
    ['abcdefg', -4, -3, 'de'],
    ['foobar', 0, 3, 'foo'],
    ['foobar', 2, 3, 'oba'],
  ])('substr(%j, %i, %i) is %j', (s, offset, length, expected) => {
    expect(call('substr', s, offset, length)).toBe(expected);
  });

  it('substr("foobar", -3) is "bar"', () => {
    expect(call('substr', 'foobar', -3)).toBe('bar');
  });

  it('cuts inside a character, leaving its bytes', () => {
    expect(call('substr', 'é', 0, 1)).toBe(bytes(0xc3));
    expect(call('substr', 'é', 1)).toBe(bytes(0xa9));
    expect(call('substr', 'a🌮b', 1, 4)).toBe('🌮');
    expect(call('substr', `a${bytes(0xff)}b`, 1, 1)).toBe(bytes(0xff));
  });

  it('is not set where int64 arithmetic would overflow, or wholly outside at the int64 limits', () => {
    expect(call('substr', 'abc', 1, INT64_MAX)).toBeNull(); // 1 + INT64_MAX overflows
    expect(call('substr', 'abc', 0, INT64_MAX)).toBe('abc');
    expect(call('substr', 'abc', INT64_MIN, 2)).toBeNull();
    expect(call('substr', 'abc', INT64_MAX, 2)).toBeNull();
    expect(call('substr', 'abc', 0, INT64_MIN)).toBeNull();
    expect(call('substr', 'abc', -1, INT64_MIN)).toBeNull();
  });

  it('is the slice of the bytes for any offset and length inside them (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.nat(), (b, offset, length) => {
        const start = offset % (b.length + 1);
        expect(call('substr', fromBytes(b), start, length)).toBe(fromBytes(b.subarray(start, start + length)));
      }),
    );
  });
});

describe('search and affixes with bytes', () => {
  const e = 'é'; // C3 A9
  it('a needle of UTF-8 text matches as text', () => {
    expect(call('std.strstr', 'café au lait', 'é')).toBe('é au lait');
    expect(call('std.prefixof', 'éa', 'é')).toBe(true);
    expect(call('std.suffixof', 'aé', 'é')).toBe(true);
  });

  it('a needle holding an escaped byte matches that byte, inside a character too', () => {
    expect(call('std.strstr', `x${e}y`, bytes(0xa9))).toBe(`${bytes(0xa9)}y`);
    expect(call('std.strstr', 'xy', bytes(0xa9))).toBeNull();
    expect(call('std.prefixof', e, bytes(0xc3))).toBe(true);
    expect(call('std.suffixof', e, bytes(0xa9))).toBe(true);
    expect(call('std.suffixof', e, bytes(0xc3))).toBe(false);
    expect(call('std.prefixof', bytes(0xc3), e)).toBe(false);
  });

  it('std.replace / std.replaceall work on bytes and keep the result canonical', () => {
    expect(call('std.replace', `a${e}b`, bytes(0xa9), bytes(0xa8))).toBe('aèb');
    expect(call('std.replaceall', `${e}${e}`, bytes(0xc3), 'x')).toBe(`x${bytes(0xa9)}x${bytes(0xa9)}`);
    expect(call('std.replace', `${bytes(0xc3)}-${bytes(0xa9)}`, '-', '')).toBe(e);
    expect(call('std.replaceall', bytes(0xff, 0x61, 0xff), bytes(0xff), '%')).toBe('%a%');
  });

  it('std.replace_prefix / replace_suffix match bytes as std.prefixof does and keep the result canonical', () => {
    expect(call('std.replace_prefix', e, bytes(0xc3), 'x')).toBe(`x${bytes(0xa9)}`);
    expect(call('std.replace_suffix', e, bytes(0xa9), bytes(0xa8))).toBe('è');
    expect(call('std.replace_prefix', `A${bytes(0xa9)}`, 'A', bytes(0xc3))).toBe(e); // the bytes C3 A9
    expect(call('std.replace_suffix', `${bytes(0xc3)}Z`, 'Z', bytes(0xa9))).toBe(e);
    expect(call('std.replace_prefix', 'abc', 'x', 'y')).toBe('abc');
  });
});

describe('urlencode / urldecode on bytes', () => {
  it('urlencode("hello world") is "hello%20world" (reference page)', () => {
    expect(call('urlencode', 'hello world')).toBe('hello%20world');
  });

  it('urldecode({"hello%20world+!"}) and urldecode("hello%2520world+!") are both "hello world !" (reference page)', () => {
    const h = recvHeaders(`
      set req.http.Long = urldecode({"hello%20world+!"});
      set req.http.Escaped = urldecode("hello%2520world+!");`);
    expect([h.get('Long'), h.get('Escaped')]).toEqual(['hello world !', 'hello world !']);
  });

  it('urldecode of %FF is the byte FF, and urlencode gives it back', () => {
    expect(call('urldecode', '%FF')).toBe(bytes(0xff));
    expect(call('urldecode', 'a%C3%A9%E3')).toBe(`aé${bytes(0xe3)}`);
    expect(call('urlencode', call('urldecode', '%FF%e3x'))).toBe('%FF%E3x');
    expect(call('urldecode', '%4')).toBe('%4');
    expect(call('urldecode', '%%41')).toBe('%A');
    expect(call('urldecode', 'a%00b')).toBe('a'); // "the resulting output is treated as a string": NUL truncates
  });

  it('urldecode(urlencode(s)) is s for any bytes without NUL (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }).map((b) => b.filter((x) => x !== 0)), (b) => {
        const s = fromBytes(b);
        expect(call('urldecode', call('urlencode', s))).toBe(s);
        expect(call('urlencode', s)).toMatch(/^[A-Za-z0-9\-._~%]*$/);
      }),
    );
  });
});

describe('escaping functions on bytes', () => {
  it('json.escape: the reference page table', () => {
    expect(call('json.escape', 'abc123')).toBe('abc123');
    expect(call('json.escape', '/foo/bar')).toBe('/foo/bar');
    expect(call('json.escape', '?p=q&x=y')).toBe('?p=q&x=y');
    expect(call('json.escape', '"')).toBe('\\"');
    expect(call('json.escape', '\\')).toBe('\\\\');
    expect(call('json.escape', '\n')).toBe('\\n');
    expect(call('json.escape', '\t')).toBe('\\t');
    expect(call('json.escape', 'αβγ')).toBe('αβγ');
    expect(call('json.escape', bytes(0xff))).toBeNull(); // "conversion error, not set"
    expect(call('json.escape', `a${bytes(0xcc)}`)).toBeNull();
    expect(call('json.escape', '😁')).toBe('\\uD83D\\uDE01');
  });

  it('cstr_escape escapes each byte from 0x7F up as \\xHH, invalid ones too', () => {
    expect(call('cstr_escape', 'london')).toBe('london'); // reference page example's value
    expect(call('cstr_escape', bytes(0xff, 0x22, 0xc3))).toBe('\\xff\\"\\xc3');
    expect(call('cstr_escape', 'é')).toBe('\\xc3\\xa9');
  });

  it('xml_escape passes bytes it does not escape through as they are', () => {
    expect(call('xml_escape', `<${bytes(0xff)}&é>`)).toBe(`&lt;${bytes(0xff)}&amp;é&gt;`);
    expect(toBytes(call('xml_escape', bytes(0xfe, 0x27)) as string)).toEqual(Buffer.from([0xfe, ...Buffer.from('&apos;')]));
  });
});

describe('regsub and regsuball within the workspace', () => {
  it('give not set and ESESOOM when the result outgrows the workspace (256 KB), as std.strrep does', () => {
    const ctx = { headers: () => undefined, now: () => 0, random: () => 0.5, fastlyError: null as string | null };
    const regsuball = FUNCTION_TABLE.get('regsuball')!;
    const input = 'a'.repeat(1000);
    expect(regsuball.impl(ctx, input, compileRegex('a'), 'x'.repeat(1000))).toBeNull();
    expect(ctx.fastlyError).toBe('ESESOOM');
    const small = { ...ctx, fastlyError: null as string | null };
    expect(regsuball.impl(small, input, compileRegex('a'), 'xy')).toBe('xy'.repeat(1000));
    expect(small.fastlyError).toBeNull();
  });
});
