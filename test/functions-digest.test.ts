// digest.* hashes, checksums and Base64, held to the examples on Fastly's reference pages
// (https://www.fastly.com/documentation/reference/vcl/functions/cryptographic/<name>/) and to published vectors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import { fromBytes } from '../src/values/bytes.js';
import type { FunctionContext } from '../src/values/function-context.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => {
  const spec = FUNCTION_TABLE.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  return spec.impl(ctx, ...args);
};
/** The VCL string holding these bytes (invalid UTF-8 kept as bytes). */
const bytes = (...values: number[]) => fromBytes(Uint8Array.from(values));

describe('message digests', () => {
  it('hash "123456789" as the reference pages show', () => {
    // digest-hash-sha224, -sha256, -sha384, -sha512 pages
    expect(call('digest.hash_sha224', '123456789')).toBe('9b3e61bf29f17c75572fae2e86e17809a4513d07c8a18152acf34521');
    expect(call('digest.hash_sha256', '123456789')).toBe('15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225');
    expect(call('digest.hash_sha384', '123456789')).toBe(
      'eb455d56d2c1a69de64e832011f3393d45f3fa31d6842f21af92d2fe469c499da5e3179847334a18479c8d1dedea1be3',
    );
    expect(call('digest.hash_sha512', '123456789')).toBe(
      'd9e6762dd1c8eaf6d61b3c6192fc408d4d6d5f1176d0c29169bc24e71c3f274ad27fcd5811b313d681f7e55ec02d73d499c95455b6b5bb503acf574fba8ffe85',
    );
  });

  it('hash "abc" as FIPS 180 and RFC 1321 publish', () => {
    expect(call('digest.hash_md5', 'abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(call('digest.hash_sha1', 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(call('digest.hash_sha256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('treats not set as ""', () => {
    expect(call('digest.hash_sha256', null)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(call('digest.hash_md5', '')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('hashes the bytes a string holds, invalid UTF-8 included', () => {
    // "é" is the two bytes c3 a9; a lone 0xff (as urldecode("%FF") makes) is one byte.
    expect(call('digest.hash_md5', 'é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f'); // MD5 of the bytes c3 a9
    expect(call('digest.hash_sha256', bytes(0xff))).toBe('a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89');
  });
});

describe('*_from_base64', () => {
  it('decode, then hash (reference page examples)', () => {
    expect(call('digest.hash_sha1_from_base64', 'SGVsbG8sIHdvcmxkIQo=')).toBe('09fac8dbfd27bd9b4d23a00eb648aa751789536d');
    expect(call('digest.hash_sha256_from_base64', 'SGVsbG8sIHdvcmxkIQo=')).toBe('d9014c4624844aa5bac314773d6b689ad467fa4e1d1a50a1b8a99d5a95f72ff5');
    expect(call('digest.hash_sha512_from_base64', 'SGVsbG8sIHdvcmxkIQo=')).toBe(
      '09e1e2a84c92b56c8280f4a1203c7cffd61b162cfe987278d4d6be9afbf38c0e8934cdadf83751f4e99d111352bffefc958e5a4852c8a7a29c95742ce59288a8',
    );
    expect(call('digest.hash_xxh32_from_base64', 'YWJj')).toBe('32d153ff');
    expect(call('digest.hash_xxh64_from_base64', 'YWJj')).toBe('44bc2cf5ad770999');
  });

  it('hash binary content whole, NUL bytes included', () => {
    // AAEC is the three bytes 00 01 02: a STRING would stop at the NUL, the hash does not.
    expect(call('digest.hash_sha256_from_base64', 'AAEC')).toBe('ae4b3280e56e2faf83f414a6e3dabe9d5fbe18976544c05fed121accb85b53fc');
    expect(call('digest.hash_sha256_from_base64', 'AAEC')).not.toBe(call('digest.hash_sha256', ''));
  });

  it('decode leniently, as digest.base64_decode does', () => {
    const clean = call('digest.hash_sha1_from_base64', 'SGVsbG8sIHdvcmxkIQo=');
    expect(call('digest.hash_sha1_from_base64', 'SGVs bG8s\nIHdv*cmxkIQo=')).toBe(clean);
    expect(call('digest.hash_sha1_from_base64', 'SGVsbG8sIHdvcmxkIQo=trailing')).toBe(clean);
    expect(call('digest.hash_sha1_from_base64', null)).toBe(call('digest.hash_sha1', ''));
  });
});

describe('CRC-32', () => {
  it('digest.hash_crc32 is CRC-32/BZIP2 (reference page example)', () => {
    expect(call('digest.hash_crc32', '123456789')).toBe('181989fc');
  });

  it('digest.hash_crc32b is the zip CRC-32 (reference page example)', () => {
    expect(call('digest.hash_crc32b', '123456789')).toBe('2639f4cb');
  });

  it('prints the four CRC bytes little-endian, zero-padded', () => {
    expect(call('digest.hash_crc32', '')).toBe('00000000');
    expect(call('digest.hash_crc32b', '')).toBe('00000000');
    // zlib's crc32("a") is 0xe8b7be43
    expect(call('digest.hash_crc32b', 'a')).toBe('43beb7e8');
  });
});

describe('xxHash', () => {
  it('XXH32 and XXH64 of "abc" (reference page examples)', () => {
    expect(call('digest.hash_xxh32', 'abc')).toBe('32d153ff');
    expect(call('digest.hash_xxh64', 'abc')).toBe('44bc2cf5ad770999');
  });

  // Computed with the reference C library (libxxhash 0.8.1, XXH32/XXH64 with seed 0), one case per code
  // path: empty, tail bytes only, 4-byte lanes, one whole stripe, stripes plus every kind of tail.
  const VECTORS: [string, Uint8Array, string, string][] = [
    ['empty', new Uint8Array(), '02cc5d05', 'ef46db3751d8e999'],
    ['a', Buffer.from('a'), '550d7456', 'd24ec4f1a98c6e5b'],
    ['15 digits', Buffer.from('123456789012345'), 'da7b17e8', 'c377d78ade001a3c'],
    ['16 digits', Buffer.from('1234567890123456'), '03bf5152', 'b61c33dc6c59f270'],
    ['fox', Buffer.from('The quick brown fox jumps over the lazy dog'), 'e85ea4de', '0b242d361fda71bc'],
    ['100 letters', Buffer.from('abcdefghijklmnopqrstuvwxyz'.repeat(4).slice(0, 100)), 'cb4f0308', '79c9fa152bb53c71'],
    ['bytes 0..255', Uint8Array.from({ length: 256 }, (_, i) => i), '59441253', '1facbe8406cd904b'],
  ];
  for (const [what, input, h32, h64] of VECTORS) {
    it(`matches the reference implementation: ${what}`, () => {
      expect(call('digest.hash_xxh32', fromBytes(input))).toBe(h32);
      expect(call('digest.hash_xxh64', fromBytes(input))).toBe(h64);
      const base64 = Buffer.from(input).toString('base64');
      expect(call('digest.hash_xxh32_from_base64', base64)).toBe(h32);
      expect(call('digest.hash_xxh64_from_base64', base64)).toBe(h64);
    });
  }
});

describe('Base64', () => {
  const greeting = 'Καλώς ορίσατε';

  it('encodes (reference page examples)', () => {
    expect(call('digest.base64', greeting)).toBe('zprOsc67z47PgiDOv8+Bzq/Pg86xz4TOtQ==');
    expect(call('digest.base64url', greeting)).toBe('zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ==');
    expect(call('digest.base64url_nopad', greeting)).toBe('zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ');
  });

  it('decodes (reference page examples)', () => {
    expect(call('digest.base64_decode', 'zprOsc67z47PgiDOv8+Bzq/Pg86xz4TOtQ==')).toBe(greeting);
    expect(call('digest.base64url_decode', 'zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ==')).toBe(greeting);
    expect(call('digest.base64url_nopad_decode', 'zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ')).toBe(greeting);
    expect(call('digest.base64_decode', 'YWJjZA==')).toBe('abcd');
  });

  it('url_nopad reads "=" as one more invalid character (digest.base64url_nopad_decode page: aGVsbG8=0 is hello4)', () => {
    expect(call('digest.base64url_nopad_decode', 'aGVsbG8=0')).toBe('hello4');
    expect(call('digest.base64url_decode', 'aGVsbG8=0')).toBe('hello');
  });

  it('skips invalid characters, stops at "=" and truncates at NUL', () => {
    expect(call('digest.base64_decode', 'aGVs!bG8=')).toBe('hello');
    expect(call('digest.base64_decode', 'aGk=aGk=')).toBe('hi');
    expect(call('digest.base64_decode', 'YQBi')).toBe('a');
    expect(call('digest.base64_decode', 'aGk')).toBe('hi');
    expect(call('digest.base64_decode', null)).toBe('');
    expect(call('digest.base64_decode', 'a-b_')).toBe(call('digest.base64_decode', 'ab'));
    expect(call('digest.base64url_decode', 'a+b/')).toBe(call('digest.base64url_decode', 'ab'));
  });

  it('keeps decoded bytes that are not UTF-8 as bytes, and encodes them back unchanged', () => {
    const binary = call('digest.base64_decode', '/w==') as string; // the one byte 0xff
    expect(binary).toBe(bytes(0xff));
    expect(call('digest.base64', binary)).toBe('/w==');
    expect(call('digest.base64url_nopad', bytes(0xfb, 0xff))).toBe('-_8');
  });

  it('round-trips every encoder with its decoder (property)', () => {
    const pairs = [
      ['digest.base64', 'digest.base64_decode'],
      ['digest.base64url', 'digest.base64url_decode'],
      ['digest.base64url_nopad', 'digest.base64url_nopad_decode'],
    ];
    const byteStrings = fc.uint8Array({ minLength: 0, maxLength: 64 }).filter((b) => !b.includes(0)).map((b) => fromBytes(b));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')), byteStrings), fc.constantFrom(...pairs), (s, [enc, dec]) => {
        expect(call(dec!, call(enc!, s))).toBe(s);
      }),
    );
  });
});

describe('digest.secure_is_equal', () => {
  it('compares strings', () => {
    expect(call('digest.secure_is_equal', 'secret', 'secret')).toBe(true);
    expect(call('digest.secure_is_equal', 'secret', 'secreT')).toBe(false);
    expect(call('digest.secure_is_equal', 'secret', 'secret2')).toBe(false);
    expect(call('digest.secure_is_equal', null, '')).toBe(true);
  });

  it('compares bytes: a lone byte is not the character U+FFFD', () => {
    expect(call('digest.secure_is_equal', bytes(0xff), '\ufffd')).toBe(false);
    expect(call('digest.secure_is_equal', bytes(0xc3, 0xa9), 'é')).toBe(true);
  });
});
