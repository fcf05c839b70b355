// A director whose chosen backend refuses the connection sends the request to its next pick, as
// Fastly's director page says (declarations/director): random "will try to find a healthy backend or
// connect to the randomly chosen backend if the first connection attempt fails", `.retries` times
// (by default as many as it has members); fallback "will select the next healthy backend". Real
// sockets: a live origin on 127.0.0.1:0 and a port that was just closed (connection refused).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, startEdge, type RunningEdge, type Service } from '../src/index.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';
import { closedPort, startWsEchoOrigin } from './helpers/origins.js';
import { openWs } from './helpers/ws-client.js';

let live: TestOrigin;
let deadPort: number;
/** Connections the live origin accepted, and the request bodies it read. */
const bodies: string[] = [];

beforeAll(async () => {
  live = await startHttpOrigin((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`live ${body}`);
    });
  });
  deadPort = await closedPort();
});
afterAll(() => live.close());

/** Backend F_dead (refuses) and F_live, the director given, and which backend answered in X-Served-By. */
function serviceWith(director: string, recv = ''): Service {
  return compile(
    `backend F_dead { .host = "127.0.0.1"; .port = "${deadPort}"; .connect_timeout = 2s; }
backend F_live { .host = "127.0.0.1"; .port = "${live.port}"; }
${director}
sub vcl_recv { ${recv} set req.backend = d; return(pass); }
sub vcl_fetch { set beresp.http.X-Served-By = beresp.backend.name; }`,
    { file: 'retries.vcl' },
  );
}

interface Edge extends RunningEdge {
  warnings: string[];
}

async function serve(service: Service): Promise<Edge> {
  const warnings: string[] = [];
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  const edge = await startEdge({ vcl: service, host: '127.0.0.1', port: 0, stdout: sink(), accessLog: sink(), warn: (l) => warnings.push(l) });
  return { ...edge, warnings };
}

/** `count` requests one after another: status and X-Served-By of each. */
async function requests(edge: Edge, count: number, init: (i: number) => RequestInit = () => ({})): Promise<{ status: number; servedBy: string | null; body: string }[]> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${edge.url}/item/${i}`, init(i));
    out.push({ status: res.status, servedBy: res.headers.get('x-served-by'), body: await res.text() });
  }
  return out;
}

const RANDOM_PAIR = '{ .backend = F_dead; .weight = 1; } { .backend = F_live; .weight = 1; }';

describe('random director, one member refusing', () => {
  it('with the default .retries (the number of members), every request is served by the live one', async () => {
    const edge = await serve(serviceWith(`director d random { ${RANDOM_PAIR} }`));
    try {
      const got = await requests(edge, 30);
      expect(got.every((r) => r.status === 200 && r.servedBy === 'F_live')).toBe(true);
      // The refused member was drawn first now and then (1 in 2 each time): each such draw is a warning.
      expect(edge.warnings.some((w) => w.includes('backend F_dead failed') && w.includes('ECONNREFUSED'))).toBe(true);
    } finally {
      await edge.close();
    }
  });

  it('with .retries = 0, a request whose draw was the refusing member gets a 503', async () => {
    const edge = await serve(serviceWith(`director d random { .retries = 0; ${RANDOM_PAIR} }`));
    try {
      const got = await requests(edge, 40);
      const statuses = new Set(got.map((r) => r.status));
      expect(statuses).toEqual(new Set([200, 503])); // 40 fair draws: both happen (1 in 2^39 they do not)
      for (const r of got) if (r.status === 200) expect(r.servedBy).toBe('F_live');
    } finally {
      await edge.close();
    }
  });

  it('.retries = 1 over three refusing members and a live one: each request makes at most two attempts', async () => {
    const service = compile(
      `backend F_d1 { .host = "127.0.0.1"; .port = "${deadPort}"; }
