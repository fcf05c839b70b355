// Hot reload of `vcl-edge serve`: SIGHUP and `--watch` load the VCL again; new requests use it at
// once, a VCL with errors is refused (diagnostics on stderr) and the old one keeps serving, and
// neither requests in flight nor open WebSocket tunnels notice. Real processes, sockets and signals.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';
import { startWsEchoOrigin, type WsEchoOrigin } from './helpers/origins.js';
import { projectDir } from './helpers/project-dirs.js';
import { getFresh, startServe, type ServeProcess, stopAfterEach } from './helpers/serve-process.js';
import { openWs, within } from './helpers/ws-client.js';

/** A service whose answers say which VCL (ANSWER) and which version of it (req.vcl.version) ran. */
const vcl = (answer: string) => `backend F_app { .host = "127.0.0.1"; .port = "9"; }
sub vcl_recv {
  if (req.http.Upgrade ~ "(?i)websocket") { return (upgrade); }
  if (req.url ~ "^/slow") { return (pass); }
  if (req.url ~ "^/cached") { return (lookup); }
  error 900;
}
sub vcl_error { set obj.status = 200; synthetic "${answer}"; return (deliver); }
sub vcl_deliver { set resp.http.X-Answer = "${answer}"; set resp.http.X-Version = "" req.vcl.version; }
`;

const { children, closers } = stopAfterEach();
beforeAll(() => ensureBuilt(), 120_000);

function serviceFile(answer: string): string {
  return join(projectDir({ 'main.vcl': vcl(answer) }), 'main.vcl');
}

async function origin(): Promise<TestOrigin> {
  const o = await startHttpOrigin((req, res) => {
    // /slow answers after 1.5 s: long enough for a reload to happen while it is in flight.
    setTimeout(() => res.end(`origin ${req.url}`), req.url?.startsWith('/slow') ? 1_500 : 0);
  });
  closers.push(() => o.close());
  return o;
}

/** SIGHUP, then the line the reload printed. */
async function hangUp(run: ServeProcess, expected: RegExp): Promise<RegExpExecArray> {
  const mark = run.mark();
  run.child.kill('SIGHUP');
  return run.after(mark, expected);
}

/** What `count` requests, each on a connection of its own (each worker in turn), were answered. */
async function answers(run: ServeProcess, count = 4): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push((await getFresh(`${run.url}/`)).body);
  return [...new Set(out)];
}

