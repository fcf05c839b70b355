// String functions: case, length, affixes, search/replace, substr, regsub and `if`.
import type { CompiledRegex } from '../../values/regex.js';
import { text, utf8 } from './args.js';
import type { FunctionSpec } from './types.js';

export const STRING_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'std.tolower',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The string in lower case.',
    impl: (_ctx, s: string | null) => text(s).toLowerCase(),
  },
  {
    name: 'std.toupper',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The string in upper case.',
    impl: (_ctx, s: string | null) => text(s).toUpperCase(),
  },
  {
    name: 'std.strlen',
    returns: 'INTEGER',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'Length of the string in bytes; 0 when not set.',
    impl: (_ctx, s: string | null) => utf8(text(s)).length,
  },
  {
    name: 'std.prefixof',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s', 'prefix'],
    doc: 'True if the string starts with the prefix.',
    impl: (_ctx, s: string | null, prefix: string | null) => text(s).startsWith(text(prefix)),
  },
  {
    name: 'std.suffixof',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s', 'suffix'],
    doc: 'True if the string ends with the suffix.',
    impl: (_ctx, s: string | null, suffix: string | null) => text(s).endsWith(text(suffix)),
  },
  {
    name: 'std.strstr',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['haystack', 'needle'],
    doc: 'The haystack from the first occurrence of the needle on; not set when absent.',
    impl: (_ctx, haystack: string | null, needle: string | null) => {
      const h = text(haystack);
      const at = h.indexOf(text(needle));
      return at < 0 ? null : h.slice(at);
    },
  },
  {
    name: 'std.replace',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['s', 'target', 'replacement'],
    doc: 'Replace the first occurrence of a literal target.',
    impl: (_ctx, s: string | null, target: string | null, replacement: string | null) => {
      const t = text(target);
      return t === '' ? text(s) : text(s).replace(t, () => text(replacement));
    },
  },
  {
    name: 'std.replaceall',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['s', 'target', 'replacement'],
    doc: 'Replace every occurrence of a literal target.',
    impl: (_ctx, s: string | null, target: string | null, replacement: string | null) => {
      const t = text(target);
      return t === '' ? text(s) : text(s).split(t).join(text(replacement));
    },
  },
  {
    name: 'substr',
    returns: 'STRING',
    params: ['STRING', 'INTEGER', 'INTEGER'],
    paramNames: ['s', 'offset', 'length'],
    optional: 1,
    doc: 'Bytes from offset (negative counts from the end) for length (negative stops short of the end).',
    impl: (_ctx, s: string | null, offset: number, length?: number) => substr(text(s), offset, length),
  },
  {
    name: 'regsub',
    returns: 'STRING',
    params: ['STRING', 'REGEX', 'STRING'],
    paramNames: ['input', 'pattern', 'replacement'],
    doc: 'Replace the first match of the regex; \\1..\\9 and \\{N} insert groups.',
    impl: (_ctx, s: string | null, re: CompiledRegex, replacement: string | null) =>
      re.replace(text(s), text(replacement), false),
  },
  {
    name: 'regsuball',
    returns: 'STRING',
    params: ['STRING', 'REGEX', 'STRING'],
    paramNames: ['input', 'pattern', 'replacement'],
    doc: 'Replace every match of the regex; \\1..\\9 and \\{N} insert groups.',
    impl: (_ctx, s: string | null, re: CompiledRegex, replacement: string | null) =>
      re.replace(text(s), text(replacement), true),
  },
  {
    name: 'if',
    returns: 'STRING',
    params: ['BOOL', 'STRING', 'STRING'],
    paramNames: ['condition', 'then', 'else'],
    doc: 'The second argument when the condition holds, else the third.',
    impl: (_ctx, cond: boolean, yes: string | null, no: string | null) => (cond ? yes : no),
  },
];

/**
 * Fastly substr on bytes. Wholly outside the string → not set (but offset == length → "").
 * A negative length ends that many bytes before the end of the string.
 */
export function substr(s: string, offset: number, length?: number): string | null {
  const bytes = utf8(s);
  const size = bytes.length;
  const start = offset < 0 ? size + offset : offset;
  if (start < 0 || start > size) return null;
  let end: number;
  if (length === undefined) end = size;
  else if (length < 0) end = size + length;
  else end = Math.min(size, start + length);
  if (end < start) return null;
  return bytes.subarray(start, end).toString('utf8');
}
