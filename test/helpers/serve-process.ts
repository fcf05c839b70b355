// `vcl-edge serve` run as a user runs it (the built CLI, real ports, signals), for the workers and
// reload tests: wait for its lines, read its worker processes, stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { within } from './ws-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything it wrote, stdout and stderr together. */
  output(): string;
  /** Where the output ends now: `after(mark, …)` looks only at what comes later. */
  mark(): number;
  /** Wait (at most `ms`) for `pattern` in what was written after `mark`. */
  after(mark: number, pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
  /** Its worker processes' ids (none with `--workers 1`). */
  workerPids(): number[];
}

export async function startServe(args: string[], track: ChildProcess[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [`${root}dist/bin/vcl-edge.js`, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  track.push(child);
  let out = '';
  const waiters = new Set<() => void>();
  const grew = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', grew);
  child.stderr!.on('data', grew);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const after = (mark: number, pattern: RegExp, ms = 10_000) =>
    within(
      new Promise<RegExpExecArray>((resolve) => {
        const look = () => {
          const m = pattern.exec(out.slice(mark));
          if (m) {
            waiters.delete(look);
            resolve(m);
          }
        };
        waiters.add(look);
        look();
      }),
      ms,
      `${pattern} from vcl-edge serve (output: ${out})`,
    );
  const url = (await after(0, /listening on (http:\/\/\S+)\n/))[1]!;
  return {
    child,
    url,
    port: Number(new URL(url).port),
    output: () => out,
    mark: () => out.length,
    after,
    exit,
    workerPids: () => childPids(child.pid!),
  };
}

/** The processes `pid` started (Linux's /proc: its main thread's children). */
export function childPids(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(/\s+/).map(Number);
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a connection of its own (so that a cluster deals it to the next worker). */
export function getFresh(url: string, ms = 10_000): Promise<Answer> {
  return within(
    new Promise<Answer>((resolve, reject) => {
      http
        .get(url, { agent: false }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          res.on('error', reject);
        })
        .on('error', reject);
    }),
    ms,
    `GET ${url}`,
  );
}

/**
 * What a test file starts and must stop: child processes (SIGKILLed after each test if still running)
 * and closers (origins, edges), run after each test in order.
 */
export function stopAfterEach(): { children: ChildProcess[]; closers: (() => Promise<void>)[] } {
  const children: ChildProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const close of closers.splice(0)) await close();
  });
  return { children, closers };
}
