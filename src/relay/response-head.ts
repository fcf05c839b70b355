// Reads the origin's response head from a byte stream: collects chunks until the blank
// line, then parses the status line and the few headers the relay needs for framing.
// Anything it cannot make sense of is "malformed", which the tunnel turns into a 502.

import { MAX_RESPONSE_HEAD_BYTES } from './types.js';

export interface ResponseHead {
  status: number;
  /** The head exactly as received, including the final CRLFCRLF. */
  raw: Buffer;
  /** Header names lower-cased; repeated headers keep every value in order. */
  headers: Map<string, string[]>;
}

export type HeadResult =
  | { kind: 'incomplete' }
  | { kind: 'head'; head: ResponseHead; rest: Buffer }
  | { kind: 'malformed'; reason: string };

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;
const INCOMPLETE: HeadResult = { kind: 'incomplete' };

/** Accumulates chunks until a full head is present. One reader per response head. */
export class ResponseHeadReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): HeadResult {
    // Resume the search a few bytes back so a CRLFCRLF split across chunks is found.
    const searchFrom = Math.max(0, this.buffered.length - 3);
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf('\r\n\r\n', searchFrom, 'latin1');
    if (end === -1) {
      if (this.buffered.length > MAX_RESPONSE_HEAD_BYTES) {
        return { kind: 'malformed', reason: `response head larger than ${MAX_RESPONSE_HEAD_BYTES} bytes` };
      }
      return INCOMPLETE;
    }
    if (end + 4 > MAX_RESPONSE_HEAD_BYTES) {
      return { kind: 'malformed', reason: `response head larger than ${MAX_RESPONSE_HEAD_BYTES} bytes` };
    }
    const raw = this.buffered.subarray(0, end + 4);
    const rest = this.buffered.subarray(end + 4);
    this.buffered = Buffer.alloc(0);
    const parsed = parseHead(raw);
    return typeof parsed === 'string' ? { kind: 'malformed', reason: parsed } : { kind: 'head', head: parsed, rest };
  }
}

/** Parses a complete head; returns the reason as a string when it is not valid HTTP/1.x. */
function parseHead(raw: Buffer): ResponseHead | string {
  const lines = raw.toString('latin1', 0, raw.length - 4).split('\r\n');
  const statusLine = STATUS_LINE.exec(lines[0]!);
  // Three digits, but not below 100: status codes start at 1xx (RFC 9110 §15).
  if (!statusLine || statusLine[1]!.startsWith('0')) return `bad status line ${JSON.stringify(lines[0]!.slice(0, 80))}`;
  const headers = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = HEADER_LINE.exec(lines[i]!);
    if (!line) return `bad header line ${JSON.stringify(lines[i]!.slice(0, 80))}`;
    const name = line[1]!.toLowerCase();
    const values = headers.get(name);
    if (values) values.push(line[2]!);
    else headers.set(name, [line[2]!]);
  }
  return { status: Number(statusLine[1]), raw, headers };
}

/** The head as text without its final blank line, for logs and hooks. */
export function headText(head: ResponseHead): string {
  return head.raw.toString('latin1', 0, head.raw.length - 4);
}
