// The library API as a TypeScript team would use it from vitest: load a service, describe a request
// (defaults: GET /, Host localhost, client 192.0.2.1), run vcl_recv, one subroutine, or the whole
// lifecycle with the origin's answer given by the test. No sockets.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Headers, compile, loadVcl } from '../src/index.js';

const service = loadVcl('fixtures/testing/app/main.vcl');

describe('one subroutine', () => {
  it('a request with Upgrade: websocket to /chat is upgraded to the ws backend with X-User set', () => {
    const result = service.recv({ url: '/chat', headers: { Upgrade: 'websocket', Cookie: 'user=ann' } });
    expect(result.state).toBe('upgrade');
    expect(result.backend).toBe('F_ws');
    expect(result.req.headers.get('X-User')).toBe('ann');
    expect(result.called).toEqual(['vcl_recv', 'add_user_header']);
  });

  it('describes the request with defaults: GET /, a Host, client 192.0.2.1', () => {
    const result = service.recv();
    expect(result.state).toBe('lookup');
    expect(result.backend).toBe('F_app');
    expect(result.req).toMatchObject({ method: 'GET', url: '/' });
    expect(result.req.headers.get('host')).toBe('localhost');
    expect(result.context.clientIp).toBe('192.0.2.1');
  });

  it('takes a repeated header as an array, and a value from plain JavaScript as it comes', () => {
    const headers = { 'X-A': ['1', '2'], 'X-B': 'b', 'X-N': 5 as unknown as string };
    const result = service.recv({ headers });
    expect(result.req.headers.getAll('x-a')).toEqual(['1', '2']);
    expect(result.req.headers.get('X-B')).toBe('b');
    expect(String(result.req.headers.get('X-N'))).toBe('5');
  });

  it('reports an error with its status and response', () => {
    const result = service.recv({ url: '/admin' });
    expect(result.state).toBe('error');
    expect(result.error).toEqual({ status: 403, response: 'Forbidden' });
  });

  it('runs vcl_error with a prepared object and shows the synthetic body', () => {
    const ctx = service.context();
    ctx.obj = { status: 404, response: 'Not Found', proto: 'HTTP/1.1', headers: new Headers(), ttl: 0, grace: 0, hits: 0, lastUse: 0, entered: 0, cacheable: false };
    const result = service.runSub('error', ctx);
    expect(result.state).toBe('deliver');
    expect(result.syntheticBody).toBe('{"error":404}');
  });

  it('fixes the clock for time-dependent VCL', () => {
    expect(service.recv({ time: Date.UTC(2020, 0, 1) }).req.headers.get('X-Era')).toBe('past');
    expect(service.recv({ time: new Date('2031-01-01T00:00:00Z') }).req.headers.get('X-Era')).toBe('future');
  });
});

describe('the whole lifecycle', () => {
  it('passes a POST to the origin and delivers its answer', async () => {
    const response = await service.run({ method: 'POST', url: '/orders' }, { origin: { status: 201, headers: { 'Content-Type': 'application/json' }, body: '{"id":1}' } });
    expect(response.steps.map((s) => `${s.sub}:${s.state}`)).toEqual(['vcl_recv:pass', 'vcl_pass:pass', 'vcl_fetch:deliver', 'vcl_deliver:deliver', 'vcl_log:deliver']);
    expect(response.status).toBe(201);
    expect(response.body).toBe('{"id":1}');
    expect(response.headers.get('X-Served-By')).toBe('vcl-edge');
    expect(response.backendRequests[0]!.headers.get('X-Limit')).toBe('10');
  });

  it('lets a function play the origin, and shows what the backend request carried', async () => {
    const response = await service.run({ url: '/items?b=2&a=1' }, { origin: (bereq) => ({ status: 500, body: `saw ${bereq.url}` }) });
    expect(response.backend).toBe('F_app');
    expect(response.backendRequests.map((b) => b.url)).toEqual(['/items?b=2&a=1']);
    expect(response.steps.find((s) => s.sub === 'vcl_fetch')!.state).toBe('pass');
    expect(response.body).toBe('saw /items?b=2&a=1');
  });

  it('stops at vcl_recv for an upgrade, with the decision in the first step', async () => {
    const response = await service.run({ url: '/chat', headers: { Upgrade: 'websocket' } });
    expect(response.state).toBe('upgrade');
    expect(response.steps[0]).toEqual({ sub: 'vcl_recv', state: 'upgrade' });
    expect(response.backendRequests).toEqual([]);
    expect(response.req.headers.get('X-User')).toBe('anonymous');
  });

  it('turns an error into the synthetic response vcl_error makes', async () => {
    const response = await service.run({ url: '/old' });
    expect(response.error).toEqual({ status: 601, response: '/new' });
    expect(response.status).toBe(301);
    expect(response.headers.get('Location')).toBe('/new');
  });
});

describe('VCL given as text', () => {
  it('compiles a snippet and logs', () => {
    const snippet = compile('sub vcl_recv { log "hello " req.url; return (pass); }');
    const result = snippet.recv({ url: '/x' });
    expect(result.state).toBe('pass');
    expect(result.logs.map((l) => l.message)).toEqual(['hello /x']);
  });
});

describe('the edge from code (README: startEdge)', () => {
  it('serves a synthetic response on a free loopback port and closes', async () => {
    const { startEdge: start } = await import('../src/index.js');
    const vcl = compile('sub vcl_recv { error 200 "ok"; }\nsub vcl_error { set obj.http.X-From = "edge"; synthetic "hello"; return (deliver); }\n');
    const edge = await start({ vcl, host: '127.0.0.1', port: 0, accessLog: devNull() });
    try {
      const res = await fetch(`${edge.url}/`);
      expect([res.status, res.headers.get('x-from'), await res.text()]).toEqual([200, 'edge', 'hello']);
    } finally {
      await edge.close();
    }
  });
});

function devNull() {
  return new Writable({ write: (_chunk, _enc, done) => done() });
}
