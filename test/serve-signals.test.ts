// Stopping `vcl-edge serve` from the terminal: the first Ctrl-C (SIGINT) drains, giving requests in
// flight their grace period; a second one while it drains stops it at once. Real process and sockets.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';
import { startServe } from './helpers/serve-process.js';
import { within } from './helpers/ws-client.js';

const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const close of closers.splice(0)) await close();
});
beforeAll(() => ensureBuilt(), 120_000);

/** An origin that holds every request (until closed): a request in flight that will not end by itself. */
async function silentOrigin(): Promise<{ origin: TestOrigin; reached: Promise<void> }> {
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const origin = await startHttpOrigin(() => arrived());
  closers.push(() => origin.close());
  return { origin, reached };
}

function passEverything(originPort: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vcl-edge-signals-')), 'main.vcl');
  writeFileSync(file, `backend F_app { .host = "127.0.0.1"; .port = "${originPort}"; .first_byte_timeout = 60s; }\nsub vcl_recv { return (pass); }\n`);
  return file;
}

describe('serve: stop signals', () => {
  it('drains on the first SIGINT and exits at once on a second one', async () => {
    const { origin, reached } = await silentOrigin();
    const run = await startServe([passEverything(origin.port), '--workers', '1', '--listen', '127.0.0.1:0', '--access-log', 'off'], children);
    const inFlight = http.get(`${run.url}/held`);
    inFlight.on('error', () => undefined);
    await within(reached, 5_000, 'the request at the origin');
    run.child.kill('SIGINT');
    // Still draining: the held request has its grace period (2 s).
    const early = await Promise.race([run.exit, new Promise((resolve) => setTimeout(() => resolve('draining'), 300))]);
    expect(early).toBe('draining');
    const mark = run.mark();
    run.child.kill('SIGINT');
    expect(await within(run.exit, 1_500, 'exit after the second SIGINT')).toBe(1);
    expect(run.output().slice(mark)).toMatch(/SIGINT again: stopping now/);
    inFlight.destroy();
  });
});
