// Differential test against the real PCRE2 (Debian's pcre2-utils, `pcre2test`): generated patterns
// with lookaround, backreferences, atomic groups, possessive and lazy quantifiers, run on generated
// subjects by both; acceptance, match and every group must agree. Skipped where pcre2test is not
// installed (`apt-get install pcre2-utils`).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Regex } from '../src/values/regex.js';

function hasPcre2test(): boolean {
  try {
    execFileSync('pcre2test', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const atom = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', 'A', '.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '\\b', '\\B', '^', '$', '\\z', '\\Z', '\\1', '\\2', 'é', ' ', '-') },
  { weight: 1, arbitrary: fc.constantFrom('\\K', '(?(1)b|c)', '[[:alpha:]]', '\\p{L}', '\\h', '\\R', '\\G') },
);
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,2}', '*?', '+?', '??', '*+', '++', '?+', '{1,2}+');
const opener = fc.constantFrom('(', '(', '(?:', '(?>', '(?=', '(?!', '(?<=', '(?<!', '(?i:', '(?|', '(?<n>');
const generated: fc.Arbitrary<string> = fc.letrec((tie) => ({
  piece: fc.oneof({ weight: 5, arbitrary: atom }, { weight: 2, arbitrary: tie('group') }),
  quantified: fc.tuple(tie('piece'), quantifier).map(([p, q]) => (/^(\^|\$|\\[bBzZKG]|\(\*\w+\))$/.test(p as string) ? (p as string) : (p as string) + q)),
  seq: fc.array(tie('quantified'), { minLength: 1, maxLength: 4 }).map((xs) => (xs as string[]).join('')),
  group: fc.tuple(opener, fc.array(tie('seq'), { minLength: 1, maxLength: 3 })).map(([open, alts]) => `${open}${(alts as string[]).join('|')})`),
})).seq as fc.Arbitrary<string>;
const pattern = fc.tuple(fc.constantFrom('', '', '(?i)', '(?m)', '(?s)', '(?J)'), generated).map(([f, p]) => f + p);
const subject = fc.array(fc.constantFrom('a', 'b', 'c', 'A', 'B', ' ', '-', '1', '\n', 'é', 'É', '😀'), { minLength: 1, maxLength: 9 }).map((xs) => xs.join(''));

const encode = (s: string) => [...s].map((c) => (/[A-Za-z0-9.,-]/.test(c) ? c : `\\x{${c.codePointAt(0)!.toString(16)}}`)).join('');
const decode = (s: string) => s.replace(/\\x\{([0-9a-f]+)\}/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));

interface Outcome {
  error: string | null;
  results: ((string | null)[] | null)[];
}

/**
 * Run every pattern on its subjects in one pcre2test process. Auto-possessification is off: it is
 * meant not to change results, but PCRE2 10.42 turns ` *` possessive before `(?:\z)?+ ` and then
 * misses the match ` ` in "a b" (a PCRE2 quirk we do not copy).
 */
