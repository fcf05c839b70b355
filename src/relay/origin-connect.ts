// Opens the connection to the origin: plain TCP, or TLS with SNI, extra CAs and a
// certificate-name check. Bounded by connectTimeoutMs (TCP connect plus handshake).
// Failures come back as a sentence an operator can act on.

import net from 'node:net';
import tls from 'node:tls';
import type { TunnelTarget } from './types.js';

export type OnOriginReady = (failure: string | null) => void;

/**
 * Starts connecting and returns the socket at once, so the caller can destroy it at any
 * moment. `onReady` runs exactly once: null when connected (and, for TLS, verified),
 * or the reason it failed. The socket comes back with an 'error' listener attached.
 */
export function connectOrigin(target: TunnelTarget, onReady: OnOriginReady): net.Socket {
  const socket = target.tls ? connectTls(target) : net.connect(tcpOptions(target));
  const readyEvent = target.tls ? 'secureConnect' : 'connect';
  const where = `${target.host}:${target.port}`;

  const finish = (failure: string | null): void => {
    clearTimeout(timer);
    socket.removeListener(readyEvent, onConnect);
    socket.removeListener('error', onError);
    socket.removeListener('close', onClose);
    onReady(failure);
  };
  const onConnect = (): void => finish(null);
  const onError = (err: Error): void => finish(describeConnectError(err, target));
  // A destroy() from outside while connecting: report it so the caller's state machine moves on.
  const onClose = (): void => finish(`connection to origin ${where} closed while connecting`);
  const timer = setTimeout(
    () => finish(`could not connect to origin ${where} within ${target.connectTimeoutMs} ms`),
    target.connectTimeoutMs,
  );

  socket.on(readyEvent, onConnect);
  socket.on('error', onError);
  socket.on('close', onClose);
  return socket;
}

function tcpOptions(target: TunnelTarget): net.NetConnectOpts {
  // allowHalfOpen: a FIN from the origin must not end our write side (see splice.ts).
  return { host: target.host, port: target.port, allowHalfOpen: true, noDelay: true, keepAlive: true };
}

function connectTls(target: TunnelTarget): tls.TLSSocket {
  const servername = sniName(target);
  const certHostname = target.certHostname ?? servername ?? target.host;
  return tls.connect({
    ...tcpOptions(target),
    servername,
    secureContext: target.ca && target.ca.length > 0 ? contextWithExtraCas(target.ca) : undefined,
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(certHostname, cert),
    ALPNProtocols: ['http/1.1'],
  });
}

/** SNI carries host names only (RFC 6066): an IP address is never sent. */
function sniName(target: TunnelTarget): string | undefined {
  const name = target.servername ?? target.certHostname ?? target.host;
  return net.isIP(name) === 0 && name !== '' ? name : undefined;
}

// Building a context parses ~140 root certificates; do it once per CA list, not per tunnel.
const contexts = new WeakMap<(string | Buffer)[], tls.SecureContext>();

function contextWithExtraCas(extra: (string | Buffer)[]): tls.SecureContext {
  let context = contexts.get(extra);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] });
    contexts.set(extra, context);
  }
  return context;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

/** Turns a socket error into a clear reason, naming certificate problems as such. */
export function describeConnectError(err: Error, target: TunnelTarget): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const where = `${target.host}:${target.port}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const expected = target.certHostname ?? target.servername ?? target.host;
    return `TLS certificate of origin ${where} does not match hostname ${expected}: ${err.message}`;
  }
  if (CERT_CODES.has(code)) {
    return (
      `TLS certificate of origin ${where} is not trusted (${code}: ${err.message}); ` +
      `a self-signed or private-CA origin needs its CA passed with --ca-file`
    );
  }
  if (code === 'ECONNREFUSED') return `connection refused by origin ${where}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `origin host ${target.host} not found (DNS lookup failed)`;
  if (target.tls && /SSL|TLS|handshake|EPROTO/i.test(`${code} ${err.message}`)) {
    return `TLS handshake with origin ${where} failed: ${err.message}`;
  }
  return `could not connect to origin ${where}: ${code ? code + ' ' : ''}${err.message}`;
}
