// Fields inside one string: subfield (key=value lists) and http_status_matches (status lists). The
// field reader here is also what `req.http.NAME:key` and header.get(req, "NAME:key") read with.
import { text } from './args.js';
import type { FunctionSpec } from './types.js';

export const FIELD_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'subfield',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['subject', 'fieldname', 'separator'],
    optional: 1,
    doc: 'Value of a key=value field (key case-insensitive) in a list split on a one-character separator (default ","); "" for a bare key, a quoted value without its quotes; not set when absent.',
    checkArgs: (args) => {
      const separator = args[2]?.literal;
      return typeof separator === 'string' && separator.length !== 1 ? { index: 2, message: 'the separator must be one character' } : null;
    },
    impl: (_ctx, subject: string | null, field: string | null, separator: string | null = ',') =>
      subject === null ? null : subfield(subject, text(field), text(separator) || ','),
  },
  {
    name: 'http_status_matches',
    returns: 'BOOL',
    params: ['INTEGER', 'STRING'],
    paramNames: ['status', 'fmt'],
    doc: 'True if the status is in the comma-separated list; a leading "!" inverts ("!200,301,302").',
    impl: (_ctx, status: number, fmt: string | null) => httpStatusMatches(status, text(fmt)),
  },
];

/** subfield(): one separator character, keys compared regardless of case (Fastly: "always matches case insensitively"). */
export function subfield(subject: string, field: string, separator: string): string | null {
  const sep = separator[0]!;
  return readField(subject, field, (c) => c === sep, true);
}

/**
 * `NAME:key` reads a field of a list: a Cookie's `a=1; b=2` by the cookie's exact name, any other
 * header's `a=1, b=2` with the key in any case (falco's Fastly-checked table: in `a=1, b=?1;foo=9` b is
 * `?1;foo=9`, and `B=2` is b). Without a header name either separator splits.
 */
export function readSubfield(value: string | null, key: string, header?: string): string | null {
  if (value === null) return null;
  if (header === undefined) return readField(value, key, isListSeparator, true);
  const cookie = header.toLowerCase() === 'cookie';
  return readField(value, key, cookie ? isSemicolon : isComma, !cookie);
}

const isListSeparator = (c: string) => c === ',' || c === ';';
const isSemicolon = (c: string) => c === ';';
const isComma = (c: string) => c === ',';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * The value of `key` in a separated list, read as Fastly does (falco's Fastly-checked cases): items
 * are found by separators alone, quotes or not, so a key inside a quoted value is found too
 * (`foo="bar,lorem=ipsum"`: lorem is `ipsum"`); a value that starts with a quote runs to the closing
 * quote, separators included, and loses the quotes (foo is `bar,lorem=ipsum`). A bare key is "";
 * an absent key is not set.
 */
function readField(subject: string, key: string, isSeparator: (c: string) => boolean, foldCase: boolean): string | null {
  if (key === '') return null;
  const wanted = foldCase ? key.toLowerCase() : key;
  for (let item = 0; item <= subject.length; ) {
    let start = item;
    while (isBlank(subject[start])) start++;
    const candidate = subject.slice(start, start + key.length);
    if ((foldCase ? candidate.toLowerCase() : candidate) === wanted) {
      let after = start + key.length;
      while (isBlank(subject[after])) after++;
      if (after >= subject.length || isSeparator(subject[after]!)) return '';
      if (subject[after] === '=') return fieldValue(subject, after + 1, isSeparator);
    }
    let next = start;
    while (next < subject.length && !isSeparator(subject[next]!)) next++;
    item = next + 1;
  }
  return null;
}

function fieldValue(subject: string, from: number, isSeparator: (c: string) => boolean): string {
  let start = from;
  while (isBlank(subject[start])) start++;
  if (subject[start] === '"') {
    const quoted = quotedString(subject, start);
    if (quoted !== null) return quoted;
  }
  // An unquoted value ends at a blank too: `a=(1 2)` holds "(1".
  let end = start;
  while (end < subject.length && !isSeparator(subject[end]!) && !isBlank(subject[end])) end++;
  return subject.slice(start, end);
}

/** An RFC 8941 sf-string starting at `open`: its content with `\"` and `\\` unescaped; null if unterminated. */
function quotedString(subject: string, open: number): string | null {
  let out = '';
  for (let i = open + 1; i < subject.length; i++) {
    const c = subject[i]!;
    if (c === '"') return out;
    if (c === '\\' && i + 1 < subject.length) out += subject[++i];
    else out += c;
  }
  return null;
}

/**
 * Set (or, with null, remove) `key` in a subfield list, as Fastly does (falco's Fastly-checked cases,
 * interpreter/variable/field_test.go): the first item with that key (any case; a cookie by its exact
 * name) is taken out with one separator and the new item goes at the end; the other items keep their
 * text. A value holding a blank, a separator or one of `=@()[]{}?/\;:'<>` is quoted; a newline ends it.
 * A Cookie list joins with "; ", any other with "," (without a header name: "; " when the value has a
 * ";"). "" sets the bare key. Null when nothing is left.
 */
export function writeSubfield(value: string | null, key: string, field: string | null, header?: string): string | null {
  const subject = value ?? '';
  const cookie = header !== undefined && header.toLowerCase() === 'cookie';
  const semicolons = header === undefined ? subject.includes(';') : cookie;
  const rest = withoutField(subject, key, semicolons ? ';' : ',', !cookie);
  if (field === null) return rest.trim() === '' ? null : rest;
  const item = field === '' ? key : `${key}=${fieldText(field)}`;
  return rest.trim() === '' ? item : `${rest}${semicolons ? '; ' : ','}${item}`;
}

const NEEDS_QUOTES = /[\s=@()[\]{}?/\\;:'<>,]/;

function fieldText(field: string): string {
  if (!NEEDS_QUOTES.test(field)) return field;
  const quoted = `"${field.replaceAll('"', '\\"')}"`;
  const newline = quoted.indexOf('\n');
  return newline < 0 ? quoted : quoted.slice(0, newline);
}

/**
 * `subject` without its first `key` item, found between separators alone (as readField finds it); a
 * quoted value runs to its closing quote. At the start its trailing separator goes, else its leading one.
 */
function withoutField(subject: string, key: string, sep: string, foldCase: boolean): string {
  const wanted = foldCase ? key.toLowerCase() : key;
  for (let start = 0; start <= subject.length; ) {
    let end = subject.indexOf(sep, start);
    if (end < 0) end = subject.length;
    const item = subject.slice(start, end).trim();
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq).trimEnd();
    if ((foldCase ? name.toLowerCase() : name) === wanted) {
      if (eq >= 0 && item.slice(eq + 1).trimStart().startsWith('"')) end = quotedItemEnd(subject, subject.indexOf('"', start), sep);
      if (start === 0) return subject.slice(end + 1).trimStart();
      return subject.slice(0, start - 1) + subject.slice(end);
    }
    start = end + 1;
  }
  return subject;
}

/** The end of an item whose value opens a quote at `open`: the separator after the closing quote. */
function quotedItemEnd(subject: string, open: number, sep: string): number {
  let i = open + 1;
  while (i < subject.length && subject[i] !== '"') i += subject[i] === '\\' ? 2 : 1;
  const end = subject.indexOf(sep, i);
  return end < 0 ? subject.length : end;
}

export function httpStatusMatches(status: number, fmt: string): boolean {
  const negate = fmt.startsWith('!');
  const list = (negate ? fmt.slice(1) : fmt).split(',').map((s) => s.trim());
  const found = list.some((s) => /^\d+$/.test(s) && Number(s) === status);
  return negate ? !found : found;
}
