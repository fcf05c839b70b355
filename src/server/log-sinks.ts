// Where VCL `log` statements and the per-request access log go. Fastly ships `log` lines to named
// logging endpoints; locally an endpoint is a file (when configured) or stdout.
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { toBytes } from '../values/bytes.js';

export interface LogSinksOptions {
  /** Endpoint name → file path; lines for these endpoints are appended to the file. */
  files: Map<string, string>;
  /** Everything else (unnamed endpoints, unconfigured names, files that failed to open). */
  stdout: Writable;
  /** Told once per endpoint whose file cannot be written; defaults to a line on stderr. */
  onError?: (endpoint: string, err: Error) => void;
}

export class LogSinks {
  private readonly files: Map<string, string>;
  private readonly stdout: Writable;
  private readonly onError: (endpoint: string, err: Error) => void;
  private readonly open = new Map<string, WriteStream>();
  private readonly failed = new Set<string>();

  constructor({ files, stdout, onError }: LogSinksOptions) {
    this.files = files;
    this.stdout = stdout;
    this.onError =
      onError ?? ((endpoint, err) => process.stderr.write(`vcl-edge: log endpoint ${endpoint}: ${err.message}; logging to stdout instead\n`));
  }

  /**
   * Write `message` (a VCL string) as one line of its bytes, invalid UTF-8 included: line breaks inside
   * it are escaped so a line stays one record.
   */
  write(endpoint: string | null, message: string): void {
    const line = `${message.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}\n`;
    const file = endpoint === null ? undefined : this.fileFor(endpoint);
    (file ?? this.stdout).write(toBytes(line));
  }

  /** Flush and close the files (stdout is left open: it is not ours). */
  async close(): Promise<void> {
    const closing = [...this.open.values()].map(
      (stream) => new Promise<void>((resolve) => {
        if (stream.closed || stream.destroyed) return resolve();
        stream.once('close', () => resolve());
        stream.end();
      }),
    );
    this.open.clear();
    await Promise.all(closing);
  }

  private fileFor(endpoint: string): WriteStream | undefined {
    const path = this.files.get(endpoint);
    if (path === undefined || this.failed.has(endpoint)) return undefined;
    let stream = this.open.get(endpoint);
    if (stream === undefined) {
      // Opened on first use, in append mode so restarts add to the log rather than replace it.
      // Opening synchronously means a bad path is known now and this very line goes to stdout.
      let fd: number;
      try {
        fd = openSync(path, 'a');
      } catch (err) {
        this.giveUp(endpoint, err as Error);
        return undefined;
      }
      stream = createWriteStream(path, { fd });
      stream.on('error', (err) => this.giveUp(endpoint, err));
      this.open.set(endpoint, stream);
    }
    return stream;
  }

  private giveUp(endpoint: string, err: Error): void {
    this.failed.add(endpoint);
    this.open.delete(endpoint);
    this.onError(endpoint, err);
  }
}

export interface AccessLogEntry {
  /** ISO 8601 time the request arrived. */
  time: string;
  client: string;
  method: string;
  url: string;
  /** The VCL return state that decided the response (lookup, pass, pipe, error, …). */
  state: string;
  backend: string | null;
  status: number;
  bytesIn: number;
  bytesOut: number;
  durationMs: number;
  /** True for a WebSocket / pipe tunnel, whose byte counts cover the whole connection. */
  tunnel?: boolean;
}

/** Lines are held this long at most (one turn of the event loop), and this many bytes at most. */
const BATCH_BYTES = 64 * 1024;

/**
 * One JSON object per line, fields in a fixed order so the log is easy to scan and to diff. Lines
 * are built as text (no object, no generic stringify) and written in batches: one write per turn of
 * the event loop, not one per request.
 */
export class AccessLog {
  private pending = '';
  private scheduled = false;
  /** Batches handed to the stream whose write has not completed yet. */
  private unwritten = 0;
  private whenWritten: (() => void) | null = null;

  constructor(private readonly stream: Writable) {}

  write(entry: AccessLogEntry): void {
    if (this.pending === '') holdLinesOf(this);
    this.pending += accessLine(entry);
    if (this.pending.length >= BATCH_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushLater);
    }
  }

  /** Hand the lines held so far to the stream. */
  flush(): void {
    if (this.pending === '') return;
    holdingLines.delete(this);
    const lines = this.pending;
    this.pending = '';
    this.unwritten++;
    this.stream.write(lines, this.batchWritten);
  }

  /**
   * Flush, and resolve once the stream has written out every line (the server calls it on close:
   * serve exits next, and a file stream's writes complete later, off the main thread). A stream
   * that does not finish within `waitMs` (a stuck pipe or disk) is not waited for longer.
   */
  close(waitMs = 5_000): Promise<void> {
    this.flush();
    const stream = this.stream;
    if (this.unwritten === 0 || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        stream.off('close', done);
        this.whenWritten = null;
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.whenWritten = done;
      stream.once('close', done); // a stream that failed and closed will not write the rest
    });
  }

  private readonly flushLater = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Called for each batch, written or failed. */
  private readonly batchWritten = (): void => {
    if (--this.unwritten === 0) this.whenWritten?.();
  };
}

/**
 * Access logs holding lines not yet handed to their stream. When the process exits (process.exit
 * after a second Ctrl-C, an uncaught error) they are flushed: stderr, stdout and serve's
 * `--access-log FILE` write synchronously.
 */
const holdingLines = new Set<AccessLog>();
let exitHooked = false;

function holdLinesOf(log: AccessLog): void {
  holdingLines.add(log);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const held of holdingLines) held.flush();
  });
}

function accessLine(e: AccessLogEntry): string {
  const tunnel = e.tunnel === undefined ? '' : `,"tunnel":${e.tunnel}`;
  return (
    `{"time":${JSON.stringify(e.time)},"client":${JSON.stringify(e.client)},"method":${JSON.stringify(e.method)},"url":${JSON.stringify(e.url)},` +
    `"state":${JSON.stringify(e.state)},"backend":${e.backend === null ? 'null' : JSON.stringify(e.backend)},"status":${jsonNumber(e.status)},` +
    `"bytesIn":${jsonNumber(e.bytesIn)},"bytesOut":${jsonNumber(e.bytesOut)},"durationMs":${jsonNumber(e.durationMs)}${tunnel}}\n`
  );
}

/** As JSON.stringify writes a number (NaN and infinities are null). */
const jsonNumber = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

let isoMs = NaN;
let isoText = '';

/** `new Date(ms).toISOString()`, remembered for the last millisecond asked (many requests share one). */
export function isoTime(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}
