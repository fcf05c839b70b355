// Encoding and escaping: urlencode/urldecode, json.escape, cstr_escape, xml_escape. All but json.escape
// work byte by byte on the VCL string's bytes (src/bytes.ts), so any byte survives: urldecode("%FF") is
// the byte FF, and urlencode gives back "%FF".
import { fromBytes, isValidUtf8, toBytes } from '../../values/bytes.js';
import { text } from './args.js';
import type { FunctionSpec } from './types.js';
import { dictionary } from '../../dictionary.js';

export const ESCAPE_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'urlencode',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Percent-encode every byte except the unreserved A-Z a-z 0-9 - . _ ~.',
    impl: (_ctx, s: string | null) => urlencode(text(s)),
  },
  {
    name: 'urldecode',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Decode %XX escapes and "+" as space; a decoded NUL ends the string.',
    impl: (_ctx, s: string | null) => urldecode(text(s)),
  },
  {
    name: 'json.escape',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Escape for a JSON string: \\" \\\\ \\b \\t \\n \\f \\r, other controls as \\uHHHH; not set when the input is not valid UTF-8.',
    impl: (_ctx, s: string | null) => jsonEscape(text(s)),
  },
  {
    name: 'cstr_escape',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Escape bytes C-style: \\" \\\\ \\b \\t \\n \\v \\r, other controls and bytes >= 0x7F as \\xHH.',
    impl: (_ctx, s: string | null) => cstrEscape(text(s)),
  },
  {
    name: 'xml_escape',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Escape & < > \' " as XML entities.',
    impl: (_ctx, s: string | null) => xmlEscape(text(s)),
  },
];

const PERCENT = 0x25;
const PLUS = 0x2b;
const SPACE = 0x20;
const HEX_DIGITS = '0123456789ABCDEF';

/** A-Z a-z 0-9 - . _ ~: the bytes urlencode leaves as they are. */
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e
  );
}

export function urlencode(s: string): string {
  let out = '';
  for (const byte of toBytes(s)) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
  }
  return out;
}

/** The value of a hex digit byte, or -1. */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `%XX` → that byte, "+" → space; a malformed escape stays as written; a decoded NUL ends the string. */
export function urldecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  const bytes = toBytes(s);
  const out = Buffer.allocUnsafe(bytes.length); // decoding never lengthens
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i]!;
    const high = byte === PERCENT ? hexValue(bytes[i + 1]) : -1;
    const low = high >= 0 ? hexValue(bytes[i + 2]) : -1;
    if (low >= 0) {
      byte = high * 16 + low;
      i += 2;
    } else if (byte === PLUS) byte = SPACE;
    if (byte === 0) break;
    out[n++] = byte;
  }
  return fromBytes(out.subarray(0, n));
}

const JSON_SHORT = dictionary<string>({
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
});

/**
 * Fastly's json.escape rules, in their priority order; code points beyond U+FFFF become surrogate pairs.
 * Invalid UTF-8 is a conversion error: not set (reference page: "(byte 0xff) conversion error, not set").
 */
export function jsonEscape(s: string): string | null {
  if (!isValidUtf8(s)) return null;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const short = JSON_SHORT[ch];
    if (short) out += short;
    else if (cp <= 0x1f || cp === 0x7f || cp === 0x2028 || cp === 0x2029) out += unicodeEscape(cp);
    else if (cp > 0xffff) out += unicodeEscape(ch.charCodeAt(0)) + unicodeEscape(ch.charCodeAt(1));
    else out += ch;
  }
  return out;
}

function unicodeEscape(unit: number): string {
  return `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}

const C_SHORT: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0d: '\\r',
};

export function cstrEscape(s: string): string {
  let out = '';
  for (const byte of toBytes(s)) {
    const short = C_SHORT[byte];
    if (short) out += short;
    else if (byte <= 0x1f || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

const XML_ENTITIES = dictionary<string>({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&apos;',
  '"': '&quot;',
});

/** Byte by byte: an escaped (invalid) byte is not one of the five and passes through as it is. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => XML_ENTITIES[c]!);
}
