// Backend health in serve: `.probe` declarations send real health checks to origins on 127.0.0.1,
// the last `.window` answers decide health against `.threshold`, and a fallback director skips a
// backend whose probe fails — then takes it back once it answers again. Intervals are short here.
import { describe, expect, it } from 'vitest';
import { ProbeWindow, probeRequest, sendProbe } from '../src/server/probes.js';
import { makeBackendTarget } from '../src/server/backends.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';

/** An origin whose /healthz answers `health.status`, and whose pages say who answered. */
async function origin(name: string, health: { status: number }, probes: string[]): Promise<TestOrigin> {
  return startHttpOrigin((req, res) => {
    if (req.url === '/healthz') {
      probes.push(`${req.method} ${req.url} ${req.headers.host ?? ''}`);
      res.statusCode = health.status;
      res.end();
      return;
    }
    res.end(name);
  });
}

/** Poll `check` until it holds or `ms` pass (bounded: the test fails instead of hanging). */
async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

const probe = (port: number, extra = '') => `
    .probe = {
      .request = "HEAD /healthz HTTP/1.1" "Host: health.local" "Connection: close";
      .expected_response = 200;
      .interval = 40ms;
      .timeout = 500ms;
      .window = 3;
      .threshold = 2;
      .initial = 3;${extra}
    }
  }`.replace('PORT', String(port));

describe('probes in serve', () => {
  it('a fallback director skips a backend whose probe fails, and takes it back when it recovers', async () => {
    const aHealth = { status: 200 };
    const probesSeen: string[] = [];
    const a = await origin('A', aHealth, probesSeen);
    const b = await origin('B', { status: 200 }, []);
    const edge = await startTestEdge(`
backend F_a { .host = "127.0.0.1"; .port = "${a.port}"; ${probe(a.port)}
backend F_b { .host = "127.0.0.1"; .port = "${b.port}"; }
director pool fallback { { .backend = F_a; } { .backend = F_b; } }
sub vcl_recv {
#FASTLY recv
  set req.backend = pool;
  return(pass);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.A-Healthy = if(backend.F_a.healthy, "yes", "no");
}`);
    const get = async () => {
      const res = await fetch(`http://127.0.0.1:${edge.port}/page`);
      return { body: await res.text(), healthy: res.headers.get('A-Healthy') };
    };
    try {
      expect(await get()).toEqual({ body: 'A', healthy: 'yes' });
      expect(await eventually(async () => probesSeen.length > 0)).toBe(true);
      expect(probesSeen[0]).toBe('HEAD /healthz health.local'); // the .request lines, as written

      aHealth.status = 500; // two bad answers in the window of 3: below the threshold of 2
      expect(await eventually(async () => (await get()).body === 'B')).toBe(true);
      expect(await get()).toEqual({ body: 'B', healthy: 'no' });

      aHealth.status = 200;
      expect(await eventually(async () => (await get()).body === 'A')).toBe(true);
    } finally {
      await edge.close();
      await Promise.all([a.close(), b.close()]);
    }
  }, 20_000);

  it('an origin that is down makes its backend unhealthy: a 503 without trying it', async () => {
    const a = await origin('A', { status: 200 }, []);
    const port = a.port;
    const edge = await startTestEdge(`
backend F_a { .host = "127.0.0.1"; .port = "${port}"; ${probe(port)}
sub vcl_recv {
#FASTLY recv
  return(pass);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.A-Healthy = if(req.backend.healthy, "yes", "no");
}`);
    const get = () => fetch(`http://127.0.0.1:${edge.port}/`);
    try {
      expect((await get()).status).toBe(200);
      await a.close(); // nothing listens any more: the probes get no answer
      expect(await eventually(async () => (await get()).headers.get('A-Healthy') === 'no')).toBe(true);
      // Now refused by health, not by a failed fetch: no more connection attempts (each would warn).
      const warned = edge.warnings.length;
      expect((await get()).status).toBe(503);
      expect(edge.warnings.length).toBe(warned);
    } finally {
      await edge.close();
    }
  }, 20_000);
});

describe('probe parts', () => {
  it('counts the last `window` results against the threshold, starting from `initial` good ones', () => {
    const w = new ProbeWindow({ window: 3, threshold: 2, initial: 1 });
    expect(w.healthy).toBe(false); // 1 good of 3
    w.push(true);
    expect(w.healthy).toBe(true);
    w.push(false);
    w.push(false);
    expect(w.healthy).toBe(false);
  });

  it('GETs `.url` with the backend host when there is no `.request`', () => {
    const target = makeBackendTarget({ name: 'F_x', host: 'origin.example', port: 80, tls: false });
    const p = { dummy: false, request: null, url: '/status', expectedResponse: 200, intervalMs: 1_000, timeoutMs: 100, window: 3, threshold: 2, initial: 2 };
    expect(probeRequest(p, target)).toBe('GET /status HTTP/1.1\r\nHost: origin.example\r\nConnection: close\r\n\r\n');
  });

  it('a probe with no answer in time reads as no status', async () => {
    const silent = await startHttpOrigin(() => undefined); // never answers
    try {
      const target = makeBackendTarget({ name: 'F_x', host: '127.0.0.1', port: silent.port, tls: false });
      expect(await sendProbe(target, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', 100)).toBeNull();
    } finally {
      await silent.close();
    }
  });
});
