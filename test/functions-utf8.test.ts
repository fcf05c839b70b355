// utf8.*: code points, not bytes. Invalid UTF-8 is a STRING holding escaped bytes (values/bytes.ts),
// made here the way a request makes it: by decoding bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '../src/values/bytes.js';
import { callFunction, value } from './helpers/function-calls.js';

const INVALID = fromBytes(Uint8Array.of(0x61, 0xff, 0x62)); // "a", a lone 0xFF, "b"
const TRUNCATED = fromBytes(Uint8Array.of(0xe3, 0x81)); // the first two bytes of a three-byte character

function expectCall(name: string, args: unknown[], want: unknown, error: string | null = null): void {
  const got = callFunction(name, ...args);
  expect(got.value, `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`).toBe(want);
  expect(got.error, `${name} fastly.error`).toBe(error);
}

describe('utf8.is_valid (page)', () => {
  it('is true for valid UTF-8, the empty string included, false for stray or cut bytes', () => {
    expectCall('utf8.is_valid', ['abc'], true);
    expectCall('utf8.is_valid', ['αβγ 🌸'], true);
    expectCall('utf8.is_valid', [''], true);
    expectCall('utf8.is_valid', [INVALID], false);
    expectCall('utf8.is_valid', [TRUNCATED], false);
  });
});

describe('utf8.codepoint_count (page)', () => {
  it('counts code points, not bytes or UTF-16 units', () => {
    expectCall('utf8.codepoint_count', ['abc'], 3);
    expectCall('utf8.codepoint_count', ['αβγ'], 3);
    expectCall('utf8.codepoint_count', ['🌸🌼'], 2);
    expectCall('utf8.codepoint_count', ['e\u0301'], 2); // e + combining accent: two code points
    expectCall('utf8.codepoint_count', [''], 0);
    expectCall('utf8.codepoint_count', [null], 0);
  });

  it('is 0 for a string that is not valid UTF-8', () => {
    expectCall('utf8.codepoint_count', [INVALID], 0);
    expectCall('utf8.codepoint_count', [TRUNCATED], 0);
  });
});

describe('utf8.strpad (page example)', () => {
  it('page example: utf8.strpad("abc", 7, "🌸🌼") is "🌸🌼🌸🌼abc", seven code points', () => {
    expectCall('utf8.strpad', ['abc', 7, '🌸🌼'], '🌸🌼🌸🌼abc');
    expect(value('utf8.codepoint_count', value('utf8.strpad', 'abc', 7, '🌸🌼'))).toBe(7);
  });

  it('pads on the right for a negative count, cutting the pad at a code point', () => {
    expectCall('utf8.strpad', ['αβ', -5, 'γδ'], 'αβγδγ');
    expectCall('utf8.strpad', ['abc', 2, '-'], 'abc');
    expectCall('utf8.strpad', ['abc', 9, ''], 'abc');
  });

  it('sets EUTF8 (not set) when the string or the pad is not valid UTF-8', () => {
    expectCall('utf8.strpad', [INVALID, 9, '-'], null, 'EUTF8');
    expectCall('utf8.strpad', ['abc', 9, TRUNCATED], null, 'EUTF8');
  });

  it('refuses to build more than the workspace holds (ESESOOM, not set)', () => {
    expectCall('utf8.strpad', ['', 2 ** 20, '🌸'], null, 'ESESOOM');
  });
});

describe('utf8.substr (page example; substr\'s range rules on code points)', () => {
  it('page example: the code point at offset 1, length 1, of "αβγ" is "β"', () => {
    expectCall('utf8.substr', ['αβγ', 1, 1], 'β');
  });

  it('follows substr: negative offset from the end, length optional or negative, not set when wholly outside', () => {
    expectCall('utf8.substr', ['αβγδεζη', -3, 2], 'εζ');
    expectCall('utf8.substr', ['αβγδεζη', 1, -3], 'βγδ');
    expectCall('utf8.substr', ['αβγδεζη', -4, -3], 'δε');
    expectCall('utf8.substr', ['αβγδεζη', 5, 3], 'ζη');
    expectCall('utf8.substr', ['αβγ', 1], 'βγ');
    expectCall('utf8.substr', ['αβγ', 3, 2], '');
    expectCall('utf8.substr', ['αβγ', 4, 2], null);
    expectCall('utf8.substr', ['🌸🌼x', 1, 1], '🌼');
  });

  it('is not set for a string that is not valid UTF-8', () => {
    expectCall('utf8.substr', [INVALID, 0, 1], null);
  });

  it('agrees with substr on ASCII (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 12 }), fc.integer({ min: -15, max: 15 }), fc.option(fc.integer({ min: -15, max: 15 })), (s, offset, length) => {
        const args = length === null ? [s, offset] : [s, offset, length];
        expect(value('utf8.substr', ...args)).toBe(value('substr', ...args));
      }),
    );
  });
});
