// Stopping `vcl-edge serve` from the terminal: the first Ctrl-C (SIGINT) drains, giving requests in
// flight their grace period; a second one while it drains stops it at once. Real process and sockets.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';
import { projectDir } from './helpers/project-dirs.js';
import { startServe, stopAfterEach } from './helpers/serve-process.js';
import { within } from './helpers/ws-client.js';

const { children, closers } = stopAfterEach();
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
  const vcl = `backend F_app { .host = "127.0.0.1"; .port = "${originPort}"; .first_byte_timeout = 60s; }\nsub vcl_recv { return (pass); }\n`;
  return join(projectDir({ 'main.vcl': vcl }), 'main.vcl');
}

describe('serve: SIGHUP while starting', () => {
  it('holds a SIGHUP that comes before it listens (it would end the process), and reloads once serving', async () => {
    // --demo prints its line before the edge starts; --admin then loads the metrics modules: the
    // SIGHUP sent on that line comes while the edge starts.
    const args = ['dist/bin/vcl-edge.js', 'serve', passEverything(9), '--demo', '--listen', '127.0.0.1:0', '--admin', '127.0.0.1:0', '--access-log', 'off'];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let hungUp = false;
    const reloaded = new Promise<void>((resolve, reject) => {
      const look = () => {
        if (!hungUp && /demo origin on/.test(out)) {
          hungUp = true;
          child.kill('SIGHUP');
        }
        if (/reloaded main\.vcl \(version 2\)\n/.test(out)) resolve();
      };
      child.stdout!.on('data', (c: Buffer) => ((out += c.toString()), look()));
      child.stderr!.on('data', (c: Buffer) => ((out += c.toString()), look()));
      child.on('exit', (code, signal) => reject(new Error(`serve exited (${signal ?? code}): ${out}`)));
    });
    await within(reloaded, 10_000, 'the held SIGHUP reloading once serving');
    expect(out.match(/listening on/g)).toHaveLength(1);
    expect(child.exitCode).toBe(null);
  });
});

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
    // A reload while draining is not made: the edge stops with the service it served.
    const hungUp = run.mark();
    run.child.kill('SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(run.output().slice(hungUp)).not.toMatch(/reloaded/);
    const mark = run.mark();
    run.child.kill('SIGINT');
    expect(await within(run.exit, 1_500, 'exit after the second SIGINT')).toBe(1);
    expect(run.output().slice(mark)).toMatch(/SIGINT again: stopping now/);
    inFlight.destroy();
  });
});
