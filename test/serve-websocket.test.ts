// WebSockets passthrough through the whole edge: VCL decides, the relay tunnels, a real `ws` origin answers.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestEdge, WS_VCL, type CapturedEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { startRawOrigin, startWsEchoOrigin, type Closable } from './helpers/origins.js';
import { closed, eventually, nextMessage, openWs, refusedWs, within } from './helpers/ws-client.js';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T): T => (open.push(x), x);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function edgeTo(origin: Closable, vcl = WS_VCL): Promise<CapturedEdge> {
  return track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
}

describe('serve: WebSocket upgrade through the relay', () => {
  it('hands the request over with every header change VCL made, and the rewritten URL', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeTo(origin);
    const ws = await openWs(edge.wsUrl('/v2/chat?room=1'), [], { headers: { 'X-Secret': 's3cret', 'X-Changed': 'old' } });
    const seen = origin.seen[0]!;
    expect(seen.url).toBe('/chat?room=1');
    expect(seen.headers['x-added']).toBe('by-vcl');
    expect(seen.headers['x-secret']).toBeUndefined();
    expect(seen.headers['x-changed']).toBe('new-old');
    expect(seen.headers.upgrade).toBe('websocket');
    expect(seen.headers.host).toBe(`127.0.0.1:${edge.port}`);
    ws.close();
  });

  it('sends Host as the backend override host when one is set', async () => {
    const origin = track(await startWsEchoOrigin());
    const vcl = WS_VCL.replace('.port = "1"; }', '.port = "1"; .host_header = "origin.example"; }');
    const edge = await edgeTo(origin, vcl);
    const ws = await openWs(edge.wsUrl('/'));
    expect(origin.seen[0]!.headers.host).toBe('origin.example');
    ws.close();
  });

  it('carries text and binary messages of 0 B, 125 B, 126 B, 64 KiB and 16 MiB both ways', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeTo(origin);
    const ws = await openWs(edge.wsUrl('/'));
    for (const size of [0, 125, 126, 64 * 1024, 16 * 1024 * 1024]) {
      const binary = Buffer.alloc(size, size % 251);
      ws.send(binary);
      const echoed = await nextMessage(ws, 20_000);
      expect(echoed.isBinary).toBe(true);
      expect(echoed.data.equals(binary)).toBe(true);
      const text = 'x'.repeat(size);
      ws.send(text);
      const echoedText = await nextMessage(ws, 20_000);
      expect(echoedText.isBinary).toBe(false);
      expect(echoedText.data.toString()).toBe(text);
    }
    ws.close();
  });

  it('negotiates the subprotocol and permessage-deflate end to end, and passes ping/pong', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeTo(origin);
    const ws = await openWs(edge.wsUrl('/'), ['other', 'chat'], { perMessageDeflate: true });
    expect(ws.protocol).toBe('chat');
    expect(ws.extensions).toContain('permessage-deflate');
    const pong = within(new Promise<Buffer>((resolve) => ws.once('pong', resolve)), 2000, 'pong');
    ws.ping('are-you-there');
    expect((await pong).toString()).toBe('are-you-there');
    ws.close();
  });

  it('relays close codes and reasons both ways', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeTo(origin);
    const a = await openWs(edge.wsUrl('/'));
    a.send('close:4001:origin says bye');
    expect(await closed(a)).toEqual({ code: 4001, reason: 'origin says bye' });
    const b = await openWs(edge.wsUrl('/'));
    b.close(4002, 'client says bye');
    await eventually(() => origin.closes.some((c) => c.code === 4002));
    expect(origin.closes).toContainEqual({ code: 4002, reason: 'client says bye' });
  });

  it('delivers bytes the origin sends in the same packet as its 101', async () => {
    const origin = track(
      await startRawOrigin((socket) => {
        socket.once('data', () => {
          // A 101 and a first text frame ("hi") in one write.
          socket.write(Buffer.concat([Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n'), Buffer.from([0x81, 0x02, 0x68, 0x69])]));
        });
      }),
    );
    const edge = await edgeTo(origin);
    const client = net.connect(edge.port, '127.0.0.1');
    const received: Buffer[] = [];
    client.on('data', (c) => received.push(c));
    client.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    await eventually(() => Buffer.concat(received).includes(Buffer.from([0x81, 0x02, 0x68, 0x69])));
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1.1 101 Switching Protocols\r\n[\s\S]*\r\n\r\n\x81\x02hi$/);
    client.destroy();
  });

  it('relays an origin refusal (403 with its body) to the client', async () => {
    const origin = track(
      await startRawOrigin((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nnot for u\n'))),
    );
    const edge = await edgeTo(origin);
    const refused = await refusedWs(edge.wsUrl('/'));
    expect(refused.status).toBe(403);
    expect(refused.body).toBe('not for u\n');
    await eventually(() => edge.logs.length > 0);
    expect(edge.logs).toContain('accepted / 403');
  });

  it('answers 503 and logs a line when the origin is down', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const edge = track(await startTestEdge(WS_VCL, { backends: { origin: `http://127.0.0.1:${closedPort}` } }));
    const refused = await refusedWs(edge.wsUrl('/'));
    expect(refused.status).toBe(503);
    expect(edge.warnings.join('\n')).toMatch(/upgrade to backend origin failed: .*(ECONNREFUSED|refused)/i);
    await eventually(() => edge.logs.includes('accepted / 503'));
    expect(edge.logs).toContain('accepted / 503');
  });

  it('runs vcl_log when the upgrade is accepted, while the tunnel is still open', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeTo(origin);
    const ws = await openWs(edge.wsUrl('/live'));
    await eventually(() => edge.logs.length > 0);
    expect(edge.logs).toEqual(['accepted /live 101']);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(edge.access).toHaveLength(0); // the access log records a tunnel when it closes
    ws.send('still here');
    expect((await nextMessage(ws)).data.toString()).toBe('still here');
    ws.close();
    await eventually(() => edge.access.length > 0);
    expect(edge.access[0]).toMatchObject({ state: 'upgrade', status: 101, tunnel: true, backend: 'origin', url: '/live' });
  });

  it('closes the client within 1 s when the origin dies mid-stream, and the origin when the client dies', async () => {
    const origin = track(await startWsEchoOrigin());
    const edge = await edgeTo(origin);
    const a = await openWs(edge.wsUrl('/'));
    const started = Date.now();
    for (const client of origin.wss.clients) client.terminate();
    await closed(a, 1000);
    expect(Date.now() - started).toBeLessThan(1000);

    const b = await openWs(edge.wsUrl('/'));
    await eventually(async () => (await origin.connections()) === 1);
    b.terminate();
    expect(await eventually(async () => (await origin.connections()) === 0, 1000)).toBe(true);
  });

  it('answers 400 to return(upgrade) for a request that is not a WebSocket handshake', async () => {
    const origin = track(await startWsEchoOrigin());
    const vcl = WS_VCL.replace('if (req.http.Upgrade) { return (upgrade); }', 'return (upgrade);');
    const edge = await edgeTo(origin, vcl);
    const res = await fetch(`${edge.url}/plain`);
    expect(res.status).toBe(400);
  });

  it('serves a WebSocket handshake as a normal request when VCL returns pass', async () => {
    const seen: (string | undefined)[] = [];
    const origin = track(
      await startHttpOrigin((req, res) => {
        seen.push(req.headers.upgrade);
        res.writeHead(426, { 'Content-Type': 'text/plain' }).end('plain http\n');
      }),
    );
    const vcl = WS_VCL.replace('if (req.http.Upgrade) { return (upgrade); }', '');
    const edge = await edgeTo(origin, vcl);
    const refused = await refusedWs(edge.wsUrl('/'));
    // The origin saw a plain GET (Upgrade is hop-by-hop, so not forwarded) and answered it as HTTP.
    expect(refused.status).toBe(426);
    expect(refused.body).toBe('plain http\n');
    expect(seen).toEqual([undefined]);
  });

  it('carries 1,000 concurrent tunnels, each echoing its own message', async () => {
    const origin = track(await startWsEchoOrigin({ perMessageDeflate: false }));
    const edge = await edgeTo(origin);
    const sockets: WebSocket[] = [];
    for (let batch = 0; batch < 10; batch++) {
      sockets.push(...(await Promise.all(Array.from({ length: 100 }, () => openWs(edge.wsUrl('/'))))));
    }
    const replies = await Promise.all(
      sockets.map((ws, i) => {
        const reply = nextMessage(ws, 20_000);
        ws.send(`tunnel-${i}`);
        return reply.then((m) => m.data.toString());
      }),
    );
    expect(replies).toEqual(sockets.map((_, i) => `tunnel-${i}`));
    for (const ws of sockets) ws.terminate();
    await eventually(async () => (await origin.connections()) === 0, 5000);
  }, 60_000);
});
