// digest.*: Base64 in its three alphabets, constant-time comparison, and the whole family gathered from
// digest-hash.ts (hashes and checksums), digest-hmac.ts (keyed hashes) and digest-verify.ts (signatures).
import { timingSafeEqual } from 'node:crypto';
import { fromBytes, toBytes } from '../../values/bytes.js';
import { text } from './args.js';
import { decodeBase64, encodeBase64, encodeBase64url, type Base64Variant } from './base64.js';
import { HASH_FUNCTIONS } from './digest-hash.js';
import { HMAC_FUNCTIONS } from './digest-hmac.js';
import { VERIFY_FUNCTIONS } from './digest-verify.js';
import type { FunctionSpec } from './types.js';

function base64Spec(name: string, doc: string, convert: (s: string) => string): FunctionSpec {
  return { name, returns: 'STRING', params: ['STRING'], paramNames: ['s'], doc, impl: (_ctx, s: string | null) => convert(text(s)) };
}

/**
 * A decoder's result as a STRING: the decoded bytes, cut at the first NUL ("any NUL characters in the
 * string will appear as a truncated result", digest.base64_decode); bytes that are not UTF-8 stay bytes.
 */
function decodedString(s: string, variant: Base64Variant): string {
  const bytes = decodeBase64(s, variant);
  const nul = bytes.indexOf(0);
  return fromBytes(nul < 0 ? bytes : bytes.subarray(0, nul));
}

export function secureIsEqual(a: string, b: string): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  // Compare against itself when lengths differ so the time taken does not depend on the contents.
  return x.length === y.length ? timingSafeEqual(x, y) : !timingSafeEqual(x, x);
}

const BASE64_FUNCTIONS: FunctionSpec[] = [
  base64Spec('digest.base64', 'Base64 (RFC 4648, + / and = padding) of the string\'s bytes.', encodeBase64),
  base64Spec('digest.base64url', 'Base64url (- _ and = padding) of the string\'s bytes.', (s) => encodeBase64url(s, true)),
  base64Spec('digest.base64url_nopad', 'Base64url without padding of the string\'s bytes.', (s) => encodeBase64url(s, false)),
  base64Spec('digest.base64_decode', 'Decode Base64; invalid characters are skipped, "=" ends the data, a NUL ends the result.', (s) =>
    decodedString(s, 'standard'),
  ),
  base64Spec('digest.base64url_decode', 'Decode Base64url; invalid characters are skipped, "=" ends the data, a NUL ends the result.', (s) =>
    decodedString(s, 'url'),
  ),
  base64Spec('digest.base64url_nopad_decode', 'Decode unpadded Base64url; invalid characters (and "=") are skipped, a NUL ends the result.', (s) =>
    decodedString(s, 'url_nopad'),
  ),
];

export const DIGEST_FUNCTIONS: FunctionSpec[] = [
  ...HASH_FUNCTIONS,
  ...HMAC_FUNCTIONS,
  ...BASE64_FUNCTIONS,
  {
    name: 'digest.secure_is_equal',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s1', 's2'],
    doc: 'String equality in time independent of where the strings differ (for secrets).',
    impl: (_ctx, a: string | null, b: string | null) => secureIsEqual(text(a), text(b)),
  },
  ...VERIFY_FUNCTIONS,
];
