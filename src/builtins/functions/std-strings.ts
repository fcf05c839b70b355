// std.* string helpers: path parts (basename, dirname), affix replacement, ASCII case-insensitive
// equality, padding, repetition and reversal. Widths and reversal count bytes (VCL strings are bytes).
import { byteLength, concatBytes, fromBytes, sliceBytes, toBytes } from '../../values/bytes.js';
import type { FunctionContext } from '../../values/function-context.js';
import { int, text } from './args.js';
import { hasAffix } from './strings.js';
import type { FunctionSpec } from './types.js';
import { outOfWorkspace, WORKSPACE_BYTES } from '../workspace.js';

export const STD_STRING_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'std.basename',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The last component of a slash-separated path, trailing slashes ignored (POSIX basename); "." for "".',
    impl: (_ctx, s: string | null) => basename(text(s)),
  },
  {
    name: 'std.dirname',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The path without its last component (POSIX dirname); "." when there is no slash or for "".',
    impl: (_ctx, s: string | null) => dirname(text(s)),
  },
  {
    name: 'std.replace_prefix',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['s', 'target', 'replacement'],
    doc: 'The string with a leading target replaced; unchanged when it does not start with it or target is "".',
    impl: (_ctx, s: string | null, target: string | null, replacement: string | null) => replaceAffix(text(s), text(target), text(replacement), 'prefix'),
  },
  {
    name: 'std.replace_suffix',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING'],
    paramNames: ['s', 'target', 'replacement'],
    doc: 'The string with a trailing target replaced; unchanged when it does not end with it or target is "".',
    impl: (_ctx, s: string | null, target: string | null, replacement: string | null) => replaceAffix(text(s), text(target), text(replacement), 'suffix'),
  },
  {
    name: 'std.strcasecmp',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s1', 's2'],
    doc: 'True if the strings are equal ignoring ASCII case (ö and Ö differ); false if either is not set.',
    impl: (_ctx, s1: string | null, s2: string | null) => s1 !== null && s2 !== null && asciiLower(s1) === asciiLower(s2),
  },
  {
    name: 'std.strpad',
    returns: 'STRING',
    params: ['STRING', 'INTEGER', 'STRING'],
    paramNames: ['s', 'width', 'pad'],
    doc: 'The string padded to |width| bytes with pad repeated (cut short): on the left for a positive width, on the right for a negative one.',
    impl: (ctx, s: string | null, width: number, pad: string | null) => strpad(ctx, text(s), int(width), text(pad)),
  },
  {
    name: 'std.strrep',
    returns: 'STRING',
    params: ['STRING', 'INTEGER'],
    paramNames: ['s', 'n'],
    doc: 'The string repeated n times ("" for n <= 0).',
    impl: (ctx, s: string | null, n: number) => {
      const str = text(s);
      const times = Math.max(0, int(n));
      if (times > 0 && byteLength(str) * times > WORKSPACE_BYTES) return outOfWorkspace(ctx);
      return str.repeat(times);
    },
  },
  {
    name: 'std.strrev',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The bytes of the string in reverse order; "" and EUTF8 for a string with UTF-8 characters beyond ASCII.',
    impl: (ctx, s: string | null) => strrev(ctx, text(s)),
  },
];


/**
 * The target's bytes at the start (or end) replaced. As std.prefixof does, a target holding an escaped
 * byte may match half a character; the result is joined as bytes, so it stays canonical.
 */
function replaceAffix(s: string, target: string, replacement: string, where: 'prefix' | 'suffix'): string {
  if (target === '' || !hasAffix(s, target, where)) return s;
  const size = byteLength(s);
  const cut = byteLength(target);
  return where === 'prefix' ? concatBytes(replacement, sliceBytes(s, cut, size)) : concatBytes(sliceBytes(s, 0, size - cut), replacement);
}

function basename(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (path === '' || (trimmed !== '' && !trimmed.includes('/'))) return '.';
  const head = trimmed.slice(0, trimmed.lastIndexOf('/')).replace(/\/+$/, '');
  return head === '' ? '/' : head;
}

/** A–Z folded to a–z, nothing else: Fastly's comparison does not know non-ASCII letters. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

function strpad(ctx: FunctionContext, s: string, width: number, pad: string): string | null {
  const target = Math.abs(width);
  const have = byteLength(s);
  if (pad === '' || target <= have) return s;
  if (target > WORKSPACE_BYTES) return outOfWorkspace(ctx);
  const padBytes = toBytes(pad);
  const fill = Buffer.alloc(target - have);
  for (let i = 0; i < fill.length; i++) fill[i] = padBytes[i % padBytes.length]!;
  const body = toBytes(s);
  return fromBytes(width > 0 ? Buffer.concat([fill, body]) : Buffer.concat([body, fill]));
}

/** Any character beyond ASCII that is not an escaped invalid byte (U+DC80–U+DCFF). */
const UTF8_CHARACTER = /[\u0080-\udc7f\udd00-\uffff]/;

function strrev(ctx: FunctionContext, s: string): string {
  if (UTF8_CHARACTER.test(s)) {
    // The page names only the error; falco's table gives the value: "".
    ctx.fastlyError = 'EUTF8';
    return '';
  }
  return fromBytes(toBytes(s).reverse());
}
