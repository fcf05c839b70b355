// String functions: case, length, affixes, search/replace, substr, regsub and `if`.
import type { CompiledRegex } from '../../values/regex.js';
import { byteLength, canonicalBytes, fromBytes, isValidUtf8, sliceBytes, toBytes } from '../../values/bytes.js';
import { INT64_MAX, intToNumber, toBigInt, type Int } from '../../values/int64.js';
import { text } from './args.js';
import { outOfWorkspace, WORKSPACE_BYTES } from '../workspace.js';
import type { FunctionSpec } from './types.js';
import type { FunctionContext } from '../../values/function-context.js';

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
    impl: (_ctx, s: string | null) => byteLength(text(s)),
  },
  {
    name: 'std.prefixof',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s', 'prefix'],
    doc: 'True if the string starts with the prefix.',
    impl: (_ctx, s: string | null, prefix: string | null) => hasAffix(text(s), text(prefix), 'prefix'),
  },
  {
    name: 'std.suffixof',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s', 'suffix'],
    doc: 'True if the string ends with the suffix.',
    impl: (_ctx, s: string | null, suffix: string | null) => hasAffix(text(s), text(suffix), 'suffix'),
  },
  {
    name: 'std.strstr',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['haystack', 'needle'],
    doc: 'The haystack from the first occurrence of the needle on; not set when absent.',
    impl: (_ctx, haystack: string | null, needle: string | null) => strstr(text(haystack), text(needle)),
  },
  {
    name: 'std.replace',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['s', 'target', 'replacement'],
    doc: 'Replace the first occurrence of a literal target.',
    impl: (_ctx, s: string | null, target: string | null, replacement: string | null) => replace(text(s), text(target), text(replacement), false),
  },
  {
    name: 'std.replaceall',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['s', 'target', 'replacement'],
    doc: 'Replace every occurrence of a literal target.',
    impl: (_ctx, s: string | null, target: string | null, replacement: string | null) => replace(text(s), text(target), text(replacement), true),
  },
  {
    name: 'substr',
    returns: 'STRING',
    params: ['STRING', 'INTEGER', 'INTEGER'],
    paramNames: ['s', 'offset', 'length'],
    optional: 1,
    doc: 'Bytes from offset (negative counts from the end) for length (negative stops short of the end).',
    impl: (_ctx, s: string | null, offset: Int, length?: Int) => substr(text(s), offset, length),
  },
  {
    name: 'regsub',
    returns: 'STRING',
    params: ['STRING', 'REGEX', 'STRING'],
    paramNames: ['input', 'pattern', 'replacement'],
    doc: 'Replace the first match of the regex; \\0..\\9 and \\{N} insert groups, \\\\ a backslash.',
    impl: (ctx, s: string | null, re: CompiledRegex, replacement: string | null) =>
      withinWorkspace(ctx, re.replace(text(s), text(replacement), false, ctx)),
  },
  {
    name: 'regsuball',
    returns: 'STRING',
    params: ['STRING', 'REGEX', 'STRING'],
    paramNames: ['input', 'pattern', 'replacement'],
    doc: 'Replace every match of the regex; \\0..\\9 and \\{N} insert groups, \\\\ a backslash.',
    impl: (ctx, s: string | null, re: CompiledRegex, replacement: string | null) =>
      withinWorkspace(ctx, re.replace(text(s), text(replacement), true, ctx)),
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

// A needle that is valid UTF-8 matches a (canonical) VCL string exactly where its bytes do, so the
// JS string methods serve. A needle holding an escaped byte may match inside one of the haystack's
// characters (`"%A9"` is the second byte of "é"): those search the bytes.

function strstr(haystack: string, needle: string): string | null {
  if (isValidUtf8(needle)) {
    const at = haystack.indexOf(needle);
    return at < 0 ? null : haystack.slice(at);
  }
  const bytes = toBytes(haystack);
  const at = bytes.indexOf(toBytes(needle));
  return at < 0 ? null : fromBytes(bytes.subarray(at));
}

/** Whether the string's bytes start (or end) with the affix's. */
export function hasAffix(s: string, affix: string, where: 'prefix' | 'suffix'): boolean {
  if (isValidUtf8(affix)) return where === 'prefix' ? s.startsWith(affix) : s.endsWith(affix);
  const bytes = toBytes(s);
  const wanted = toBytes(affix);
  if (wanted.length > bytes.length) return false;
  const start = where === 'prefix' ? 0 : bytes.length - wanted.length;
  return bytes.subarray(start, start + wanted.length).equals(wanted);
}

/** std.replace / std.replaceall: literal, left to right, never re-scanning what was put in. */
function replace(s: string, target: string, replacement: string, all: boolean): string {
  if (target === '') return s;
  // Escaped bytes either side of a cut may join into a character: the result is made canonical.
  if (isValidUtf8(target)) return canonicalBytes(all ? s.split(target).join(replacement) : s.replace(target, () => replacement));
  const bytes = toBytes(s);
  const find = toBytes(target);
  const put = toBytes(replacement);
  const parts: Buffer[] = [];
  let from = 0;
  let at = bytes.indexOf(find);
  while (at >= 0) {
    parts.push(bytes.subarray(from, at), put);
    from = at + find.length;
    at = all ? bytes.indexOf(find, from) : -1;
  }
  parts.push(bytes.subarray(from));
  return fromBytes(Buffer.concat(parts));
}

/**
 * Fastly substr on bytes. Wholly outside the string → not set (but offset == length → ""). A negative
 * length ends that many bytes before the end; with a negative offset one byte later, as the reference
 * page's examples have it (`substr("abcdefg", 1, -3)` is "bcd", `substr("abcdefg", -4, -3)` is "de").
 * An end past INT64_MAX is an overflow: not set.
 */
export function substr(s: string, offset: Int, length?: Int): string | null {
  const range = substringRange(byteLength(s), offset, length);
  return range && sliceBytes(s, range[0], range[1]);
}

/**
 * substr's range rule on a sequence of `size` units (bytes for substr, code points for utf8.substr):
 * a negative offset counts from the end; a missing length runs to the end; a negative length ends that
 * many units before the end (one fewer when the offset is negative too); a range wholly outside, or one
 * whose end overflows int64, is not set, except that offset == size gives "".
 */
export function substringRange(size: number, offset: Int, length: Int | undefined): [number, number] | null {
  const from = intToNumber(offset); // past 2^53 either way it is far outside any string
  const start = from < 0 ? size + from : from;
  if (start < 0 || start > size) return null;
  let end = size;
  if (length !== undefined && length < 0) end = size + intToNumber(length) + (from < 0 ? 1 : 0);
  else if (length !== undefined) {
    if (endOverflows(start, length)) return null;
    end = Math.min(size, start + intToNumber(length));
  }
  return end < start ? null : [start, end];
}

/** start + length past INT64_MAX, as int64 arithmetic on the edge would overflow. */
function endOverflows(start: number, length: Int): boolean {
  if (typeof length === 'number' && start + length <= Number.MAX_SAFE_INTEGER) return false;
  return BigInt(start) + toBigInt(length) > INT64_MAX;
}

/** A substitution whose result outgrows the request's workspace fails as on Fastly: not set, ESESOOM. */
function withinWorkspace(ctx: FunctionContext, result: string): string | null {
  return result.length * 3 > WORKSPACE_BYTES && byteLength(result) > WORKSPACE_BYTES ? outOfWorkspace(ctx) : result;
}
