import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startEdge } from '../src/edge.js';
import { compile } from '../src/index.js';
import { Headers } from '../src/values/headers.js';
import { DEFAULT_TIMEOUTS, describeAddress, parseBackendUrl } from '../src/server/backends.js';
import { stripHopByHop } from '../src/server/hop-by-hop.js';
import { originHead } from '../src/server/origin-head.js';
import { toWire } from '../src/values/bytes.js';
import { rawExchange, startRecordingOrigin } from './helpers/raw-http.js';

describe('parseBackendUrl', () => {
  it('reads an http URL with the default timeouts', () => {
    expect(parseBackendUrl('F_app', 'http://127.0.0.1:8080')).toEqual({
      name: 'F_app',
      host: '127.0.0.1',
      port: 8080,
      tls: false,
      hostHeader: null,
      ...DEFAULT_TIMEOUTS,
    });
  });

  it('uses the host name of an https URL for SNI and certificate checks', () => {
    const t = parseBackendUrl('F_api', 'https://api.example.com');
    expect(t).toMatchObject({ host: 'api.example.com', port: 443, tls: true, servername: 'api.example.com', certHostname: 'api.example.com' });
  });

  it('sends no SNI for an IP literal, and unbrackets IPv6', () => {
    const t = parseBackendUrl('F_v6', 'https://[::1]:8443/');
    expect(t).toMatchObject({ host: '::1', port: 8443, tls: true, certHostname: '::1' });
    expect(t.servername).toBeUndefined();
    expect(describeAddress(t)).toBe('[::1]:8443');
    expect(parseBackendUrl('F', 'http://example.com').port).toBe(80);
  });

  it.each([
    ['not a url', /not a URL/],
    ['ftp://example.com', /unsupported scheme/],
    ['http://example.com/path', /must not have a path/],
    ['http://u:p@example.com', /credentials/],
  ])('rejects %s', (url, message) => {
    expect(() => parseBackendUrl('F_bad', url)).toThrow(message);
  });
});

describe('stripHopByHop', () => {
  it('removes Connection, what it names, and the fixed hop-by-hop set', () => {
    const h = new Headers([
      ['Connection', 'X-Foo, close'],
      ['connection', ' x-baz '],
      ['X-Foo', '1'],
      ['x-foo', '2'],
      ['X-Baz', '3'],
      ['Keep-Alive', 'timeout=5'],
      ['TE', 'trailers'],
      ['Trailer', 'X-Checksum'],
      ['Transfer-Encoding', 'chunked'],
      ['Upgrade', 'websocket'],
      ['Proxy-Connection', 'keep-alive'],
      ['Content-Length', '10'],
      ['X-Keep', 'yes'],
    ]);
    expect(stripHopByHop(h).entries()).toEqual([
      ['Content-Length', '10'],
      ['X-Keep', 'yes'],
    ]);
  });
});

describe('originHead', () => {
  const target = { ...parseBackendUrl('F_app', 'http://origin.test:8080'), hostHeader: 'config.example' };
  const request = () =>
    new Headers([
      ['host', 'Client.Example'],
      ['Connection', 'keep-alive'],
      ['X-Bytes', 'caf\u00e9'],
      ['HOST', 'second'],
      ['Transfer-Encoding', 'chunked'],
    ]);

  it('keeps order, case and repeats, drops the fixed hop-by-hop set, and converts each value', () => {
    expect(originHead(request(), target, { hasBody: false, convert: toWire })).toEqual(['host', 'Client.Example', 'X-Bytes', 'caf\u00c3\u00a9', 'HOST', 'second']);
  });

  it('puts .host_header in the first Host’s place and drops the others, as Headers.set does', () => {
    expect(originHead(request(), target, { hasBody: false, overrideHost: true })).toEqual(['host', 'config.example', 'X-Bytes', 'caf\u00e9']);
  });

  it('adds Host (the backend’s address, or .host_header) when there is none, and chunked framing for a body of unknown length', () => {
    const bare = new Headers([['X-A', '1']]);
    expect(originHead(bare, target, { hasBody: true })).toEqual(['X-A', '1', 'Host', 'origin.test:8080', 'Transfer-Encoding', 'chunked']);
    expect(originHead(bare, target, { hasBody: false, overrideHost: true })).toEqual(['X-A', '1', 'Host', 'config.example']);
    const sized = new Headers([['Content-Length', '3']]);
    expect(originHead(sized, parseBackendUrl('F', 'https://origin.test'), { hasBody: true })).toEqual(['Content-Length', '3', 'Host', 'origin.test']);
  });
});

describe('Headers: the per-request operations', () => {
  it('filters in place and keeps a clone apart; mapValues copies only when a value changes', () => {
    const h = new Headers([['A', '1'], ['b', '2'], ['C', '3'], ['b', '4']]);
    const copy = h.clone();
    h.filterLower((lower) => lower !== 'b');
    expect(h.entries()).toEqual([['A', '1'], ['C', '3']]);
    expect(copy.entries()).toEqual([['A', '1'], ['b', '2'], ['C', '3'], ['b', '4']]);
    expect(h.mapValues((v) => v)).toBe(h);
    const doubled = h.mapValues((v) => v + v);
    expect(doubled.entries()).toEqual([['A', '11'], ['C', '33']]);
    expect(h.get('c')).toBe('3');
    expect([h.nameAt(1), h.lowerAt(1), h.valueAt(1), h.size]).toEqual(['C', 'c', '3', 2]);
  });
});

describe('a backend the VCL declares, moved by a project config', () => {
  it('takes the config’s address and its host_header (the origin sees that Host)', async () => {
    const origin = await startRecordingOrigin();
    const vcl = 'backend F_app { .host = "192.0.2.1"; .port = "1"; }\nsub vcl_recv { set req.backend = F_app; return(pass); }';
    const edge = await startEdge({
      vcl: compile(vcl, { file: 'main.vcl' }),
      port: 0,
      backendSettings: { F_app: { url: `http://127.0.0.1:${origin.port}`, hostHeader: 'origin.example.com' } },
      accessLog: new Writable({ write: (_c, _e, done) => done() }),
      warn: () => undefined,
    });
    try {
      expect((await rawExchange(edge.port, ['GET /h HTTP/1.1\r\nHost: client.example\r\n\r\n'])).status).toBe(200);
      expect(origin.header(origin.seen[0]!, 'host')).toBe('origin.example.com');
    } finally {
      await edge.close();
      await origin.close();
    }
  });
});
