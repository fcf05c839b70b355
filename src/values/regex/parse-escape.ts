// Backslash escapes, inside and outside character classes, as PCRE2 reads them in UTF mode.
import { complement, DIGIT, HSPACE, MAX_CODE_POINT, propertyToJs, SPACE, VSPACE, WORD, type Ranges } from './char-sets.js';
import type { AnchorKind } from './ast.js';
import type { Scanner } from './scanner.js';
import { dictionary } from '../../dictionary.js';

/** A group reference as written: resolved to numbers by the parser. */
export interface RawRef {
  num?: number;
  relative?: number;
  name?: string;
  at: number;
}

export type Escape =
  | { kind: 'char'; cp: number }
  | { kind: 'set'; ranges: Ranges; props: string[] }
  | { kind: 'anchor'; anchor: AnchorKind }
  | { kind: 'backref'; ref: RawRef }
  | { kind: 'call'; ref: RawRef }
  | { kind: 'keep' }
  | { kind: 'newlineSequence' } // \R
  | { kind: 'grapheme' } // \X
  | { kind: 'anyButNewline' } // \N
  | { kind: 'quote' } // \Q
  | { kind: 'endQuote' }; // \E

const SIMPLE = dictionary<number>({ a: 7, e: 0x1b, f: 12, n: 10, r: 13, t: 9 });
const SETS = dictionary<Ranges>({ d: DIGIT, w: WORD, s: SPACE, h: HSPACE, v: VSPACE });
const ANCHORS = dictionary<AnchorKind>({ A: 'start', z: 'end', Z: 'endOrFinalNewline', b: 'wordBoundary', B: 'notWordBoundary', G: 'searchStart' });
const UNSUPPORTED = 'PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u';

function set(ranges: Ranges, negate = false): Escape {
  return { kind: 'set', ranges: negate ? complement(ranges) : ranges, props: [] };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}/;

function readName(s: Scanner, close: string): string {
  const start = s.pos;
  if (/[0-9]/.test(s.peek() ?? '')) s.fail('subpattern name must start with a non-digit');
  const m = s.match(NAME);
  if (!m) s.fail('subpattern name expected');
  if (!s.eat(close)) s.fail('syntax error in subpattern name (missing terminator?)', start);
  return m[0];
}

function codePoint(s: Scanner, value: number, at: number): number {
  if (value > MAX_CODE_POINT) s.fail('character code point value in \\x{} or \\o{} is too large', at);
  return value;
}

/** `\p{…}` / `\P{…}` / `\pL`, after the backslash and the p. */
function property(s: Scanner, negatedByLetter: boolean): Escape {
  const at = s.pos - 2;
  let name: string;
  if (s.eat('{')) {
    const close = s.src.indexOf('}', s.pos);
    if (close < 0) s.fail('malformed \\P or \\p sequence', at);
    name = s.src.slice(s.pos, close);
    s.pos = close + 1;
  } else {
    if (s.done) s.fail('malformed \\P or \\p sequence', at);
    name = String.fromCodePoint(s.next());
  }
  let negated = negatedByLetter;
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  const js = propertyToJs(name, negated);
  if (js === null) s.fail('unknown property name after \\P or \\p', at);
  return { kind: 'set', ranges: [], props: [js] };
}

/** `\g…` after the backslash and g: a backreference, or a subroutine call for \g<…> \g'…'. */
function gEscape(s: Scanner, at: number): Escape {
  const call = s.peek() === '<' || s.peek() === "'";
  if (call) {
    const close = s.peek() === '<' ? '>' : "'";
    s.pos++;
    const num = s.match(/^([+-]?)(\d+)/);
    if (num) {
      if (!s.eat(close)) s.fail('syntax error in subpattern name (missing terminator?)', at);
      return { kind: 'call', ref: refFromNumber(s, num[1]!, num[2]!, at) };
    }
    return { kind: 'call', ref: { name: readName(s, close), at } };
  }
  if (s.eat('{')) {
    const num = s.match(/^([+-]?)(\d+)\}/);
    if (num) return { kind: 'backref', ref: refFromNumber(s, num[1]!, num[2]!, at) };
    return { kind: 'backref', ref: { name: readName(s, '}'), at } };
  }
  const num = s.match(/^([+-]?)(\d+)/);
  if (!num || num[1] === '+') {
    s.fail('\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number', at);
  }
  return { kind: 'backref', ref: refFromNumber(s, num[1]!, num[2]!, at) };
}

export function refFromNumber(s: Scanner, sign: string, digits: string, at: number): RawRef {
  const n = Number(digits);
  if (sign === '') return { num: n, at };
  if (n === 0) s.fail('a relative value of zero is not allowed', at);
  return { relative: sign === '-' ? -n : n, at };
}

