// The linear-time engines (re2js, and V8 for patterns without repeats) give PCRE2's answer wherever
// they are used: the backtracking matcher (which implements PCRE2's semantics directly) is the
// reference, and both must agree with it on generated patterns and subjects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Regex } from '../src/values/regex.js';

const atom = fc.constantFrom('a', 'b', 'A', '.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '[a-c]', '\\.', '-', 'é', '😀', '\\n', '$', '^', '\\b', '\\B', '\\A', '\\z', '\\Z');
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,2}', '*?', '+?', '??', '{2,}');
const regular: fc.Arbitrary<string> = fc.letrec((tie) => ({
  piece: fc.oneof({ weight: 5, arbitrary: atom }, { weight: 2, arbitrary: tie('group') }),
  quantified: fc.tuple(tie('piece'), quantifier).map(([p, q]) => {
    const s = p as string;
    // A quantifier after an anchor means something else in each engine's syntax: keep them bare.
    return /^(\^|\$|\\[bBAzZ])$/.test(s) ? s : s + q;
  }),
  seq: fc.array(tie('quantified'), { minLength: 1, maxLength: 4 }).map((xs) => (xs as string[]).join('')),
  group: fc
    .tuple(fc.constantFrom('(', '(?:', '(?i:', '(?s:', '(?m:'), fc.array(tie('seq'), { minLength: 1, maxLength: 3 }))
    .map(([open, alts]) => `${open}${(alts as string[]).join('|')})`),
})).seq as fc.Arbitrary<string>;
const pattern = fc.tuple(fc.constantFrom('', '(?i)', '(?m)', '(?s)'), regular).map(([f, p]) => f + p);
const subject = fc.array(fc.constantFrom('a', 'b', 'A', 'B', 'c', '.', '-', '1', ' ', '\n', 'é', 'É', '😀', '\udc80'), { maxLength: 10 }).map((xs) => xs.join(''));

function pair(p: string): [Regex, Regex] {
  return [new Regex(p), new Regex(p, { backtrackOnly: true })];
}

describe('linear engines agree with the backtracking matcher', () => {
  it('exec: same match and same groups', () => {
    fc.assert(
      fc.property(pattern, subject, (p, s) => {
        const [fast, reference] = pair(p);
        expect(reference.engine).toBe('backtrack');
        expect(fast.exec(s)).toEqual(reference.exec(s));
      }),
      { numRuns: 1500 },
    );
  });

  it('regsuball: same output', () => {
    fc.assert(
      fc.property(pattern, subject, (p, s) => {
        const [fast, reference] = pair(p);
        expect(fast.replace(s, '<\\0|\\1>', true)).toBe(reference.replace(s, '<\\0|\\1>', true));
      }),
      { numRuns: 800 },
    );
  });

  it('uses the linear engines for regular patterns', () => {
    expect(new Regex('^/admin').engine).toBe('native');
    expect(new Regex('(?i)^websocket$').engine).toBe('native');
    expect(new Regex('^/([^/]+)/(\\d+)$').engine).toBe('re2');
    expect(new Regex('(a)\\1').engine).toBe('backtrack');
  });
});
