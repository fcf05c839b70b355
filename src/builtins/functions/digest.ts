// digest.*: hashes, HMACs, Base64 and constant-time comparison (node:crypto underneath).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { text, utf8 } from './args.js';
import type { FunctionSpec } from './types.js';

type HashAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

function hashSpec(algorithm: HashAlgorithm): FunctionSpec {
  return {
    name: `digest.hash_${algorithm}`,
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['input'],
    doc: `Lower-case hex ${algorithm.toUpperCase()} of the input.`,
    impl: (_ctx, input: string | null) => createHash(algorithm).update(text(input), 'utf8').digest('hex'),
  };
}

function hmacSpecs(algorithm: HashAlgorithm): FunctionSpec[] {
  const hmac = (key: string | null, message: string | null) => createHmac(algorithm, text(key)).update(text(message), 'utf8');
  return [
    {
      name: `digest.hmac_${algorithm}`,
      returns: 'STRING',
      params: ['STRING', 'STRING'],
      paramNames: ['key', 'message'],
      doc: `HMAC-${algorithm.toUpperCase()} of the message, as lower-case hex.`,
      impl: (_ctx, key: string | null, message: string | null) => hmac(key, message).digest('hex'),
    },
    {
      name: `digest.hmac_${algorithm}_base64`,
      returns: 'STRING',
      params: ['STRING', 'STRING'],
      paramNames: ['key', 'message'],
      doc: `HMAC-${algorithm.toUpperCase()} of the message, Base64-encoded.`,
      impl: (_ctx, key: string | null, message: string | null) => hmac(key, message).digest('base64'),
    },
  ];
}

function base64Spec(name: string, doc: string, encode: (s: string) => string): FunctionSpec {
  return { name, returns: 'STRING', params: ['STRING'], paramNames: ['input'], doc, impl: (_ctx, s: string | null) => encode(text(s)) };
}

export const DIGEST_FUNCTIONS: FunctionSpec[] = [
  ...(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const).map(hashSpec),
  ...(['md5', 'sha1', 'sha256', 'sha512'] as const).flatMap(hmacSpecs),
  base64Spec('digest.base64', 'Base64 (RFC 4648, + / and = padding).', (s) => utf8(s).toString('base64')),
  base64Spec('digest.base64url', 'Base64url (- _ and = padding).', (s) => base64url(s, true)),
  base64Spec('digest.base64url_nopad', 'Base64url without padding.', (s) => base64url(s, false)),
  base64Spec('digest.base64_decode', 'Decode Base64; invalid characters are skipped, "=" ends the data.', (s) =>
    base64Decode(s, STANDARD_ALPHABET, true),
  ),
  base64Spec('digest.base64url_decode', 'Decode Base64url; invalid characters are skipped, "=" ends the data.', (s) =>
    base64Decode(s, URL_ALPHABET, true),
  ),
  base64Spec('digest.base64url_nopad_decode', 'Decode unpadded Base64url; invalid characters are skipped.', (s) =>
    base64Decode(s, URL_ALPHABET, false),
  ),
  {
    name: 'digest.secure_is_equal',
    returns: 'BOOL',
    params: ['STRING', 'STRING'],
    paramNames: ['s1', 's2'],
    doc: 'String equality in time independent of where the strings differ (for secrets).',
    impl: (_ctx, a: string | null, b: string | null) => secureIsEqual(text(a), text(b)),
  },
];

const STANDARD_ALPHABET = /[A-Za-z0-9+/]/;
const URL_ALPHABET = /[A-Za-z0-9\-_]/;

function base64url(s: string, padded: boolean): string {
  const encoded = utf8(s).toString('base64url');
  return padded ? encoded.padEnd(Math.ceil(encoded.length / 4) * 4, '=') : encoded;
}

/**
 * Fastly's lenient decoder: characters outside the alphabet are skipped as if absent; with
 * `stopAtPadding` the first "=" ends the input. The result is a string, so a NUL truncates it.
 */
export function base64Decode(s: string, alphabet: RegExp, stopAtPadding: boolean): string {
  let clean = '';
  for (const ch of s) {
    if (ch === '=' && stopAtPadding) break;
    if (alphabet.test(ch)) clean += ch;
  }
  const bytes = Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const nul = bytes.indexOf(0);
  return (nul < 0 ? bytes : bytes.subarray(0, nul)).toString('utf8');
}

export function secureIsEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  // Compare against itself when lengths differ so the time taken does not depend on the contents.
  return x.length === y.length ? timingSafeEqual(x, y) : !timingSafeEqual(x, x);
}
