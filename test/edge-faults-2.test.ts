// Origins that misbehave, second round: a raw TCP origin on 127.0.0.1 answers each request head
// with exact bytes, and a real edge relays (pass) or fills its cache (lookup). The rule: a broken
// answer gets 503 and one log line, a body that breaks off cuts the client short (never a short body
// passed off as whole) and says so in one line, and the server serves the next request.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from './helpers/cleanup.js';
import { startTestEdge } from './helpers/edge.js';
import { startRawOrigin } from './helpers/origins.js';
import { rawExchange } from './helpers/raw-http.js';

const track = closedAfterEach();

const vcl = (port: number) => `
backend origin { .host = "127.0.0.1"; .port = "${port}"; .first_byte_timeout = 300ms; .between_bytes_timeout = 300ms; }
sub vcl_recv { if (req.url ~ "^/cached") { return(lookup); } return(pass); }`;

/** An origin that calls `answer` with each connection once its first request head is in. */
async function originAnswering(answer: (socket: net.Socket) => void) {
  return track(
    await startRawOrigin((socket) => {
      let head = '';
      const onData = (chunk: Buffer): void => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.off('data', onData);
        answer(socket);
      };
      socket.on('data', onData);
    }),
  );
}

async function edgeFor(answer: (socket: net.Socket) => void) {
  const origin = await originAnswering(answer);
  return track(await startTestEdge(vcl(origin.port)));
}

const reply = (bytes: string) => (socket: net.Socket) => socket.end(bytes);

