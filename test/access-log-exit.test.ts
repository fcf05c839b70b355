// The access log of `vcl-edge serve --access-log FILE` keeps every answered request when serve stops:
// lines are batched per turn of the event loop, and a stop (SIGTERM, or a second Ctrl-C that exits at
// once) must not drop the batch nor what the file stream still held. Real process, sockets and file.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { startEdge } from '../src/edge.js';
import { AccessLog } from '../src/server/log-sinks.js';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { projectDir } from './helpers/project-dirs.js';
import { getFresh, startServe, stopAfterEach } from './helpers/serve-process.js';
import { within } from './helpers/ws-client.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { children, closers } = stopAfterEach();
beforeAll(() => ensureBuilt(), 120_000);

/** A VCL passing everything to the origin, and the file its access log goes to. */
function project(originPort: number): { vcl: string; log: string } {
  const dir = projectDir({ 'main.vcl': `backend F_app { .host = "127.0.0.1"; .port = "${originPort}"; }\nsub vcl_recv { return (pass); }\n` });
  return { vcl: join(dir, 'main.vcl'), log: join(dir, 'access.log') };
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

describe('serve --access-log FILE: nothing lost when serve stops', () => {
  // serve exits as soon as close() resolves: by then the lines must have been written out, not be
  // in the batch nor queued in the stream (a file stream's writes finish later, on libuv's thread
  // pool). A stream as slow as a busy disk (each write done 100 ms later) makes the wait visible.
  it('has written every line out when close() resolves', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('ok'));
    closers.push(() => origin.close());
    const { vcl } = project(origin.port);
    let written = '';
    const slowDisk = new Writable({
      write: (chunk: Buffer, _enc, done) => void setTimeout(() => ((written += chunk.toString()), done()), 100),
    });
    const edge = await startEdge({ vcl, port: 0, accessLog: slowDisk });
    const count = 5;
    for (let i = 0; i < count; i++) expect((await getFresh(`${edge.url}/r${i}`)).status).toBe(200);
    await within(edge.close(0), 5_000, 'the edge to close');
    expect(written.split('\n').filter((l) => l !== '')).toHaveLength(count);
  });

  it('stops waiting for a stream that never finishes its write (a stuck pipe)', async () => {
    const stuck = new Writable({ write: () => undefined }); // never calls back
    const log = new AccessLog(stuck);
    log.write({ time: 't', client: '127.0.0.1', method: 'GET', url: '/', state: 'pass', backend: null, status: 200, bytesIn: 0, bytesOut: 0, durationMs: 1 });
    const started = performance.now();
    await within(log.close(100), 2_000, 'close() to give up on the stuck stream');
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('writes the line of every answered request before exiting on SIGTERM', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('ok'));
    closers.push(() => origin.close());
    const { vcl, log } = project(origin.port);
    const run = await startServe([vcl, '--workers', '1', '--listen', '127.0.0.1:0', '--access-log', log], children);
    const count = 40;
    const answers = await Promise.all(Array.from({ length: count }, (_, i) => getFresh(`${run.url}/r${i}`)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    run.child.kill('SIGTERM'); // at once: the last lines may still be in the batch or the file stream
    expect(await within(run.exit, 5_000, 'serve to exit after SIGTERM')).toBe(0);
    const written = lines(log);
    expect(written).toHaveLength(count);
    expect(new Set(written.map((l) => JSON.parse(l).url))).toEqual(new Set(Array.from({ length: count }, (_, i) => `/r${i}`)));
  });

  // process.exit (a second Ctrl-C, an uncaught error) ends the process before the batch's turn
  // comes: the lines held are flushed on exit. The built module, in a process of its own.
  it('flushes the lines held in the batch when the process exits', () => {
    const module = pathToFileURL(join(root, 'dist/src/server/log-sinks.js')).href;
    const script = `const { AccessLog } = await import(${JSON.stringify(module)});
      const log = new AccessLog(process.stdout);
      for (const url of ['/a', '/b']) log.write({ time: 't', client: '127.0.0.1', method: 'GET', url, state: 'pass', backend: null, status: 200, bytesIn: 0, bytesOut: 2, durationMs: 1 });
      process.exit(0);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l).url)).toEqual(['/a', '/b']);
  });
});
