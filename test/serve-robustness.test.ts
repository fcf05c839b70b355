// What goes wrong in real traffic: clients and origins that leave mid-way, bad headers VCL builds,
// bodies on odd requests, restarts. The server must answer the next request as if nothing happened.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { within } from './helpers/ws-client.js';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T): T => (open.push(x), x);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const LOOKUP = `backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv { if (req.method == "POST") { return(pass); } return(lookup); }`;

async function edge(vcl: string, port: number) {
  return track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${port}` } }));
}

describe('serve: robustness', () => {
  it('a client leaving mid-body does not stall the next request for that URL', async () => {
    let hits = 0;
    const origin = track(
      await startHttpOrigin((_req, res) => {
        hits++;
        res.writeHead(200, { 'Cache-Control': 'max-age=60' });
        // Stream slowly, so the first client can leave in the middle.
        let n = 0;
        const timer = setInterval(() => {
          res.write('x'.repeat(1000));
          if (++n === 10) {
            clearInterval(timer);
            res.end();
          }
        }, 30);
        res.on('close', () => clearInterval(timer));
      }),
    );
    const e = await edge(LOOKUP, origin.port);
    await new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: e.port, path: '/big', agent: false }, (res) => res.once('data', () => (req.destroy(), resolve())));
      req.on('error', () => undefined);
    });
    const next = await within(fetch(`${e.url}/big`).then(async (r) => [r.status, (await r.text()).length]), 5000, 'the next request');
    expect(next).toEqual([200, 10_000]);
    // The fetch belongs to the cache, not to the client that left: it completed and filled it.
    expect(hits).toBe(1);
  });

  it('an origin breaking off mid-body cuts the client short, and the next request is served', async () => {
    let hits = 0;
    const origin = track(
      await startHttpOrigin((req, res) => {
        hits++;
        res.writeHead(200, { 'Cache-Control': 'max-age=60', 'Content-Length': '100000' });
        if (hits === 1) {
          res.write('partial');
          setTimeout(() => req.socket.destroy(), 50);
        } else res.end('x'.repeat(100_000));
      }),
    );
    const e = await edge(LOOKUP, origin.port);
    await expect(fetch(`${e.url}/r`).then((r) => r.text())).rejects.toThrow();
    const next = await within(fetch(`${e.url}/r`).then((r) => r.text()), 5000, 'the next request');
    expect(next).toHaveLength(100_000);
  });

  it('a header value VCL cannot send gives a 503, and the same cache key still works', async () => {
    const origin = track(await startHttpOrigin((_req, res) => res.writeHead(200, { 'Cache-Control': 'max-age=60' }).end('ok')));
    const vcl = `${LOOKUP}\nsub vcl_hash { set req.hash += req.url.path; return(hash); }\nsub vcl_deliver { set resp.http.X-Q = urldecode(req.url.qs); }`;
    const e = await edge(vcl, origin.port);
    expect((await fetch(`${e.url}/p?a%0Ab`)).status).toBe(503);
    const next = await within(fetch(`${e.url}/p?ok`), 5000, 'the next request');
    expect([next.status, await next.text()]).toEqual([200, 'ok']);
  });

  it('passes the body of a POST that carries Upgrade: h2c (curl --http2)', async () => {
    const origin = track(
      await startHttpOrigin((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => res.end(`got ${body} upgrade=${req.headers.upgrade ?? 'none'}`));
      }),
    );
    const e = await edge(LOOKUP, origin.port);
    const answer = await within(
      new Promise<string>((resolve) => {
        const s = net.connect(e.port, '127.0.0.1', () =>
          s.write('POST /form HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: 5\r\n\r\nhello'),
        );
        let text = '';
        s.on('data', (c) => (text += c));
        s.on('close', () => resolve(text));
      }),
      5000,
      'the answer',
    );
    expect(answer).toMatch(/^HTTP\/1.1 200 /);
    expect(answer).toMatch(/got hello upgrade=none$/);
  });

  it('does not promise the origin a body it cannot resend after a restart', async () => {
    const seen: string[] = [];
    const origin = track(
      await startHttpOrigin((req, res) => {
        let n = 0;
        req.on('data', (c) => (n += c.length));
        req.on('end', () => {
          seen.push(`${n}/${req.headers['content-length'] ?? '-'}`);
          res.writeHead(seen.length === 1 ? 500 : 200).end('done');
        });
      }),
    );
    const vcl = `${LOOKUP}\nsub vcl_fetch { if (beresp.status >= 500 && req.restarts == 0) { restart; } }`;
    const e = await edge(vcl, origin.port);
    const res = await within(fetch(`${e.url}/post`, { method: 'POST', body: 'hello' }), 5000, 'the restarted POST');
    expect(res.status).toBe(200);
    expect(seen).toEqual(['5/5', '0/-']);
    expect(e.warnings.join('\n')).toMatch(/not sent again/);
  });

  it('sends synthetic.base64 bytes exactly (a 1x1 GIF)', async () => {
    const gif = 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';
    const vcl = `backend origin { .host = "127.0.0.1"; .port = "1"; }
      sub vcl_recv { error 900; }
      sub vcl_error { set obj.status = 200; set obj.http.Content-Type = "image/gif"; synthetic.base64 "${gif}"; return(deliver); }`;
    const e = await edge(vcl, 9);
    const body = Buffer.from(await (await fetch(`${e.url}/pixel.gif`)).arrayBuffer());
    expect(body.equals(Buffer.from(gif, 'base64'))).toBe(true);
  });

  it('drains a request body nobody read, so the keep-alive connection serves the next request', async () => {
    const vcl = `backend origin { .host = "127.0.0.1"; .port = "1"; }
      sub vcl_recv { if (req.url == "/deny") { error 403; } error 200; }`;
    const e = await edge(vcl, 9);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const request = (path: string, body?: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${e.url}${path}`, { method: body ? 'POST' : 'GET', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await request('/deny', Buffer.alloc(2 * 1024 * 1024))).toBe(403);
    expect(await within(request('/next'), 5000, 'the next request on the connection')).toBe(200);
    agent.destroy();
  });
});
