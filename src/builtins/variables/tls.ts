// tls.client.*: the client's TLS session. Protocol, cipher, SNI name and certificate are real when the
// listener is TLS (`serve --tls-cert/--tls-key`); the ClientHello fingerprints (JA3, JA4, cipher and
// extension lists) need the raw ClientHello, which Node does not expose: they are not set unless a run
// overrides them. Without TLS every tls.client.* reads as not set, false or 0.
import type { RequestContext } from '../../values/context.js';
import type { ClientCertificate } from '../../values/connection.js';
import type { Value } from '../../values/values.js';
import { at, env, ro, type VariableSpec } from './spec.js';

const TLS = at('recv,hash,deliver,log');
const tls = (c: RequestContext) => c.connection.tls;
const cert = (c: RequestContext) => c.connection.tls?.clientCertificate ?? null;
const NO_HELLO = 'not set: Node does not expose the raw ClientHello; override it to test';

function fingerprint(name: string, doc: string): VariableSpec {
  return env(name, 'STRING', TLS, doc, null, { local: NO_HELLO });
}

function certificate(name: string, type: 'STRING' | 'TIME' | 'BOOL', doc: string, read: (cert: ClientCertificate, c: RequestContext) => Value, whenNone: Value): VariableSpec {
  return ro(`tls.client.certificate.${name}`, type, TLS, doc, (c) => {
    const found = cert(c);
    return found ? read(found, c) : whenNone;
  });
}

export const TLS_VARIABLES: readonly VariableSpec[] = [
  ro('tls.client.protocol', 'STRING', TLS, 'The TLS version of the client connection (TLSv1.3…).', (c) => tls(c)?.protocol ?? null),
  ro('tls.client.cipher', 'STRING', TLS, 'The cipher of the client connection (OpenSSL name).', (c) => tls(c)?.cipher ?? null),
  ro('tls.client.iana_chosen_cipher_id', 'INTEGER', TLS, 'The IANA number of the cipher suite chosen.', (c) => tls(c)?.cipherId ?? 0),
  ro('tls.client.servername', 'STRING', TLS, 'The server name (SNI) the client asked for.', (c) => tls(c)?.servername ?? null),
  ro('tls.client.handshake_sent_bytes', 'INTEGER', TLS, 'Bytes the server sent during the handshake.', (c) => tls(c)?.handshakeSentBytes ?? 0, { local: '0: Node does not count handshake bytes' }),
  fingerprint('tls.client.ja3_md5', 'The JA3 fingerprint of the ClientHello (MD5, hex).'),
  fingerprint('tls.client.ja4', 'The JA4 fingerprint of the ClientHello.'),
  fingerprint('tls.client.ciphers_list', 'The ciphers the client offered, as hex.'),
  fingerprint('tls.client.ciphers_list_sha', 'SHA-1 of tls.client.ciphers_list, base64.'),
  fingerprint('tls.client.ciphers_list_txt', 'The ciphers the client offered, by name.'),
  fingerprint('tls.client.ciphers_sha', 'SHA-1 of the offered ciphers, base64.'),
  fingerprint('tls.client.tlsexts_list', 'The TLS extensions the client sent, as hex.'),
  fingerprint('tls.client.tlsexts_list_sha', 'SHA-1 of tls.client.tlsexts_list, base64.'),
  fingerprint('tls.client.tlsexts_list_txt', 'The TLS extensions the client sent, by name.'),
  fingerprint('tls.client.tlsexts_sha', 'SHA-1 of the sent extensions, base64.'),
  certificate('dn', 'STRING', 'The subject of the client certificate.', (x) => x.subject, null),
  certificate('issuer_dn', 'STRING', 'The issuer of the client certificate.', (x) => x.issuer, null),
  certificate('serial_number', 'STRING', 'The serial number of the client certificate (hex).', (x) => x.serialNumber, null),
  certificate('not_before', 'TIME', 'When the client certificate becomes valid.', (x) => x.notBefore, 0),
  certificate('not_after', 'TIME', 'When the client certificate expires.', (x) => x.notAfter, 0),
  certificate('raw_certificate_b64', 'STRING', 'The client certificate (DER), base64.', (x) => x.rawBase64, null),
  certificate('is_verified', 'BOOL', 'Whether the client certificate was verified.', (x) => x.verified, false),
  certificate('is_cert_expired', 'BOOL', 'Whether the client certificate has expired.', (x, c) => x.notAfter < c.now(), false),
  certificate('is_cert_bad', 'BOOL', 'Whether the client certificate is malformed or failed verification.', (x) => !x.verified, false),
  certificate('is_unknown_ca', 'BOOL', 'Whether the client certificate comes from an unknown CA.', (x) => !x.verified, false),
  certificate('is_cert_revoked', 'BOOL', 'Whether the client certificate was revoked.', () => false, false),
  certificate('is_cert_unknown', 'BOOL', 'Whether the client certificate could not be checked.', () => false, false),
  ro('tls.client.certificate.is_cert_missing', 'BOOL', TLS, 'Whether a TLS client sent no certificate.', (c) => tls(c) !== null && cert(c) === null),
];
