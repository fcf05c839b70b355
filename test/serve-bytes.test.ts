// Bytes through `serve`, end to end on real sockets (127.0.0.1, port 0): a client sends header values that
// are not valid UTF-8 and a percent-encoded URL that VCL urldecodes into such bytes; VCL reads, decodes and
// logs them; the origin (a raw TCP server, so nothing re-encodes what it sees) must receive exactly those
// bytes, and the client exactly what VCL and the origin sent back. The upgrade path hands the same bytes
// to the relay. (Node's HTTP parser refuses a raw byte >= 0x80 in the request target with a 400, so
// such URL bytes can only come from VCL here.)
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, startEdge, type RunningEdge } from '../src/index.js';
import { startRawOrigin, type RawOrigin } from './helpers/origins.js';

const VCL = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  if (req.url ~ "^/synthetic") { error 600; }
  set req.url = urldecode(req.url);
  set req.http.X-Url-Bytes = std.strlen(req.url);
  log "syslog " req.service_id " bytes :: " req.http.X-In " " req.url;
  if (req.http.Upgrade) { return (upgrade); }
  return (pass);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Echo = req.http.X-In;
}
sub vcl_error {
#FASTLY error
  if (obj.status == 600) {
    set obj.status = 200;
    set obj.response = "OK";
    set obj.http.X-First-Byte = substr(req.http.X-In, 1, 1);
    synthetic "%FF%FEbody%C3%A9";
    return (deliver);
  }
}
`;

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const URL_SENT = latin1('/caf%C3%A9/%FF%FE?q=%e3&r=%2541');
const URL_BYTES = latin1('/caf\xc3\xa9/\xff\xfe?q=\xe3&r=%41'); // as urldecode leaves it
const X_IN = latin1('a\xffb\xc3\xa9\xe3');

/** The request head as raw bytes, every line CRLF-terminated. */
function head(lines: Buffer[]): Buffer {
  return Buffer.concat([...lines.flatMap((l) => [l, latin1('\r\n')]), latin1('\r\n')]);
}

/** One request on a fresh connection; resolves with every byte the server sent until it closed. */
function exchange(port: number, request: Buffer, until?: (received: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (until?.(Buffer.concat(chunks))) socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** The value bytes of the first header `name` in a raw head. */
function headerBytes(raw: Buffer, name: string): Buffer | null {
  const end = raw.indexOf('\r\n\r\n');
  const lines = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1').split('\r\n');
  const line = lines.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : latin1(line.slice(name.length + 1).trim());
}

function bodyOf(raw: Buffer): Buffer {
  return raw.subarray(raw.indexOf('\r\n\r\n') + 4);
}

/** A raw origin that records the request head of each connection and answers `answer` to it. */
async function recordingOrigin(answer: Buffer, keepOpen: boolean): Promise<RawOrigin & { heads: Buffer[] }> {
  const heads: Buffer[] = [];
  const origin = await startRawOrigin((socket) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      heads.push(received.subarray(0, end + 4));
      if (keepOpen) socket.write(answer);
      else socket.end(answer);
    };
    socket.on('data', onData);
  });
  return Object.assign(origin, { heads });
}

const ORIGIN_ANSWER = head([latin1('HTTP/1.1 200 OK'), latin1('X-Origin-Bytes: \xff\xc3\xa9\xfe'), latin1('Content-Length: 2'), latin1('Connection: close')]);

describe('serve keeps bytes that are not UTF-8', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(answer: Buffer, keepOpen = false) {
    const origin = await recordingOrigin(answer, keepOpen);
    const logChunks: Buffer[] = [];
    const accessLines: string[] = [];
    const edge: RunningEdge = await startEdge({
      vcl: compile(VCL, { file: 'bytes.vcl' }),
      port: 0,
      backends: { origin: `http://127.0.0.1:${origin.port}` },
      stdout: new Writable({ write: (c: Buffer, _e, done) => (logChunks.push(Buffer.from(c)), done()) }),
      accessLog: new Writable({ write: (c: Buffer, _e, done) => (accessLines.push(c.toString()), done()) }),
      warn: () => undefined,
    });
    cleanups.push(() => origin.close(), () => edge.close(0));
    return { origin, edge, log: () => Buffer.concat(logChunks), access: () => accessLines.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it('to the origin, in the log, and back to the client', async () => {
    const { origin, edge, log, access } = await setup(Buffer.concat([ORIGIN_ANSWER, latin1('ok')]));
    const request = head([Buffer.concat([latin1('GET '), URL_SENT, latin1(' HTTP/1.1')]), latin1('Host: example.com'), Buffer.concat([latin1('X-In: '), X_IN]), latin1('Connection: close')]);
    const response = await exchange(edge.port, request);

    const seen = origin.heads[0]!;
    expect(seen.subarray(0, seen.indexOf('\r\n'))).toEqual(Buffer.concat([latin1('GET '), URL_BYTES, latin1(' HTTP/1.1')]));
    expect(headerBytes(seen, 'X-In')).toEqual(X_IN);
    expect(headerBytes(seen, 'X-Url-Bytes')?.toString()).toBe(String(URL_BYTES.length));

    expect(response.subarray(0, 15).toString()).toBe('HTTP/1.1 200 OK');
    expect(headerBytes(response, 'X-Echo')).toEqual(X_IN);
    expect(headerBytes(response, 'X-Origin-Bytes')).toEqual(latin1('\xff\xc3\xa9\xfe'));
    expect(bodyOf(response).toString()).toBe('ok');

    expect(log()).toEqual(Buffer.concat([X_IN, latin1(' '), URL_BYTES, latin1('\n')]));
    expect(access()[0]?.url).toBe(URL_SENT.toString()); // the client's URL, as it arrived
  });

  it('sends a synthetic body and headers VCL made of bytes', async () => {
    const { edge } = await setup(Buffer.concat([ORIGIN_ANSWER, latin1('ok')]));
    const request = head([latin1('GET /synthetic HTTP/1.1'), latin1('Host: example.com'), Buffer.concat([latin1('X-In: '), X_IN]), latin1('Connection: close')]);
    const response = await exchange(edge.port, request);
    expect(response.subarray(0, 15).toString()).toBe('HTTP/1.1 200 OK');
    expect(headerBytes(response, 'X-First-Byte')).toEqual(latin1('\xff'));
    expect(bodyOf(response)).toEqual(latin1('\xff\xfebody\xc3\xa9'));
  });

  it('hands the relay the upgrade request with its bytes', async () => {
    const switching = head([latin1('HTTP/1.1 101 Switching Protocols'), latin1('Upgrade: websocket'), latin1('Connection: Upgrade')]);
    const { origin, edge } = await setup(switching, true);
    const request = head([
      Buffer.concat([latin1('GET '), URL_SENT, latin1(' HTTP/1.1')]),
      latin1('Host: example.com'),
      latin1('Upgrade: websocket'),
      latin1('Connection: Upgrade'),
      // A whole WebSocket handshake: the edge refuses an incomplete one (websocket-handshake.ts).
      latin1('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='),
      latin1('Sec-WebSocket-Version: 13'),
      Buffer.concat([latin1('X-In: '), X_IN]),
    ]);
    const response = await exchange(edge.port, request, (r) => r.includes('\r\n\r\n'));
    expect(response.subarray(0, 12).toString()).toBe('HTTP/1.1 101');

    const seen = origin.heads[0]!;
    expect(seen.subarray(0, seen.indexOf('\r\n'))).toEqual(Buffer.concat([latin1('GET '), URL_BYTES, latin1(' HTTP/1.1')]));
    expect(headerBytes(seen, 'X-In')).toEqual(X_IN);
  });
});
