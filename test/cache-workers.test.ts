// A purge under `serve --workers 2`: each worker has a cache of its own, and a PURGE that one of them
// answers reaches the other, as a Fastly purge reaches every cache node. Real processes and sockets.
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './helpers/build.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { getFresh, startServe, stopAfterEach } from './helpers/serve-process.js';
import { within } from './helpers/ws-client.js';

const { children, closers } = stopAfterEach();
beforeAll(() => ensureBuilt(), 120_000);

const VCL = `backend F_app { .host = "127.0.0.1"; .port = "9"; }
sub vcl_recv {
#FASTLY recv
  return (lookup);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Identity = server.identity;
}
`;

/** A PURGE on a connection of its own (the cluster deals it to the next worker). */
function purgeFresh(url: string): Promise<number> {
  const purge = new Promise<number>((resolve, reject) => {
    const req = http.request(url, { method: 'PURGE', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
  return within(purge, 10_000, `PURGE ${url}`);
}

describe('serve --workers: purge', () => {
  it('a PURGE answered by one worker empties that URL from every worker', async () => {
    let fetched = 0;
    const origin = await startHttpOrigin((_req, res) => res.writeHead(200, { 'Cache-Control': 'max-age=600' }).end(`copy ${++fetched}`));
    closers.push(() => origin.close());
    const file = join(mkdtempSync(join(tmpdir(), 'vcl-edge-purge-')), 'main.vcl');
    writeFileSync(file, VCL);
    const run = await startServe([file, '--listen', '127.0.0.1:0', '--workers', '2', '--backend', `F_app=http://127.0.0.1:${origin.port}`, '--access-log', 'off'], children);
    const fill = async () => {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await getFresh(`${run.url}/page`));
      return answers;
    };
    expect(new Set((await fill()).map((a) => a.headers['x-identity'])).size).toBe(2);
    expect(fetched).toBe(2); // one copy in each worker's cache
    expect(await purgeFresh(`${run.url}/page`)).toBe(200);
    // The other worker hears of it through the primary: allow the message a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await fill();
    expect(after.filter((a) => a.headers['x-cache'] === 'MISS')).toHaveLength(2);
    expect(fetched).toBe(4);
  }, 60_000);
});
