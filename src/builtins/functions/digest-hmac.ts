// digest.hmac_*, digest.time_hmac_* and digest.awsv4_hmac: keyed hashes (RFC 2104) of a string's bytes.
import { createHash, createHmac, type BinaryLike } from 'node:crypto';
import { toBytes } from '../../values/bytes.js';
import type { FunctionContext } from '../../values/function-context.js';
import { int, text } from './args.js';
import { decodeBase64 } from './base64.js';
import type { FunctionSpec } from './types.js';

type HmacAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

const NAMES: Record<HmacAlgorithm, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

const mac = (algorithm: HmacAlgorithm, key: BinaryLike, message: BinaryLike) => createHmac(algorithm, key).update(message).digest();

/** `0x` and lower-case hex: how Fastly prints a hex HMAC (digest.hmac_sha256's reference page). */
const prefixedHex = (digest: Buffer) => `0x${digest.toString('hex')}`;

/** digest.hmac_ALG (0x-hex) and digest.hmac_ALG_base64. An empty or not-set key gives not set, as Fastly documents. */
function hmacSpecs(algorithm: HmacAlgorithm): FunctionSpec[] {
  const keyed = (encode: (digest: Buffer) => string) => (_ctx: FunctionContext, key: string | null, s: string | null) =>
    key ? encode(mac(algorithm, toBytes(key), toBytes(text(s)))) : null;
  return [
    {
      name: `digest.hmac_${algorithm}`,
      returns: 'STRING',
      params: ['STRING', 'STRING'],
      paramNames: ['key', 's'],
      doc: `HMAC-${NAMES[algorithm]} of s under key, as "0x" and lower-case hex; not set when the key is empty or not set.`,
      impl: keyed(prefixedHex),
    },
    {
      name: `digest.hmac_${algorithm}_base64`,
      returns: 'STRING',
      params: ['STRING', 'STRING'],
      paramNames: ['key', 's'],
      doc: `HMAC-${NAMES[algorithm]} of s under key, Base64-encoded; not set when the key is empty or not set.`,
      impl: keyed((digest) => digest.toString('base64')),
    },
  ];
}

/**
 * A time-based password: the HMAC, under the Base64-decoded key, of the number of whole `interval`s since
 * the epoch (at now + offset seconds) as an 8-byte big-endian counter (RFC 6238's moving factor).
 */
function timeHmacSpec(algorithm: HmacAlgorithm): FunctionSpec {
  return {
    name: `digest.time_hmac_${algorithm}`,
    returns: 'STRING',
    params: ['STRING', 'INTEGER', 'INTEGER'],
    paramNames: ['key', 'interval', 'offset'],
    doc: `A time-based one-time password: the ${NAMES[algorithm]} hash (Base64) of the 6-digit RFC 6238 code that HMAC-${NAMES[algorithm]} under the Base64 key gives for now + offset seconds.`,
    local:
      'Fastly documents neither the counter nor the output; as falco does, the 6-digit TOTP code (RFC 4226 truncation of the HMAC of the 8-byte interval count) is hashed and Base64-encoded. An interval below 1 sets fastly.error to EINVAL and gives not set.',
    impl: (ctx, key: string | null, interval: number, offset: number) => {
      if (int(interval) < 1) {
        ctx.fastlyError = 'EINVAL';
        return null;
      }
      const seconds = Math.floor(ctx.now() / 1000) + int(offset);
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt.asUintN(64, BigInt(Math.floor(seconds / int(interval)))));
      const code = totpCode(mac(algorithm, decodeBase64(text(key), 'standard'), counter));
      return createHash(algorithm).update(code).digest('base64');
    },
  };
}

/**
 * RFC 4226 dynamic truncation to six decimal digits, zero-padded. An MD5 HMAC (16 bytes) can point past
 * its end; those bytes count as 0.
 */
function totpCode(hmac: Buffer): string {
  const offset = hmac[hmac.length - 1]! & 0x0f;
  let binary = 0;
  for (let i = 0; i < 4; i++) binary = binary * 256 + (hmac[offset + i] ?? 0);
  return String((binary & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** AWS Signature Version 4: derive the signing key from "AWS4" + key, date, region and service, then sign s. */
function awsv4(key: string, dateStamp: string, region: string, service: string, s: string): string {
  let signingKey: Buffer = toBytes(`AWS4${key}`);
  for (const part of [dateStamp, region, service, 'aws4_request']) signingKey = mac('sha256', signingKey, toBytes(part));
  return mac('sha256', signingKey, toBytes(s)).toString('hex');
}

export const HMAC_FUNCTIONS: FunctionSpec[] = [
  ...(['md5', 'sha1', 'sha256', 'sha512'] as const).flatMap(hmacSpecs),
  {
    name: 'digest.hmac_sha256_with_base64_key',
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['key', 's'],
    doc: 'HMAC-SHA-256 of s under the bytes the Base64 key decodes to, as "0x" and lower-case hex; not set when the key is empty or not set.',
    local: 'Fastly\'s page gives no example; vcl-edge prints the result as digest.hmac_sha256 does ("0x" and hex).',
    impl: (_ctx, key: string | null, s: string | null) =>
      key ? prefixedHex(mac('sha256', decodeBase64(key, 'standard'), toBytes(text(s)))) : null,
  },
  ...(['md5', 'sha1', 'sha256', 'sha512'] as const).map(timeHmacSpec),
  {
    name: 'digest.awsv4_hmac',
    returns: 'STRING',
    params: ['STRING', 'STRING', 'STRING', 'STRING', 'STRING'],
    paramNames: ['key', 'date_stamp', 'region', 'service', 's'],
    doc: 'The AWS Signature Version 4 of s (lower-case hex): the signing key is derived from "AWS4" + key, date_stamp, region and service.',
    impl: (_ctx, key: string | null, dateStamp: string | null, region: string | null, service: string | null, s: string | null) =>
      awsv4(text(key), text(dateStamp), text(region), text(service), text(s)),
  },
];
