// Writing a parsed pattern back out for the linear-time engines: RE2 syntax for re2js, and
// JavaScript syntax for V8 when the pattern has no repeats. Only called for patterns that
// analysis.isRegular accepts; each node is written with PCRE2's meaning made explicit.
import type { Node } from './ast.js';
import { MAX_CODE_POINT } from './char-sets.js';

const hexRe2 = (cp: number) => `\\x{${cp.toString(16)}}`;
const hexJs = (cp: number) => `\\u{${cp.toString(16)}}`;

/** RE2 allows a backslash before any punctuation; a `u` RegExp only before syntax characters. */
const RE2_PUNCTUATION = /[!-/:-@[-`{-~]/;
const JS_SYNTAX = /[$()*+./?[\\\]^{|}]/;

function literal(cp: number, hex: (cp: number) => string): string {
  const c = String.fromCodePoint(cp);
  if (/[A-Za-z0-9]/.test(c)) return c;
  const escapable = hex === hexRe2 ? RE2_PUNCTUATION : JS_SYNTAX;
  if (escapable.test(c)) return `\\${c}`;
  return /[!-~]/.test(c) ? c : hex(cp);
}

function ranges(rs: [number, number][], hex: (cp: number) => string): string {
  return rs.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
}

/** RE2 syntax with the same meaning; `$` and `\Z` become `\z` (subjects ending in "\n" go elsewhere). */
export function toRe2(n: Node): string {
  switch (n.type) {
    case 'empty':
      return '(?:)';
    case 'char':
      return literal(n.cp, hexRe2);
    case 'class': {
      const { negate, caseless } = n.cls;
      let body: string;
      if (n.cls.ranges.length === 0) body = negate ? '(?s:.)' : `[^\\x{0}-${hexRe2(MAX_CODE_POINT)}]`;
      else body = `[${negate ? '^' : ''}${ranges(n.cls.ranges, hexRe2)}]`;
      return caseless ? `(?i:${body})` : body;
    }
    case 'seq':
      return n.items.map(toRe2).join('');
    case 'alt':
      return `(?:${n.alts.map(toRe2).join('|')})`;
    case 'group':
      return `(${toRe2(n.body)})`;
    case 'nocapture':
      return `(?:${toRe2(n.body)})`;
    case 'repeat': {
      const q = n.min === 0 && n.max === Infinity ? '*' : n.min === 1 && n.max === Infinity ? '+' : n.min === 0 && n.max === 1 ? '?' : n.max === Infinity ? `{${n.min},}` : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
      return `(?:${toRe2(n.body)})${q}${n.mode === 'lazy' ? '?' : ''}`;
    }
    case 'anchor':
      return { start: '\\A', lineStart: '(?m:^)', end: '\\z', endOrFinalNewline: '\\z', lineEnd: '(?m:$)', wordBoundary: '\\b', notWordBoundary: '\\B', searchStart: '' }[n.kind];
    default:
      throw new Error(`internal: ${n.type} is not regular`);
  }
}

/**
 * JavaScript syntax and flags for a pattern without repeats, or null when V8 would read it
 * differently (multiline anchors, or case-insensitivity that differs between its parts).
 */
export function toNative(root: Node): { source: string; flags: string } | null {
  let caseless: boolean | null = null;
  let ok = true;
  // One flag for the whole RegExp: every part that has letters must agree on case.
  const need = (mode: boolean) => {
    if (caseless === null) caseless = mode;
    ok &&= caseless === mode;
  };
  const write = (n: Node): string => {
    switch (n.type) {
      case 'empty':
        return '(?:)';
      case 'char':
        if (/\p{L}/u.test(String.fromCodePoint(n.cp))) need(false);
        return literal(n.cp, hexJs);
      case 'class': {
        const hasLetters = n.cls.ranges.some(([lo, hi]) => hi >= 0x41 && (lo <= 0x7a || hi > 0x7f));
        if (n.cls.caseless || hasLetters) need(n.cls.caseless);
        return `[${n.cls.negate ? '^' : ''}${ranges(n.cls.ranges, hexJs)}]`;
      }
      case 'seq':
        return n.items.map(write).join('');
      case 'alt':
        return `(?:${n.alts.map(write).join('|')})`;
      case 'group':
        return `(${write(n.body)})`;
      case 'nocapture':
        return `(?:${write(n.body)})`;
      case 'anchor': {
        const js = { start: '^', end: '$', endOrFinalNewline: '$', wordBoundary: '\\b', notWordBoundary: '\\B' }[n.kind as string];
        if (js === undefined) ok = false;
        return js ?? '';
      }
      default:
        ok = false;
        return '';
    }
  };
  const source = write(root);
  return ok ? { source, flags: caseless ? 'iu' : 'u' } : null;
}
