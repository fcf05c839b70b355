import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => {
  const spec = FUNCTION_TABLE.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  return spec.impl(ctx, ...args);
};

describe('hashes (well-known test vectors)', () => {
  it('hex digests of "abc"', () => {
    expect(call('digest.hash_md5', 'abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(call('digest.hash_sha1', 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(call('digest.hash_sha256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(call('digest.hash_sha512', 'abc')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });

  it('treats not set as ""', () => {
    expect(call('digest.hash_sha256', null)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('HMAC (RFC 4231 test case 2)', () => {
  it('hex and base64 forms', () => {
    const hex = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(call('digest.hmac_sha256', 'Jefe', 'what do ya want for nothing?')).toBe(hex);
    expect(call('digest.hmac_sha256_base64', 'Jefe', 'what do ya want for nothing?')).toBe(Buffer.from(hex, 'hex').toString('base64'));
  });
});

describe('Base64', () => {
  const greeting = 'Καλώς ορίσατε';

  it('encodes (Fastly examples)', () => {
    expect(call('digest.base64', greeting)).toBe('zprOsc67z47PgiDOv8+Bzq/Pg86xz4TOtQ==');
    expect(call('digest.base64url', greeting)).toBe('zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ==');
    expect(call('digest.base64url_nopad', greeting)).toBe('zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ');
  });

  it('decodes (Fastly examples)', () => {
    expect(call('digest.base64_decode', 'zprOsc67z47PgiDOv8+Bzq/Pg86xz4TOtQ==')).toBe(greeting);
    expect(call('digest.base64url_decode', 'zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ==')).toBe(greeting);
    expect(call('digest.base64url_nopad_decode', 'zprOsc67z47PgiDOv8-Bzq_Pg86xz4TOtQ')).toBe(greeting);
  });

  it('skips invalid characters, stops at "=" and truncates at NUL', () => {
    expect(call('digest.base64_decode', 'aGVs!bG8=')).toBe('hello');
    expect(call('digest.base64_decode', 'aGk=aGk=')).toBe('hi');
    expect(call('digest.base64_decode', 'YQBi')).toBe('a');
    expect(call('digest.base64_decode', 'aGk')).toBe('hi');
    expect(call('digest.base64_decode', null)).toBe('');
  });

  it('round-trips every encoder with its decoder (property)', () => {
    const pairs = [
      ['digest.base64', 'digest.base64_decode'],
      ['digest.base64url', 'digest.base64url_decode'],
      ['digest.base64url_nopad', 'digest.base64url_nopad_decode'],
    ];
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')), fc.constantFrom(...pairs), (s, [enc, dec]) => {
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
});
