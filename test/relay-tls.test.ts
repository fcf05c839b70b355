// The relay to a TLS origin (backend .ssl = true) whose certificate comes from a CA the
// test generated: untrusted without the CA, trusted with it; SNI as configured.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsEchoOrigin, type WsEchoOrigin } from './helpers/origins.js';
import { startRelayProxy, type RelayProxy } from './helpers/relay-proxy.js';
import { makeTestCa, type TestCa } from './helpers/tls.js';
import { closed, eventually, nextMessage, openWs, refusedWs } from './helpers/ws-client.js';
import type { TunnelTarget } from '../src/relay/index.js';

let ca: TestCa;
let origin: WsEchoOrigin;

beforeAll(async () => {
  ca = await makeTestCa();
  origin = await startWsEchoOrigin({ tls: { keyPem: ca.keyPem, certPem: ca.certPem } });
});
afterAll(async () => {
  await origin?.close();
  await ca?.cleanup();
});

async function withProxy(target: Partial<TunnelTarget>, body: (proxy: RelayProxy) => Promise<void>): Promise<void> {
  const proxy = await startRelayProxy({ target: { port: origin.port, tls: true, ...target } });
  try {
    await body(proxy);
    await proxy.whenClosed(1);
    expect(await eventually(async () => (await proxy.connections()) === 0)).toBe(true);
  } finally {
    await proxy.close();
  }
}

describe('relay: TLS origin', () => {
  it('refuses an origin whose CA is not trusted: 503 with a clear certificate error', async () => {
    await withProxy({}, async (proxy) => {
      const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
      expect(response.status).toBe(503);
      expect(proxy.accepted[0]).toMatchObject({ status: 503, outcome: 'failed' });
      expect(proxy.accepted[0]!.error).toMatch(/TLS certificate of origin 127\.0\.0\.1:\d+ is not trusted/);
      expect(proxy.accepted[0]!.error).toMatch(/--ca-file/);
      expect(response.body).toMatch(/not trusted/);
    });
  });

  it('tunnels to the origin when its CA is added with ca', async () => {
    await withProxy({ ca: [ca.caPem] }, async (proxy) => {
      const ws = await openWs(`ws://127.0.0.1:${proxy.port}/`, ['chat'], { perMessageDeflate: true });
      expect(ws.protocol).toBe('chat');
      expect(ws.extensions).toContain('permessage-deflate');
      ws.send('over tls');
      expect((await nextMessage(ws)).data.toString()).toBe('over tls');
      ws.close();
      await closed(ws);
      expect(proxy.accepted[0]).toMatchObject({ status: 101, outcome: 'upgraded' });
    });
  });

  it('sends the configured SNI servername, and none for an IP host', async () => {
    const before = origin.seen.length;
    await withProxy({ ca: [ca.caPem], servername: 'localhost' }, async (proxy) => {
      const ws = await openWs(`ws://127.0.0.1:${proxy.port}/`);
      ws.close();
      await closed(ws);
    });
    expect(origin.seen[before]!.servername).toBe('localhost');
    await withProxy({ ca: [ca.caPem] }, async (proxy) => {
      const ws = await openWs(`ws://127.0.0.1:${proxy.port}/`);
      ws.close();
      await closed(ws);
    });
    expect(origin.seen[before + 1]!.servername).toBeFalsy();
  });

  it('refuses a certificate that does not match certHostname', async () => {
    await withProxy({ ca: [ca.caPem], certHostname: 'origin.example' }, async (proxy) => {
      const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
      expect(response.status).toBe(503);
      expect(proxy.accepted[0]!.error).toMatch(/does not match hostname origin\.example/);
    });
  });
});
