// Character classes: `[…]`, `[^…]`, ranges, escapes, POSIX `[:name:]` and `\Q…\E` inside.
import type { CharClass } from './ast.js';
import { complement, normalizeRanges, POSIX, type Ranges } from './char-sets.js';
import { readEscape } from './parse-escape.js';
import type { Scanner } from './scanner.js';

const POSIX_NAME = /^\[:(\^?)([A-Za-z]+):\]/;
const COLLATING = /^\[([.=]).*?\1\]/;

/** Refuse `[:alpha:]` written as a whole class, as PCRE2 does. */
export function checkNotBarePosix(s: Scanner): void {
  const rest = s.src.slice(s.pos);
  if (POSIX_NAME.test(rest)) s.fail('POSIX named classes are supported only within a class');
  if (COLLATING.test(rest)) s.fail('POSIX collating elements are not supported');
}

type Item = { cp: number } | { ranges: Ranges; props: string[] };

/** Read `[…]`; the scanner is on the `[`. `spaceInsensitive` is PCRE2's (?xx). */
export function readClass(s: Scanner, caseless: boolean, spaceInsensitive: boolean, groupsSoFar: number): CharClass {
  const at = s.pos;
  checkNotBarePosix(s);
  s.pos++;
  const negate = s.eat('^');
  const ranges: Ranges = [];
  const props: string[] = [];
  let quoting = false;
  let first = true;

  const readItem = (): Item | null => {
    if (quoting) {
      if (s.eat('\\E')) {
        quoting = false;
        return null;
      }
      return { cp: s.next() };
    }
    const posix = s.match(POSIX_NAME);
    if (posix) {
      const set = POSIX[posix[2]!];
      if (!set) s.fail('unknown POSIX class name', s.pos - posix[0].length);
      return { ranges: posix[1] ? complement(set) : set, props: [] };
    }
    if (COLLATING.test(s.src.slice(s.pos))) s.fail('POSIX collating elements are not supported');
    if (s.peek() !== '\\') return { cp: s.next() };
    const e = readEscape(s, true, groupsSoFar);
    if (e.kind === 'char') return { cp: e.cp };
    if (e.kind === 'set') return { ranges: e.ranges, props: e.props };
    if (e.kind === 'quote') quoting = true;
    return null; // \Q or \E
  };

  for (;;) {
    if (s.done) s.fail('missing terminating ] for character class', at);
    if (!quoting && spaceInsensitive && (s.peek() === ' ' || s.peek() === '\t')) {
      s.pos++;
      continue;
    }
    if (!quoting && s.peek() === ']' && !first) {
      s.pos++;
      break;
    }
    const item = readItem();
    if (item === null) continue;
    first = false;
    const rangeFollows = !quoting && s.peek() === '-' && s.peek(1) !== ']' && s.peek(1) !== undefined;
    if (!('cp' in item)) {
      if (rangeFollows) s.fail('invalid range in character class');
      ranges.push(...item.ranges);
      props.push(...item.props);
      continue;
    }
    if (!rangeFollows) {
      ranges.push([item.cp, item.cp]);
      continue;
    }
    const dash = s.pos;
    s.pos++;
    const hi = readItem();
    if (hi === null || !('cp' in hi)) s.fail('invalid range in character class', dash);
    if (hi.cp < item.cp) s.fail('range out of order in character class', dash);
    ranges.push([item.cp, hi.cp]);
  }
  return { negate, ranges: normalizeRanges(ranges), props, caseless };
}
