// bin.*: re-encode bytes between Base64 and hexadecimal without passing through a VCL string, so a
// 0x00 byte survives. Bad input sets fastly.error to EINVAL and gives a not-set value.
import type { FunctionContext } from '../../values/function-context.js';
import type { FunctionSpec } from './types.js';

/** Standard Base64 (+ and /), padding optional; an unpadded tail of one character is impossible. */
const BASE64 = /^[A-Za-z0-9+/]*$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export const BIN_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'bin.base64_to_hex',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The bytes of a Base64 string as upper-case hex ("AQ==" → "01"); not set and EINVAL for bad Base64.',
    impl: (ctx: FunctionContext, s: string | null) => {
      if (s === null) return null; // the page's example: a not-set argument gives a not-set value
      const bytes = decodeBase64(s);
      if (bytes === null) return invalid(ctx);
      return bytes.toString('hex').toUpperCase();
    },
  },
  {
    name: 'bin.hex_to_base64',
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: 'The bytes of a hex string (either case) as padded Base64 ("009FC233" → "AJ/CMw=="); not set and EINVAL for bad hex.',
    impl: (ctx: FunctionContext, s: string | null) => {
      if (s === null) return null;
      if (!HEX.test(s)) return invalid(ctx);
      return Buffer.from(s, 'hex').toString('base64');
    },
  },
];

function invalid(ctx: FunctionContext): null {
  ctx.fastlyError = 'EINVAL';
  return null;
}

function decodeBase64(s: string): Buffer | null {
  const body = s.replace(/={1,2}$/, '');
  if (!BASE64.test(body) || body.length % 4 === 1) return null;
  if (body.length !== s.length && s.length % 4 !== 0) return null; // padding must complete the last quantum
  return Buffer.from(body, 'base64');
}
