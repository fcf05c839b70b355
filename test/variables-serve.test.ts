// Variables that read real facts of `serve`: the client and server sockets, bytes read and written,
// the origin connection, timeouts VCL sets on bereq, req.body, and the client's TLS session on a TLS
// listener; and `serve --override` / `--tls-cert` from the command line. Real sockets on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEdge } from '../src/edge.js';
import { compile } from '../src/index.js';
import { ensureBuilt } from './helpers/build.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { makeTestCa, type TestCa } from './helpers/tls.js';
import { within } from './helpers/ws-client.js';

const open: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(x: T): T => (open.push(x), x);
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

let ca: TestCa;
beforeAll(async () => {
  ca = await makeTestCa();
}, 30_000);
afterAll(() => ca?.cleanup());

/** Send raw bytes on one keep-alive connection and read each response's headers. */
async function rawRequests(port: number, heads: string[]): Promise<{ local: number; responses: string[] }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const responses: string[] = [];
  let buffered = '';
  socket.on('data', (c: Buffer) => (buffered += c.toString('latin1')));
  for (const head of heads) {
    const before = responses.length;
    socket.write(head);
    await within(
      new Promise<void>((resolve) => {
        const check = () => {
          const end = buffered.indexOf('\r\n\r\n');
          const length = /content-length: (\d+)/i.exec(buffered.slice(0, end));
          if (end >= 0 && length && buffered.length >= end + 4 + Number(length[1])) {
            responses.push(buffered.slice(0, end + 4 + Number(length[1])));
            buffered = buffered.slice(end + 4 + Number(length[1]));
            socket.off('data', check);
            resolve();
          }
        };
        socket.on('data', check);
        check();
      }),
      5000,
      `response ${before + 1}`,
    );
  }
  const local = socket.localPort!;
  socket.destroy();
  return { local, responses };
}

const header = (response: string, name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'mi').exec(response)?.[1];

