// Facts about the client connection and the bytes of a request and its response, as the server knows
// them (client.port, server.port, req.bytes_read, resp.bytes_written, tls.client.*…). The server hands
// them in when it makes the request context; the test API's defaults describe a plain loopback request.
import { byteLength } from './bytes.js';
import type { Headers } from './headers.js';

/** The client's TLS session, when the listener is TLS. */
export interface TlsFacts {
  /** `TLSv1.3` */
  protocol: string;
  /** OpenSSL's name of the cipher (`TLS_AES_128_GCM_SHA256`). */
  cipher: string;
  /** IANA cipher suite number, when known. */
  cipherId: number;
  /** The SNI name the client sent; null when none. */
  servername: string | null;
  /** Bytes the server sent during the handshake, when known (0 otherwise). */
  handshakeSentBytes: number;
  /** The client's certificate, when it sent one. */
  clientCertificate: ClientCertificate | null;
}

export interface ClientCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: number; // ms since the epoch
  notAfter: number;
  /** DER, base64. */
  rawBase64: string;
  /** Whether the listener verified it against its CA list. */
  verified: boolean;
}

export interface ConnectionFacts {
  clientPort: number;
  serverPort: number;
  /** Requests on this client connection so far, this one included. */
  requests: number;
  /** Bytes of the request line and headers as they came from the client. */
  headerBytesRead: number;
  /** Bytes of the request body read so far (the server counts them as they arrive). */
  bodyBytesRead(): number;
  tls: TlsFacts | null;
}

/** Bytes sent to the client (read in vcl_log). */
export interface ResponseBytes {
  header: number;
  body: number;
  /** Whether the whole response went out. */
  completed: boolean;
  /** When the last byte went out (ms since the epoch): time.end in vcl_log. */
  finishedAt: number;
}

/** A loopback HTTP/1.1 connection with nothing read: the test API's default. */
export function plainConnection(overrides: Partial<ConnectionFacts> = {}): ConnectionFacts {
  return { clientPort: 0, serverPort: 0, requests: 1, headerBytesRead: 0, bodyBytesRead: () => 0, tls: null, ...overrides };
}

/**
 * Bytes of a response head as written: the status line, each header line and the blank line. The
 * reason and headers are VCL strings (an "é" goes out as two bytes), not the wire's one char per byte.
 */
export function responseHeadBytes(status: number, statusText: string, headers: Headers, contentLength: number | null): number {
  let bytes = `HTTP/1.1 ${status} \r\n`.length + byteLength(statusText) + 2;
  for (let i = 0; i < headers.size; i++) bytes += byteLength(headers.nameAt(i)) + byteLength(headers.valueAt(i)) + 4;
  if (contentLength !== null && !headers.has('content-length')) bytes += `Content-Length: ${contentLength}\r\n`.length;
  return bytes;
}

/**
 * The test API's connection: a request described without its wire form. Its head is counted as it
 * would be sent, counted once as the request arrives (RequestContext), before VCL changes its headers.
 */
export class DescribedConnection implements ConnectionFacts {
  clientPort = 0;
  serverPort = 0;
  requests = 1;
  tls: TlsFacts | null = null;
  private head: number | null = null;

  constructor(private readonly request: { method: string; url: string; headers: Headers }) {}

  get headerBytesRead(): number {
    return this.head ?? this.countHead();
  }

  /**
   * Count the head as it is now: RequestContext does so as the request arrives, before the edge adds its
   * own headers (Fastly-Client-IP…) and VCL its (X-Timer at `#FASTLY recv`), which the client never sent.
   */
  countHead(): number {
    // As requestHeadBytes counts, without making the [name, value, …] list it takes: counted for every
    // request. These are VCL strings, not the wire's one char per byte: an "é" is two bytes.
    const { method, url, headers } = this.request;
    let bytes = method.length + byteLength(url) + '1.1'.length + 11;
    for (let i = 0; i < headers.size; i++) bytes += headers.nameAt(i).length + byteLength(headers.valueAt(i)) + 4;
    return (this.head = bytes);
  }

  bodyBytesRead(): number {
    return 0;
  }
}

/** Bytes of a request head: the request line, each header line and the blank line that ends them. */
export function requestHeadBytes(method: string, url: string, httpVersion: string, rawHeaders: readonly string[]): number {
  // One char per byte (Node's latin1 wire form): a string's length is its byte count.
  let bytes = method.length + url.length + httpVersion.length + 11;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) bytes += rawHeaders[i]!.length + rawHeaders[i + 1]!.length + 4;
  return bytes;
}

/** What variables read of a declared backend (a subset of the compiled backend's settings). */
export interface BackendSettings {
  name: string;
  host: string;
  port: number;
  ssl: boolean;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  betweenBytesTimeoutMs: number;
}

/** Timeouts VCL set on the backend request, in ms; null = the backend's own. */
export interface BackendTimeouts {
  connect: number | null;
  firstByte: number | null;
  betweenBytes: number | null;
  fetch: number | null;
  maxReuseIdle: number | null;
}

/** The origin connection a backend response came over (beresp.backend.*, req.backend.ip). */
export interface OriginPeer {
  ip: string;
  port: number;
  srcIp: string;
  srcPort: number;
  /** Requests made on this connection so far, this one included. */
  requests: number;
  /** `TLSv1.3` when the connection is TLS, else null. */
  tlsProtocol: string | null;
  /** Time to connect (and complete TLS), ms; 0 when the connection was reused. */
  handshakeMs: number;
}
