// Base64 as Fastly reads and writes it: the lenient decoder behind digest.base64_decode, which every
// function taking Base64 input (crypto.*, digest.*_from_base64, time_hmac_*, rsa_verify…) decodes "as if by".
import { toBytes } from '../../values/bytes.js';

/** The variants Fastly names (`base64_variant` of rsa_verify/ecdsa_verify; `default` is url_nopad). */
export type Base64Variant = 'standard' | 'url' | 'url_nopad';

const PLUS = 0x2b;
const SLASH = 0x2f;
const MINUS = 0x2d;
const UNDERSCORE = 0x5f;
const EQUALS = 0x3d;

function isAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function inAlphabet(c: number, variant: Base64Variant): boolean {
  if (isAlphanumeric(c)) return true;
  return variant === 'standard' ? c === PLUS || c === SLASH : c === MINUS || c === UNDERSCORE;
}

/**
 * The bytes Base64 text stands for. Characters outside the variant's alphabet are skipped as if absent;
 * in `standard` and `url` the first "=" ends the data, in `url_nopad` "=" is one more skipped character.
 * Binary results (NUL included) are kept whole: callers that make a STRING decide what a NUL does.
 */
export function decodeBase64(s: string, variant: Base64Variant): Buffer {
  let clean = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inAlphabet(c, variant)) continue;
    clean += s.slice(start, i);
    start = i + 1;
    if (c === EQUALS && variant !== 'url_nopad') return Buffer.from(clean, 'base64');
  }
  clean += s.slice(start);
  // Node's decoder reads - and _ as + and /, and ignores a final lone character, as Fastly does.
  return Buffer.from(clean, 'base64');
}

/** Standard Base64 with "=" padding of the string's bytes. */
export function encodeBase64(s: string): string {
  return toBytes(s).toString('base64');
}

/** Base64url of the string's bytes, with or without "=" padding. */
export function encodeBase64url(s: string, padded: boolean): string {
  const encoded = toBytes(s).toString('base64url');
  return padded ? encoded.padEnd(Math.ceil(encoded.length / 4) * 4, '=') : encoded;
}
