// Issue 13, "nothing gets past VCL": requests shaped so that VCL judges one thing and the origin
// receives another. Each case sends raw bytes to a real edge in front of a real origin that records
// what it was sent; the VCL marks what it saw (X-Vcl-View) so the two can be compared.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from './helpers/cleanup.js';
import { startTestEdge } from './helpers/edge.js';
import { startRawOrigin } from './helpers/origins.js';
import { rawExchange, startRecordingOrigin, wsHandshake } from './helpers/raw-http.js';
import { eventually, within } from './helpers/ws-client.js';

const track = closedAfterEach();

// /admin is blocked; everything else is passed (upgrades to the relay) with VCL's view attached.
const GUARD_VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
  if (req.url ~ "^/admin") { error 403 "admin is internal"; }
  set req.http.X-Vcl-View = req.method " " req.url " " req.http.host;
  set req.http.X-Edge-Verified = "1";
  set req.http.X-Vcl-Saw-Nominated = "no";
  if (req.http.X-Nominated) { set req.http.X-Vcl-Saw-Nominated = "yes"; }
  if (req.http.Upgrade) { return (upgrade); }
  return (pass);
}`;

async function edgeTo(port: number) {
  return track(await startTestEdge(GUARD_VCL, { backends: { origin: `http://127.0.0.1:${port}` } }));
}

describe('1. early bytes on an upgrade', () => {
  /** A raw origin that answers the first head with `answer` after 200 ms, recording what it got before answering. */
  async function upgradeOrigin(answer: string) {
    const beforeAnswer: string[] = [];
    const all: string[] = [];
    const origin = track(
      await startRawOrigin((socket) => {
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          all[0] = received;
        });
        socket.once('data', () =>
          setTimeout(() => {
            beforeAnswer.push(received);
            if (!socket.destroyed) socket.write(answer);
          }, 200),
        );
      }),
    );
    return { origin, beforeAnswer, all };
  }

  const SMUGGLED = 'GET /admin HTTP/1.1\r\nHost: x\r\n\r\n';

  it('a second request in the handshake write never reaches the origin when it refuses the upgrade', async () => {
    const { origin, beforeAnswer, all } = await upgradeOrigin('HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope');
    const edge = await edgeTo(origin.port);
    const answer = await rawExchange(edge.port, [wsHandshake('/chat') + SMUGGLED], { ms: 4000 });
    expect(answer.status).toBe(403);
    expect(answer.text).toMatch(/nope$/);
    await eventually(() => beforeAnswer.length === 1);
    expect(all[0]).toContain('GET /chat HTTP/1.1');
    expect(all[0]).not.toContain('/admin');
  });

  it('bytes after the handshake are held until the origin says 101, then delivered in order', async () => {
    const { origin, beforeAnswer, all } = await upgradeOrigin('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    const edge = await edgeTo(origin.port);
    const client = net.connect(edge.port, '127.0.0.1');
    client.on('error', () => undefined);
    let fromEdge = '';
    client.on('data', (c: Buffer) => (fromEdge += c.toString('latin1')));
    client.write(wsHandshake('/chat') + 'early-bytes');
    await within(eventually(() => fromEdge.includes('101'), 3000), 4000, 'the 101');
    expect(beforeAnswer[0]).not.toContain('early-bytes');
    await eventually(() => all[0]?.endsWith('early-bytes'));
    expect(all[0]!.endsWith('\r\n\r\nearly-bytes')).toBe(true);
    client.destroy();
  });
});

describe('2. absolute-form request targets', () => {
  it('VCL sees the origin-form path, so a rule on req.url blocks an absolute-form request', async () => {
    const origin = track(await startRecordingOrigin());
    const edge = await edgeTo(origin.port);
    const answer = await rawExchange(edge.port, ['GET http://x/admin HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(answer.status).toBe(403);
    expect(origin.seen).toEqual([]);
  });

  it('VCL and the origin see the same target and the authority as Host', async () => {
    const origin = track(await startRecordingOrigin());
    const edge = await edgeTo(origin.port);
    expect((await rawExchange(edge.port, ['GET http://x/ok?q=1 HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    // HTTP/1.0 may omit Host: the authority supplies it (lower-cased, as Fastly does to Host).
    expect((await rawExchange(edge.port, ['GET HTTP://Example.COM:8080?a=b HTTP/1.0\r\n\r\n'])).status).toBe(200);
    expect(origin.seen.map((r) => [r.url, origin.header(r, 'host'), origin.header(r, 'x-vcl-view')])).toEqual([
      ['/ok?q=1', 'x', 'GET /ok?q=1 x'],
      ['/?a=b', 'example.com:8080', 'GET /?a=b example.com:8080'],
    ]);
  });

  it('answers 400 to absolute forms that are not http(s) or carry credentials', async () => {
    const origin = track(await startRecordingOrigin());
    const edge = await edgeTo(origin.port);
    for (const target of ['ftp://x/a', 'http://user@x/a', 'x://y/z']) {
      expect((await rawExchange(edge.port, [`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`])).status, target).toBe(400);
    }
    expect(origin.seen).toEqual([]);
  });
});

describe('3. duplicate or conflicting Host', () => {
  it('answers 400 to two Host fields, and to a Host that disagrees with the absolute-form authority', async () => {
    const origin = track(await startRecordingOrigin());
    const edge = await edgeTo(origin.port);
    const cases = [
      'GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n',
      'GET / HTTP/1.1\r\nhost: a.example\r\nHOST: a.example\r\n\r\n',
      'GET http://x/ok HTTP/1.1\r\nHost: y\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: a b\r\n\r\n',
    ];
    for (const request of cases) expect((await rawExchange(edge.port, [request])).status, request).toBe(400);
    expect(origin.seen).toEqual([]);
  });

  it('accepts a Host equal to the authority up to case and the default port', async () => {
    const origin = track(await startRecordingOrigin());
    const edge = await edgeTo(origin.port);
    expect((await rawExchange(edge.port, ['GET http://X:80/ok HTTP/1.1\r\nHost: x\r\n\r\n'])).status).toBe(200);
    expect(origin.seen.map((r) => origin.header(r, 'host'))).toEqual(['x:80']);
  });
});

describe('4. Connection-nominated headers', () => {
  it('removes what the client nominates before VCL, and keeps what VCL set', async () => {
    const origin = track(await startRecordingOrigin());
    const edge = await edgeTo(origin.port);
    const request =
      'GET /page HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Edge-Verified, X-Nominated\r\n' +
      'X-Nominated: from-client\r\nX-Edge-Verified: forged\r\n\r\n';
    expect((await rawExchange(edge.port, [request])).status).toBe(200);
    const [seen] = origin.seen;
    expect(origin.header(seen!, 'x-edge-verified')).toBe('1');
    expect(origin.header(seen!, 'x-nominated')).toBeUndefined();
    expect(origin.header(seen!, 'x-vcl-saw-nominated')).toBe('no');
    expect(origin.header(seen!, 'connection')).not.toMatch(/X-Edge-Verified/i);
  });

  it('keeps Upgrade visible to VCL when Connection names it, so the handshake still reaches the relay', async () => {
    const origin = track(await startRawOrigin((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'))));
    const edge = await edgeTo(origin.port);
    expect((await rawExchange(edge.port, [wsHandshake('/chat')])).status).toBe(403);
  });
});
