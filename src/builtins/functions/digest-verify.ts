// digest.rsa_verify and digest.ecdsa_verify: check a Base64 signature of a payload against a PEM public key.
// Anything that cannot verify (a bad key, a signature of the wrong shape, an unknown word) is simply false.
import { verify, type KeyObject } from 'node:crypto';
import { toBytes } from '../../values/bytes.js';
import { text } from './args.js';
import { decodeBase64, type Base64Variant } from './base64.js';
import { publicKeyOf } from './public-keys.js';
import type { FunctionSpec } from './types.js';

/** The hash_method words and the digest each names (rsa_verify's `default` is sha256). */
const HASHES: Readonly<Record<string, string>> = { sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
const RSA_HASHES: Readonly<Record<string, string>> = { ...HASHES, default: 'sha256' };

/** The base64_variant words (`default` is url_nopad). */
const VARIANTS: Readonly<Record<string, Base64Variant>> = { standard: 'standard', url: 'url', url_nopad: 'url_nopad', default: 'url_nopad' };

/** The words each ID parameter accepts, for the docs and the checker. */
export const HASH_WORDS = Object.keys(HASHES);
export const RSA_HASH_WORDS = Object.keys(RSA_HASHES);
export const VARIANT_WORDS = Object.keys(VARIANTS);
export const DIGEST_FORMAT_WORDS = ['der', 'jwt'];

function signatureOf(digest: string | null, variantWord: string | undefined): Buffer | null {
  const variant = VARIANTS[variantWord ?? 'default'];
  return variant ? decodeBase64(text(digest), variant) : null;
}

function verified(hash: string, key: KeyObject, payload: string | null, signature: Buffer, dsaEncoding?: 'der' | 'ieee-p1363'): boolean {
  try {
    return verify(hash, toBytes(text(payload)), dsaEncoding ? { key, dsaEncoding } : key, signature);
  } catch {
    return false; // a signature Node cannot even parse does not verify
  }
}

function rsaVerify(hashWord: string, pem: string | null, payload: string | null, digest: string | null, variantWord?: string): boolean {
  const hash = RSA_HASHES[hashWord];
  const key = publicKeyOf(text(pem));
  const signature = signatureOf(digest, variantWord);
  if (!hash || key?.asymmetricKeyType !== 'rsa' || !signature) return false;
  return verified(hash, key, payload, signature);
}

/** ECDSA on NIST P-256 only; a JWT signature (R || S) only with sha256 (JWA ES256), as Fastly documents. */
function ecdsaVerify(hashWord: string, pem: string | null, payload: string | null, digest: string | null, format: string, variantWord?: string): boolean {
  const hash = HASHES[hashWord];
  const key = publicKeyOf(text(pem));
  const signature = signatureOf(digest, variantWord);
  if (!hash || key?.asymmetricKeyDetails?.namedCurve !== 'prime256v1' || !signature) return false;
  if (format === 'der') return verified(hash, key, payload, signature, 'der');
  if (format === 'jwt') return hash === 'sha256' && signature.length === 64 && verified(hash, key, payload, signature, 'ieee-p1363');
  return false;
}

export const VERIFY_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'digest.rsa_verify',
    returns: 'BOOL',
    params: ['ID', 'STRING', 'STRING', 'STRING', 'ID'],
    optional: 1,
    paramNames: ['hash_method', 'public_key', 'payload', 'digest', 'base64_variant'],
    words: { 0: RSA_HASH_WORDS, 4: VARIANT_WORDS },
    doc: 'True if digest (Base64, url_nopad by default) is the RSA PKCS #1 v1.5 signature of payload under the PEM public_key, with hash_method sha1, sha256 (default), sha384 or sha512.',
    impl: (_ctx, ...args: Parameters<typeof rsaVerify>) => rsaVerify(...args),
  },
  {
    name: 'digest.ecdsa_verify',
    returns: 'BOOL',
    params: ['ID', 'STRING', 'STRING', 'STRING', 'ID', 'ID'],
    optional: 1,
    paramNames: ['hash_method', 'public_key', 'payload', 'digest', 'digest_format', 'base64_variant'],
    words: { 0: HASH_WORDS, 4: DIGEST_FORMAT_WORDS, 5: VARIANT_WORDS },
    doc: 'True if digest (Base64, url_nopad by default) is the ECDSA P-256 signature of payload under the PEM public_key, in der or jwt (R || S, sha256 only) format.',
    impl: (_ctx, ...args: Parameters<typeof ecdsaVerify>) => ecdsaVerify(...args),
  },
];
