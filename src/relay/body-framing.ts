// Finds where a refused (non-101) response ends, so the relay can forward exactly that
// response and then close. HTTP/1.1 framing: no body, Content-Length, chunked, or
// "until the origin closes" (RFC 9112 §6.3).

import type { ResponseHead } from './response-head.js';

/**
 * Tells how many bytes of each chunk still belong to the response.
 * `push` returns the count of bytes of `chunk` that are part of the body; `done` turns true
 * when the body is complete. Bytes past the end are not part of this response.
 */
export interface BodyFraming {
  readonly done: boolean;
  push(chunk: Buffer): number;
}

export function bodyFramingFor(head: ResponseHead, requestMethod: string): BodyFraming {
  const { status, headers } = head;
  if (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    return new FixedLength(0);
  }
  const transferEncoding = headers.get('transfer-encoding');
  if (transferEncoding) {
    const codings = transferEncoding.join(',').toLowerCase().split(',');
    return codings[codings.length - 1]!.trim() === 'chunked' ? new Chunked() : new UntilClose();
  }
  const contentLength = headers.get('content-length');
  if (contentLength) {
    const length = Number(contentLength[0]);
    if (Number.isSafeInteger(length) && length >= 0) return new FixedLength(length);
  }
  return new UntilClose();
}

class FixedLength implements BodyFraming {
  constructor(private remaining: number) {}
  get done(): boolean {
    return this.remaining === 0;
  }
  push(chunk: Buffer): number {
    const take = Math.min(this.remaining, chunk.length);
    this.remaining -= take;
    return take;
  }
}

class UntilClose implements BodyFraming {
  readonly done = false;
  push(chunk: Buffer): number {
    return chunk.length;
  }
}

const CR = 0x0d;
const LF = 0x0a;
/** Chunk-size and trailer lines longer than this are nonsense; treat the body as ending there. */
const MAX_LINE = 8192;

/** Walks chunked framing: size line, data, CRLF, ..., a zero-size chunk, trailers, blank line. */
class Chunked implements BodyFraming {
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private dataLeft = 0;

  get done(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): number {
    let i = 0;
    while (i < chunk.length && this.state !== 'done') {
      if (this.state === 'data') {
        const take = Math.min(this.dataLeft, chunk.length - i);
        i += take;
        this.dataLeft -= take;
        if (this.dataLeft === 0) this.state = 'data-end';
        continue;
      }
      const byte = chunk[i++]!;
      if (byte === CR) continue;
      if (byte !== LF) {
        if (this.line.length >= MAX_LINE) this.state = 'done';
        else this.line += String.fromCharCode(byte);
        continue;
      }
      this.endOfLine();
    }
    return i;
  }

  private endOfLine(): void {
    const line = this.line;
    this.line = '';
    if (this.state === 'data-end') {
      this.state = 'size';
    } else if (this.state === 'size') {
      const size = parseInt(line.split(';', 1)[0]!.trim(), 16);
      if (!Number.isFinite(size) || size < 0) this.state = 'done';
      else if (size === 0) this.state = 'trailer';
      else {
        this.dataLeft = size;
        this.state = 'data';
      }
    } else if (this.state === 'trailer' && line === '') {
      this.state = 'done';
    }
  }
}
