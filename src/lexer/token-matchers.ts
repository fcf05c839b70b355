// Which token starts at an offset: the patterns of tokens.ts, hand-coded. Where several patterns could
// start with the same character they are tried in the order of `allTokens`, as Chevrotain does
// (first match wins, except that a keyword gives way to a longer Identifier).

import type { TokenType } from './chevrotain.js';
import { Char, isDigit, isHex, isIdentPart, isIdentStart, isRTimeStop, isSpace, isWord } from './char-classes.js';
import * as T from './tokens.js';

export interface Match {
  type: TokenType;
  /** One past the last character. */
  end: number;
  /** The text, when it is always the same (operators, keywords); otherwise the caller slices it. */
  image: string | undefined;
}

// One shared result: the scanner reads it before the next call, and a token per call would be garbage.
const match: Match = { type: T.WhiteSpace, end: 0, image: undefined };

function found(type: TokenType, end: number, image?: string): Match {
  match.type = type;
  match.end = end;
  match.image = image;
  return match;
}

/** The token at `offset`, or undefined when no pattern matches there. */
export function matchAt(text: string, offset: number): Match | undefined {
  const code = text.charCodeAt(offset);
  if (isIdentStart(code)) return matchWord(text, offset, code);
  if (isDigit(code)) return matchNumber(text, offset);
  if (isSpace(code)) return found(T.WhiteSpace, skipSpace(text, offset + 1));
  return matchPunctuation(text, offset, code);
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

// ---------- names: control markers, rol= / ror=, keywords, identifiers ----------

const KEYWORDS = [
  T.Acl, T.Backend, T.Director, T.Table, T.Sub, T.Add, T.Call, T.Declare, T.ErrorKw, T.Esi, T.Include, T.Import,
  T.Log, T.Restart, T.Return, T.Set, T.SyntheticBase64, T.Synthetic, T.Unset, T.Remove, T.If, T.ElseIf, T.Elsif,
  T.Else, T.Penaltybox, T.Ratecounter, T.Goto, T.Switch, T.Case, T.Default, T.Break, T.Fallthrough, T.Pragma,
  T.Describe, T.True, T.False,
];

/** Longer names are never keywords (the longest is `synthetic.base64`). */
const KEYWORD_MAX_LENGTH = 31;

/**
 * Keyword spellings by the code of their first letter and their length (an array: looked up for every
 * name, which most often finds nothing to compare).
 */
const keywordsByStart: ({ word: string; type: TokenType }[] | undefined)[] = new Array(128 * (KEYWORD_MAX_LENGTH + 1)).fill(undefined);
for (const type of KEYWORDS) {
  const word = (type.PATTERN as RegExp).source.replace('\\.', '.');
  (keywordsByStart[word.charCodeAt(0) * (KEYWORD_MAX_LENGTH + 1) + word.length] ??= []).push({ word, type });
}

function matchWord(text: string, offset: number, code: number): Match {
  if ((code === Char.UpperC || code === Char.UpperW) && isControlMarker(text, offset)) {
    return found(T.ControlMarker, offset + 2, code === Char.UpperC ? 'C!' : 'W!');
  }
  if (code === Char.LowerR && text.charCodeAt(offset + 3) === Char.Equals) {
    if (text.startsWith('rol=', offset)) return found(T.RolAssign, offset + 4, 'rol=');
    if (text.startsWith('ror=', offset)) return found(T.RorAssign, offset + 4, 'ror=');
  }
  const end = identifierEnd(text, offset);
  // A keyword matches only when the Identifier match is no longer than it (`longer_alt`), i.e. is the keyword.
  const length = end - offset;
  const candidates = length <= KEYWORD_MAX_LENGTH ? keywordsByStart[code * (KEYWORD_MAX_LENGTH + 1) + length] : undefined;
  if (candidates !== undefined) {
    for (const { word, type } of candidates) {
      if (text.startsWith(word, offset)) return found(type, end, word);
    }
  }
  return found(T.Identifier, end);
}

/** `[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z0-9_.\-]+)*\*?` */
function identifierEnd(text: string, offset: number): number {
  let i = offset + 1;
  while (isIdentPart(text.charCodeAt(i))) i++;
  while (text.charCodeAt(i) === Char.Colon && isIdentPart(text.charCodeAt(i + 1))) {
    i += 2;
    while (isIdentPart(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) === Char.Star) i++;
  return i;
}

/** `C!` / `W!` alone on their line: only blanks before them on the line, a blank or line end after. */
function isControlMarker(text: string, offset: number): boolean {
  if (text.charCodeAt(offset + 1) !== Char.Bang) return false;
  if (offset + 2 < text.length) {
    const after = text.charCodeAt(offset + 2);
    if (after !== Char.LineFeed && after !== Char.CarriageReturn && after !== Char.Space && after !== Char.Tab) return false;
  }
  for (let i = offset - 1; i >= 0; i--) {
    const before = text.charCodeAt(i);
    if (before === Char.LineFeed) break;
    if (before !== Char.Space && before !== Char.Tab && before !== Char.CarriageReturn) return false;
  }
  return true;
}

// ---------- numbers: RTime, then HexInteger, Float, Integer ----------

function skipDigits(text: string, from: number): number {
  let i = from;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** `.` followed by a digit: the fraction of `1.5`. */
function hasFraction(text: string, at: number): boolean {
  return text.charCodeAt(at) === Char.Dot && isDigit(text.charCodeAt(at + 1));
}

function matchNumber(text: string, offset: number): Match {
  const digitsEnd = skipDigits(text, offset + 1);
  const numberEnd = hasFraction(text, digitsEnd) ? skipDigits(text, digitsEnd + 2) : digitsEnd;
  const rtimeEnd = unitEnd(text, skipBlanks(text, numberEnd));
  if (rtimeEnd >= 0) return found(T.RTime, rtimeEnd);
  const second = text.charCodeAt(offset + 1);
  if (text.charCodeAt(offset) === Char.Zero && (second === Char.LowerX || second === Char.UpperX) && isHex(text.charCodeAt(offset + 2))) {
    let i = offset + 3;
    while (isHex(text.charCodeAt(i))) i++;
    return found(T.HexInteger, i);
  }
  if (numberEnd !== digitsEnd) {
    const exponent = exponentEnd(text, numberEnd);
    return found(T.Float, exponent >= 0 ? exponent : numberEnd);
  }
  const exponent = exponentEnd(text, digitsEnd);
  if (exponent >= 0) return found(T.Float, exponent);
  return found(T.Integer, digitsEnd);
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === Char.Space || c === Char.Tab; c = text.charCodeAt(++i));
  return i;
}

/** `(?:ms|s|m|h|d|w|y)(?![A-Za-z0-9_.:*\-])` at `at`: the end of the unit, or -1. */
function unitEnd(text: string, at: number): number {
  const code = text.charCodeAt(at);
  let end: number;
  if (code === Char.LowerM && text.charCodeAt(at + 1) === Char.LowerS) end = at + 2;
  else if (code === Char.LowerS || code === Char.LowerM || code === Char.LowerH || code === Char.LowerD || code === Char.LowerW || code === Char.LowerY) end = at + 1;
  else return -1;
  // If `ms` is followed by a name character, falling back to `m` fails too: `s` is a name character.
  return isRTimeStop(text.charCodeAt(end)) ? -1 : end;
}

/** `[eE][+-]?\d+` at `at`: its end, or -1. */
function exponentEnd(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code !== Char.LowerE && code !== Char.UpperE) return -1;
  let i = at + 1;
  const sign = text.charCodeAt(i);
  if (sign === Char.Plus || sign === Char.Minus) i++;
  return isDigit(text.charCodeAt(i)) ? skipDigits(text, i + 1) : -1;
}

// ---------- everything else: strings, comments, operators, punctuation ----------

function matchPunctuation(text: string, offset: number, code: number): Match | undefined {
  const next = text.charCodeAt(offset + 1);
  const third = text.charCodeAt(offset + 2);
  switch (code) {
    case Char.Semicolon: return found(T.Semicolon, offset + 1, ';');
    case Char.LParen: return found(T.LParen, offset + 1, '(');
    case Char.RParen: return found(T.RParen, offset + 1, ')');
    case Char.Comma: return found(T.Comma, offset + 1, ',');
    case Char.Colon: return found(T.Colon, offset + 1, ':');
    case Char.RBrace: return found(T.RBrace, offset + 1, '}');
    case Char.Tilde: return found(T.Match, offset + 1, '~');
    case Char.LBrace: return matchLongString(text, offset) ?? found(T.LBrace, offset + 1, '{');
    case Char.Quote: return matchString(text, offset);
    case Char.Hash: return found(T.HashComment, lineEnd(text, offset + 1));
    case Char.Dot: return isIdentStart(next) ? found(T.PropertyName, wordEnd(text, offset + 2)) : undefined;
    case Char.Equals: return next === Char.Equals ? found(T.Equal, offset + 2, '==') : found(T.Assign, offset + 1, '=');
    case Char.Bang:
      if (next === Char.Equals) return found(T.NotEqual, offset + 2, '!=');
      if (next === Char.Tilde) return found(T.NotMatch, offset + 2, '!~');
      return found(T.Bang, offset + 1, '!');
    case Char.Less:
      if (next === Char.Less && third === Char.Equals) return found(T.ShlAssign, offset + 3, '<<=');
      if (next === Char.Equals) return found(T.LessEqual, offset + 2, '<=');
      return found(T.Less, offset + 1, '<');
    case Char.Greater:
      if (next === Char.Greater && third === Char.Equals) return found(T.ShrAssign, offset + 3, '>>=');
      if (next === Char.Equals) return found(T.GreaterEqual, offset + 2, '>=');
      return found(T.Greater, offset + 1, '>');
    case Char.Ampersand:
      if (next === Char.Ampersand) return third === Char.Equals ? found(T.AndAssign, offset + 3, '&&=') : found(T.And, offset + 2, '&&');
      return next === Char.Equals ? found(T.BitAndAssign, offset + 2, '&=') : undefined;
    case Char.Pipe:
      if (next === Char.Pipe) return third === Char.Equals ? found(T.OrAssign, offset + 3, '||=') : found(T.Or, offset + 2, '||');
      return next === Char.Equals ? found(T.BitOrAssign, offset + 2, '|=') : undefined;
    case Char.Plus: return next === Char.Equals ? found(T.PlusAssign, offset + 2, '+=') : found(T.Plus, offset + 1, '+');
    case Char.Minus: return next === Char.Equals ? found(T.MinusAssign, offset + 2, '-=') : found(T.Minus, offset + 1, '-');
    case Char.Percent: return next === Char.Equals ? found(T.PercentAssign, offset + 2, '%=') : found(T.Percent, offset + 1, '%');
    case Char.Star: return next === Char.Equals ? found(T.StarAssign, offset + 2, '*=') : undefined;
    case Char.Caret: return next === Char.Equals ? found(T.XorAssign, offset + 2, '^=') : undefined;
    case Char.Slash: return matchSlash(text, offset, next);
    default: return undefined;
  }
}

/** `// …`, `/* … *\/` (only if closed), `/=`, `/`. */
function matchSlash(text: string, offset: number, next: number): Match {
  if (next === Char.Slash) return found(T.LineComment, lineEnd(text, offset + 2));
  if (next === Char.Star) {
    const close = text.indexOf('*/', offset + 2);
    if (close >= 0) return found(T.BlockComment, close + 2);
  }
  return next === Char.Equals ? found(T.SlashAssign, offset + 2, '/=') : found(T.Slash, offset + 1, '/');
}

/** Up to (not including) the next `\n` or `\r`. */
function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === Char.LineFeed || c === Char.CarriageReturn) break;
    i++;
  }
  return i;
}

function wordEnd(text: string, from: number): number {
  let i = from;
  while (isWord(text.charCodeAt(i))) i++;
  return i;
}

/** `"…"` on one line; an unclosed quote matches nothing. */
function matchString(text: string, offset: number): Match | undefined {
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Char.Quote) return found(T.StringLiteral, i + 1);
    if (c === Char.LineFeed || c === Char.CarriageReturn) return undefined;
  }
  return undefined;
}

/** `{"…"}` or `{DELIM"…"DELIM}`; undefined when it is not closed (then `{` is a brace). */
function matchLongString(text: string, offset: number): Match | undefined {
  const quote = wordEnd(text, offset + 1);
  if (text.charCodeAt(quote) !== Char.Quote) return undefined;
  const closing = '"' + text.slice(offset + 1, quote) + '}';
  const close = text.indexOf(closing, quote + 1);
  return close < 0 ? undefined : found(T.LongString, close + closing.length);
}
