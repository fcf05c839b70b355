// Quantifier-free patterns run on V8's engine (linear on them); they must match exactly as re2js does.
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRegex, translatePcre } from '../src/values/regex.js';

/** What re2js alone says: groups 0..n, null for a group that took no part. */
function re2Exec(pattern: string, input: string): (string | null)[] | null {
  const re = RE2JS.compile(translatePcre(pattern));
  const m = re.matcher(input);
  if (!m.find()) return null;
  return Array.from({ length: re.groupCount() + 1 }, (_, g) => m.group(g));
}

const atom = fc.constantFrom('a', 'b', 'A', '/', '.', '-', '\\.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '[a-c]', 'é', '😀');
const piece: fc.Arbitrary<string> = fc.letrec((tie) => ({
  seq: fc.array(fc.oneof({ weight: 4, arbitrary: atom }, { weight: 1, arbitrary: tie('group') }), { minLength: 1, maxLength: 5 }).map((xs) => xs.join('')),
  group: fc.tuple(fc.constantFrom('(', '(?:'), fc.array(tie('seq'), { minLength: 1, maxLength: 3 })).map(([open, alts]) => `${open}${(alts as string[]).join('|')})`),
})).seq;
const pattern = fc.tuple(fc.constantFrom('', '^', '(?i)', '(?i)^'), piece, fc.constantFrom('', '$')).map(([a, b, c]) => a + b + c);
const input = fc.array(fc.constantFrom('a', 'b', 'A', 'B', '/', '.', '-', '1', ' ', '\n', 'é', 'É', '😀', 'c'), { maxLength: 12 }).map((xs) => xs.join(''));

describe('native fast path for quantifier-free regexes', () => {
  it('is taken for plain prefixes and words, not for quantifiers', () => {
    expect((compileRegex('^/admin') as unknown as { native: RegExp | null }).native).not.toBeNull();
    expect((compileRegex('(?i)^websocket$') as unknown as { native: RegExp | null }).native).not.toBeNull();
    expect((compileRegex('^(a+)+$') as unknown as { native: RegExp | null }).native).toBeNull();
  });

  it('agrees with re2js on every generated pattern and input', () => {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        expect(compileRegex(p).exec(s)).toEqual(re2Exec(p, s));
      }),
      { numRuns: 3000 },
    );
  });
});