describe.each([['1'], ['2']])('serve --workers %s: reload', (workers) => {
  const serve = (file: string, ...more: string[]) => startServe([file, '--listen', '127.0.0.1:0', '--workers', workers, '--access-log', 'off', ...more], children);

  it('reloads on SIGHUP: new requests get the new VCL at once, as the next version', async () => {
    const file = serviceFile('one');
    const run = await serve(file);
    expect(await answers(run)).toEqual(['one']);
    writeFileSync(file, vcl('two'));
    expect((await hangUp(run, /reloaded main\.vcl \(version (\d+)\)\n/))[1]).toBe('2');
    expect(await answers(run)).toEqual(['two']);
    expect((await getFresh(`${run.url}/`)).headers['x-version']).toBe('2');
    writeFileSync(file, vcl('three'));
    expect((await hangUp(run, /reloaded main\.vcl \(version (\d+)\)\n/))[1]).toBe('3');
    expect(await answers(run)).toEqual(['three']);
  });

  it('refuses a VCL with errors, with its diagnostics, and the old one keeps serving', async () => {
    const file = serviceFile('good');
    const run = await serve(file);
    writeFileSync(file, `${vcl('bad')}sub vcl_hash { set req.http.X = ; }\n`);
    const mark = run.mark();
    run.child.kill('SIGHUP');
    await run.after(mark, /reload refused: main\.vcl was not reloaded; version 1 keeps serving\n/);
    // The diagnostics as a failed load prints them: the file, line:col, the message and a code frame.
    expect(run.output().slice(mark)).toMatch(/main\.vcl\n +10:33 +error +.*\n +\|/);
    expect(await answers(run)).toEqual(['good']);
    // Fixed, it loads as version 2 (the refused one never got a number).
    writeFileSync(file, vcl('fixed'));
    await hangUp(run, /reloaded main\.vcl \(version 2\)\n/);
    expect(await answers(run)).toEqual(['fixed']);
  });

  it('reloads when the file changes, with --watch', async () => {
    const file = serviceFile('before');
    const run = await serve(file, '--watch');
    const mark = run.mark();
    writeFileSync(file, vcl('after'));
    await run.after(mark, /reloaded main\.vcl \(version 2\)\n/);
    expect(await answers(run)).toEqual(['after']);
    // A broken save is refused; the next good one loads.
    const broken = run.mark();
    writeFileSync(file, 'sub vcl_recv {');
    await run.after(broken, /reload refused/);
    expect(await answers(run)).toEqual(['after']);
  });

  it('lets a request in flight finish with the VCL it started with', async () => {
    const o = await origin();
    const file = serviceFile('old');
    const run = await serve(file, '--backend', `F_app=http://127.0.0.1:${o.port}`);
    const slow = getFresh(`${run.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the request has reached the origin
    writeFileSync(file, vcl('new'));
    await hangUp(run, /reloaded main\.vcl \(version 2\)\n/);
    expect((await getFresh(`${run.url}/`)).headers['x-answer']).toBe('new');
    const answer = await slow;
    expect([answer.status, answer.body, answer.headers['x-answer'], answer.headers['x-version']]).toEqual([200, 'origin /slow', 'old', '1']);
  });

  it('keeps a WebSocket tunnel open and echoing across three reloads', async () => {
    const ws: WsEchoOrigin = await startWsEchoOrigin();
    closers.push(() => ws.close());
    const file = serviceFile('v1');
    const run = await serve(file, '--backend', `F_app=http://127.0.0.1:${ws.port}`);
    const client = await openWs(`ws://127.0.0.1:${run.port}/chat`);
    closers.push(async () => void client.terminate());
    const echo = (text: string) =>
      within(new Promise<string>((resolve) => {
        client.once('message', (data) => resolve(data.toString()));
        client.send(text);
      }), 5_000, `the echo of ${text}`);
    expect(await echo('before')).toBe('before');
    for (const version of [2, 3, 4]) {
      writeFileSync(file, vcl(`v${version}`));
      await hangUp(run, new RegExp(`reloaded main\\.vcl \\(version ${version}\\)\\n`));
      expect(await echo(`after reload ${version}`)).toBe(`after reload ${version}`);
    }
    expect(await answers(run)).toEqual(['v4']);
    expect(ws.wss.clients.size).toBe(1); // the same tunnel all along
  });
});

describe('serve --workers 1: reload', () => {
  it('keeps the cache across a reload, as a Fastly version activation does', async () => {
    const o = await origin();
    const file = serviceFile('one');
    const run = await startServe([file, '--listen', '127.0.0.1:0', '--workers', '1', '--access-log', 'off', '--backend', `F_app=http://127.0.0.1:${o.port}`], children);
    expect((await getFresh(`${run.url}/cached`)).headers['x-cache']).toBe('MISS');
    writeFileSync(file, vcl('two'));
    await hangUp(run, /reloaded main\.vcl \(version 2\)\n/);
    const after = await getFresh(`${run.url}/cached`);
    expect([after.headers['x-cache'], after.headers['x-answer'], after.body]).toEqual(['HIT', 'two', 'origin /cached']);
  });
});

describe('EdgeServer.replaceService (the library API under a reload)', () => {
  it('restarts health probes for the new service: the old backend is probed no more, the new one is', async () => {
    const { compile } = await import('../src/engine/service.js');
    const { startEdge } = await import('../src/edge.js');
    const probed = [0, 0];
    const healthOrigin = async (i: number) => {
      const o = await startHttpOrigin((req, res) => {
        if (req.url === '/healthz') probed[i]!++;
        res.end('ok');
      });
      closers.push(() => o.close());
      return o;
    };
    const [first, second] = [await healthOrigin(0), await healthOrigin(1)];
    const probedVcl = (port: number) => `backend F_app { .host = "127.0.0.1"; .port = "${port}";
  .probe = { .url = "/healthz"; .interval = 30ms; .timeout = 500ms; .window = 2; .threshold = 1; .initial = 2; }
}
sub vcl_recv { error 900; }
sub vcl_error { set obj.status = 200; synthetic "port ${port} " if(backend.F_app.healthy, "healthy", "sick"); return (deliver); }
`;
    const edge = await startEdge({ vcl: compile(probedVcl(first.port)), port: 0, accessLog: new (await import('node:stream')).PassThrough() });
    closers.push(() => edge.close(0));
    const until = async (what: string, ok: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!ok() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ok(), what).toBe(true);
    };
    await until('the first backend probed', () => probed[0]! >= 2);
    edge.replaceService(compile(probedVcl(second.port)));
    expect(await (await fetch(`${edge.url}/`)).text()).toBe(`port ${second.port} healthy`);
    await until('the second backend probed', () => probed[1]! >= 2);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a probe of the first in flight ends
    const firstAfter = probed[0]!;
    await new Promise((resolve) => setTimeout(resolve, 300)); // ten intervals
    expect(probed[0]).toBe(firstAfter);
    expect(probed[1]).toBeGreaterThan(3);
  });
});
