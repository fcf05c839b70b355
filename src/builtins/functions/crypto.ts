// crypto.*: symmetric AES encryption and decryption. Key and IV are hex; the data is hex (…_hex) or
// Base64 (…_base64) both in and out. A failure sets fastly.error (EINVAL, EBADDECRYPT) and gives not set.
import type { FunctionContext } from '../../values/function-context.js';
import { aesDecrypt, aesEncrypt, CIPHER_WORDS, MODE_WORDS, PADDING_WORDS, type AesCall, type AesResult } from './aes.js';
import { text } from './args.js';
import { decodeBase64 } from './base64.js';
import type { FunctionSpec } from './types.js';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Hex (either case, no 0x) → bytes; null when it is not whole hex bytes. */
function hexBytes(s: string): Buffer | null {
  return HEX.test(s) ? Buffer.from(s, 'hex') : null;
}

interface Codec {
  name: 'hex' | 'base64';
  decode(s: string): Buffer | null;
  encode(bytes: Buffer): string;
}

const CODECS: readonly Codec[] = [
  { name: 'hex', decode: hexBytes, encode: (bytes) => bytes.toString('hex') },
  // Base64 in "as if by digest.base64_decode" (binary kept whole), out as digest.base64 writes it.
  { name: 'base64', decode: (s) => decodeBase64(s, 'standard'), encode: (bytes) => bytes.toString('base64') },
];

type Operation = (call: AesCall, data: Buffer) => AesResult;

function cryptoSpec(direction: 'encrypt' | 'decrypt', codec: Codec): FunctionSpec {
  const operate: Operation = direction === 'encrypt' ? aesEncrypt : aesDecrypt;
  const [input, output] = direction === 'encrypt' ? ['plaintext', 'ciphertext'] : ['ciphertext', 'plaintext'];
  return {
    name: `crypto.${direction}_${codec.name}`,
    returns: 'STRING',
    params: ['ID', 'ID', 'ID', 'STRING', 'STRING', 'STRING'],
    paramNames: ['cipher', 'mode', 'padding', 'key_hex', 'iv_hex', `${input}_${codec.name}`],
    words: { 0: CIPHER_WORDS, 1: MODE_WORDS, 2: PADDING_WORDS },
    doc:
      `AES ${direction}ion (cipher aes128/aes192/aes256; mode cbc with pkcs7 or nopad, or ctr, gcm, ccm with nopad; ` +
      `GCM/CCM tags follow the ciphertext) of ${codec.name} ${input}, giving ${codec.name} ${output}; key and IV in hex. ` +
      `On failure fastly.error is EINVAL or EBADDECRYPT and the result is not set.`,
    impl: (ctx: FunctionContext, cipher: string, mode: string, padding: string, keyHex: string | null, ivHex: string | null, data: string | null) => {
      const key = hexBytes(text(keyHex));
      const iv = hexBytes(text(ivHex));
      const bytes = codec.decode(text(data));
      const result = key && iv && bytes ? operate({ cipher, mode, padding, key, iv }, bytes) : 'EINVAL';
      if (typeof result === 'string') {
        ctx.fastlyError = result;
        return null;
      }
      return codec.encode(result);
    },
  };
}

export const CRYPTO_FUNCTIONS: FunctionSpec[] = (['encrypt', 'decrypt'] as const).flatMap((direction) =>
  CODECS.map((codec) => cryptoSpec(direction, codec)),
);
