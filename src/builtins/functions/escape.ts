// Encoding and escaping: urlencode/urldecode, json.escape, cstr_escape, xml_escape.
import { text, utf8 } from './args.js';
import type { FunctionSpec } from './types.js';

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
    doc: 'Escape for a JSON string: \\" \\\\ \\b \\t \\n \\f \\r, other controls as \\uHHHH.',
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

const UNRESERVED = /[A-Za-z0-9\-._~]/;

export function urlencode(s: string): string {
  let out = '';
  for (const byte of utf8(s)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Malformed escapes stay as written; the bytes are read back as UTF-8. */
export function urldecode(s: string): string {
  const bytes: number[] = [];
  let i = 0;
  while (i < s.length) {
    const escape = s[i] === '%' ? /^[0-9a-fA-F]{2}/.exec(s.slice(i + 1, i + 3)) : null;
    if (escape) {
      bytes.push(Number.parseInt(escape[0], 16));
      i += 3;
    } else if (s[i] === '+') {
      bytes.push(0x20);
      i += 1;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i)!);
      bytes.push(...utf8(ch));
      i += ch.length;
    }
  }
  const nul = bytes.indexOf(0);
  return Buffer.from(nul < 0 ? bytes : bytes.slice(0, nul)).toString('utf8');
}

const JSON_SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** Fastly's json.escape rules, in their priority order; code points beyond U+FFFF become surrogate pairs. */
export function jsonEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const short = JSON_SHORT[ch];
    if (short) out += short;
    else if (cp <= 0x1f || cp === 0x7f || cp === 0x2028 || cp === 0x2029) out += unicodeEscape(cp);
    else if (cp > 0xffff) out += unicodeEscape(ch.charCodeAt(0)) + unicodeEscape(ch.charCodeAt(1));
    else if (cp >= 0xd800 && cp <= 0xdfff) out += unicodeEscape(cp); // lone surrogate: not valid UTF-8
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
  for (const byte of utf8(s)) {
    const short = C_SHORT[byte];
    if (short) out += short;
    else if (byte <= 0x1f || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&apos;',
  '"': '&quot;',
};

export function xmlEscape(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => XML_ENTITIES[c]!);
}
