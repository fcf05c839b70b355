// The shapes the relay speaks in. The caller (the edge server) decides *what* to send;
// the relay only moves bytes and reports what happened.

/** Where the tunnel goes: a VCL backend as resolved by the caller. */
export interface TunnelTarget {
  host: string;
  port: number;
  /** Backend `.ssl = true`: speak TLS to the origin. */
  tls: boolean;
  /** SNI name (`.ssl_sni_hostname`, else `.ssl_cert_hostname`, else host if not an IP). Never sent when it is an IP. */
  servername?: string;
  /** Name the origin certificate must match (`.ssl_cert_hostname`, else servername, else host). */
  certHostname?: string;
  /** Extra CAs (from --ca-file), trusted in addition to Node's public roots (tls.rootCertificates). */
  ca?: (string | Buffer)[];
  /** Bound on TCP connect plus TLS handshake. Default 1000. */
  connectTimeoutMs: number;
  /** Bound on waiting for the origin's response head once the request is sent. Default 15000. */
  firstByteTimeoutMs: number;
}

/**
 * The upgrade request as VCL left it. Sent as HTTP/1.1 with headers verbatim (names, case, order); `url`
 * and header values are one char per byte (latin1), each sent as that byte.
 */
export interface TunnelRequest {
  method: string;
  url: string;
  /** Informational only: the request line always says HTTP/1.1 (upgrades do not exist in HTTP/1.0). */
  httpVersion?: string;
  headers: [string, string][];
}

export type TunnelOutcome = 'upgraded' | 'refused' | 'failed';

/** Reported once, when the origin has answered (or failed to). */
export interface TunnelAccepted {
  /** 101 when upgraded, the origin's status when refused, 502/503 when failed. */
  status: number;
  outcome: TunnelOutcome;
  /** Why it failed, in words an operator can act on. Only for 'failed'. */
  error?: string;
  /** The origin's response head as text (latin1), without the final blank line. Absent when failed before a head. */
  responseHead?: string;
}

export type ClosedBy = 'client' | 'origin' | 'error' | 'shutdown';

/** Reported once, after both sockets are gone. Always follows onAccepted. */
export interface TunnelClosed {
  /** Bytes from the client passed on to the origin after its request head (clientHead included once the origin said 101). */
  bytesFromClient: number;
  /** Bytes written to the client (the origin's response head included, or our error response). */
  bytesToClient: number;
  durationMs: number;
  /** Who ended it first: the side that sent FIN/closed first, 'error' for a socket error, 'shutdown' for destroy()/end(). */
  closedBy: ClosedBy;
  /** The socket error or failure reason, when there was one. */
  error?: string;
}

export interface TunnelHooks {
  onAccepted(accepted: TunnelAccepted): void;
  onClosed(closed: TunnelClosed): void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 1000;
export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 15000;
/** Larger origin response heads are treated as malformed (502). */
export const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
