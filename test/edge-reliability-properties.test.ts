// Issue 13's property: for generated malformed requests, the edge answers 4xx or serves exactly
// what VCL saw; it never crashes and never sends the origin a request VCL did not see. The
// requests are built from the parts attackers vary (method, target, version, line endings, Host,
// Connection, framing headers, odd bytes, a body); a real edge and a recording origin judge them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEdge, type CapturedEdge } from './helpers/edge.js';
import { rawExchange, startRecordingOrigin, type RecordingOrigin } from './helpers/raw-http.js';

const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
  if (req.url ~ "^/admin") { error 403 "admin is internal"; }
  set req.http.X-Vcl-View = req.method " " req.url;
  set req.http.X-Edge-Verified = "1";
  if (req.http.Upgrade) { return (upgrade); }
  return (pass);
}`;

const header = (name: fc.Arbitrary<string>, value: fc.Arbitrary<string>) => fc.tuple(name, value);
const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/);
const oddText = fc.string({ maxLength: 24, unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) });

const requestParts = fc.record({
  method: fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get', 'G@T', 'CONNECT', 'M-SEARCH', ''),
  target: fc.oneof(
    fc.constantFrom('/', '/ok', '/admin', '/admin/x', '/ok?x=1', 'http://x/admin', 'http://x/ok', 'HTTP://X:80/admin', 'https://x/admin?q', '*', 'x', '//admin', '/%2e%2e/admin', '/a b', 'ftp://x/admin', 'http://u@x/admin'),
    oddText.map((t) => `/${t}`),
  ),
  version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1', 'HTTP/1.1\0', ''),
  eol: fc.constantFrom('\r\n', '\r\n', '\n', '\r'),
  headers: fc.array(
    fc.oneof(
      header(fc.constantFrom('Host', 'host', 'HOST', 'Host '), fc.constantFrom('x', 'X', 'y', '', 'x y', 'x:80', '[::1]')),
      header(fc.constant('Connection'), fc.constantFrom('keep-alive, X-Edge-Verified', 'close', 'Upgrade', 'X-Vcl-View, Host', 'keep-alive')),
      header(fc.constantFrom('Upgrade', 'X-Edge-Verified', 'X-Vcl-View'), fc.constantFrom('websocket', 'forged', 'GET /admin')),
      header(fc.constantFrom('Content-Length', 'Transfer-Encoding'), fc.constantFrom('0', '3', '-1', '3, 3', 'abc', 'chunked', 'chunked, identity', 'xchunked', ' chunked')),
      header(token, oddText),
    ),
    { maxLength: 6 },
  ),
  body: fc.constantFrom('', 'abc', '0\r\n\r\n', '3\r\nabc\r\n0\r\n\r\n', 'GET /admin HTTP/1.1\r\nHost: x\r\n\r\n'),
});

type Parts = typeof requestParts extends fc.Arbitrary<infer T> ? T : never;

function rawRequest(p: Parts): string {
  const head = [`${p.method} ${p.target} ${p.version}`, ...p.headers.map(([n, v]) => `${n}: ${v}`)].join(p.eol);
  return `${head}${p.eol}${p.eol}${p.body}`;
}

describe('edge reliability: generated malformed requests', () => {
  let origin: RecordingOrigin;
  let edge: CapturedEdge;
  beforeAll(async () => {
    origin = await startRecordingOrigin();
    edge = await startTestEdge(VCL, { backends: { origin: `http://127.0.0.1:${origin.port}` } });
  });
  afterAll(async () => {
    await edge.close();
    await origin.close();
  });

  it('answer 4xx or serve what VCL saw; never crash; never show the origin a request VCL did not see', { timeout: 90_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(requestParts, async (parts) => {
        const before = origin.seen.length;
        const answer = await rawExchange(edge.port, [rawRequest(parts)], { ms: 2000, end: true });
        await new Promise((r) => setTimeout(r, 20)); // a smuggled request would reach the origin by now
        // 2xx: served; 4xx: refused (a body that breaks its own framing included), or 501/505 for a
        // transfer coding or HTTP version not served. No other 5xx, never silence.
        const served = answer.status >= 200 && answer.status < 300;
        const refused = (answer.status >= 400 && answer.status < 500) || answer.status === 501 || answer.status === 505;
        expect(served || refused, `status ${answer.status} for ${JSON.stringify(rawRequest(parts))}`).toBe(true);
        for (const seen of origin.seen.slice(before)) {
          expect(origin.header(seen, 'x-vcl-view')).toBe(`${seen.method} ${seen.url}`);
          expect(origin.header(seen, 'x-edge-verified')).toBe('1');
          expect(seen.url).not.toMatch(/^\/admin/);
        }
        const alive = await rawExchange(edge.port, ['GET /alive HTTP/1.1\r\nHost: x\r\n\r\n']);
        expect(alive.status).toBe(200);
      }),
      { numRuns: 120, interruptAfterTimeLimit: 60_000 },
    );
  });
});