function pcre2(cases: { pattern: string; subjects: string[] }[]): Outcome[] {
  const header = (pattern: string) => `/${pattern}/utf,no_auto_possess`;
  const input = cases.map((c) => `${header(c.pattern)}\n${c.subjects.map(encode).join('\n')}\n`).join('\n');
  const out = execFileSync('pcre2test', ['-q'], { input, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
  let i = 0;
  // Find each echoed line in order; what lies between is the result (extra lines such as "MK:" are skipped).
  const seek = (line: string) => {
    while (i < out.length && out[i] !== line) i++;
    i++;
  };
  return cases.map((c) => {
    seek(header(c.pattern));
    if (out[i]?.startsWith('Failed:')) return { error: out[i]!, results: [] };
    const results = c.subjects.map((subject) => {
      seek(encode(subject));
      // A match that fails with an error (match limit, recursion at the same position) is no match.
      if (out[i] === 'No match' || out[i]?.startsWith('Failed: error -')) return null;
      const groups: (string | null)[] = [];
      for (; /^ *\d+: /.test(out[i] ?? ''); i++) {
        const m = /^ *(\d+): (.*)$/.exec(out[i]!)!;
        groups[Number(m[1])] = m[2] === '<unset>' ? null : decode(m[2]!);
      }
      return Array.from(groups, (g) => g ?? null);
    });
    return { error: null, results };
  });
}

/** Tokens of PCRE2 syntax, valid and not, strung together at random: both must accept the same. */
const token = fc.constantFrom(
  'a', 'b', '(', ')', '(?:', '(?=', '(?<=', '(?<!', '(?>', '(?|', '(?<n>', '(?P<m>', '(?i)', '(?-i)', '(?x)', '(?^)', '(?s:', '(?#c)',
  '*', '+', '?', '{2}', '{2,1}', '{,2}', '{1,}', '{x}', '*+', '+?', '|', '[', ']', '[a-c]', '[z-a]', '[\\d-z]', '[[:alpha:]]', '[[:nope:]]', '[:alpha:]',
  '\\', '\\1', '\\2', '\\g{-1}', '\\k<n>', '\\k<q>', '(?P=n)', '(?&n)', '(?1)', '(?R)', '(?-1)', '(?+1)', '(?(1)a|b)', '(?(<n>)a)', '(?(R)a)',
  '(?(DEFINE)(?<d>x))', '(*FAIL)', '(*ACCEPT)', '(*COMMIT)', '(*SKIP)', '(*PRUNE)', '(*THEN)', '(*MARK:x)', '(*NOPE)', '\\K', '\\G', '\\p{L}', '\\p{Greek}',
  '\\p{Nope}', '\\P{Lu}', '\\x{41}', '\\x{110000}', '\\o{101}', '\\cA', '\\Q*\\E', '\\N', '\\R', '\\X', '\\h', '\\V', '\\i', '\\U', '\\ca', '$', '^', '.',
);
const tokens = fc.array(token, { minLength: 1, maxLength: 7 }).map((xs) => xs.join(''));

function trimUnset(groups: (string | null)[] | null): (string | null)[] | null {
  if (groups === null) return null;
  const out = [...groups];
  while (out.length > 1 && out[out.length - 1] === null) out.pop();
  return out;
}

describe.runIf(hasPcre2test())('agreement with PCRE2 itself (pcre2test)', () => {
  it('accepts exactly the patterns PCRE2 accepts', () => {
    // A pattern line ending in a backslash would continue on the next line in pcre2test's input.
    const patterns = fc.sample(tokens, { numRuns: Number(process.env.ORACLE_RUNS ?? 1500), seed: Number(process.env.ORACLE_SEED ?? 12) }).filter((p) => !p.endsWith('\\'));
    const outcomes = pcre2(patterns.map((pattern) => ({ pattern, subjects: ['ab'] })));
    patterns.forEach((pattern, k) => {
      let ours: string | null = null;
      try {
        new Regex(pattern);
      } catch (e) {
        ours = (e as Error).message;
      }
      const theirs = outcomes[k]!.error;
      // PCRE2 10.43 (newer than Debian 12's 10.42) allows bounded variable-length lookbehind, as we do.
      if (theirs !== null && ours === null && /not fixed length/.test(theirs)) return;
      expect({ pattern, accepted: ours === null, ours }).toEqual({ pattern, accepted: theirs === null, ours });
    });
  });


  it('accepts, matches and captures as PCRE2 does', () => {
    const cases = fc.sample(fc.record({ pattern, subjects: fc.array(subject, { minLength: 1, maxLength: 4 }) }), { numRuns: Number(process.env.ORACLE_RUNS ?? 1500), seed: Number(process.env.ORACLE_SEED ?? 12) });
    const usable = cases.filter((c) => !c.pattern.includes('/'));
    const outcomes = pcre2(usable);
    usable.forEach((c, k) => {
      const expected = outcomes[k]!;
      let ours: Regex | null = null;
      let error: string | null = null;
      try {
        ours = new Regex(c.pattern);
      } catch (e) {
        error = (e as Error).message;
      }
      // PCRE2 10.42 (Debian 12) refuses variable-length lookbehind; 10.43 and later accept it, as we do.
      if (expected.error?.includes('not fixed length') && ours) return;
      expect({ pattern: c.pattern, accepted: error === null }).toEqual({ pattern: c.pattern, accepted: expected.error === null });
      if (!ours) return;
      c.subjects.forEach((s, j) => {
        expect({ pattern: c.pattern, subject: s, groups: trimUnset(ours.exec(s)) }).toEqual({ pattern: c.pattern, subject: s, groups: expected.results[j] });
      });
    });
  });
});
