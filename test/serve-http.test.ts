// The ordinary request flow through a real edge server: pass, lookup (cache), error, and failures.
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEdge, WS_VCL } from './helpers/edge.js';
import { startHttpOrigin, startHttpsOrigin } from './helpers/http-origins.js';
import { startWsEchoOrigin } from './helpers/origins.js';
import { makeTestCa } from './helpers/tls.js';
import { eventually, nextMessage, openWs, refusedWs } from './helpers/ws-client.js';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T): T => (open.push(x), x);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const CACHE_VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  if (req.method != "HEAD" && req.method != "GET") { return(pass); }
  return(lookup);
}
sub vcl_fetch {
#FASTLY fetch
  if (beresp.http.Set-Cookie) { return(pass); }
  return(deliver);
}
`;

async function edgeFor(vcl: string, port: number, extra: { caFiles?: string[]; scheme?: string } = {}) {
  return track(await startTestEdge(vcl, { backends: { origin: `${extra.scheme ?? 'http'}://127.0.0.1:${port}` }, caFiles: extra.caFiles }));
}

describe('serve: pass', () => {
  it('streams a 50 MiB upload to the origin and strips hop-by-hop headers, adding Fastly-Client-IP', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const origin = track(
      await startHttpOrigin((req, res) => {
        seen = req.headers;
        const hash = createHash('sha256');
        let bytes = 0;
        req.on('data', (c: Buffer) => {
          bytes += c.length;
          hash.update(c);
        });
        req.on('end', () => res.end(JSON.stringify({ bytes, sha: hash.digest('hex') })));
      }),
    );
    const edge = await edgeFor(CACHE_VCL, origin.port);
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const expected = createHash('sha256');
    for (let i = 0; i < 50; i++) expected.update(chunk);
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(`${edge.url}/upload`, { method: 'POST', headers: { Connection: 'keep-alive, X-Drop-Me', 'X-Drop-Me': '1', 'X-Forwarded-For': '203.0.113.9' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(JSON.parse(body)).toEqual({ bytes: 50 * 1024 * 1024, sha: expected.digest('hex') });
    expect(seen['x-drop-me']).toBeUndefined();
    // Over plain HTTP Fastly leaves X-Forwarded-For alone; Fastly-Client-IP it adds to every request.
    expect([seen['x-forwarded-for'], seen['fastly-client-ip']]).toEqual(['203.0.113.9', '127.0.0.1']);
    await eventually(() => edge.access.length === 1);
    expect(edge.access[0]).toMatchObject({ method: 'POST', state: 'pass', status: 200, bytesIn: 50 * 1024 * 1024 });
  }, 60_000);

  it('answers 503 with a log line when the backend cannot be reached', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const edge = await edgeFor(CACHE_VCL, port);
    const res = await fetch(`${edge.url}/x`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(503);
    expect(edge.warnings.join('\n')).toMatch(/backend origin failed for POST \/x: connect ECONNREFUSED/);
  });

  it('a bad request line gets 400 and the server keeps serving', async () => {
    const origin = track(await startHttpOrigin((_req, res) => res.end('ok')));
    const edge = await edgeFor(CACHE_VCL, origin.port);
    const raw = await new Promise<string>((resolve) => {
      const s = net.connect(edge.port, '127.0.0.1', () => s.write('NOT A REQUEST\r\n\r\n'));
      let text = '';
      s.on('data', (c) => (text += c));
      s.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1.1 400 /);
    expect(await (await fetch(`${edge.url}/`)).text()).toBe('ok');
  });
});

describe('serve: lookup', () => {
  it('misses then hits, with Age and X-Cache', async () => {
    let hits = 0;
    const origin = track(await startHttpOrigin((_req, res) => (hits++, res.writeHead(200, { 'Cache-Control': 'max-age=60' }).end('cached body'))));
    const edge = await edgeFor(CACHE_VCL, origin.port);
    const first = await fetch(`${edge.url}/page`);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(await first.text()).toBe('cached body');
    const second = await fetch(`${edge.url}/page`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    expect(await second.text()).toBe('cached body');
    expect(hits).toBe(1);
  });

  it('does not store responses with Set-Cookie or Cache-Control private', async () => {
    let hits = 0;
    const origin = track(
      await startHttpOrigin((req, res) => {
        hits++;
        const headers: Record<string, string> = req.url === '/cookie' ? { 'Set-Cookie': 'a=1', 'Cache-Control': 'max-age=60' } : { 'Cache-Control': 'private, max-age=60' };
        res.writeHead(200, headers).end('x');
      }),
    );
    const edge = await edgeFor(CACHE_VCL, origin.port);
    for (const path of ['/cookie', '/cookie', '/private', '/private']) await (await fetch(`${edge.url}${path}`)).text();
    expect(hits).toBe(4);
  });

  it('collapses concurrent misses for one key into one origin request', async () => {
    let hits = 0;
    const origin = track(
      await startHttpOrigin((_req, res) => {
        hits++;
        setTimeout(() => res.writeHead(200, { 'Cache-Control': 'max-age=60' }).end('slow'), 200);
      }),
    );
    const edge = await edgeFor(CACHE_VCL, origin.port);
    const bodies = await Promise.all(Array.from({ length: 10 }, () => fetch(`${edge.url}/slow`).then((r) => r.text())));
    expect(bodies).toEqual(Array(10).fill('slow'));
    expect(hits).toBe(1);
  });
});

describe('serve: TLS origins with a test CA', () => {
  it('refuses a private-CA origin without --ca-file and accepts it with it, for pass and for upgrade', async () => {
    const ca = await makeTestCa();
    track({ close: ca.cleanup });
    const https = track(await startHttpsOrigin((_req, res) => res.end('secure'), { key: ca.keyPem, cert: ca.certPem }));
    const vcl = CACHE_VCL.replace('.port = "1"; }', '.port = "1"; .ssl = true; .ssl_cert_hostname = "localhost"; .ssl_sni_hostname = "localhost"; }');
    const without = await edgeFor(vcl, https.port, { scheme: 'https' });
    expect((await fetch(`${without.url}/`, { method: 'POST', body: '' })).status).toBe(503);
    expect(without.warnings.join('\n')).toMatch(/certificate/i);
    const withCa = await edgeFor(vcl, https.port, { scheme: 'https', caFiles: [ca.caPem] });
    const ok = await fetch(`${withCa.url}/`, { method: 'POST', body: '' });
    expect(await ok.text()).toBe('secure');
    expect(https.servernames).toContain('localhost');

    const wss = track(await startWsEchoOrigin({ tls: { keyPem: ca.keyPem, certPem: ca.certPem } }));
    const wsVcl = WS_VCL.replace('.port = "1"; }', '.port = "1"; .ssl = true; .ssl_cert_hostname = "localhost"; .ssl_sni_hostname = "localhost"; }');
    const refused = await refusedWs((await edgeFor(wsVcl, wss.port, { scheme: 'https' })).wsUrl('/'));
    expect(refused.status).toBe(503);
    const tunnelled = await openWs((await edgeFor(wsVcl, wss.port, { scheme: 'https', caFiles: [ca.caPem] })).wsUrl('/'));
    tunnelled.send('over tls');
    expect((await nextMessage(tunnelled)).data.toString()).toBe('over tls');
    expect(wss.seen[0]!.servername).toBe('localhost');
    tunnelled.close();
  });
});

describe('serve: idle tunnels', () => {
  it('an idle tunnel outlives the HTTP server timeouts', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeFor(WS_VCL, origin.port);
    // Shorten Node's HTTP timeouts so the test is quick: a tunnel must not be subject to them.
    Object.assign(edge.server.server, { keepAliveTimeout: 300, headersTimeout: 500, requestTimeout: 500, timeout: 500 });
    const ws = await openWs(edge.wsUrl('/'));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    ws.send('after idling');
    expect((await nextMessage(ws)).data.toString()).toBe('after idling');
    ws.close();
  });
});
