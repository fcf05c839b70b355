// crypto.encrypt_* and crypto.decrypt_*: every cipher, mode and padding Fastly documents
// (…/reference/vcl/functions/cryptographic/crypto-decrypt-hex/: the supported-combinations table), held to
// NIST SP 800-38A (CBC, CTR) and GCM test vectors, the reference page's GCM example, and fastly.error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import { compile } from '../src/index.js';
import type { FunctionContext } from '../src/values/function-context.js';

const newContext = (): FunctionContext => ({ headers: () => undefined, now: () => 0, random: () => 0.5 });
const callIn = (ctx: FunctionContext, name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);
const call = (name: string, ...args: unknown[]) => callIn(newContext(), name, ...args);

/** What a call returns and what it leaves in fastly.error. */
function outcome(name: string, ...args: unknown[]) {
  const ctx = newContext();
  return { result: callIn(ctx, name, ...args), error: ctx.fastlyError ?? null };
}

// NIST SP 800-38A, appendix F: four blocks of plaintext, the keys, and the IV / initial counter.
const PLAINTEXT = '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710';
const KEYS = {
  aes128: '2b7e151628aed2a6abf7158809cf4f3c',
  aes192: '8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b',
  aes256: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
};
const CBC_IV = '000102030405060708090a0b0c0d0e0f';
const CTR_COUNTER = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';

