// The HTTP load generator: wrk (C, epoll, keep-alive) rather than a Node client, so the client is
// never the slower side. Runs one bounded load and reads requests, rate, p99 and errors from its output.
import { execFile } from 'node:child_process';

export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p99Ms: number;
  /** Socket errors (connect, read, write, timeout) plus non-2xx/3xx answers. */
  errors: number;
}

export const WRK_CONNECTIONS = 50;
export const WRK_THREADS = 2;

/** `wrk -t2 -c50 -d<seconds>s --latency url`, ended by a timer if wrk hangs. */
export function runWrk(wrk: string, url: string, seconds: number): Promise<WrkResult> {
  const args = [`-t${WRK_THREADS}`, `-c${WRK_CONNECTIONS}`, `-d${seconds}s`, '--latency', url];
  return new Promise((resolve, reject) => {
    execFile(wrk, args, { timeout: (seconds + 30) * 1000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk ${url}: ${err.message} ${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (parseErr) {
        reject(new Error(`wrk ${url}: ${(parseErr as Error).message}\n${stdout}`));
      }
    });
  });
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1000, m: 60_000 };

/** Reads wrk's text report (it has no machine format without a Lua script). */
export function parseWrk(text: string): WrkResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(text);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(text);
  if (!total || !p99) throw new Error('unexpected wrk output');
  const seconds = (Number(total[2]) * UNIT_MS[total[3]!]!) / 1000;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  return {
    requests: Number(total[1]),
    seconds,
    requestsPerSecond: Number(total[1]) / seconds,
    p99Ms: Number(p99[1]) * UNIT_MS[p99[2]!]!,
    errors: socketErrors + non2xx,
  };
}