backend F_d2 { .host = "127.0.0.1"; .port = "${deadPort}"; }
backend F_d3 { .host = "127.0.0.1"; .port = "${deadPort}"; }
backend F_live { .host = "127.0.0.1"; .port = "${live.port}"; }
director d random { .retries = 1; { .backend = F_d1; .weight = 1; } { .backend = F_d2; .weight = 1; } { .backend = F_d3; .weight = 1; } { .backend = F_live; .weight = 1; } }
sub vcl_recv { set req.backend = d; return(pass); }`,
      { file: 'retries.vcl' },
    );
    const edge = await serve(service);
    try {
      const got = await requests(edge, 40);
      const failures = edge.warnings.filter((w) => w.includes('ECONNREFUSED')).length;
      const served = got.filter((r) => r.status === 200).length;
      // A 503 is two refused draws; a 200 had one refused draw at most.
      expect(failures).toBeGreaterThanOrEqual(2 * (40 - served));
      expect(failures).toBeLessThanOrEqual(2 * (40 - served) + served);
      expect(served).toBeGreaterThan(0);
      expect(served).toBeLessThan(40); // 1/2 of requests fail both draws: all 40 served is 1 in 2^40
    } finally {
      await edge.close();
    }
  });

  it('a request with a body is not sent elsewhere after a refused connection (the body cannot be replayed)', async () => {
    const edge = await serve(serviceWith(`director d random { ${RANDOM_PAIR} }`));
    try {
      const got = await requests(edge, 30, (i) => ({ method: 'POST', body: `payload-${i}` }));
      expect(new Set(got.map((r) => r.status))).toEqual(new Set([200, 503]));
      got.forEach((r, i) => {
        if (r.status === 200) expect(r.body).toBe(`live payload-${i}`); // a served body arrived whole
      });
    } finally {
      await edge.close();
    }
  });
});

describe('other directors, one member refusing', () => {
  it('fallback goes on to the next healthy member (Fastly: "will select the next healthy backend")', async () => {
    const edge = await serve(serviceWith('director d fallback { { .backend = F_dead; } { .backend = F_live; } }'));
    try {
      const got = await requests(edge, 5);
      expect(got.map((r) => [r.status, r.servedBy])).toEqual(Array(5).fill([200, 'F_live']));
      expect(edge.warnings.filter((w) => w.includes('backend F_dead failed'))).toHaveLength(5);
    } finally {
      await edge.close();
    }
  });

  it.each([
    ['hash', 'director d hash { { .backend = F_dead; .weight = 1; } { .backend = F_live; .weight = 1; } }'],
    ['client', 'director d client { { .backend = F_dead; .weight = 1; } { .backend = F_live; .weight = 1; } }'],
    ['chash', 'director d chash { { .backend = F_dead; .id = "dead"; } { .backend = F_live; .id = "live"; } }'],
  ])('%s goes to the key\'s next choice: every request is served', async (_type, director) => {
    // Each URL a key of its own (the cache key, or client.identity set from it).
    const edge = await serve(serviceWith(director, 'set client.identity = req.url;'));
    try {
      const got = await requests(edge, 20);
      expect(got.every((r) => r.status === 200 && r.servedBy === 'F_live')).toBe(true);
      // Some keys' first choice was the refusing member (20 keys: all on F_live is 1 in 2^20).
      expect(edge.warnings.some((w) => w.includes('backend F_dead failed'))).toBe(true);
    } finally {
      await edge.close();
    }
  });
});

describe('health set by a test (Service.runtime.health, as testing.set_backend_health sets it)', () => {
  it('a member marked unhealthy is never connected to', async () => {
    const service = serviceWith(`director d random { .retries = 0; ${RANDOM_PAIR} }`);
    service.runtime.health.set('F_dead', false);
    const edge = await serve(service);
    try {
      const got = await requests(edge, 20);
      expect(got.every((r) => r.status === 200 && r.servedBy === 'F_live')).toBe(true);
      expect(edge.warnings).toEqual([]); // no attempt on F_dead at all
    } finally {
      await edge.close();
    }
  });

  it('a director under its quorum takes no request at all: 503 without a connection', async () => {
    const service = serviceWith(`director d random { .quorum = 60%; ${RANDOM_PAIR} }`);
    service.runtime.health.set('F_dead', false); // 50% of the weight healthy < 60%
    const edge = await serve(service);
    const before = live.connections();
    try {
      const got = await requests(edge, 5);
      expect(got.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
      expect(live.connections()).toBe(before);
      service.runtime.health.set('F_dead', null); // back to its (absent) probe: healthy, quorum met
      const again = await requests(edge, 5);
      expect(again.every((r) => r.status === 200 && r.servedBy === 'F_live')).toBe(true);
    } finally {
      await edge.close();
    }
  });
});

describe('a WebSocket upgrade through a director', () => {
  it('goes to the member the director picks by health, not to its first member', async () => {
    const origin = await startWsEchoOrigin();
    const service = compile(
      `backend F_dead { .host = "127.0.0.1"; .port = "${deadPort}"; }
backend F_ws { .host = "127.0.0.1"; .port = "${origin.port}"; }
director d fallback { { .backend = F_dead; } { .backend = F_ws; } }
sub vcl_recv { set req.backend = d; if (req.http.Upgrade) { return(upgrade); } return(pass); }`,
      { file: 'upgrade.vcl' },
    );
    service.runtime.health.set('F_dead', false);
    const edge = await serve(service);
    try {
      const ws = await openWs(`ws://127.0.0.1:${edge.port}/chat`);
      expect(origin.seen.map((r) => r.url)).toEqual(['/chat']);
      ws.close();
    } finally {
      await edge.close();
      await origin.close();
    }
  });
});

describe('fastly.error after a retry that succeeded', () => {
  // The failed first connection is the director's business: the response VCL sees came from the
  // next pick, and fastly.error must not report a failure that did not end the request.
  it('is not set in vcl_fetch and vcl_deliver', async () => {
    const edge = await serve(
      compile(
        `backend F_dead { .host = "127.0.0.1"; .port = "${deadPort}"; .connect_timeout = 2s; }
backend F_live { .host = "127.0.0.1"; .port = "${live.port}"; }
director d fallback { { .backend = F_dead; } { .backend = F_live; } }
sub vcl_recv { set req.backend = d; return(pass); }
sub vcl_fetch { set beresp.http.X-Fetch-Error = if(fastly.error, fastly.error, "none"); }
sub vcl_deliver { set resp.http.X-Deliver-Error = if(fastly.error, fastly.error, "none"); }`,
        { file: 'retry-error.vcl' },
      ),
    );
    try {
      const res = await fetch(`${edge.url}/`);
      expect(res.status).toBe(200);
      await res.text();
      expect(res.headers.get('x-fetch-error')).toBe('none');
      expect(res.headers.get('x-deliver-error')).toBe('none');
    } finally {
      await edge.close();
    }
  });
});
