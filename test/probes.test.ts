// Backend health in serve: `.probe` declarations send real health checks to origins on 127.0.0.1,
// the last `.window` answers decide health against `.threshold`, and a fallback director skips a
// backend whose probe fails — then takes it back once it answers again. Intervals are short here.
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { BackendConfig } from '../src/compile/declarations.js';
import { BackendHealth } from '../src/engine/directors/health.js';
import { Prober, ProbeWindow, probeRequest, sendProbe } from '../src/server/probes.js';
import { within } from './helpers/ws-client.js';
import { makeTestCa } from './helpers/tls.js';
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

const probe = (extra = '') => `
    .probe = {
      .request = "HEAD /healthz HTTP/1.1" "Host: health.local" "Connection: close";
      .expected_response = 200;
      .interval = 40ms;
      .timeout = 500ms;
      .window = 3;
      .threshold = 2;
      .initial = 3;${extra}
    }
  }`;

describe('probes in serve', () => {
  it('a fallback director skips a backend whose probe fails, and takes it back when it recovers', async () => {
    const aHealth = { status: 200 };
    const probesSeen: string[] = [];
    const a = await origin('A', aHealth, probesSeen);
    const b = await origin('B', { status: 200 }, []);
    const edge = await startTestEdge(`
backend F_a { .host = "127.0.0.1"; .port = "${a.port}"; ${probe()}
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
backend F_a { .host = "127.0.0.1"; .port = "${port}"; ${probe()}
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

  it('sends no probe to a shield POP\'s cache (`.is_shield`), which counts as healthy', async () => {
    const probesSeen: string[] = [];
    const cache = await origin('cache', { status: 200 }, probesSeen);
    const b = await origin('B', { status: 200 }, []);
    const edge = await startTestEdge(`
backend F_b { .host = "127.0.0.1"; .port = "${b.port}"; }
backend shield_cache_IAD { .host = "127.0.0.1"; .port = "${cache.port}"; .is_shield = true; ${probe()}
sub vcl_recv {
#FASTLY recv
  set req.backend = shield_cache_IAD;
  return(pass);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.Cache-Healthy = if(backend.shield_cache_IAD.healthy, "yes", "no");
}`);
    try {
      await new Promise((r) => setTimeout(r, 300)); // several probe intervals of 40 ms
      const res = await fetch(`http://127.0.0.1:${edge.port}/page`);
      expect([await res.text(), res.headers.get('Cache-Healthy')]).toEqual(['B', 'yes']);
      expect(probesSeen).toEqual([]);
    } finally {
      await edge.close();
      await Promise.all([cache.close(), b.close()]);
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

  it('checks a TLS origin as a fetch does: against .ssl_cert_hostname, whatever SNI is sent', async () => {
    const ca = await makeTestCa('origin.test');
    const server = https.createServer({ key: ca.keyPem, cert: ca.certPem }, (_req, res) => res.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const target = (certHostname: string) => ({
        ...makeBackendTarget({ name: 'F_tls', host: '127.0.0.1', port: (server.address() as AddressInfo).port, tls: true }),
        servername: 'sni.test', // `.ssl_sni_hostname`, a name the certificate does not carry
        certHostname,
        ca: [ca.caPem],
      });
      const request = 'HEAD / HTTP/1.1\r\nHost: origin.test\r\nConnection: close\r\n\r\n';
      expect(await sendProbe(target('origin.test'), request, 2_000)).toBe(200);
      expect(await sendProbe(target('elsewhere.test'), request, 2_000)).toBeNull(); // not the origin's name
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ca.cleanup();
    }
  }, 30_000);

  it('stopping the prober ends the probes in flight at once, whatever their timeout', async () => {
    const connections: net.Socket[] = [];
    const silent = net.createServer((socket) => void connections.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const config = { probe: { dummy: false, request: null, url: '/', expectedResponse: 200, intervalMs: 60_000, timeoutMs: 60_000, window: 3, threshold: 1, initial: 1 }, isShield: false };
    const prober = new Prober(new Map([['F_slow', config as unknown as BackendConfig]]), (name) => makeBackendTarget({ name, host: '127.0.0.1', port, tls: false }), new BackendHealth());
    try {
      prober.start();
      await within(new Promise<void>((resolve) => silent.once('connection', () => resolve())), 2_000, 'the probe connection');
      const closed = new Promise<void>((resolve) => connections[0]!.once('close', () => resolve()));
      prober.stop();
      await within(closed, 1_000, 'the probe connection closing');
    } finally {
      prober.stop();
      for (const c of connections) c.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
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
