// AES as crypto.encrypt_* and crypto.decrypt_* offer it: the cipher, mode and padding combinations Fastly
// documents, their key, IV and tag sizes, and the errors it reports (EINVAL for a bad argument,
// EBADDECRYPT when the ciphertext does not decrypt). For GCM and CCM the tag follows the ciphertext.
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';

const KEY_BYTES: Readonly<Record<string, number>> = { aes128: 16, aes192: 24, aes256: 32 };

interface ModeRule {
  ivBytes: number;
  /** Authentication tag bytes appended to the ciphertext; 0 for unauthenticated modes. */
  tagBytes: number;
  paddings: readonly string[];
}

/** Fastly's "supported combinations" table (crypto.decrypt_hex reference page). */
const MODES: Readonly<Record<string, ModeRule>> = {
  cbc: { ivBytes: 16, tagBytes: 0, paddings: ['pkcs7', 'nopad'] },
  ctr: { ivBytes: 16, tagBytes: 0, paddings: ['nopad'] },
  gcm: { ivBytes: 12, tagBytes: 16, paddings: ['nopad'] },
  ccm: { ivBytes: 7, tagBytes: 12, paddings: ['nopad'] },
};

export const CIPHER_WORDS = Object.keys(KEY_BYTES);
export const MODE_WORDS = Object.keys(MODES);
export const PADDING_WORDS = ['pkcs7', 'nopad'];

const BLOCK = 16;

export type AesError = 'EINVAL' | 'EBADDECRYPT';
export type AesResult = Buffer | AesError;

export interface AesCall {
  cipher: string;
  mode: string;
  padding: string;
  key: Buffer;
  iv: Buffer;
}

/** The Node cipher name and the mode's rule, or null when the words, key or IV do not fit together. */
function setUp({ cipher, mode, padding, key, iv }: AesCall): { algorithm: string; rule: ModeRule } | null {
  const rule = MODES[mode];
  if (!rule || !rule.paddings.includes(padding) || KEY_BYTES[cipher] !== key.length || iv.length !== rule.ivBytes) return null;
  return { algorithm: `aes-${key.length * 8}-${mode}`, rule };
}

/**
 * GCM and CCM take the same options here (the tag length; no additional data), so one set of Node's
 * typings, the GCM ones, serves both.
 */
const authenticated = (algorithm: string) => algorithm as CipherGCMTypes;

export function aesEncrypt(call: AesCall, plaintext: Buffer): AesResult {
  const setup = setUp(call);
  if (!setup) return 'EINVAL';
  const { algorithm, rule } = setup;
  // Without padding, CBC takes whole blocks only.
  if (call.mode === 'cbc' && call.padding === 'nopad' && plaintext.length % BLOCK !== 0) return 'EINVAL';
  if (rule.tagBytes) {
    const cipher = createCipheriv(authenticated(algorithm), call.key, call.iv, { authTagLength: rule.tagBytes });
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }
  const cipher = createCipheriv(algorithm, call.key, call.iv).setAutoPadding(call.padding === 'pkcs7');
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export function aesDecrypt(call: AesCall, ciphertext: Buffer): AesResult {
  const setup = setUp(call);
  if (!setup) return 'EINVAL';
  const { algorithm, rule } = setup;
  if (call.mode === 'cbc' && ciphertext.length % BLOCK !== 0) return 'EBADDECRYPT';
  if (ciphertext.length < rule.tagBytes) return 'EBADDECRYPT';
  try {
    if (rule.tagBytes) {
      const body = ciphertext.subarray(0, ciphertext.length - rule.tagBytes);
      const decipher = createDecipheriv(authenticated(algorithm), call.key, call.iv, { authTagLength: rule.tagBytes });
      decipher.setAuthTag(ciphertext.subarray(body.length));
      return Buffer.concat([decipher.update(body), decipher.final()]);
    }
    const decipher = createDecipheriv(algorithm, call.key, call.iv).setAutoPadding(call.padding === 'pkcs7');
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return 'EBADDECRYPT'; // wrong key or IV: bad PKCS #7 padding, or a tag that does not authenticate
  }
}
