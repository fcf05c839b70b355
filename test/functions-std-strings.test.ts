// std.basename, std.dirname, std.replace_prefix/suffix, std.strcasecmp, std.strpad, std.strrep,
// std.strrev: each page's examples, not set, bytes beyond ASCII and the workspace bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_BYTES } from '../src/builtins/workspace.js';
import { byteLength, fromBytes } from '../src/values/bytes.js';
import { callFunction, value } from './helpers/function-calls.js';

function expectCall(name: string, args: unknown[], want: unknown, error: string | null = null): void {
  const got = callFunction(name, ...args);
  expect(got.value, `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`).toBe(want);
  expect(got.error, `${name} fastly.error`).toBe(error);
}

describe('std.basename and std.dirname (their pages\' examples, POSIX.1-2001)', () => {
  it.each([
    ['', '.', '.'],
    ['/usr/lib', 'lib', '/usr'],
    ['/usr/', 'usr', '/'],
    ['usr', 'usr', '.'],
    ['/', '/', '/'],
    ['.', '.', '.'],
    ['..', '..', '.'],
    ['/foo/bar/foobar', 'foobar', '/foo/bar'],
    ['foo', 'foo', '.'],
    ['///', '/', '/'],
    ['a//b//', 'b', 'a'],
    ['//a', 'a', '/'],
  ])('%j: basename %j, dirname %j', (path, base, dir) => {
    expectCall('std.basename', [path], base);
    expectCall('std.dirname', [path], dir);
  });

  it('treat a not-set path as "" (page: std.basename(req.http.Not-Set) is ".")', () => {
    expectCall('std.basename', [null], '.');
    expectCall('std.dirname', [null], '.');
  });

  it('page example: dirname "/" basename rebuilds "fastly.com/api"', () => {
    expect(`${value('std.dirname', 'fastly.com/api')}/${value('std.basename', 'fastly.com/api')}`).toBe('fastly.com/api');
  });

  it('dirname "/" basename rebuilds any path without a trailing or doubled slash (property)', () => {
    const part = fc.stringMatching(/^[a-z.é]{1,5}$/);
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 5 }), fc.boolean(), (parts, absolute) => {
        const path = (absolute ? '/' : '') + parts.join('/');
        expect(`${value('std.dirname', path)}/${value('std.basename', path)}`).toBe(path);
      }),
    );
  });
});

describe('std.replace_prefix and std.replace_suffix', () => {
  it('page examples: "0xABCD1234" loses its 0x, a URL its trailing slash', () => {
    expectCall('std.replace_prefix', ['0xABCD1234', '0x', ''], 'ABCD1234');
    expectCall('std.replace_suffix', ['https://www.example.com/', '/', ''], 'https://www.example.com');
  });

  it('replace only at that end, once, and leave the string alone for an empty target', () => {
    expectCall('std.replace_prefix', ['aXa', 'a', 'b'], 'bXa');
    expectCall('std.replace_suffix', ['aXa', 'a', 'b'], 'aXb');
    expectCall('std.replace_prefix', ['abc', 'x', 'y'], 'abc');
    expectCall('std.replace_suffix', ['abc', '', 'y'], 'abc');
    expectCall('std.replace_prefix', ['abc', '', 'y'], 'abc');
    expectCall('std.replace_suffix', ['//', '/', ''], '/');
  });

  it('read a not-set argument as ""', () => {
    expectCall('std.replace_prefix', [null, 'a', 'b'], '');
    expectCall('std.replace_suffix', ['abc', 'c', null], 'ab');
  });
});

describe('std.strcasecmp (page)', () => {
  it('compares ignoring ASCII case only: "smörgås" and "SMÖRGÅS" differ', () => {
    expectCall('std.strcasecmp', ['Fastly', 'fASTLY'], true);
    expectCall('std.strcasecmp', ['abc', 'abd'], false);
    expectCall('std.strcasecmp', ['smörgås', 'SMÖRGÅS'], false);
    expectCall('std.strcasecmp', ['smörgås', 'SMöRGåS'], true);
    expectCall('std.strcasecmp', ['', ''], true);
  });

  it('is false when either side is not set, as == is', () => {
    expectCall('std.strcasecmp', [null, ''], false);
    expectCall('std.strcasecmp', ['', null], false);
    expectCall('std.strcasecmp', [null, null], false);
  });
});

