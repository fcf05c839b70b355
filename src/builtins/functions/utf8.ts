// utf8.*: strings as sequences of Unicode code points rather than bytes. A STRING holding bytes
// that are not valid UTF-8 carries them as U+DC80–U+DCFF (values/bytes.ts), so "valid UTF-8" is
// "no escaped byte", and a valid string's code points are its JavaScript code points.
import { isValidUtf8 } from '../../values/bytes.js';
import type { FunctionContext } from '../../values/function-context.js';
import { int, text } from './args.js';
import { outOfWorkspace, WORKSPACE_BYTES } from '../workspace.js';
import { substringRange } from './strings.js';
import { INT64_MIN, type Int } from '../../values/int64.js';
import type { FunctionSpec } from './types.js';

const ASCII = /^[\x00-\x7f]*$/;

export const UTF8_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'utf8.is_valid',
    returns: 'BOOL',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'True if the string is valid UTF-8 (the empty string is).',
    impl: (_ctx, s: string | null) => isValidUtf8(text(s)),
  },
  {
    name: 'utf8.codepoint_count',
    returns: 'INTEGER',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The number of Unicode code points in the string; 0 when it is not valid UTF-8.',
    impl: (_ctx, s: string | null) => {
      const str = text(s);
      if (ASCII.test(str)) return str.length;
      return isValidUtf8(str) ? codePoints(str).length : 0;
    },
  },
  {
    name: 'utf8.strpad',
    returns: 'STRING',
    params: ['STRING', 'INTEGER', 'STRING'],
    paramNames: ['s', 'count', 'pad'],
    doc: 'Like std.strpad, but count is in code points; not set and EUTF8 when s or pad is not valid UTF-8.',
    // A count of -2^63 has no magnitude in 64 bits: falco's table (utf8_strpad_test.go) gives "" for it.
    impl: (ctx, s: string | null, count: Int, pad: string | null) =>
      count === INT64_MIN ? '' : strpad(ctx, text(s), int(count), text(pad)),
  },
  {
    name: 'utf8.substr',
    returns: 'STRING',
    params: ['STRING', 'INTEGER', 'INTEGER'],
    paramNames: ['s', 'offset', 'length'],
    optional: 1,
    doc: 'Like substr, but offset and length count code points; not set when the string is not valid UTF-8.',
    impl: (_ctx, s: string | null, offset: Int, length?: Int) => {
      const str = text(s);
      if (!isValidUtf8(str)) return null;
      const points = ASCII.test(str) ? null : codePoints(str);
      const range = substringRange(points ? points.length : str.length, offset, length);
      if (!range) return null;
      return points ? points.slice(range[0], range[1]).join('') : str.slice(range[0], range[1]);
    },
  },
];

function codePoints(s: string): string[] {
  return Array.from(s);
}

function strpad(ctx: FunctionContext, s: string, count: number, pad: string): string | null {
  if (!isValidUtf8(s) || !isValidUtf8(pad)) {
    ctx.fastlyError = 'EUTF8';
    return null;
  }
  const target = Math.abs(count);
  const have = codePoints(s).length;
  if (pad === '' || target <= have) return s;
  const padPoints = codePoints(pad);
  const missing = target - have;
  const whole = Math.floor(missing / padPoints.length);
  const tail = padPoints.slice(0, missing % padPoints.length).join('');
  // Measure before building: the result must fit the workspace.
  if (whole * Buffer.byteLength(pad) + Buffer.byteLength(tail) + Buffer.byteLength(s) > WORKSPACE_BYTES) return outOfWorkspace(ctx);
  const fill = pad.repeat(whole) + tail;
  return count > 0 ? fill + s : s + fill;
}
