// Character classes of the VCL token patterns in tokens.ts, as lookup tables for the scanner.
// Every pattern is ASCII-only, so a code ≥ 128 (or NaN, past the end of the text) is in no class.

const IDENT_START = 1; // [A-Za-z_]            first character of a name
const IDENT_PART = 2; //  [A-Za-z0-9_.\-]      the rest of a name (`req.http.X-Forwarded-For`)
const WORD = 4; //        [A-Za-z0-9_]         `.property` names, long-string delimiters
const DIGIT = 8; //       [0-9]
const HEX = 16; //        [0-9A-Fa-f]
const RTIME_STOP = 32; // [A-Za-z0-9_.:*\-]    what may not follow a duration's unit
const SPACE = 64; //      [ \t\r\n\f\v]        whitespace

const classes = new Uint8Array(128);

function mark(flags: number, chars: string): void {
  for (let i = 0; i < chars.length; i++) classes[chars.charCodeAt(i)]! |= flags;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
mark(IDENT_START | IDENT_PART | WORD | RTIME_STOP, LETTERS + '_');
mark(IDENT_PART | WORD | RTIME_STOP | DIGIT, DIGITS);
mark(IDENT_PART | RTIME_STOP, '.-');
mark(RTIME_STOP, ':*');
mark(HEX, DIGITS + 'ABCDEFabcdef');
mark(SPACE, ' \t\r\n\f\v');

function has(code: number, flag: number): boolean {
  return code < 128 && (classes[code]! & flag) !== 0;
}

export const isIdentStart = (code: number): boolean => has(code, IDENT_START);
export const isIdentPart = (code: number): boolean => has(code, IDENT_PART);
export const isWord = (code: number): boolean => has(code, WORD);
export const isDigit = (code: number): boolean => has(code, DIGIT);
export const isHex = (code: number): boolean => has(code, HEX);
export const isRTimeStop = (code: number): boolean => has(code, RTIME_STOP);
export const isSpace = (code: number): boolean => has(code, SPACE);

/** Character codes the scanner switches on. */
export const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Hash = 35,
  Percent = 37,
  Ampersand = 38,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Colon = 58,
  Semicolon = 59,
  Less = 60,
  Equals = 61,
  Greater = 62,
  UpperC = 67,
  UpperE = 69,
  UpperW = 87,
  UpperX = 88,
  Caret = 94,
  LowerD = 100,
  LowerE = 101,
  LowerH = 104,
  LowerM = 109,
  LowerR = 114,
  LowerS = 115,
  LowerW = 119,
  LowerX = 120,
  LowerY = 121,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  Tilde = 126,
}