describe('serve: request and connection facts', () => {
  const VCL = `backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  set req.http.X-Head = req.header_bytes_read;
  set req.http.X-Body = req.body;
  return(pass);
}
sub vcl_fetch {
#FASTLY fetch
  set beresp.http.X-Peer = beresp.backend.ip ":" beresp.backend.port " from " beresp.backend.src_ip ":" beresp.backend.src_port " #" beresp.backend.requests;
  set beresp.http.X-Backend = beresp.backend.name " " backend.conn.is_tls;
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Client = client.ip ":" client.port " #" client.requests;
  set resp.http.X-Server = server.ip ":" server.port;
  set resp.http.X-Read = req.bytes_read " " req.body_bytes_read;
  set resp.http.X-Proto = req.protocol " " req.is_ssl " " fastly_info.is_h2 " " fastly_info.state;
  set resp.http.X-Head = req.http.X-Head;
  set resp.http.X-Body = req.http.X-Body;
}
sub vcl_log {
#FASTLY log
  log "syslog " req.service_id " bytes :: " resp.header_bytes_written " " resp.body_bytes_written " " resp.completed " " bereq.header_bytes_written " " bereq.body_bytes_written;
}`;

  it('reads the sockets, the bytes read and written, and the origin connection', async () => {
    const seen: { port: number; body: string }[] = [];
    const origin = track(
      await startHttpOrigin((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          seen.push({ port: req.socket.remotePort!, body });
          res.end('hello');
        });
      }),
    );
    const edge = track(await startTestEdge(VCL, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
    const get = 'GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n';
    const post = 'POST /b HTTP/1.1\r\nHost: example.com\r\nContent-Length: 7\r\n\r\na=1&b=2';
    const { local, responses } = await rawRequests(edge.port, [get, post]);
    const [first, second] = responses as [string, string];

    expect(header(first, 'X-Client')).toBe(`127.0.0.1:${local} #1`);
    expect(header(second, 'X-Client')).toBe(`127.0.0.1:${local} #2`);
    expect(header(first, 'X-Server')).toBe(`127.0.0.1:${edge.port}`);
    expect(header(first, 'X-Head')).toBe(String(get.length));
    expect(header(first, 'X-Proto')).toBe('http 0 0 PASS');
    // req.body: the POST's body, read before vcl_recv, still sent whole to the origin.
    expect(header(second, 'X-Body')).toBe('a=1&b=2');
    expect(seen.map((s) => s.body)).toEqual(['', 'a=1&b=2']);
    expect(header(second, 'X-Read')).toBe(`${post.length} 7`);
    expect(header(first, 'X-Peer')).toBe(`127.0.0.1:${origin.port} from 127.0.0.1:${seen[0]!.port} #1`);
    expect(header(first, 'X-Backend')).toBe('origin 0');

    const [headBytes, bodyBytes, completed, bereqHead, bereqBody] = edge.logs[1]!.split(' ').map(Number) as number[];
    expect([bodyBytes, completed, bereqBody]).toEqual([5, 1, 7]);
    expect(headBytes).toBeGreaterThan(second.indexOf('\r\n\r\n') - 200);
    expect(bereqHead).toBeGreaterThan('POST /b HTTP/1.1\r\n\r\n'.length);
  });

  it('applies the timeouts VCL sets on bereq', async () => {
    const origin = track(await startHttpOrigin((_req, res) => setTimeout(() => res.end('late'), 400)));
    const vcl = `backend origin { .host = "127.0.0.1"; .port = "1"; .first_byte_timeout = 5s; }
sub vcl_recv {
#FASTLY recv
  return(pass);
}
sub vcl_pass {
#FASTLY pass
  if (req.http.Hurry) { set bereq.first_byte_timeout = 100ms; }
}
sub vcl_error {
#FASTLY error
  set obj.http.X-Error = fastly.error;
}`;
    const edge = track(await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${origin.port}` } }));
    const hurried = await fetch(`${edge.url}/`, { headers: { Hurry: '1' } });
    expect(hurried.status).toBe(503);
    expect(hurried.headers.get('x-error')).toMatch(/first_byte_timeout 100 ms/);
    const patient = await fetch(`${edge.url}/`);
    expect([patient.status, await patient.text()]).toEqual([200, 'late']);
  });
});

describe('serve: TLS listener', () => {
  const VCL = `backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  set req.http.X-Tls = tls.client.protocol " " tls.client.servername " " tls.client.cipher " " tls.client.iana_chosen_cipher_id;
  set req.http.X-Edge = req.protocol " " req.is_ssl " " fastly_info.edge.is_tls " " tls.client.certificate.is_cert_missing;
  error 200;
}
sub vcl_error {
#FASTLY error
  set obj.http.X-Tls = req.http.X-Tls;
  set obj.http.X-Edge = req.http.X-Edge;
  synthetic "ok";
  return(deliver);
}`;
  /** IANA numbers of the TLS 1.3 suites Node negotiates. */
  const IANA: Record<string, number> = { TLS_AES_128_GCM_SHA256: 0x1301, TLS_AES_256_GCM_SHA384: 0x1302, TLS_CHACHA20_POLY1305_SHA256: 0x1303 };

  it('tls.client.* read the client’s session; req.protocol is https', async () => {
    const edge = track(await startEdge({ vcl: compile(VCL), host: '127.0.0.1', port: 0, tls: { cert: ca.certPem, key: ca.keyPem }, warn: () => undefined }));
    expect(edge.url).toMatch(/^https:\/\//);
    const { headers, socket } = await new Promise<{ headers: http.IncomingHttpHeaders; socket: TLSSocket }>((resolve, reject) => {
      const req = https.get(`${edge.url}/`, { ca: ca.caPem, servername: 'localhost', agent: false, minVersion: 'TLSv1.3' }, (res) => {
        res.resume();
        resolve({ headers: res.headers, socket: res.socket as TLSSocket });
      });
      req.on('error', reject);
    });
    const cipher = socket.getCipher();
    expect(headers['x-tls']).toBe(`TLSv1.3 localhost ${cipher.name} ${IANA[cipher.standardName]}`);
    expect(headers['x-edge']).toBe('https 1 1 1');
  });
});

describe('vcl-edge serve --override and --tls-cert (CLI)', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  });
  beforeAll(() => ensureBuilt(), 120_000);

  function serve(args: string[]) {
    const child = spawn(process.execPath, [`${root}dist/bin/vcl-edge.js`, 'serve', ...args, '--workers', '1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = new Promise<string>((resolve) =>
      child.stdout!.on('data', () => {
        const m = /listening on (https?:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      }),
    );
    return { url, exit, output: () => out };
  }

  it('serves HTTPS with the environment the flags give', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-serve-tls-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), ca.certPem);
      writeFileSync(join(dir, 'key.pem'), ca.keyPem);
      writeFileSync(join(dir, 'main.vcl'), 'backend origin { .host = "127.0.0.1"; }\nsub vcl_recv { error 200; }\nsub vcl_error { synthetic client.geo.country_code " " server.datacenter " " client.geo.latitude " " req.protocol; return(deliver); }\n');
      const run = serve([join(dir, 'main.vcl'), '--listen', '127.0.0.1:0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem'), '--override', 'client.geo.country_code=DE', '--override', 'server.datacenter=FRA', '--override', 'client.geo.latitude=50.11']);
      const url = await within(run.url, 10_000, `"listening on" (output: ${run.output()})`);
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        https.get(`${url}/`, { ca: ca.caPem, servername: 'localhost' }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body).toBe('DE FRA 50.110 https');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a clear message for an override it cannot apply', async () => {
    const run = serve(['fixtures/main.vcl', '--listen', '127.0.0.1:0', '--override', 'client.geo.latitude=north']);
    expect(await within(run.exit, 10_000, 'exit')).toBe(2);
    expect(run.output()).toContain('--override: client.geo.latitude is FLOAT: give a number, got "north"');
  });
});