describe('CBC (NIST SP 800-38A F.2)', () => {
  const CIPHERTEXTS = {
    aes128: '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7',
    aes192: '4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd',
    aes256: 'f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b',
  };

  for (const cipher of ['aes128', 'aes192', 'aes256'] as const) {
    it(`${cipher} without padding, both ways`, () => {
      expect(call('crypto.encrypt_hex', cipher, 'cbc', 'nopad', KEYS[cipher], CBC_IV, PLAINTEXT)).toBe(CIPHERTEXTS[cipher]);
      expect(call('crypto.decrypt_hex', cipher, 'cbc', 'nopad', KEYS[cipher], CBC_IV, CIPHERTEXTS[cipher])).toBe(PLAINTEXT);
    });
  }

  it('reads hex in either case and writes lower case', () => {
    expect(call('crypto.encrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128.toUpperCase(), CBC_IV, PLAINTEXT.toUpperCase())).toBe(CIPHERTEXTS.aes128);
  });

  it('pkcs7 always adds padding: a whole block when the input is already aligned (RFC 5652 §6.3)', () => {
    const padded = call('crypto.encrypt_hex', 'aes128', 'cbc', 'pkcs7', KEYS.aes128, CBC_IV, PLAINTEXT) as string;
    expect(padded.length).toBe(PLAINTEXT.length + 32);
    expect(padded.startsWith(CIPHERTEXTS.aes128)).toBe(true);
    expect(call('crypto.decrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, padded)).toBe(PLAINTEXT + '10'.repeat(16));
    expect(call('crypto.decrypt_hex', 'aes128', 'cbc', 'pkcs7', KEYS.aes128, CBC_IV, padded)).toBe(PLAINTEXT);
    const short = call('crypto.encrypt_hex', 'aes128', 'cbc', 'pkcs7', KEYS.aes128, CBC_IV, '616263') as string;
    expect(short).toHaveLength(32);
    expect(call('crypto.decrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, short)).toBe('616263' + '0d'.repeat(13));
  });

  it('encrypts an empty plaintext to one block of padding', () => {
    const empty = call('crypto.encrypt_hex', 'aes256', 'cbc', 'pkcs7', KEYS.aes256, CBC_IV, '') as string;
    expect(empty).toHaveLength(32);
    expect(call('crypto.decrypt_hex', 'aes256', 'cbc', 'pkcs7', KEYS.aes256, CBC_IV, empty)).toBe('');
  });
});

describe('CTR (NIST SP 800-38A F.5)', () => {
  it('aes128 and aes256, both ways', () => {
    const ct128 = '874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee';
    const ct256 = '601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6';
    expect(call('crypto.encrypt_hex', 'aes128', 'ctr', 'nopad', KEYS.aes128, CTR_COUNTER, PLAINTEXT)).toBe(ct128);
    expect(call('crypto.decrypt_hex', 'aes128', 'ctr', 'nopad', KEYS.aes128, CTR_COUNTER, ct128)).toBe(PLAINTEXT);
    expect(call('crypto.encrypt_hex', 'aes256', 'ctr', 'nopad', KEYS.aes256, CTR_COUNTER, PLAINTEXT)).toBe(ct256);
  });

  it('takes any length: no padding in a stream mode', () => {
    expect(call('crypto.encrypt_hex', 'aes128', 'ctr', 'nopad', KEYS.aes128, CTR_COUNTER, PLAINTEXT.slice(0, 10))).toBe('874d6191b6');
  });
});

describe('GCM and CCM (the tag follows the ciphertext)', () => {
  it('decrypts the reference page\'s GCM example', () => {
    const key = '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4';
    const iv = '000102030405060708090a0b';
    const ciphertext = '63a00fb1aa0404e84f9d3cb8fead8ec1b41c21e94e6d6f964e020159d955ab5c';
    expect(outcome('crypto.decrypt_hex', 'aes256', 'gcm', 'nopad', key, iv, ciphertext)).toEqual({ result: '6bc1bee22e409f96e93d7e117393172a', error: null });
    expect(call('crypto.encrypt_hex', 'aes256', 'gcm', 'nopad', key, iv, '6bc1bee22e409f96e93d7e117393172a')).toBe(ciphertext);
  });

  it('GCM test case 2 (McGrew and Viega): zero key, IV and block', () => {
    const zeroKey = '00'.repeat(16);
    expect(call('crypto.encrypt_hex', 'aes128', 'gcm', 'nopad', zeroKey, '00'.repeat(12), '00'.repeat(16))).toBe(
      '0388dace60b6a392f328c2b971b2fe78' + 'ab6e47d42cec13bdf53a67b21257bddf',
    );
  });

  it('CCM with a 7-byte nonce and a 12-byte tag (vectors from pyca/cryptography\'s AESCCM)', () => {
    const nonce = '10111213141516';
    expect(call('crypto.encrypt_hex', 'aes128', 'ccm', 'nopad', '404142434445464748494a4b4c4d4e4f', nonce, '202122232425262728292a2b2c2d2e2f')).toBe(
      '7162015bc051951e5918aeaf3c11f3d4061ff82cbf6f247bbbd85109',
    );
    expect(call('crypto.decrypt_base64', 'aes256', 'ccm', 'nopad', KEYS.aes256, nonce, Buffer.from('e083e7255b1fa7f6f0262e6ca9cc1d9e0f6bf1e36aa620bb', 'hex').toString('base64'))).toBe(
      Buffer.from('hello, world').toString('base64'),
    );
  });

  it('a changed byte or a missing tag does not decrypt: EBADDECRYPT', () => {
    const key = KEYS.aes256;
    const iv = '000102030405060708090a0b';
    const tampered = '63a00fb1aa0404e84f9d3cb8fead8ec1b41c21e94e6d6f964e020159d955ab5d';
    expect(outcome('crypto.decrypt_hex', 'aes256', 'gcm', 'nopad', key, iv, tampered)).toEqual({ result: null, error: 'EBADDECRYPT' });
    expect(outcome('crypto.decrypt_hex', 'aes256', 'gcm', 'nopad', key, iv, '63a00fb1')).toEqual({ result: null, error: 'EBADDECRYPT' });
    expect(outcome('crypto.decrypt_hex', 'aes128', 'ccm', 'nopad', key.slice(0, 32), '10111213141516', '7162015bc051951e5918aeaf3c11f3d4061ff82cbf6f247bbbd85108')).toEqual({
      result: null,
      error: 'EBADDECRYPT',
    });
  });
});

describe('Base64 forms', () => {
  it('take and give Base64, decoding leniently', () => {
    const plaintext = Buffer.from(PLAINTEXT, 'hex').toString('base64');
    const ciphertext = call('crypto.encrypt_base64', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, plaintext) as string;
    expect(Buffer.from(ciphertext, 'base64').toString('hex')).toBe(
      '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7',
    );
    expect(call('crypto.decrypt_base64', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, ciphertext)).toBe(plaintext);
    expect(call('crypto.decrypt_base64', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, ` ${ciphertext.slice(0, 10)}\n${ciphertext.slice(10)}`)).toBe(plaintext);
  });

  it('carry binary data, NUL bytes included', () => {
    const binary = Buffer.of(0, 0xff, 0, 1).toString('base64');
    const sealed = call('crypto.encrypt_base64', 'aes256', 'gcm', 'nopad', KEYS.aes256, '00'.repeat(12), binary) as string;
    expect(call('crypto.decrypt_base64', 'aes256', 'gcm', 'nopad', KEYS.aes256, '00'.repeat(12), sealed)).toBe(binary);
  });
});

describe('bad arguments: not set, with fastly.error EINVAL', () => {
  const EINVAL = { result: null, error: 'EINVAL' };

  it('a key or IV of the wrong length for the cipher and mode', () => {
    expect(outcome('crypto.encrypt_hex', 'aes256', 'cbc', 'nopad', KEYS.aes128, CBC_IV, PLAINTEXT)).toEqual(EINVAL);
    expect(outcome('crypto.encrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV.slice(2), PLAINTEXT)).toEqual(EINVAL);
    expect(outcome('crypto.encrypt_hex', 'aes128', 'gcm', 'nopad', KEYS.aes128, CBC_IV, PLAINTEXT)).toEqual(EINVAL); // GCM: 96-bit IV
    expect(outcome('crypto.encrypt_hex', 'aes128', 'ccm', 'nopad', KEYS.aes128, '00'.repeat(12), PLAINTEXT)).toEqual(EINVAL); // CCM: 56-bit
    expect(outcome('crypto.encrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, null, PLAINTEXT)).toEqual(EINVAL); // CBC needs an IV
    expect(outcome('crypto.decrypt_hex', 'aes128', 'ctr', 'nopad', KEYS.aes128, '', PLAINTEXT)).toEqual(EINVAL);
  });

  it('padding other than nopad for ctr, gcm and ccm', () => {
    for (const mode of ['ctr', 'gcm', 'ccm']) {
      const iv = mode === 'ctr' ? CTR_COUNTER : mode === 'gcm' ? '00'.repeat(12) : '00'.repeat(7);
      expect(outcome('crypto.encrypt_hex', 'aes128', mode, 'pkcs7', KEYS.aes128, iv, PLAINTEXT), mode).toEqual(EINVAL);
    }
  });

  it('CBC without padding on data that is not whole blocks', () => {
    expect(outcome('crypto.encrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, '616263')).toEqual(EINVAL);
  });

  it('hex that is not hex, or has a 0x prefix', () => {
    expect(outcome('crypto.encrypt_hex', 'aes128', 'cbc', 'pkcs7', KEYS.aes128, CBC_IV, 'xyz')).toEqual(EINVAL);
    expect(outcome('crypto.encrypt_hex', 'aes128', 'cbc', 'pkcs7', KEYS.aes128, CBC_IV, '616')).toEqual(EINVAL);
    expect(outcome('crypto.encrypt_hex', 'aes128', 'cbc', 'pkcs7', `0x${KEYS.aes128}`, CBC_IV, '61')).toEqual(EINVAL);
  });
});

describe('decryption that fails: not set, with fastly.error EBADDECRYPT', () => {
  it('the wrong key makes bad PKCS #7 padding', () => {
    const sealed = call('crypto.encrypt_hex', 'aes128', 'cbc', 'pkcs7', KEYS.aes128, CBC_IV, '68656c6c6f');
    const wrongKey = 'ffffffffffffffffffffffffffffffff';
    expect(outcome('crypto.decrypt_hex', 'aes128', 'cbc', 'pkcs7', wrongKey, CBC_IV, sealed)).toEqual({ result: null, error: 'EBADDECRYPT' });
  });

  it('CBC ciphertext that is not whole blocks', () => {
    expect(outcome('crypto.decrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, '00'.repeat(15))).toEqual({ result: null, error: 'EBADDECRYPT' });
  });

  it('a later success leaves an earlier fastly.error in place (the fastly.error page: unset it first)', () => {
    const ctx = newContext();
    callIn(ctx, 'crypto.decrypt_hex', 'aes128', 'cbc', 'nopad', KEYS.aes128, CBC_IV, '00');
    expect(callIn(ctx, 'crypto.encrypt_hex', 'aes128', 'ctr', 'nopad', KEYS.aes128, CTR_COUNTER, '6b')).toBe('87'); // F.5.1's first byte
    expect(ctx.fastlyError).toBe('EBADDECRYPT');
  });
});

describe('round trips (property)', () => {
  const COMBINATIONS = [
    ['cbc', 'pkcs7', 16],
    ['ctr', 'nopad', 16],
    ['gcm', 'nopad', 12],
    ['ccm', 'nopad', 7],
  ] as const;

  it('decrypt(encrypt(x)) is x for every cipher, mode and key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('aes128', 'aes192', 'aes256'),
        fc.constantFrom(...COMBINATIONS),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 100 }),
        (cipher, [mode, padding, ivBytes], keyMaterial, ivMaterial, data) => {
          const key = Buffer.from(keyMaterial).toString('hex').slice(0, { aes128: 32, aes192: 48, aes256: 64 }[cipher]);
          const iv = Buffer.from(ivMaterial).toString('hex').slice(0, ivBytes * 2);
          const plaintext = Buffer.from(data).toString('hex');
          const sealed = call('crypto.encrypt_hex', cipher, mode, padding, key, iv, plaintext);
          expect(call('crypto.decrypt_hex', cipher, mode, padding, key, iv, sealed)).toBe(plaintext);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('through VCL', () => {
  const backend = 'backend b { .host = "127.0.0.1"; }\n';

  it('decrypts, and reports a failure in fastly.error (the fastly.error page\'s pattern)', () => {
    const vcl = `${backend}sub vcl_recv {
  set req.http.Plain = crypto.decrypt_hex(aes256, gcm, nopad, "${KEYS.aes256}", "000102030405060708090a0b", req.http.Sealed);
  if (fastly.error == "EBADDECRYPT") {
    set req.http.Result = "wrong key";
  } else {
    set req.http.Result = "ok";
  }
}`;
    const service = compile(vcl);
    const good = service.recv({ headers: { Sealed: '63a00fb1aa0404e84f9d3cb8fead8ec1b41c21e94e6d6f964e020159d955ab5c' } }).req.headers;
    expect([good.get('Plain'), good.get('Result')]).toEqual(['6bc1bee22e409f96e93d7e117393172a', 'ok']);
    const bad = service.recv({ headers: { Sealed: '63a00fb1aa0404e84f9d3cb8fead8ec1b41c21e94e6d6f964e020159d955ab5d' } }).req.headers;
    expect(bad.get('Result')).toBe('wrong key');
  });

  it('rejects at load a cipher, mode or padding Fastly does not offer', () => {
    const load = (args: string) => () => compile(`${backend}sub vcl_recv {\n  set req.http.X = crypto.encrypt_hex(${args}, "", "", "");\n}`);
    expect(load('aes512, cbc, pkcs7')).toThrow('argument 1 of crypto.encrypt_hex must be one of aes128, aes192, aes256, got aes512');
    expect(load('aes128, ecb, pkcs7')).toThrow('argument 2 of crypto.encrypt_hex must be one of cbc, ctr, gcm, ccm, got ecb');
    expect(load('aes128, cbc, zeros')).toThrow('argument 3 of crypto.encrypt_hex must be one of pkcs7, nopad, got zeros');
    expect(load('aes128, cbc, pkcs7')).not.toThrow();
  });
});