describe('std.strpad (page examples; widths in bytes)', () => {
  it('page examples: right- and left-justified "abc" in 10 with "-="', () => {
    expectCall('std.strpad', ['abc', -10, '-='], 'abc-=-=-=-');
    expectCall('std.strpad', ['abc', 10, '-='], '-=-=-=-abc');
  });

  it('page example: repeating "abcd" three times by padding ""', () => {
    expectCall('std.strpad', ['', byteLength('abcd') * 3, 'abcd'], 'abcdabcdabcd');
  });

  it('utf8.strpad page\'s contrast: std.strpad("abc", 7, "🌸🌼") is "🌸abc" (🌸 is four bytes)', () => {
    expectCall('std.strpad', ['abc', 7, '🌸🌼'], '🌸abc');
  });

  it('cuts a multi-byte pad in the middle of a character: the cut byte survives as a byte', () => {
    // 'é' is C3 A9; three bytes of padding are C3 A9 C3.
    const padded = fromBytes(Uint8Array.of(0xc3, 0xa9, 0xc3, 0x61, 0x62, 0x63));
    expectCall('std.strpad', ['abc', 6, 'é'], padded);
    expect(byteLength(padded)).toBe(6);
  });

  it('does nothing when the string is already wide enough or the pad is empty', () => {
    expectCall('std.strpad', ['abcdef', 3, '-'], 'abcdef');
    expectCall('std.strpad', ['abc', -3, '-'], 'abc');
    expectCall('std.strpad', ['abc', 10, ''], 'abc');
    expectCall('std.strpad', ['abc', 0, '-'], 'abc');
  });

  it('refuses to build more than the workspace holds (ESESOOM, not set)', () => {
    expectCall('std.strpad', ['', WORKSPACE_BYTES + 1, 'x'], null, 'ESESOOM');
    expect(byteLength(value('std.strpad', '', WORKSPACE_BYTES, 'x') as string)).toBe(WORKSPACE_BYTES);
  });
});

describe('std.strrep (page example)', () => {
  it('page example: "abc" three times; a negative count means zero', () => {
    expectCall('std.strrep', ['abc', 3], 'abcabcabc');
    expectCall('std.strrep', ['abc', 0], '');
    expectCall('std.strrep', ['abc', -2], '');
    expectCall('std.strrep', [null, 3], '');
  });

  it('refuses to build more than the workspace holds (ESESOOM, not set)', () => {
    expectCall('std.strrep', ['ab', WORKSPACE_BYTES], null, 'ESESOOM');
    expectCall('std.strrep', ['ab', 2 ** 53], null, 'ESESOOM');
  });
});

describe('std.strrev (page)', () => {
  it('page example: "abc" reversed is "cba"', () => {
    expectCall('std.strrev', ['abc'], 'cba');
    expectCall('std.strrev', [''], '');
  });

  it('refuses UTF-8 text beyond ASCII with EUTF8 and an empty string (falco std_strrev table)', () => {
    expectCall('std.strrev', ['smörgås'], '', 'EUTF8');
    expectCall('std.strrev', ['🌸'], '', 'EUTF8');
    expectCall('std.strrev', ['abc日本語'], '', 'EUTF8');
  });

  it('reverses bytes that are not UTF-8 as bytes: reversed they may even become a character', () => {
    const bytes = fromBytes(Uint8Array.of(0xa9, 0xc3, 0x21)); // A9 C3 ! — no valid UTF-8 in it
    expectCall('std.strrev', [bytes], '!é'); // ! C3 A9
  });

  it('reversing twice gives back any ASCII string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        expect(value('std.strrev', value('std.strrev', s))).toBe(s);
      }),
    );
  });
});
