// While `vcl-edge serve --admin` drains after SIGTERM (requests in flight get their grace period),
// /healthz answers 503 "draining", so a balancer stops sending it work: in one process and from a
// cluster's primary alike. The built CLI, real ports and signals.
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';
import { startServe, stopAfterEach } from './helpers/serve-process.js';
import { within } from './helpers/ws-client.js';

const { children, closers } = stopAfterEach();
beforeAll(() => ensureBuilt(), 120_000);

describe('serve --admin: /healthz while draining', () => {
  it.each([['1'], ['2']])('answers 503 draining after SIGTERM while a request is in flight (--workers %s)', async (workers) => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const origin: TestOrigin = await startHttpOrigin((req, res) => (req.url === '/held' ? arrived() : res.end('ok')));
    closers.push(() => origin.close());
    const run = await startServe(
      ['fixtures/main.vcl', '--workers', workers, '--listen', '127.0.0.1:0', '--backend', `F_app=http://127.0.0.1:${origin.port}`, '--admin', '127.0.0.1:0', '--access-log', 'off'],
      children,
    );
    const admin = (await run.after(0, /admin \(\/metrics, \/healthz\) on (http:\/\/\S+)\n/))[1]!;
    expect((await fetch(`${admin}/healthz`)).status).toBe(200);
    const held = http.get(`${run.url}/held`);
    held.on('error', () => undefined);
    await within(reached, 5_000, 'the held request at the origin');
    run.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the grace period is 2 s
    expect(run.child.exitCode).toBeNull();
    const health = await fetch(`${admin}/healthz`);
    expect(health.status).toBe(503);
    expect((await health.text()).split('\n')[0]).toBe('draining');
    held.destroy();
    expect(await within(run.exit, 10_000, 'exit after SIGTERM')).toBe(0);
  });
});
