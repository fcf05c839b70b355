// Miscellaneous: subfield, http_status_matches, std.ip / std.str2ip and math.* rounding.
import { parseIp } from '../../values/ip.js';
import { text } from './args.js';
import type { FunctionSpec } from './types.js';

export const MISC_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'subfield',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['subject', 'fieldname', 'separator'],
    optional: 1,
    doc: 'Value of key=value field (case-insensitive) in a list split on separator (default ","); "" for a bare key.',
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
  {
    name: 'std.str2ip',
    returns: 'IP',
    params: ['STRING', 'STRING'],
    paramNames: ['addr', 'fallback'],
    doc: 'Parse a numeric IPv4/IPv6 address; the fallback when it does not parse.',
    impl: (_ctx, addr: string | null, fallback: string | null) => parseIp(addr) ?? parseIp(fallback),
  },
  {
    name: 'std.ip',
    returns: 'IP',
    params: ['STRING', 'STRING'],
    paramNames: ['addr', 'fallback'],
    doc: 'Alias of std.str2ip.',
    impl: (_ctx, addr: string | null, fallback: string | null) => parseIp(addr) ?? parseIp(fallback),
  },
  mathSpec('math.floor', 'Largest integral value not above x.', Math.floor),
  mathSpec('math.ceil', 'Smallest integral value not below x.', Math.ceil),
  mathSpec('math.trunc', 'x rounded toward zero.', Math.trunc),
  mathSpec('math.round', 'x rounded to nearest, halves away from zero.', (x) => Math.sign(x) * Math.round(Math.abs(x))),
  mathSpec('math.roundeven', 'x rounded to nearest, halves to even.', roundHalfEven),
];

function mathSpec(name: string, doc: string, fn: (x: number) => number): FunctionSpec {
  return { name, returns: 'FLOAT', params: ['FLOAT'], paramNames: ['x'], doc, impl: (_ctx, x: number) => fn(x) };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

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