/** `\k<name>`, `\k'name'`, `\k{name}`. */
function kEscape(s: Scanner, at: number): Escape {
  const open = s.peek();
  const close = open === '<' ? '>' : open === "'" ? "'" : open === '{' ? '}' : null;
  if (close === null) s.fail('\\k is not followed by a braced, angle-bracketed, or quoted name', at);
  s.pos++;
  return { kind: 'backref', ref: { name: readName(s, close), at } };
}

function octalOrBackref(s: Scanner, first: string, inClass: boolean, groupsSoFar: number, at: number): Escape {
  if (first === '0') {
    const m = s.match(/^[0-7]{0,2}/)!;
    return { kind: 'char', cp: parseInt(`0${m[0]}`, 8) };
  }
  const digits = first + (/^\d*/.exec(s.src.slice(s.pos))?.[0] ?? '');
  if (!inClass) {
    const n = Number(digits);
    if (n < 10 || first === '8' || first === '9' || n <= groupsSoFar) {
      s.pos += digits.length - 1;
      return { kind: 'backref', ref: { num: n, at } };
    }
  }
  if (first === '8' || first === '9') return { kind: 'char', cp: first.charCodeAt(0) };
  const octal = /^[0-7]{1,3}/.exec(digits)![0];
  s.pos += octal.length - 1;
  return { kind: 'char', cp: parseInt(octal, 8) };
}

/** Read one escape; the scanner is on the backslash. */
export function readEscape(s: Scanner, inClass: boolean, groupsSoFar: number): Escape {
  const at = s.pos;
  s.pos++;
  if (s.done) s.fail('\\ at end of pattern', at);
  const c = String.fromCodePoint(s.next());
  if (c in SIMPLE) return { kind: 'char', cp: SIMPLE[c]! };
  const lower = c.toLowerCase();
  if (lower in SETS && (c === lower || 'DWSHV'.includes(c))) return set(SETS[lower]!, c !== lower);
  if (c === 'p' || c === 'P') return property(s, c === 'P');
  if (/[0-9]/.test(c)) return octalOrBackref(s, c, inClass, groupsSoFar, at);
  switch (c) {
    case 'x': {
      if (s.eat('{')) {
        const m = s.match(/^([0-9a-fA-F]+)\}/);
        if (!m) s.fail('non-hex character in \\x{} (closing brace missing?)', at);
        return { kind: 'char', cp: codePoint(s, parseInt(m[1]!, 16), at) };
      }
      const m = s.match(/^[0-9a-fA-F]{0,2}/)!;
      return { kind: 'char', cp: m[0] ? parseInt(m[0], 16) : 0 };
    }
    case 'o': {
      const m = s.match(/^\{([0-7]+)\}/);
      if (!m) s.fail('missing opening brace after \\o', at);
      return { kind: 'char', cp: codePoint(s, parseInt(m[1]!, 8), at) };
    }
    case 'c': {
      if (s.done) s.fail('\\c at end of pattern', at);
      const ch = s.next();
      if (ch < 0x20 || ch > 0x7e) s.fail('\\c must be followed by a printable ASCII character', at);
      return { kind: 'char', cp: String.fromCharCode(ch).toUpperCase().charCodeAt(0) ^ 0x40 };
    }
    case 'N': {
      const m = s.match(/^\{U\+([0-9a-fA-F]+)\}/);
      if (m) return { kind: 'char', cp: codePoint(s, parseInt(m[1]!, 16), at) };
      if (s.at('{') && !/^\{\d+(?:,\d*)?\}/.test(s.src.slice(s.pos))) s.fail(UNSUPPORTED, at); // \N{2} is a repeat
      if (inClass) s.fail('escape sequence is invalid in character class', at);
      return { kind: 'anyButNewline' };
    }
    case 'b':
      return inClass ? { kind: 'char', cp: 8 } : { kind: 'anchor', anchor: 'wordBoundary' };
    case 'Q':
      return { kind: 'quote' };
    case 'E':
      return { kind: 'endQuote' };
    case 'F':
    case 'L':
    case 'l':
    case 'U':
    case 'u':
      return s.fail(UNSUPPORTED, at);
    default:
      break;
  }
  if (/[A-Za-z]/.test(c)) {
    if (inClass) {
      if ('RXBGAzZKgk'.includes(c)) s.fail('escape sequence is invalid in character class', at);
      s.fail('unrecognized character follows \\', at);
    }
    if (c in ANCHORS) return { kind: 'anchor', anchor: ANCHORS[c]! };
    if (c === 'K') return { kind: 'keep' };
    if (c === 'R') return { kind: 'newlineSequence' };
    if (c === 'X') return { kind: 'grapheme' };
    if (c === 'C') return set([[0, MAX_CODE_POINT]]);
    if (c === 'g') return gEscape(s, at);
    if (c === 'k') return kEscape(s, at);
    s.fail('unrecognized character follows \\', at);
  }
  return { kind: 'char', cp: c.codePointAt(0)! };
}
