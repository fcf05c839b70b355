// digest.hmac_*, digest.hmac_sha256_with_base64_key, digest.time_hmac_* and digest.awsv4_hmac, held to
// Fastly's reference pages (…/reference/vcl/functions/cryptographic/<name>/), RFC 4231 and AWS's SigV4 examples.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import { fromBytes } from '../src/values/bytes.js';
import type { FunctionContext } from '../src/values/function-context.js';

/** A context whose clock reads `nowMs`; fastly.error lands on it. */
const contextAt = (nowMs: number): FunctionContext => ({ headers: () => undefined, now: () => nowMs, random: () => 0.5 });
const callAt = (ctx: FunctionContext, name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);
const call = (name: string, ...args: unknown[]) => callAt(contextAt(0), name, ...args);

describe('HMAC (reference page examples: key "key", input "input")', () => {
  it('hex forms are "0x" and lower-case hex', () => {
    expect(call('digest.hmac_md5', 'key', 'input')).toBe('0x719fc75bae9004d9e842a4b15b828c06');
    expect(call('digest.hmac_sha1', 'key', 'input')).toBe('0x8513bb355076cce2ae5eb9f399ab5cafdba7c8a2');
    expect(call('digest.hmac_sha256', 'key', 'input')).toBe('0x9e089ec13af881a8ac227a736c3e7c490ea3b4afca0c5f83dff6393b683a72e3');
    expect(call('digest.hmac_sha512', 'key', 'input')).toBe(
      '0x03ad77c817f32669cccf38dac915d4e55a16833b1ca685979a9df521a05235978090043c3da402dad365ed39ac05af4864a804451861f4b4df7680834c6d4f95',
    );
  });

  it('Base64 forms', () => {
    expect(call('digest.hmac_md5_base64', 'key', 'input')).toBe('cZ/HW66QBNnoQqSxW4KMBg==');
    expect(call('digest.hmac_sha1_base64', 'key', 'input')).toBe('hRO7NVB2zOKuXrnzmatcr9unyKI=');
    expect(call('digest.hmac_sha256_base64', 'key', 'input')).toBe('ngiewTr4gaisInpzbD58SQ6jtK/KDF+D3/Y5O2g6cuM=');
    expect(call('digest.hmac_sha512_base64', 'key', 'input')).toBe(
      'A613yBfzJmnMzzjayRXU5VoWgzscpoWXmp31IaBSNZeAkAQ8PaQC2tNl7TmsBa9IZKgERRhh9LTfdoCDTG1PlQ==',
    );
  });

  it('"secret-key", "hello world" (digest.hmac_sha256 and _base64 pages, checked there with openssl)', () => {
    expect(call('digest.hmac_sha256', 'secret-key', 'hello world')).toBe('0x095d5a21fe6d0646db223fdf3de6436bb8dfb2fab0b51677ecf6441fcf5f2a67');
    expect(call('digest.hmac_sha256_base64', 'secret-key', 'hello world')).toBe('CV1aIf5tBkbbIj/fPeZDa7jfsvqwtRZ37PZEH89fKmc=');
    expect(call('digest.hmac_sha1_base64', 'secret-key', 'hello world')).toBe('uEsAIHcVJkam2pIc9YEhcFFQqWc=');
  });

  it('RFC 4231 test case 2', () => {
    expect(call('digest.hmac_sha256', 'Jefe', 'what do ya want for nothing?')).toBe(
      '0x5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('an empty or not-set key gives not set (the reference pages say so)', () => {
    for (const name of ['digest.hmac_md5', 'digest.hmac_sha1_base64', 'digest.hmac_sha256', 'digest.hmac_sha512_base64']) {
      expect(call(name, '', 'input'), name).toBeNull();
      expect(call(name, null, 'input'), name).toBeNull();
    }
  });

  it('a not-set message is ""; keys and messages are bytes', () => {
    expect(call('digest.hmac_sha256', 'key', null)).toBe(call('digest.hmac_sha256', 'key', ''));
    const lone = fromBytes(Uint8Array.of(0xff));
    expect(call('digest.hmac_sha256', lone, 'm')).toBe(`0x${createHmac('sha256', Buffer.of(0xff)).update('m').digest('hex')}`);
    expect(call('digest.hmac_sha256', 'k', lone)).not.toBe(call('digest.hmac_sha256', 'k', '\ufffd'));
  });
});

describe('digest.hmac_sha256_with_base64_key', () => {
  it('uses the bytes the Base64 key decodes to', () => {
    // "a2V5" is Base64 for "key": the result is digest.hmac_sha256("key", …).
    expect(call('digest.hmac_sha256_with_base64_key', 'a2V5', 'input')).toBe(call('digest.hmac_sha256', 'key', 'input'));
    // A binary key, NUL byte included (AP8A is 00 ff 00).
    expect(call('digest.hmac_sha256_with_base64_key', 'AP8A', 'input')).toBe(
      `0x${createHmac('sha256', Buffer.of(0, 0xff, 0)).update('input').digest('hex')}`,
    );
  });

  it('is not set for an empty key', () => {
    expect(call('digest.hmac_sha256_with_base64_key', '', 'input')).toBeNull();
    expect(call('digest.hmac_sha256_with_base64_key', null, 'input')).toBeNull();
  });
});

describe('digest.time_hmac_*', () => {
  const key = call('digest.base64', 'secret'); // the reference pages' key
  const at = (seconds: number) => contextAt(seconds * 1000);
  /** The hash (Base64) of the 6-digit TOTP code for the interval count: the construction vcl-edge documents. */
  const expected = (algorithm: string, count: number, secret = 'secret') => {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(count));
    const hmac = createHmac(algorithm, secret).update(counter).digest();
    const offset = hmac[hmac.length - 1]! & 0x0f;
    const word = [0, 1, 2, 3].reduce((n, i) => n * 256 + (hmac[offset + i] ?? 0), 0); // MD5 may point past its 16 bytes
    const code = String((word & 0x7fffffff) % 1_000_000).padStart(6, '0');
    return createHash(algorithm).update(code).digest('base64');
  };

  it('RFC 6238 secret at 59 s, 30 s steps: the codes 287082 (SHA-1), 532013, 247374, 342147 (falco time_hmac tables)', () => {
    const rfcKey = Buffer.from('12345678901234567890').toString('base64');
    const hashOf = (algorithm: string, code: string) => createHash(algorithm).update(code).digest('base64');
    expect(callAt(at(59), 'digest.time_hmac_sha1', rfcKey, 30, 0)).toBe(hashOf('sha1', '287082'));
    expect(callAt(at(59), 'digest.time_hmac_md5', rfcKey, 30, 0)).toBe(hashOf('md5', '532013'));
    expect(callAt(at(59), 'digest.time_hmac_sha256', rfcKey, 30, 0)).toBe(hashOf('sha256', '247374'));
    expect(callAt(at(59), 'digest.time_hmac_sha512', rfcKey, 30, 0)).toBe(hashOf('sha512', '342147'));
  });

  it('hashes the number of whole intervals since the epoch, under the Base64-decoded key', () => {
    // 1700000000 s is interval 28333333 of 60 s
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_sha1', key, 60, 0)).toBe(expected('sha1', 28_333_333));
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_md5', key, 60, 0)).toBe(expected('md5', 28_333_333));
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_sha256', key, 60, 0)).toBe(expected('sha256', 28_333_333));
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_sha512', key, 60, 10)).toBe(expected('sha512', 28_333_333));
  });

  it('stays the same within an interval and changes at its end', () => {
    const start = 28_333_334 * 60; // the first second of an interval
    const password = callAt(at(start), 'digest.time_hmac_sha256', key, 60, 0);
    expect(callAt(at(start + 59.999), 'digest.time_hmac_sha256', key, 60, 0)).toBe(password);
    expect(callAt(at(start - 1), 'digest.time_hmac_sha256', key, 60, 0)).not.toBe(password);
    expect(callAt(at(start + 60), 'digest.time_hmac_sha256', key, 60, 0)).not.toBe(password);
  });

  it('offset shifts the clock by seconds (against clock skew)', () => {
    const start = 28_333_334 * 60;
    expect(callAt(at(start), 'digest.time_hmac_sha1', key, 60, -1)).toBe(callAt(at(start - 1), 'digest.time_hmac_sha1', key, 60, 0));
    expect(callAt(at(start), 'digest.time_hmac_sha1', key, 60, 60)).toBe(expected('sha1', 28_333_335));
  });

  it('takes int64 extremes without failing', () => {
    const max = 9223372036854775807n; // INTEGER's largest value (a bigint: past 2^53)
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_sha256', key, max, 0)).toBe(expected('sha256', 0));
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_sha256', key, 60, -max)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(callAt(at(1_700_000_000), 'digest.time_hmac_sha256', null, 60, 0)).toMatch(/^[A-Za-z0-9+/]{43}=$/); // empty key
  });

  it('an interval below 1 gives not set and EINVAL', () => {
    const ctx = at(1_700_000_000);
    expect(callAt(ctx, 'digest.time_hmac_sha256', key, 0, 0)).toBeNull();
    expect(ctx.fastlyError).toBe('EINVAL');
    expect(callAt(at(0), 'digest.time_hmac_sha256', key, -5, 0)).toBeNull();
  });
});

describe('digest.awsv4_hmac', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

  it('signs as AWS Signature Version 4 (AWS\'s worked example, Signature=5d672d79…)', () => {
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20150830T123600Z',
      '20150830/us-east-1/iam/aws4_request',
      'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
    ].join('\n');
    expect(call('digest.awsv4_hmac', secret, '20150830', 'us-east-1', 'iam', stringToSign)).toBe(
      '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });

  it('runs the reference page example (its key derives AWS\'s published signing key f4780e2d…)', () => {
    const signingKey = Buffer.from('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d', 'hex');
    expect(call('digest.awsv4_hmac', secret, '20120215', 'us-east-1', 'iam', 'hello')).toBe(
      createHmac('sha256', signingKey).update('hello').digest('hex'),
    );
  });
});
