// What can go wrong talking to an origin, sorted into the handful of cases VCL and the error page
// care about, each with a message that names the backend and the address.
import { describeAddress, type BackendTarget } from './backends.js';

export type OriginErrorKind = 'connect' | 'tls' | 'first-byte-timeout' | 'between-bytes-timeout' | 'protocol';

export class OriginError extends Error {
  override readonly name = 'OriginError';
  constructor(
    readonly kind: OriginErrorKind,
    message: string,
    /** The Node error underneath, when there was one (its `code` is often useful). */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function isOriginError(err: unknown): err is OriginError {
  return err instanceof OriginError;
}

/** How far a connection had got when it failed: decides connect vs tls vs protocol. */
export interface ConnectionProgress {
  tcpConnected: boolean;
  tlsEstablished: boolean;
}

// OpenSSL verification results and Node's own TLS error codes.
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTlsFailure(err: unknown): boolean {
  const code = errorCode(err);
  if (code === undefined) return false;
  return TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

/** Wrap a Node error from an origin exchange in an OriginError of the right kind. */
export function toOriginError(err: unknown, target: BackendTarget, progress: ConnectionProgress): OriginError {
  if (err instanceof OriginError) return err;
  const address = describeAddress(target);
  const backend = `(backend ${target.name})`;
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err);
  if (target.tls && (isTlsFailure(err) || (progress.tcpConnected && !progress.tlsEstablished))) {
    const detail = code !== undefined && !message.includes(code) ? `${message} [${code}]` : message;
    return new OriginError('tls', `TLS handshake with ${address} failed: ${detail} ${backend}`, err);
  }
  if (!progress.tcpConnected) {
    // Node's connect errors already read "connect ECONNREFUSED 127.0.0.1:9"; others need the address.
    const text = message.includes(address) || message.includes(target.host) ? message : `connect to ${address}: ${message}`;
    return new OriginError('connect', `${text} ${backend}`, err);
  }
  const detail = code !== undefined && !message.includes(code) ? `${message} [${code}]` : message;
  return new OriginError('protocol', `${address}: ${detail} ${backend}`, err);
}

/** Whether the origin was never reached: no connection was made (refused, unreachable, connect_timeout). */
export function neverConnected(err: unknown): boolean {
  return err instanceof OriginError && err.kind === 'connect';
}

/** Node's error for a keep-alive socket the origin closed just as we reused it. */
export function isStaleSocketError(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ECONNRESET' || code === 'EPIPE';
}
