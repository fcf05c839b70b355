// Which status a request Node's HTTP parser rejected deserves. Node reports an oversize head as one
// error (HPE_HEADER_OVERFLOW) whether the request line or the header fields overflowed, so the
// bytes it was parsing tell them apart: 414 for a target, 431 for header fields.

/** Node's limit on the request line plus header fields, in bytes (name and value bytes count). */
export const MAX_HEAD_BYTES = 60 * 1024;

/** What Node's 'clientError' carries. */
export interface ClientError extends Error {
  code?: string;
  /** The chunk being parsed when the error happened. */
  rawPacket?: Buffer;
  /** Where in rawPacket the parser stopped. */
  bytesParsed?: number;
}

export interface ClientErrorAnswer {
  status: 400 | 408 | 413 | 414 | 431 | 505;
  reason: string;
}

/** Our own code for a request body that stopped arriving (body-timeout.ts). */
export const BODY_TIMEOUT = 'VCL_EDGE_BODY_TIMEOUT';

/** The answer for a parse or timeout error, or null for a transport error (nothing to answer). */
export function answerForClientError(err: ClientError): ClientErrorAnswer | null {
  const code = err.code ?? '';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return { status: 408, reason: 'the request head did not arrive in time' };
  if (code === BODY_TIMEOUT) return { status: 408, reason: 'the request body stopped arriving' };
  if (code === 'HPE_HEADER_OVERFLOW') {
    return overflowedTarget(err.rawPacket, err.bytesParsed)
      ? { status: 414, reason: `the request line is longer than the ${MAX_HEAD_BYTES}-byte head limit` }
      : { status: 431, reason: `the header fields are larger than the ${MAX_HEAD_BYTES}-byte head limit` };
  }
  // An HTTP/2 preface or a request line naming another major version: that version is not served
  // (RFC 9110 §15.6.6); a malformed version, or HTTP/1.x that llhttp does not know, stays a 400.
  if (code === 'HPE_PAUSED_H2_UPGRADE') return { status: 505, reason: 'HTTP/2 is not served here (HTTP/1.1 and 1.0 are)' };
  if (code === 'HPE_INVALID_VERSION' && otherMajorVersion(err.rawPacket)) return { status: 505, reason: 'only HTTP/1.1 and 1.0 are served here' };
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return { status: 413, reason: 'chunk extensions are too large' };
  if (code.startsWith('HPE_')) return { status: 400, reason: `malformed request (${err.message || code})` };
  return null;
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
// A line that starts like `METHOD SP target` is a request line (Node knows only upper-case methods,
// M-SEARCH the longest but a few); one like `name:` is a header field.
const REQUEST_LINE_START = /^[A-Z][A-Z-]{0,19} [^ ]/;
const HEADER_LINE_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:/;
// Bytes a request target may not hold (llhttp's URL rule): seen in the overflowing run, it was a header value.
const NOT_IN_A_TARGET = /[\x00-\x20"<>\\^`{|}\x7f]/;

/**
 * Whether the run of bytes that overflowed the head limit is the request target. The parser stops
 * at the end of the run it was counting: the target ends at a space, a header at CR/LF or `:`. When
 * the run goes on past the chunk, the line it is on tells: the text since the last line break
 * starts a request line or a header field. Only a run that began in an earlier chunk leaves no
 * trace of its line; its bytes then decide (a header value may hold what a target may not).
 */
export function overflowedTarget(chunk: Buffer | undefined, stoppedAt: number | undefined): boolean {
  if (chunk === undefined || chunk.length === 0) return false;
  const end = Math.min(stoppedAt ?? chunk.length, chunk.length);
  const stopByte = end < chunk.length ? chunk[end] : undefined;
  if (stopByte === SPACE) return true;
  if (stopByte === CR || stopByte === LF || stopByte === 0x3a) return false;
  const lineStart = chunk.lastIndexOf(LF, end - 1) + 1;
  const line = chunk.toString('latin1', lineStart, Math.min(end, lineStart + 256));
  if (REQUEST_LINE_START.test(line)) return true;
  if (lineStart > 0 || HEADER_LINE_START.test(line)) return false;
  return !NOT_IN_A_TARGET.test(chunk.toString('latin1', 0, end));
}

/** Whether the request line in `chunk` ends in a well-formed version whose major is not 1 (`HTTP/2.0`, `HTTP/3.0`). */
function otherMajorVersion(chunk: Buffer | undefined): boolean {
  if (chunk === undefined) return false;
  const lineEnd = chunk.indexOf(LF);
  const line = chunk.toString('latin1', 0, lineEnd === -1 ? Math.min(chunk.length, 256) : lineEnd);
  const version = / HTTP\/(\d+)\.\d+\r?$/.exec(line);
  return version !== null && version[1] !== '1';
}
