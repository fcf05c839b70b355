// Stopping the edge: in-flight requests finish, open tunnels are closed after the grace period.
import { describe, expect, it } from 'vitest';
import { startTestEdge, WS_VCL } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { startWsEchoOrigin } from './helpers/origins.js';
import { closed, openWs, within } from './helpers/ws-client.js';

describe('serve: shutdown', () => {
  it('lets an in-flight request finish and closes tunnels after the grace period', async () => {
    const http = await startHttpOrigin((_req, res) => setTimeout(() => res.end('finished late'), 300));
    const ws = await startWsEchoOrigin();
    const vcl = WS_VCL.replace('backend origin { .host = "127.0.0.1"; .port = "1"; }', 'backend origin { .host = "127.0.0.1"; .port = "1"; }\nbackend slow { .host = "127.0.0.1"; .port = "1"; }').replace(
      'return (pass);\n}',
      'set req.backend = slow;\n  return (pass);\n}',
    );
    const edge = await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${ws.port}`, slow: `http://127.0.0.1:${http.port}` } });
    try {
      const tunnel = await openWs(edge.wsUrl('/'));
      const inFlight = fetch(`${edge.url}/slow`).then((r) => r.text());
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      const stopping = edge.close(500);
      expect(await inFlight).toBe('finished late');
      await within(closed(tunnel, 3000), 3000, 'the tunnel to close');
      await within(stopping, 5000, 'close() to resolve');
      expect(Date.now() - started).toBeLessThan(3000);
      // The listening socket is gone: new connections are refused.
      await expect(fetch(`${edge.url}/after`)).rejects.toThrow();
    } finally {
      await http.close();
      await ws.close();
    }
  });
});
