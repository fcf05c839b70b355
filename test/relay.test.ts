// The relay against a real `ws` origin and real sockets on 127.0.0.1: handshake,
// messages, refusals and failures. Closing and load are in relay-lifecycle.test.ts.

import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRawOrigin, startWsEchoOrigin, listen } from './helpers/origins.js';
import { requestAsIs, startRelayProxy } from './helpers/relay-proxy.js';
import { openTunnel, type TunnelAccepted, type TunnelClosed } from '../src/relay/index.js';
import { closeTrackedAfterEach, expectNothingLeft, onCleanup, track, wsSetup } from './helpers/relay-fixtures.js';
import { closed, eventually, nextMessage, openWs, refusedWs, within } from './helpers/ws-client.js';

closeTrackedAfterEach();

function acceptKey(key: string): string {
  return createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
}

describe('relay: handshake', () => {
  it('sends the request as VCL left it: added header arrives, removed header does not', async () => {
    const origin = track(await startWsEchoOrigin());
    const proxy = track(
      await startRelayProxy({
        target: { port: origin.port },
        rewrite: (req) => {
          const request = requestAsIs(req);
          request.headers = request.headers.filter(([name]) => name.toLowerCase() !== 'x-remove-me');
          request.headers.push(['X-Added', 'yes']);
          request.url = '/rewritten?x=1';
          return request;
        },
      }),
    );
    const ws = await openWs(`ws://127.0.0.1:${proxy.port}/original`, [], { headers: { 'X-Remove-Me': 'secret' } });
    expect(origin.seen[0]!.headers['x-added']).toBe('yes');
    expect(origin.seen[0]!.headers['x-remove-me']).toBeUndefined();
    expect(origin.seen[0]!.url).toBe('/rewritten?x=1');
    // Names keep their case and order on the wire.
    expect(origin.seen[0]!.rawHeaders).toContain('X-Added');
    ws.close();
    await closed(ws);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('calls onAccepted with 101 while the tunnel is still open', async () => {
    const { origin, proxy, url } = await wsSetup();
    const ws = await openWs(url);
    expect(proxy.accepted).toHaveLength(1);
    expect(proxy.accepted[0]).toMatchObject({ status: 101, outcome: 'upgraded' });
    expect(proxy.accepted[0]!.responseHead).toMatch(/^HTTP\/1\.1 101/);
    expect(proxy.closed).toHaveLength(0);
    expect(proxy.registry.size).toBe(1);
    ws.send('still open');
    expect((await nextMessage(ws)).data.toString()).toBe('still open');
    ws.close(1000);
    await closed(ws);
    await expectNothingLeft(proxy, origin, 1);
    // After the close frames, the WebSocket server closes TCP first (RFC 6455 §7.1.1).
    expect(proxy.closed[0]!.closedBy).toBe('origin');
    expect(proxy.closed[0]!.bytesToClient).toBeGreaterThan(0);
    expect(proxy.closed[0]!.bytesFromClient).toBeGreaterThan(0);
  });

  it('negotiates subprotocol and permessage-deflate end to end', async () => {
    const { origin, proxy, url } = await wsSetup();
    const ws = await openWs(url, ['other', 'chat'], { perMessageDeflate: true });
    expect(ws.protocol).toBe('chat');
    expect(ws.extensions).toContain('permessage-deflate');
    expect(origin.seen[0]!.headers['sec-websocket-extensions']).toContain('permessage-deflate');
    const text = 'compress me '.repeat(1000);
    ws.send(text);
    expect((await nextMessage(ws)).data.toString()).toBe(text);
    ws.close();
    await closed(ws);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('delivers bytes the origin sent in the same packet as its 101', async () => {
    const origin = track(
      await startRawOrigin((socket) => {
        let head = '';
        socket.on('data', (chunk: Buffer) => {
          head += chunk.toString('latin1');
          if (!head.includes('\r\n\r\n')) return;
          const key = /sec-websocket-key: *(\S+)/i.exec(head)![1]!;
          const frame = Buffer.concat([Buffer.from([0x81, 5]), Buffer.from('hello')]);
          const response =
            'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`;
          socket.write(Buffer.concat([Buffer.from(response), frame])); // one write, one packet
          socket.removeAllListeners('data');
          socket.resume();
        });
      }),
    );
    const proxy = track(await startRelayProxy({ target: { port: origin.port } }));
    const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/`);
    ws.on('error', () => {});
    const first = await nextMessage(ws);
    expect(first.data.toString()).toBe('hello');
    ws.terminate();
    await expectNothingLeft(proxy, origin, 1);
  });
});

describe('relay: messages', () => {
  const sizes = [0, 125, 126, 64 * 1024, 16 * 1024 * 1024];
  it.each(sizes)('echoes text and binary messages of %i bytes', async (size) => {
    const { origin, proxy, url } = await wsSetup();
    const ws = await openWs(url, [], { perMessageDeflate: false });
    const binary = randomBytes(size);
    ws.send(binary);
    const echoedBinary = await nextMessage(ws);
    expect(echoedBinary.isBinary).toBe(true);
    expect(echoedBinary.data.equals(binary)).toBe(true);
    const text = 'é'.repeat(Math.floor(size / 2)) + (size % 2 ? 'x' : '');
    ws.send(text);
    const echoedText = await nextMessage(ws);
    expect(echoedText.isBinary).toBe(false);
    expect(echoedText.data.toString()).toBe(text);
    ws.close();
    await closed(ws);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('passes ping and pong both ways', async () => {
    let originSide: WebSocket | undefined;
    const { origin, proxy, url } = await wsSetup({ onConnection: (ws) => (originSide = ws) });
    const ws = await openWs(url);
    const pong = within(new Promise<Buffer>((resolve) => ws.once('pong', resolve)), 2000, 'pong');
    ws.ping('from-client');
    expect((await pong).toString()).toBe('from-client');
    await eventually(() => originSide !== undefined);
    const originPong = within(new Promise<Buffer>((resolve) => originSide!.once('pong', resolve)), 2000, 'pong at origin');
    const clientPing = within(new Promise<Buffer>((resolve) => ws.once('ping', resolve)), 2000, 'ping at client');
    originSide!.ping('from-origin');
    expect((await clientPing).toString()).toBe('from-origin');
    expect((await originPong).toString()).toBe('from-origin');
    ws.close();
    await closed(ws);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('passes close codes and reasons from the client', async () => {
    const { origin, proxy, url } = await wsSetup();
    const ws = await openWs(url);
    ws.close(4000, 'client-bye');
    expect(await closed(ws)).toEqual({ code: 4000, reason: 'client-bye' });
    expect(await eventually(() => origin.closes.length === 1)).toBe(true);
    expect(origin.closes[0]).toEqual({ code: 4000, reason: 'client-bye' });
    await expectNothingLeft(proxy, origin, 1);
  });

  it('passes close codes and reasons from the origin', async () => {
    const { origin, proxy, url } = await wsSetup();
    const ws = await openWs(url);
    const done = closed(ws);
    ws.send('close:4001:origin-bye');
    expect(await done).toEqual({ code: 4001, reason: 'origin-bye' });
    await expectNothingLeft(proxy, origin, 1);
  });
});

describe('relay: refusals and failures', () => {
  it('relays an origin refusal (403 with Content-Length body) and closes', async () => {
    const origin = track(
      await startRawOrigin((socket) => {
        socket.once('data', () => {
          socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nnot allowed');
        });
      }),
    );
    const proxy = track(await startRelayProxy({ target: { port: origin.port } }));
    const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
    expect(response.status).toBe(403);
    expect(response.body).toBe('not allowed');
    await expectNothingLeft(proxy, origin, 1);
    expect(proxy.accepted[0]).toMatchObject({ status: 403, outcome: 'refused' });
    expect(proxy.closed[0]!.closedBy).toBe('origin');
  });

  it('relays a chunked refusal from an http origin without an upgrade handler', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.write('who ');
      res.end('are you');
    });
    const port = await listen(server);
    onCleanup(() => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
    const proxy = track(await startRelayProxy({ target: { port } }));
    const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
    expect(response.status).toBe(401);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.body).toBe('who are you');
    await proxy.whenClosed(1);
    expect(proxy.accepted[0]).toMatchObject({ status: 401, outcome: 'refused' });
  });

  it('answers 503 when the origin port is closed', async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = track(await startRelayProxy({ target: { port } }));
    const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
    expect(response.status).toBe(503);
    expect(response.headers.connection).toBe('close');
    expect(response.body).toMatch(/refused/);
    await proxy.whenClosed(1);
    expect(proxy.accepted[0]).toMatchObject({ status: 503, outcome: 'failed' });
    expect(proxy.accepted[0]!.error).toMatch(/connection refused by origin 127\.0\.0\.1:\d+/);
    expect(await eventually(async () => (await proxy.connections()) === 0)).toBe(true);
  });

  it('answers 503 when the origin sends no response head in time', async () => {
    const origin = track(await startRawOrigin((socket) => socket.resume()));
    const proxy = track(await startRelayProxy({ target: { port: origin.port, firstByteTimeoutMs: 300 } }));
    const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
    expect(response.status).toBe(503);
    expect(proxy.accepted[0]!.error).toMatch(/no response head within 300 ms/);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('answers 502 when the origin answers nonsense', async () => {
    const origin = track(await startRawOrigin((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH\r\n\r\n'))));
    const proxy = track(await startRelayProxy({ target: { port: origin.port } }));
    const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
    expect(response.status).toBe(502);
    expect(proxy.accepted[0]).toMatchObject({ status: 502, outcome: 'failed' });
    expect(proxy.accepted[0]!.error).toMatch(/malformed response/);
    await expectNothingLeft(proxy, origin, 1);
  });

  it('refuses to forward a header value that would split the request (503), without touching the origin', async () => {
    const origin = track(await startWsEchoOrigin());
    const proxy = track(
      await startRelayProxy({
        target: { port: origin.port },
        rewrite: (req) => {
          const request = requestAsIs(req);
          request.headers.push(['X-Bad', 'a\r\nInjected: 1']);
          return request;
        },
      }),
    );
    const response = await refusedWs(`ws://127.0.0.1:${proxy.port}/`);
    expect(response.status).toBe(503);
    await proxy.whenClosed(1);
    expect(proxy.accepted[0]!.error).toMatch(/invalid value for header X-Bad/);
    expect(origin.seen).toHaveLength(0);
  });

  it('reports a client socket that was already closed, on a later tick, once', async () => {
    const dead = new net.Socket();
    dead.destroy();
    const accepted: TunnelAccepted[] = [];
    const closedReports: TunnelClosed[] = [];
    const request = { method: 'GET', url: '/', headers: [] };
    const target = { host: '127.0.0.1', port: 9, tls: false, connectTimeoutMs: 1000, firstByteTimeoutMs: 1000 };
    const tunnel = openTunnel(dead, Buffer.alloc(0), request, target, {
      onAccepted: (a) => accepted.push(a),
      onClosed: (c) => closedReports.push(c),
    });
    expect(accepted).toHaveLength(0);
    await eventually(() => closedReports.length > 0, 1000);
    expect(accepted).toEqual([{ status: 503, outcome: 'failed', error: 'client connection was already closed' }]);
    expect(closedReports).toHaveLength(1);
    expect(tunnel.isOpen).toBe(false);
  });
});
