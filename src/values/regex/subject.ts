// Reading the subject for the backtracking matcher: code points, word boundaries, anchors and
// backreference comparison (caseless by Unicode case mapping).
import { ANCHOR } from './program.js';

const isWordUnit = (u: number) => (u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u === 95;

/** Position of the code point before `p`. */
export function previous(input: string, p: number): number {
  if (p >= 2) {
    const lo = input.charCodeAt(p - 1);
    const hi = input.charCodeAt(p - 2);
    if (lo >= 0xdc00 && lo <= 0xdfff && hi >= 0xd800 && hi <= 0xdbff) return p - 2;
  }
  return p - 1;
}

function sameCaseless(a: number, b: number): boolean {
  if (a === b) return true;
  const x = String.fromCodePoint(a);
  const y = String.fromCodePoint(b);
  return x.toLowerCase() === y.toLowerCase() || x.toUpperCase() === y.toUpperCase();
}

/** Whether the anchor `kind` (an ANCHOR code) holds at `pos`. */
export function anchorHolds(input: string, pos: number, kind: number, searchFrom: number): boolean {
  const len = input.length;
  switch (kind) {
    case ANCHOR.start:
      return pos === 0;
    case ANCHOR.lineStart:
      return pos === 0 || (input.charCodeAt(pos - 1) === 10 && pos < len);
    case ANCHOR.end:
      return pos === len;
    case ANCHOR.endOrFinalNewline:
      return pos === len || (pos === len - 1 && input.charCodeAt(pos) === 10);
    case ANCHOR.lineEnd:
      return pos === len || input.charCodeAt(pos) === 10;
    case ANCHOR.searchStart:
      return pos === searchFrom;
    default: {
      const before = pos > 0 && isWordUnit(input.charCodeAt(pos - 1));
      const after = pos < len && isWordUnit(input.charCodeAt(pos));
      return (before !== after) === (kind === ANCHOR.wordBoundary);
    }
  }
}

/** Match the text input[start, end) again at `pos`: the position after it, or -1. */
export function matchAgain(input: string, pos: number, start: number, end: number, caseless: boolean): number {
  if (!caseless) return end === start || input.startsWith(input.slice(start, end), pos) ? pos + end - start : -1;
  let p = pos;
  for (let q = start; q < end; ) {
    if (p >= input.length) return -1;
    const a = input.codePointAt(q)!;
    const b = input.codePointAt(p)!;
    if (!sameCaseless(a, b)) return -1;
    q += a > 0xffff ? 2 : 1;
    p += b > 0xffff ? 2 : 1;
  }
  return p;
}