const BROKEN_ANSWERS: [string, (socket: net.Socket) => void, RegExp][] = [
  ['101 to a request that asked for no upgrade', (s) => s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n'), /101 Switching Protocols to a request that asked for no upgrade/],
  ['status 099', reply('HTTP/1.1 099 Low\r\nContent-Length: 2\r\n\r\nok'), /invalid status 99/],
  ['the connection closed without a response', reply(''), /socket hang up|without a response/],
  ['the connection reset without a response', (s) => s.resetAndDestroy(), /ECONNRESET/],
  ['garbage instead of a status line', reply('GARBAGE\r\n\r\n'), /Expected HTTP/],
  ['an HTTP/0.9 body without a head', reply('hello'), /Expected HTTP/],
  ['status 0', reply('HTTP/1.1 0 Zero\r\nContent-Length: 2\r\n\r\nok'), /Invalid status/i],
  ['status abc', reply('HTTP/1.1 abc X\r\nContent-Length: 2\r\n\r\nok'), /Invalid status/i],
  ['status 1000', reply('HTTP/1.1 1000 X\r\nContent-Length: 2\r\n\r\nok'), /Invalid response status/i],
  ['two different Content-Lengths', reply('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nokk'), /Duplicate Content-Length/],
  ['Content-Length and Transfer-Encoding', reply('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'), /Transfer-Encoding can't be present/],
  ['a negative Content-Length', reply('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok'), /Content-Length/],
  ['response headers over the limit', reply(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 2\r\n\r\nok`), /Header overflow/],
  ['bare LF line ends', reply('HTTP/1.1 200 OK\nContent-Length: 2\n\nok'), /CR/],
  ['no head within first_byte_timeout', () => undefined, /first_byte_timeout 300 ms/],
];

describe('an origin that answers wrongly: 503 and one line', () => {
  it.each(BROKEN_ANSWERS)('%s', async (_name, answer, reason) => {
    const edge = await edgeFor(answer);
    for (const path of ['/pass', '/cached']) {
      edge.warnings.length = 0;
      const answered = await rawExchange(edge.port, [`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`], { ms: 3000 });
      expect([answered.status, answered.timedOut], path).toEqual([503, false]);
      expect(edge.warnings, path).toHaveLength(1);
      expect(edge.warnings[0]).toMatch(reason);
      expect(edge.warnings[0]).toMatch(new RegExp(`backend origin.*GET ${path}|GET ${path}.*backend origin`));
    }
  });

  it('an unreachable origin (connection refused): 503 and one line', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const edge = track(await startTestEdge(vcl(port)));
    const answered = await rawExchange(edge.port, ['GET /pass HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(answered.status).toBe(503);
    expect(edge.warnings).toHaveLength(1);
    expect(edge.warnings[0]).toMatch(/ECONNREFUSED/);
  });
});

describe('an origin that breaks off its body: the client is cut short, one line says so', () => {
  it.each([
    ['closes before its Content-Length is sent', reply('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nok'), /closed the connection mid-body|aborted/],
    ['goes silent mid-body (between_bytes_timeout)', (s: net.Socket) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nok'), /between_bytes_timeout 300 ms/],
    ['cuts a chunked body off mid-chunk', reply('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab'), /mid-body|aborted/],
  ])('%s', async (_name, answer, reason) => {
    const edge = await edgeFor(answer);
    for (const path of ['/pass', '/cached']) {
      edge.warnings.length = 0;
      const answered = await rawExchange(edge.port, [`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`], { ms: 3000, untilClose: true });
      // Closed without a whole body: a Content-Length the bytes fall short of, or no last chunk.
      expect([answered.status, answered.timedOut], path).toEqual([200, false]);
      expect(answered.text).not.toMatch(/\r\n0\r\n\r\n$/);
      expect(answered.text.length - answered.text.indexOf('\r\n\r\n') - 4).toBeLessThan(20);
      expect(edge.warnings, path).toHaveLength(1);
      expect(edge.warnings[0]).toMatch(new RegExp(`GET ${path}.*broke off`));
      expect(edge.warnings[0]).toMatch(reason);
    }
  });
});

describe('origin answers that are odd but valid', () => {
  it.each([
    ['100 Continue', 'HTTP/1.1 100 Continue\r\n\r\n'],
    ['102 Processing', 'HTTP/1.1 102 Processing\r\n\r\n'],
    ['103 Early Hints', 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n'],
  ])('a %s before the final answer is skipped; the final answer is relayed', async (_name, informational) => {
    const edge = await edgeFor(reply(`${informational}HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal`));
    const answered = await rawExchange(edge.port, ['GET /pass HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect([answered.status, answered.text.endsWith('\r\n\r\nfinal')]).toEqual([200, true]);
    expect(edge.warnings).toEqual([]);
  });

  it('a 204 or 304 carrying a body: no body bytes reach the client, a 204 carries no Content-Length, and the connection serves the next request', async () => {
    for (const status of ['204 No Content', '304 Not Modified']) {
      const edge = await edgeFor((s) => s.write(`HTTP/1.1 ${status}\r\nContent-Length: 5\r\n\r\nhello`));
      const answered = await rawExchange(edge.port, ['GET /pass HTTP/1.1\r\nHost: x\r\n\r\nGET /cached HTTP/1.1\r\nHost: x\r\n\r\n'], { ms: 1500, untilClose: true });
      const heads = answered.text.split('\r\n\r\n').filter((part) => part !== '');
      expect(heads.map((h) => h.slice(0, 12)), status).toEqual([`HTTP/1.1 ${status.slice(0, 3)}`, `HTTP/1.1 ${status.slice(0, 3)}`]);
      expect(answered.text).not.toContain('hello');
      // RFC 9110 §8.6: a server must not send Content-Length in a 204.
      if (status.startsWith('204')) expect(answered.text).not.toMatch(/content-length/i);
    }
  });

  it('a body longer than its Content-Length: the declared bytes are relayed, the rest dropped', async () => {
    const edge = await edgeFor(reply('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'));
    const answered = await rawExchange(edge.port, ['GET /pass HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /pass HTTP/1.1\r\nHost: x\r\n\r\n'], { ms: 1500, untilClose: true });
    expect(answered.text).not.toContain('EXTRA');
    expect(answered.text.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });
});
