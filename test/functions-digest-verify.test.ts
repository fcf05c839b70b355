// digest.rsa_verify and digest.ecdsa_verify against real signatures: keys made by node:crypto for each test
// run, and RFC 7515's ES256 example. Fastly's reference pages show only placeholder keys.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import { compile } from '../src/index.js';
import type { FunctionContext } from '../src/values/function-context.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);

const pemOf = (key: KeyObject, type: 'spki' | 'pkcs1' = 'spki') => key.export({ type, format: 'pem' }) as string;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });

const payload = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4ifQ';

describe('digest.rsa_verify', () => {
  const signature = (hash: string, message = payload) => sign(hash, Buffer.from(message), rsa.privateKey);

  it('accepts a PKCS #1 v1.5 signature with each hash method', () => {
    for (const hash of ['sha1', 'sha256', 'sha384', 'sha512']) {
      const digest = signature(hash).toString('base64url');
      expect(call('digest.rsa_verify', hash, pemOf(rsa.publicKey), payload, digest), hash).toBe(true);
    }
  });

  it('reads default as sha256, and the signature as url_nopad unless told otherwise', () => {
    const sig = signature('sha256');
    expect(call('digest.rsa_verify', 'default', pemOf(rsa.publicKey), payload, sig.toString('base64url'))).toBe(true);
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), payload, sig.toString('base64url'), 'default')).toBe(true);
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), payload, sig.toString('base64'), 'standard')).toBe(true);
    const url = sig.toString('base64url');
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), payload, url.padEnd(Math.ceil(url.length / 4) * 4, '='), 'url')).toBe(true);
  });

  it('rejects another payload, another hash, a tampered signature', () => {
    const digest = signature('sha256').toString('base64url');
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), `${payload}x`, digest)).toBe(false);
    expect(call('digest.rsa_verify', 'sha512', pemOf(rsa.publicKey), payload, digest)).toBe(false);
    const tampered = Buffer.from(signature('sha256'));
    tampered[10]! ^= 1;
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), payload, tampered.toString('base64url'))).toBe(false);
  });

  it('takes SPKI or PKCS #1 PEM, with or without line breaks', () => {
    const digest = signature('sha256').toString('base64url');
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey, 'pkcs1'), payload, digest)).toBe(true);
    const oneLine = pemOf(rsa.publicKey).replace(/\n/g, '');
    expect(call('digest.rsa_verify', 'sha256', oneLine, payload, digest)).toBe(true);
  });

  it('is false for what is not an RSA key or not a signature', () => {
    const digest = signature('sha256').toString('base64url');
    expect(call('digest.rsa_verify', 'sha256', pemOf(p256.publicKey), payload, digest)).toBe(false);
    expect(call('digest.rsa_verify', 'sha256', '-----BEGIN PUBLIC KEY-----\naabbccddIieEffggHHhEXAMPLEPUBLICKEY\n-----END PUBLIC KEY-----', payload, digest)).toBe(false);
    expect(call('digest.rsa_verify', 'sha256', null, payload, digest)).toBe(false);
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), payload, 'not a signature')).toBe(false);
    expect(call('digest.rsa_verify', 'sha256', pemOf(rsa.publicKey), payload, null)).toBe(false);
  });
});

describe('digest.ecdsa_verify', () => {
  const der = (hash: string, message = payload) => sign(hash, Buffer.from(message), p256.privateKey);
  const jwt = (message = payload) => sign('sha256', Buffer.from(message), { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });

  it('verifies RFC 7515 appendix A.3 (ES256) as a jwt signature', () => {
    // The public key of the appendix's JWK (x f83OJ3D2…, y x_FEzRu9…), as SPKI PEM.
    const key = [
      '-----BEGIN PUBLIC KEY-----',
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7',
      '6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==',
      '-----END PUBLIC KEY-----',
    ].join('\n');
    const signingInput =
      'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ';
    const signature = 'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q';
    expect(call('digest.ecdsa_verify', 'sha256', key, signingInput, signature, 'jwt')).toBe(true);
    expect(call('digest.ecdsa_verify', 'sha256', key, signingInput, signature, 'jwt', 'url_nopad')).toBe(true);
    expect(call('digest.ecdsa_verify', 'sha256', key, `${signingInput}.`, signature, 'jwt')).toBe(false);
  });

  it('verifies DER signatures with each hash method', () => {
    for (const hash of ['sha1', 'sha256', 'sha384', 'sha512']) {
      expect(call('digest.ecdsa_verify', hash, pemOf(p256.publicKey), payload, der(hash).toString('base64url'), 'der'), hash).toBe(true);
    }
    expect(call('digest.ecdsa_verify', 'sha256', pemOf(p256.publicKey), payload, der('sha256').toString('base64'), 'der', 'standard')).toBe(true);
  });

  it('keeps the two formats apart, and jwt to sha256 (JWA ES256 only)', () => {
    const key = pemOf(p256.publicKey);
    expect(call('digest.ecdsa_verify', 'sha256', key, payload, jwt().toString('base64url'), 'jwt')).toBe(true);
    expect(call('digest.ecdsa_verify', 'sha256', key, payload, jwt().toString('base64url'), 'der')).toBe(false);
    expect(call('digest.ecdsa_verify', 'sha256', key, payload, der('sha256').toString('base64url'), 'jwt')).toBe(false);
    const es384 = sign('sha384', Buffer.from(payload), { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });
    expect(call('digest.ecdsa_verify', 'sha384', key, payload, es384.toString('base64url'), 'jwt')).toBe(false);
  });

  it('takes P-256 keys only', () => {
    const other = sign('sha256', Buffer.from(payload), p384.privateKey).toString('base64url');
    expect(call('digest.ecdsa_verify', 'sha256', pemOf(p384.publicKey), payload, other, 'der')).toBe(false);
    expect(call('digest.ecdsa_verify', 'sha256', pemOf(rsa.publicKey), payload, der('sha256').toString('base64url'), 'der')).toBe(false);
  });

  it('is false for garbage', () => {
    expect(call('digest.ecdsa_verify', 'sha256', pemOf(p256.publicKey), payload, '!!!', 'der')).toBe(false);
    expect(call('digest.ecdsa_verify', 'sha256', pemOf(p256.publicKey), payload, null, 'jwt')).toBe(false);
  });
});

describe('through VCL', () => {
  const backend = 'backend b { .host = "127.0.0.1"; }\n';

  it('verifies a header against a key in a long string', () => {
    const digest = sign('sha256', Buffer.from(payload), rsa.privateKey).toString('base64url');
    const vcl = `${backend}sub vcl_recv {
  if (digest.rsa_verify(sha256, {"${pemOf(rsa.publicKey)}"}, req.http.payload, req.http.digest, url_nopad)) {
    set req.http.Verified = "Verified";
  } else {
    set req.http.Verified = "Not Verified";
  }
}`;
    const service = compile(vcl);
    expect(service.recv({ headers: { payload, digest } }).req.headers.get('Verified')).toBe('Verified');
    expect(service.recv({ headers: { payload: 'other', digest } }).req.headers.get('Verified')).toBe('Not Verified');
  });

  it('rejects at load a word the function does not take, naming where', () => {
    const vcl = `${backend}sub vcl_recv {\n  if (digest.ecdsa_verify(sha256, "k", "p", "d", pem)) { set req.http.X = "1"; }\n}`;
    expect(() => compile(vcl)).toThrow('input.vcl:3:50: error: argument 5 of digest.ecdsa_verify must be one of der, jwt, got pem');
  });
});
