// Turning string tokens into values. `"…"` strings decode Fastly's percent escapes (`%XX` one byte each,
// `%uXXXX` and `%u{X…}` a code point's UTF-8); a zero byte or code point ends the string. The value is the
// VCL string of the bytes (src/bytes.ts): "%E3" is one byte, "%F0%9F%8C%AE" the taco. Long strings and the
// text around escapes are taken as written (the source is UTF-8).
import { fromBytes } from '../bytes.js';

export interface DecodedString {
  value: string;
  /** Problems found, each with the offset of the escape inside the token text. */
  problems: { offset: number; length: number; message: string }[];
}

function isHex(text: string): boolean {
  return /^[0-9A-Fa-f]+$/.test(text);
}

/**
 * Decoded token texts, kept for one parse: the same text recurs, and then so does its value, as one
 * string (memory the AST would otherwise hold many times).
 */
export class StringDecoder {
  private readonly known = new Map<string, DecodedString>();

  decode(image: string): DecodedString {
    let decoded = this.known.get(image);
    if (decoded === undefined) {
      decoded = decodeStringToken(image);
      this.known.set(image, decoded);
    }
    return decoded;
  }
}

/** Decode a token's text: `"…"`, `{"…"}` or `{DELIM"…"DELIM}`. */
export function decodeStringToken(image: string): DecodedString {
  if (image.startsWith('{')) {
    const open = image.indexOf('"');
    return { value: image.slice(open + 1, image.length - open - 1), problems: [] };
  }
  const body = image.slice(1, -1);
  if (!body.includes('%')) return { value: body, problems: [] };
  return decodePercentEscapes(body);
}

/** `body` is the text between the quotes; reported offsets are relative to the opening quote. */
export function decodePercentEscapes(body: string): DecodedString {
  const problems: DecodedString['problems'] = [];
  const bytes: number[] = [];
  const pushText = (text: string) => {
    for (const byte of Buffer.from(text, 'utf8')) bytes.push(byte);
  };
  let textStart = 0; // start of the text since the last escape, copied as its UTF-8
  let i = 0;
  while (i < body.length) {
    if (body.charCodeAt(i) !== 37 /* % */) {
      i++;
      continue;
    }
    pushText(body.slice(textStart, i));
    const escape = readEscape(body, i);
    if ('message' in escape) {
      problems.push({ offset: i + 1, length: escape.length, message: escape.message });
      bytes.push(37); // keep the "%" and read on after it
      i += 1;
      textStart = i;
      continue;
    }
    if (escape.codePoint === 0) return { value: fromBytes(Uint8Array.from(bytes)), problems }; // `%00` / `%u0000` end the string
    if (escape.byte) bytes.push(escape.codePoint);
    else pushText(String.fromCodePoint(escape.codePoint));
    i += escape.length;
    textStart = i;
  }
  pushText(body.slice(textStart));
  return { value: fromBytes(Uint8Array.from(bytes)), problems };
}

type Escape = { codePoint: number; byte: boolean; length: number } | { message: string; length: number };

function readEscape(body: string, at: number): Escape {
  const next = body.charAt(at + 1);
  if (next === 'u' || next === 'U') return readUnicodeEscape(body, at);
  const hex = body.slice(at + 1, at + 3);
  if (hex.length === 2 && isHex(hex)) return { codePoint: parseInt(hex, 16), byte: true, length: 3 };
  return { message: `invalid percent escape "${body.slice(at, at + 3)}" (expected %XX, %uXXXX or %u{X…})`, length: 3 };
}

function readUnicodeEscape(body: string, at: number): Escape {
  let digits: string;
  let length: number;
  if (body.charAt(at + 2) === '{') {
    const close = body.indexOf('}', at + 3);
    digits = close < 0 ? '' : body.slice(at + 3, close);
    length = close < 0 ? 3 : close - at + 1;
    if (digits.length < 1 || digits.length > 6 || !isHex(digits)) {
      return { message: 'invalid %u{…} escape (expected 1 to 6 hex digits)', length };
    }
  } else {
    digits = body.slice(at + 2, at + 6);
    length = 6;
    if (digits.length !== 4 || !isHex(digits)) return { message: 'invalid %u escape (expected 4 hex digits)', length };
  }
  const codePoint = parseInt(digits, 16);
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return { message: `%u escape is a surrogate (U+${digits.toUpperCase()})`, length };
  if (codePoint > 0x10ffff) return { message: `%u escape is beyond U+10FFFF`, length };
  return { codePoint, byte: false, length };
}
