// Patterns without repeats that consume a character run on V8's engine (linear on them); they must
// give exactly what the backtracking matcher (PCRE2's semantics) gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex, Regex } from '../src/values/regex.js';

const atom = fc.constantFrom('a', 'b', 'A', '/', '.', '-', '\\.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '[a-c]', 'é', '😀', '\\b', '\\B', '^', '$', '\\A', '\\z', '\\Z');
const piece: fc.Arbitrary<string> = fc.letrec((tie) => ({
  seq: fc.array(fc.oneof({ weight: 4, arbitrary: atom }, { weight: 1, arbitrary: tie('group') }), { minLength: 1, maxLength: 5 }).map((xs) => xs.join('')),
  group: fc.tuple(fc.constantFrom('(', '(?:', '(?i:'), fc.array(tie('seq'), { minLength: 1, maxLength: 3 })).map(([open, alts]) => `${open}${(alts as string[]).join('|')})`),
})).seq;
const pattern = fc.tuple(fc.constantFrom('', '^', '(?i)', '(?i)^'), piece, fc.constantFrom('', '$')).map(([a, b, c]) => a + b + c);
const input = fc.array(fc.constantFrom('a', 'b', 'A', 'B', '/', '.', '-', '1', ' ', '\n', 'é', 'É', '😀', 'c', '\udc80'), { maxLength: 12 }).map((xs) => xs.join(''));

describe('native fast path for patterns without repeats', () => {
  it('is taken for plain prefixes and words, not for repeats or empty matches', () => {
    expect(compileRegex('^/admin').engine).toBe('native');
    expect(compileRegex('(?i)^websocket$').engine).toBe('native');
    expect(compileRegex('^(a+)+$').engine).toBe('re2');
    // V8 tries \B between the halves of a surrogate pair; PCRE2 does not.
    expect(compileRegex('\\B').engine).not.toBe('native');
    expect(compileRegex('\\B').test('c😀A')).toBe(false);
  });

  it('agrees with the backtracking matcher on every generated pattern and input', () => {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        const fast = compileRegex(p);
        expect(fast.exec(s)).toEqual(new Regex(p, { backtrackOnly: true }).exec(s));
        expect(fast.test(s)).toBe(fast.exec(s) !== null);
      }),
      { numRuns: 3000 },
    );
  });
});
