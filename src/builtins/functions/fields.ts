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

/** `NAME:key` reads a field of a `a=1, b=2` or `a=1; b=2` list, the key as written. */
export function readSubfield(value: string | null, key: string): string | null {
  return value === null ? null : readField(value, key, isListSeparator, false);
}

const isListSeparator = (c: string) => c === ',' || c === ';';
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
  let end = start;
  while (end < subject.length && !isSeparator(subject[end]!)) end++;
  while (end > start && isBlank(subject[end - 1])) end--;
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

/** Set (or, with null, remove) `key` in a subfield list, keeping the other items. */
export function writeSubfield(value: string | null, key: string, field: string | null): string | null {
  const sep = value !== null && value.includes(';') ? '; ' : ', ';
  const items = value === null || value === '' ? [] : value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
  const kept = items.filter((item) => (item.includes('=') ? item.slice(0, item.indexOf('=')).trim() : item) !== key);
  if (field !== null) kept.push(field === '' ? key : `${key}=${field}`);
  return kept.length ? kept.join(sep) : null;
}

export function httpStatusMatches(status: number, fmt: string): boolean {
  const negate = fmt.startsWith('!');
  const list = (negate ? fmt.slice(1) : fmt).split(',').map((s) => s.trim());
  const found = list.some((s) => /^\d+$/.test(s) && Number(s) === status);
  return negate ? !found : found;
}
