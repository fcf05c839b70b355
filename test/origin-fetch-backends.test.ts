import { describe, expect, it } from 'vitest';
import { Headers } from '../src/values/headers.js';
import { DEFAULT_TIMEOUTS, describeAddress, parseBackendUrl } from '../src/server/backends.js';
import { stripHopByHop } from '../src/server/hop-by-hop.js';

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
