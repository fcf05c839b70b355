// digest.hash_*: message digests and non-cryptographic checksums of a string's bytes, as lower-case hex,
// and their *_from_base64 forms, which hash the bytes Base64 text decodes to (NUL bytes included).
import { createHash } from 'node:crypto';
import { toBytes } from '../../values/bytes.js';
import { text } from './args.js';
import { decodeBase64 } from './base64.js';
import { crc32b, crc32Bzip2, littleEndianHex } from './checksums.js';
import type { FunctionSpec } from './types.js';
import { xxh32, xxh64 } from './xxhash.js';

type HashAlgorithm = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** How one family turns bytes into its lower-case hex digest. */
type HexDigest = (bytes: Uint8Array) => string;

const digestOf = (algorithm: HashAlgorithm): HexDigest => (bytes) => createHash(algorithm).update(bytes).digest('hex');

const DIGESTS = {
  md5: digestOf('md5'),
  sha1: digestOf('sha1'),
  sha224: digestOf('sha224'),
  sha256: digestOf('sha256'),
  sha384: digestOf('sha384'),
  sha512: digestOf('sha512'),
  crc32: (bytes) => littleEndianHex(crc32Bzip2(bytes)),
  crc32b: (bytes) => littleEndianHex(crc32b(bytes)),
  xxh32: (bytes) => xxh32(bytes).toString(16).padStart(8, '0'),
  xxh64: (bytes) => xxh64(bytes).toString(16).padStart(16, '0'),
} satisfies Record<string, HexDigest>;

type DigestName = keyof typeof DIGESTS;

const DESCRIPTIONS: Record<DigestName, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
  crc32: 'CRC-32/BZIP2 (not cryptographic; its four bytes little-endian)',
  crc32b: 'CRC-32 as zip computes it (not cryptographic; its four bytes little-endian)',
  xxh32: 'xxHash XXH32 (not cryptographic)',
  xxh64: 'xxHash XXH64 (not cryptographic)',
};

function hashSpec(name: DigestName): FunctionSpec {
  const digest = DIGESTS[name];
  return {
    name: `digest.hash_${name}`,
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: `Lower-case hex ${DESCRIPTIONS[name]} of the string's bytes.`,
    impl: (_ctx, s: string | null) => digest(toBytes(text(s))),
  };
}

function fromBase64Spec(name: DigestName): FunctionSpec {
  const digest = DIGESTS[name];
  return {
    name: `digest.hash_${name}_from_base64`,
    returns: 'STRING',
    params: ['STRING'],
    paramNames: ['s'],
    doc: `Decode Base64 (as digest.base64_decode, but binary kept whole), then the lower-case hex ${DESCRIPTIONS[name]} of those bytes.`,
    impl: (_ctx, s: string | null) => digest(decodeBase64(text(s), 'standard')),
  };
}

export const HASH_FUNCTIONS: FunctionSpec[] = [
  ...(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'crc32', 'crc32b', 'xxh32', 'xxh64'] as const).map(hashSpec),
  ...(['sha1', 'sha256', 'sha512', 'xxh32', 'xxh64'] as const).map(fromBase64Spec),
];
