// `vcl-edge serve --workers N`: a node:cluster primary and N workers on one listening socket, each an
// edge with its own cache. Real processes, sockets and signals.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';
import { projectDir } from './helpers/project-dirs.js';
import { getFresh, startServe, type ServeProcess } from './helpers/serve-process.js';
import { within } from './helpers/ws-client.js';

// Each answer names the worker (server.identity: the host name, then `-w` and the worker's number)
// and whether it came from that worker's cache.
const VCL = `backend F_app { .host = "127.0.0.1"; .port = "9"; }
sub vcl_recv {
  if (req.url ~ "^/cached") { return (lookup); }
  error 900;
}
sub vcl_error { set obj.status = 200; synthetic "hello"; return (deliver); }
sub vcl_deliver { set resp.http.X-Identity = server.identity; }
`;

const children: ChildProcess[] = [];
const origins: TestOrigin[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const o of origins.splice(0)) await o.close();
});
beforeAll(() => ensureBuilt(), 120_000);

function vclFile(text = VCL): string {
  return join(projectDir({ 'main.vcl': text }), 'main.vcl');
}

/** The workers that answered `count` requests, each on a connection of its own. */
async function identities(run: ServeProcess, count: number, path = '/'): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) seen.push(String((await getFresh(`${run.url}${path}`)).headers['x-identity']));
  return seen;
}

describe('serve --workers', () => {
  it('runs two workers that both answer, prints "listening on" once, and exits 0 on SIGTERM', async () => {
    const run = await startServe([vclFile(), '--listen', '127.0.0.1:0', '--workers', '2', '--access-log', 'off'], children);
    expect(run.workerPids()).toHaveLength(2);
    const seen = new Set(await identities(run, 10));
    // Round-robin deals connections in turn: ten of them reach both workers.
    expect([...seen].sort().map((id) => id.replace(/^.*-(w\d+)$/, '$1'))).toEqual(['w1', 'w2']);
    run.child.kill('SIGTERM');
    expect(await within(run.exit, 10_000, 'the primary to exit')).toBe(0);
    expect(run.output().match(/listening on/g)).toHaveLength(1);
  });

  it('gives each worker its own cache, as each Fastly cache node has its own', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('from origin'));
    origins.push(origin);
    const run = await startServe([vclFile(), '--listen', '127.0.0.1:0', '--workers', '2', '--backend', `F_app=http://127.0.0.1:${origin.port}`, '--access-log', 'off'], children);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await getFresh(`${run.url}/cached`));
    const workers = new Set(answers.map((a) => a.headers['x-identity']));
    const misses = answers.filter((a) => a.headers['x-cache'] === 'MISS');
    // One miss per worker that answered: a worker does not see what another cached.
    expect(workers.size).toBe(2);
    expect(misses).toHaveLength(2);
    expect(new Set(misses.map((a) => a.headers['x-identity']))).toEqual(workers);
  });

  it('replaces a worker that dies, and the new one serves', async () => {
    const run = await startServe([vclFile(), '--listen', '127.0.0.1:0', '--workers', '2', '--access-log', 'off'], children);
    const [victim] = run.workerPids();
    const mark = run.mark();
    process.kill(victim!, 'SIGKILL');
    await run.after(mark, new RegExp(`worker ${victim} died \\(SIGKILL\\); starting another`));
    // The new worker (the third forked: w3) takes its share once it listens.
    const deadline = Date.now() + 10_000;
    let seen = new Set<string>();
    while (!seen.has('w3') && Date.now() < deadline) seen = new Set((await identities(run, 4)).map((id) => id.replace(/^.*-/, '')));
    expect(seen.has('w3')).toBe(true);
    expect(run.workerPids()).toHaveLength(2);
    expect(run.workerPids()).not.toContain(victim);
  });

  it('does not crash-loop when a replacement worker cannot load the files as saved; a reload that loads brings it back', async () => {
    const file = vclFile();
    const run = await startServe([file, '--listen', '127.0.0.1:0', '--workers', '2', '--access-log', 'off'], children);
    writeFileSync(file, 'sub vcl_recv {\n'); // a broken save, never reloaded: the workers serve version 1
    const [victim, survivor] = run.workerPids();
    const mark = run.mark();
    process.kill(victim!, 'SIGKILL');
    await run.after(mark, /could not start \(exit code 2\); 1 of 2 workers serve until a reload loads\n/);
    expect(run.output().slice(mark)).toMatch(/main\.vcl\n +1:15 +error/); // the replacement's diagnostics
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // time enough for a loop of forks to show
    expect(run.child.exitCode).toBe(null);
    expect(run.workerPids()).toEqual([survivor]);
    expect(new Set(await identities(run, 4)).size).toBe(1);
    writeFileSync(file, VCL);
    const fixed = run.mark();
    run.child.kill('SIGHUP');
    await run.after(fixed, /reloaded main\.vcl \(version 2\)\n/);
    const deadline = Date.now() + 10_000;
    let seen = new Set<string>();
    while (seen.size < 2 && Date.now() < deadline) seen = new Set(await identities(run, 4));
    expect(seen.size).toBe(2);
    expect(run.workerPids()).toHaveLength(2);
  });

  it('leaves no worker serving when the primary is killed', async () => {
    const run = await startServe([vclFile(), '--listen', '127.0.0.1:0', '--workers', '2', '--access-log', 'off'], children);
    const workers = run.workerPids();
    run.child.kill('SIGKILL');
    // Gone, or a zombie waiting for whoever adopted it to reap it: either way it serves no more.
    const running = (pid: number) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5_000;
    while (workers.some(running) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.filter(running)).toEqual([]);
  });

  it('reports a VCL error before forking any worker, and exits 2', async () => {
    const file = vclFile('sub vcl_recv {\n  set req.http.X = "a"\n  return(pass);\n}\n');
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['dist/bin/vcl-edge.js', 'serve', file, '--listen', '127.0.0.1:0', '--workers', '2'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/main\.vcl\n +2:23 +error/);
    expect(r.stdout).not.toMatch(/listening/);
  });

  it('fails before forking when the admin port is taken: no worker left behind, no worker crash', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['dist/bin/vcl-edge.js', 'serve', vclFile(), '--listen', '127.0.0.1:0', '--workers', '2', '--admin', `127.0.0.1:${port}`]);
      children.push(child);
      const r = { status: null as number | null, stdout: '', stderr: '' };
      child.stdout.on('data', (c: Buffer) => (r.stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (r.stderr += c.toString()));
      // 'close': the pipes closed, so any worker that shared them has exited and said its last.
      r.status = await within(new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code))), 10_000, 'serve to stop');
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/EADDRINUSE/);
      // Workers forked first would find their primary gone: Node's EPIPE stack traces, from each.
      expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(r.stdout).not.toMatch(/listening on/);
    } finally {
      taken.close();
    }
  });

  it('refuses --workers 0 and --demo with more than one worker (usage errors, exit 2)', async () => {
    const { spawnSync } = await import('node:child_process');
    const zero = spawnSync(process.execPath, ['dist/bin/vcl-edge.js', 'serve', vclFile(), '--workers', '0'], { encoding: 'utf8', timeout: 10_000 });
    expect([zero.status, zero.stderr]).toEqual([2, expect.stringMatching(/--workers <n>.*1 or more/)]);
    const demo = spawnSync(process.execPath, ['dist/bin/vcl-edge.js', 'serve', vclFile(), '--demo', '--workers', '2'], { encoding: 'utf8', timeout: 10_000 });
    expect([demo.status, demo.stderr]).toEqual([2, expect.stringMatching(/--demo serves from one process/)]);
  });
});
