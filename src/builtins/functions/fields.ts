// Fields inside one string: subfield (key=value lists) and http_status_matches (status lists).
import { text } from './args.js';
import type { FunctionSpec } from './types.js';

export const FIELD_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'subfield',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['subject', 'fieldname', 'separator'],
    optional: 1,
    doc: 'Value of key=value field (case-insensitive) in a list split on separator (default ","); "" for a bare key.',
    impl: (_ctx, subject: string | null, field: string | null, separator: string | null = ',') =>
      subject === null ? null : subfield(subject, text(field), text(separator) || ','),
  },  {
    name: 'http_status_matches',
    returns: 'BOOL',
    params: ['INTEGER', 'STRING'],
    paramNames: ['status', 'fmt'],
    doc: 'True if the status is in the comma-separated list; a leading "!" inverts ("!200,301,302").',
    impl: (_ctx, status: number, fmt: string | null) => httpStatusMatches(status, text(fmt)),
  },];

/** Fields are trimmed; a quoted value loses its quotes; a missing field is not set. */
export function subfield(subject: string, field: string, separator: string): string | null {
  const wanted = field.toLowerCase();
  for (const part of subject.split(separator)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (key.toLowerCase() !== wanted) continue;
    if (eq < 0) return '';
    const value = part.slice(eq + 1).trim();
    return /^".*"$/s.test(value) ? value.slice(1, -1) : value;
  }
  return null;
}

export function httpStatusMatches(status: number, fmt: string): boolean {
  const negate = fmt.startsWith('!');
  const list = (negate ? fmt.slice(1) : fmt).split(',').map((s) => s.trim());
  const found = list.some((s) => /^\d+$/.test(s) && Number(s) === status);
  return negate ? !found : found;
}
