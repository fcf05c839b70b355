// Sets of code points as PCRE2 defines them without (*UCP): \d \w \s \h \v, the POSIX classes, and
// Unicode properties (\p{…}) translated to JavaScript's names so a RegExp can test them.
import type { CharClass } from './ast.js';
import { dictionary } from '../../dictionary.js';

export type Ranges = [number, number][];

export const MAX_CODE_POINT = 0x10ffff;

const r = (lo: string, hi = lo): [number, number] => [lo.codePointAt(0)!, hi.codePointAt(0)!];

export const DIGIT: Ranges = [r('0', '9')];
export const WORD: Ranges = [r('0', '9'), r('A', 'Z'), r('_'), r('a', 'z')];
/** PCRE2 \s: space, \t \n \v \f \r (VT included since PCRE 8.34). */
export const SPACE: Ranges = [[9, 13], [32, 32]];
/** \h: horizontal white space. */
export const HSPACE: Ranges = [[9, 9], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x180e, 0x180e], [0x2000, 0x200a], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]];
/** \v: vertical white space (not only VT). */
export const VSPACE: Ranges = [[10, 13], [0x85, 0x85], [0x2028, 0x2029]];
export const NEWLINE: Ranges = [[10, 10]];

export const POSIX = dictionary<Ranges>({
  alpha: [r('A', 'Z'), r('a', 'z')],
  digit: DIGIT,
  alnum: [r('0', '9'), r('A', 'Z'), r('a', 'z')],
  blank: [[9, 9], [32, 32]],
  cntrl: [[0, 31], [127, 127]],
  graph: [[0x21, 0x7e]],
  lower: [r('a', 'z')],
  print: [[0x20, 0x7e]],
  punct: [r('!', '/'), r(':', '@'), r('[', '`'), r('{', '~')],
  space: SPACE,
  upper: [r('A', 'Z')],
  word: WORD,
  xdigit: [r('0', '9'), r('A', 'F'), r('a', 'f')],
  ascii: [[0, 127]],
});

export function normalizeRanges(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalizeRanges(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

// ---------- Unicode properties ----------

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Cn Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

/** PCRE2's own properties, as JavaScript class contents. */
const PCRE_SPECIAL = dictionary<string>({
  any: '\\p{Any}',
  'l&': '\\p{LC}',
  lc: '\\p{LC}',
  xan: '\\p{L}\\p{N}',
  xps: '\\p{Z}\\t-\\r',
  xsp: '\\p{Z}\\t-\\r',
  xwd: '\\p{L}\\p{N}_',
  xuc: '\\u{24}\\u{40}\\u{60}\\u{a0}-\\u{d7ff}\\u{e000}-\\u{10ffff}',
});

function accepted(source: string): boolean {
  try {
    new RegExp(`[${source}]`, 'v');
    return true;
  } catch {
    return false;
  }
}

function titleCase(name: string): string {
  return name
    .split(/[\s_-]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('_');
}

/**
 * The JavaScript class contents for PCRE2's `\p{name}` (or `\P{name}` when negated), or null for a
 * name neither knows. PCRE2 matches names loosely (case, spaces, hyphens and underscores ignored).
 */
export function propertyToJs(name: string, negated: boolean): string | null {
  const loose = name.replace(/[\s_-]/g, '').toLowerCase();
  const special = PCRE_SPECIAL[loose];
  // A composite is a nested class (RegExp `v` mode), negated as a whole.
  if (special !== undefined) return negated ? `[^${special}]` : special;
  const p = negated ? '\\P' : '\\p';
  const gc = [...GENERAL_CATEGORIES].find((c) => c.toLowerCase() === loose);
  if (gc) return `${p}{${gc}}`;
  const typed = /^(sc|script|scx|scriptextensions)[:=](.+)$/i.exec(name.replace(/\s/g, ''));
  const kind = typed && /^scx|^scriptext/i.test(typed[1]!) ? 'Script_Extensions' : 'Script';
  const bare = typed ? typed[2]! : name;
  for (const candidate of [bare, titleCase(bare), bare.toUpperCase()]) {
    if (!typed && accepted(`${p}{${candidate}}`)) return `${p}{${candidate}}`;
    if (accepted(`${p}{${kind}=${candidate}}`)) return `${p}{${kind}=${candidate}}`;
  }
  return null;
}

// ---------- Testing a code point against a class ----------

export type CharTest = (cp: number) => boolean;

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** The class as a JavaScript RegExp class, `[…]` or `[^…]` (for the `v` flag: props may nest). */
export function classToJs(cls: CharClass): string {
  let body = '';
  for (const [lo, hi] of cls.ranges) body += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  body += cls.props.join('');
  return `[${cls.negate ? '^' : ''}${body}]`;
}

function inRanges(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * A fast test for one code point: a table for ASCII, then ranges, or V8's RegExp for what needs
 * Unicode data (properties, caseless folding beyond ASCII).
 */
export function compileClassTest(cls: CharClass): CharTest {
  const re = new RegExp(`^${classToJs(cls)}$`, cls.caseless ? 'iv' : 'v');
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  if (cls.props.length === 0 && !cls.caseless) {
    const { ranges, negate } = cls;
    return (cp) => (cp < 128 ? ascii[cp] === 1 : inRanges(ranges, cp) !== negate);
  }
  return (cp) => (cp < 128 ? ascii[cp] === 1 : re.test(String.fromCodePoint(cp)));
}

/** The class for one literal character, caseless or not. */
export function charClass(cp: number, caseless: boolean): CharClass {
  return { negate: false, ranges: [[cp, cp]], props: [], caseless };
}

/** Whether a character has other cases (so a caseless literal needs a class). */
export function hasOtherCase(cp: number): boolean {
  const s = String.fromCodePoint(cp);
  return s.toLowerCase() !== s || s.toUpperCase() !== s;
}
