// What the server knows of a request and its connections that VCL can read: ports, bytes read and
// written, the client's TLS session (client.port, req.header_bytes_read, tls.client.*, resp.bytes_written,
// beresp.backend.*). Gathered here so the server's request path only hands them over.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { RequestContext } from '../values/context.js';
import { requestHeadBytes, responseHeadBytes, type BackendTimeouts, type ClientCertificate, type ConnectionFacts, type OriginPeer, type TlsFacts } from '../values/connection.js';
import type { BackendTarget } from './backends.js';

/** Requests seen on each client connection (client.requests) and origin connection (beresp.backend.requests). */
const requestsOn = new WeakMap<Socket, number>();

function countRequest(socket: Socket): number {
  const n = (requestsOn.get(socket) ?? 0) + 1;
  requestsOn.set(socket, n);
  return n;
}

/** IANA numbers of the cipher suites OpenSSL negotiates most (tls.client.iana_chosen_cipher_id). */
const IANA_CIPHERS: Readonly<Record<string, number>> = {
  TLS_AES_128_GCM_SHA256: 0x1301,
  TLS_AES_256_GCM_SHA384: 0x1302,
  TLS_CHACHA20_POLY1305_SHA256: 0x1303,
  'ECDHE-ECDSA-AES128-GCM-SHA256': 0xc02b,
  'ECDHE-RSA-AES128-GCM-SHA256': 0xc02f,
  'ECDHE-ECDSA-AES256-GCM-SHA384': 0xc02c,
  'ECDHE-RSA-AES256-GCM-SHA384': 0xc030,
  'ECDHE-ECDSA-CHACHA20-POLY1305': 0xcca9,
  'ECDHE-RSA-CHACHA20-POLY1305': 0xcca8,
};

function distinguishedName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function clientCertificate(socket: TLSSocket): ClientCertificate | null {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0 || !cert.raw) return null;
  return {
    subject: distinguishedName(cert.subject as unknown as Record<string, string>),
    issuer: distinguishedName(cert.issuer as unknown as Record<string, string>),
    serialNumber: cert.serialNumber ?? '',
    notBefore: Date.parse(cert.valid_from),
    notAfter: Date.parse(cert.valid_to),
    rawBase64: cert.raw.toString('base64'),
    verified: socket.authorized,
  };
}

/** The client's TLS session, or null on a plain connection. */
export function tlsFacts(socket: Socket): TlsFacts | null {
  if (!('encrypted' in socket) || !(socket as TLSSocket).encrypted) return null;
  const tls = socket as TLSSocket;
  const cipher = tls.getCipher();
  const servername = (tls as TLSSocket & { servername?: string | false }).servername;
  return {
    protocol: tls.getProtocol() ?? '',
    cipher: cipher?.name ?? '',
    cipherId: IANA_CIPHERS[cipher?.standardName ?? ''] ?? IANA_CIPHERS[cipher?.name ?? ''] ?? 0,
    servername: typeof servername === 'string' && servername !== '' ? servername : null,
    handshakeSentBytes: 0,
    clientCertificate: clientCertificate(tls),
  };
}

/** The client connection facts of a request (the body count is wired once the body reader exists). */
export function connectionFacts(req: IncomingMessage): Partial<ConnectionFacts> {
  const socket = req.socket;
  return {
    clientPort: socket.remotePort ?? 0,
    serverPort: socket.localPort ?? 0,
    requests: countRequest(socket),
    headerBytesRead: requestHeadBytes(req.method ?? 'GET', req.url ?? '/', req.httpVersion, req.rawHeaders),
    tls: tlsFacts(socket),
  };
}

export { responseHeadBytes };

/** Record what went to the client, for vcl_log (resp.bytes_written, resp.completed, time.end). */
export function recordResponseBytes(ctx: RequestContext, head: number, body: number, completed: boolean): void {
  ctx.responseBytes = { header: head, body, completed, finishedAt: Date.now() };
}

/** `::ffff:127.0.0.1` → `127.0.0.1`, as VCL shows IPv4 peers. */
const plain = (address: string | undefined): string => (address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : (address ?? ''));

/** The origin connection a response came over (beresp.backend.*); `handshakeMs`: 0 on a reused connection. */
export function originPeer(res: IncomingMessage, handshakeMs: number): OriginPeer {
  const socket = res.socket;
  const tls = socket && 'encrypted' in socket && (socket as TLSSocket).encrypted ? ((socket as TLSSocket).getProtocol() ?? null) : null;
  return {
    ip: plain(socket?.remoteAddress),
    port: socket?.remotePort ?? 0,
    srcIp: plain(socket?.localAddress),
    srcPort: socket?.localPort ?? 0,
    requests: socket ? countRequest(socket) : 1,
    tlsProtocol: tls,
    handshakeMs,
  };
}

/** The backend with the timeouts VCL set on bereq (bereq.connect_timeout…) in place of its own. */
export function withVclTimeouts(target: BackendTarget, set: BackendTimeouts): BackendTarget {
  if (set.connect === null && set.firstByte === null && set.betweenBytes === null) return target;
  return {
    ...target,
    connectTimeoutMs: set.connect ?? target.connectTimeoutMs,
    firstByteTimeoutMs: set.firstByte ?? target.firstByteTimeoutMs,
    betweenBytesTimeoutMs: set.betweenBytes ?? target.betweenBytesTimeoutMs,
  };
}
