// PEM public keys for digest.rsa_verify and digest.ecdsa_verify. A key is nearly always a literal in the
// VCL, so each distinct text is parsed once and kept (in a small, bounded cache).
import { createPublicKey, type KeyObject } from 'node:crypto';

/** `-----BEGIN PUBLIC KEY-----` (SPKI) or `-----BEGIN RSA PUBLIC KEY-----` (PKCS #1), then Base64, then END. */
const PEM = /-----BEGIN (RSA PUBLIC KEY|PUBLIC KEY)-----([A-Za-z0-9+/=\s]*)-----END \1-----/;

const MAX_CACHED = 64;
const cache = new Map<string, KeyObject | null>();

/**
 * The public key a PEM text holds, or null when it holds none. Line breaks inside the Base64 body are
 * optional (a key pasted on one line still reads), as whitespace is in any Base64 body.
 */
export function publicKeyOf(pem: string): KeyObject | null {
  const known = cache.get(pem);
  if (known !== undefined) return known;
  const key = parse(pem);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(pem, key);
  return key;
}

function parse(pem: string): KeyObject | null {
  const match = PEM.exec(pem);
  if (!match) return null;
  const der = Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64');
  try {
    return createPublicKey({ key: der, format: 'der', type: match[1] === 'PUBLIC KEY' ? 'spki' : 'pkcs1' });
  } catch {
    return null;
  }
}
