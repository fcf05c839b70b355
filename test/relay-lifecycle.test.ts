// The relay's lifecycle over real sockets: who closes, half-close, timeouts that must
// not kill an idle tunnel, shutdown, and 1,000 tunnels at once.

import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRawOrigin, startWsEchoOrigin } from './helpers/origins.js';
import { startRelayProxy } from './helpers/relay-proxy.js';
import { closeTrackedAfterEach, expectNothingLeft, track, wsSetup } from './helpers/relay-fixtures.js';
import { closed, eventually, nextMessage, openWs, within } from './helpers/ws-client.js';

closeTrackedAfterEach();

describe('relay: closing', () => {
  it('closes the client within 1 s when the origin is killed mid-stream', async () => {
    let originSide: WebSocket | undefined;
    const { origin, proxy, url } = await wsSetup({ onConnection: (ws) => (originSide = ws) });
    const ws = await openWs(url);
    ws.send('x');
    await nextMessage(ws);
    const started = Date.now();
    const done = closed(ws, 1000);
    originSide!.terminate(); // destroys the origin's socket: no close frame
    await done;
    expect(Date.now() - started).toBeLessThan(1000);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('closes the origin within 1 s when the client is killed', async () => {
    let originSide: WebSocket | undefined;
    const { origin, proxy, url } = await wsSetup({ onConnection: (ws) => (originSide = ws) });
    const ws = await openWs(url);
    await eventually(() => originSide !== undefined);
    const started = Date.now();
    const done = closed(originSide!, 1000);
    ws.terminate();
    await done;
    expect(Date.now() - started).toBeLessThan(1000);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('passes a client FIN on and still delivers the origin reply sent 200 ms later', async () => {
    const origin = track(
      await startRawOrigin((socket) => {
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          if (received.includes('\r\n\r\n') && !received.includes('answered')) {
            received += 'answered';
            socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: bytes\r\nConnection: Upgrade\r\n\r\n');
          }
        });
        socket.on('end', () => {
          setTimeout(() => socket.end(`late reply to ${received.split('\r\n\r\n')[1]!.replace('answered', '')}`), 200);
        });
      }, { allowHalfOpen: true }),
    );
    const proxy = track(await startRelayProxy({ target: { port: origin.port } }));
    const client = net.connect(proxy.port, '127.0.0.1');
    client.on('error', () => {});
    const reply = within(
      new Promise<string>((resolve) => {
        let text = '';
        client.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        client.on('end', () => resolve(text));
      }),
      3000,
      'late data and FIN',
    );
    client.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: bytes\r\n\r\nhello');
    client.end();
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 101 /);
    expect(text.endsWith('late reply to hello')).toBe(true);
    client.destroy();
    await expectNothingLeft(proxy, origin, 1);
    expect(proxy.closed[0]!.closedBy).toBe('client');
  });

  it('passes an origin FIN on and still delivers what the client sends afterwards', async () => {
    let originGot = '';
    const originDone = new Promise<void>((resolve) => {
      void startRawOrigin((socket) => {
        let head = true;
        socket.on('data', (chunk: Buffer) => {
          if (head) {
            head = false;
            socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: bytes\r\nConnection: Upgrade\r\n\r\nbye');
            return;
          }
          originGot += chunk.toString();
        });
        socket.on('end', () => resolve());
      }, { allowHalfOpen: true }).then((origin) => {
        track(origin);
        void startRelayProxy({ target: { port: origin.port } }).then((proxy) => {
          track(proxy);
          const client = net.connect(proxy.port, '127.0.0.1');
          client.on('error', () => {});
          client.on('end', () => client.end('after origin FIN'));
          client.resume();
          client.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: bytes\r\nConnection: Upgrade\r\n\r\n');
        });
      });
    });
    await within(originDone, 3000, 'the client data after the origin FIN');
    expect(originGot).toBe('after origin FIN');
  });

  it('keeps an idle tunnel open past short http.Server timeouts', async () => {
    const server = http.createServer({ requestTimeout: 1000, headersTimeout: 500, keepAliveTimeout: 500, connectionsCheckingInterval: 100 });
    server.timeout = 1000;
    const origin = track(await startWsEchoOrigin());
    const proxy = track(await startRelayProxy({ target: { port: origin.port }, server }));
    const ws = await openWs(`ws://127.0.0.1:${proxy.port}/`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.send('still here');
    expect((await nextMessage(ws)).data.toString()).toBe('still here');
    ws.close();
    await closed(ws);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('registry.shutdown destroys tunnels left after the grace period', async () => {
    const { origin, proxy, url } = await wsSetup();
    const ws = await openWs(url);
    const done = closed(ws);
    await proxy.registry.shutdown(100);
    await done;
    await expectNothingLeft(proxy, origin, 1);
    expect(proxy.closed[0]!.closedBy).toBe('shutdown');
  });
});

describe('relay: load', () => {
  it('echoes correctly through 1,000 concurrent tunnels', { timeout: 60_000 }, async () => {
    const { origin, proxy, url } = await wsSetup({ perMessageDeflate: false });
    const sockets: WebSocket[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const opened = await Promise.all(Array.from({ length: 200 }, () => openWs(url, [], { perMessageDeflate: false })));
      sockets.push(...opened);
    }
    expect(proxy.registry.size).toBe(1000);
    const echoes = await Promise.all(
      sockets.map((ws, i) => {
        const reply = nextMessage(ws, 20_000);
        ws.send(`message ${i}`);
        return reply;
      }),
    );
    echoes.forEach((echo, i) => expect(echo.data.toString()).toBe(`message ${i}`));
    await Promise.all(sockets.map((ws) => {
      const done = closed(ws, 20_000);
      ws.close();
      return done;
    }));
    await expectNothingLeft(proxy, origin, 1000);
    expect(proxy.closed.every((c) => c.closedBy === 'origin' && c.error === undefined)).toBe(true);
  });
});
