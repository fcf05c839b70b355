// h3.alt_svc, h2.push, h2.disable_header_compression, early_hints and resp.tarpit: accepted everywhere Fastly
// accepts them, with their local effect checked through the test API and through a real edge server.
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { startTestEdge, type CapturedEdge } from './helpers/edge.js';

const B = 'backend b { .host = "127.0.0.1"; .port = "1"; }\n';

interface Received {
  status: number;
  headers: http.IncomingHttpHeaders;
  informational: number[];
  /** When each body chunk arrived, in ms after the response head. */
  chunks: { at: number; text: string }[];
}

function get(port: number, path = '/', method = 'GET'): Promise<Received> {
  return new Promise((resolve, reject) => {
    const informational: number[] = [];
    const req = http.request({ host: '127.0.0.1', port, path, method }, (res) => {
      const start = Date.now();
      const chunks: Received['chunks'] = [];
      res.on('data', (c: Buffer) => chunks.push({ at: Date.now() - start, text: c.toString() }));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, informational, chunks }));
    });
    req.on('information', (info) => informational.push(info.statusCode));
    req.on('error', reject);
    req.end();
  });
}

describe('h3.alt_svc', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/tls-and-http/h3-alt-svc/
  it('adds Alt-Svc after vcl_deliver, where VCL cannot read it, replacing one VCL set', async () => {
    const vcl = `${B}
sub vcl_recv { h3.alt_svc(); error 200 "ok"; }
sub vcl_deliver {
  set resp.http.X-Seen = if(resp.http.Alt-Svc, "yes", "no");
  set resp.http.Alt-Svc = "custom";
}`;
    const res = await compile(vcl).run({});
    expect(res.headers.get('Alt-Svc')).toBe('h3=":443";ma=86400');
    expect(res.headers.get('X-Seen')).toBe('no');
    expect(res.context.resp!.headers.get('Alt-Svc')).toBe('custom');
  });

  it('survives a restart, and is absent when not asked for', async () => {
    const vcl = `${B}
sub vcl_recv { if (req.restarts == 0) { h3.alt_svc(); restart; } error 200; }`;
    expect((await compile(vcl).run({})).headers.get('Alt-Svc')).toBe('h3=":443";ma=86400');
    expect((await compile(`${B}sub vcl_recv { error 200; }`).run({})).headers.has('Alt-Svc')).toBe(false);
  });
});

describe('h2.push, h2.disable_header_compression and early_hints on HTTP/1.1', () => {
  const vcl = `${B}
sub vcl_recv {
  h2.push("/style.css");
  h2.push("/script.js", "script");
  h2.disable_header_compression("Authorization", "Secret");
  early_hints("link: </hinted.js>; rel=preload", "link: </hinted.css>; rel=preload");
  error 200 "ok";
}`;

  it('are recorded on the request (the reference pages\' examples)', async () => {
    // h2-push, h2-disable-header-compression and early-hints pages
    const res = await compile(vcl).run({});
    expect(res.context.client).toMatchObject({
      pushes: [{ resource: '/style.css', as: null }, { resource: '/script.js', as: 'script' }],
      uncompressedHeaders: ['authorization', 'secret'],
      earlyHints: [['link: </hinted.js>; rel=preload', 'link: </hinted.css>; rel=preload']],
    });
  });

  it('send nothing extra over a real HTTP/1.1 connection: no 103, no push', async () => {
    const edge = await startTestEdge(vcl);
    try {
      const res = await get(edge.port);
      expect(res.status).toBe(200);
      expect(res.informational).toEqual([]);
    } finally {
      await edge.close();
    }
  });

  it('h2.push is not available in vcl_log; resp.tarpit only in vcl_deliver', () => {
    expect(() => compile(`${B}sub vcl_log { h2.push("/a"); }`)).toThrow(/h2\.push\(\) cannot be called in vcl_log/);
    expect(() => compile(`${B}sub vcl_recv { resp.tarpit(1); }`)).toThrow(/resp\.tarpit\(\) cannot be called in vcl_recv/);
  });
});

describe('resp.tarpit over a real connection', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/miscellaneous/resp-tarpit/
  let edge: CapturedEdge;
  afterAll(() => edge?.close());

  it('sends a small body in chunks, waiting the interval before each', async () => {
    edge = await startTestEdge(`${B}
sub vcl_recv { error 403; }
sub vcl_error { synthetic "abcdefgh"; return (deliver); }
sub vcl_deliver {
  if (fastly.ff.visits_this_service == 0 && resp.status == 403) {
    resp.tarpit(1, 4);
  }
}`);
    const res = await get(edge.port);
    expect(res.status).toBe(403);
    expect(res.chunks.map((c) => c.text)).toEqual(['abcd', 'efgh']);
    expect(res.chunks[0]!.at).toBeGreaterThanOrEqual(900);
    expect(res.chunks[1]!.at - res.chunks[0]!.at).toBeGreaterThanOrEqual(900);
  }, 10_000);

  it('waits an interval longer than a Node timer holds, rather than sending at once', async () => {
    const slow = await startTestEdge(`${B}
sub vcl_recv { error 403; }
sub vcl_error { synthetic "abcdefgh"; return (deliver); }
sub vcl_deliver { resp.tarpit(3000000, 4); }`); // about 35 days between chunks
    try {
      const received = await new Promise<number>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port: slow.port, path: '/' }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          setTimeout(() => (resolve(bytes), req.destroy()), 500);
        });
        req.on('error', () => undefined);
        req.end();
      });
      expect(received).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('leaves a HEAD response and a body over 4000 bytes alone', async () => {
    const big = await startTestEdge(`${B}
sub vcl_recv { error 403; }
sub vcl_error { synthetic {"${'x'.repeat(4001)}"}; return (deliver); }
sub vcl_deliver { resp.tarpit(5); }`);
    try {
      const started = Date.now();
      const res = await get(big.port);
      expect(res.chunks.map((c) => c.text).join('')).toHaveLength(4001);
      await get(big.port, '/', 'HEAD');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await big.close();
    }
  });
});
