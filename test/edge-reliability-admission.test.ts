// The rules the edge applies before VCL runs, one by one, without sockets: what admission.ts
// accepts and shows VCL, and how client-errors.ts tells an oversize target from oversize headers.
import { describe, expect, it } from 'vitest';
import { admit, MAX_HEADER_FIELDS, MAX_URL_BYTES } from '../src/server/admission.js';
import { answerForClientError, overflowedTarget } from '../src/server/client-errors.js';
import { stripFixedHopByHop } from '../src/server/hop-by-hop.js';
import { Headers } from '../src/values/headers.js';

const hostOf = (raw: readonly string[]) => raw[raw.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === 'host') + 1];
const head = (url: string, headers: string[] = ['Host', 'x'], method = 'GET', httpVersion = '1.1') => ({ method, url, httpVersion, rawHeaders: headers });

describe('admission: the target', () => {
  it.each([
    ['/a?b', '/a?b', 'x'],
    ['http://x/a?b', '/a?b', 'x'],
    ['HTTPS://X/a', '/a', 'x'],
    ['http://x', '/', 'x'],
    ['http://x?q', '/?q', 'x'],
    ['http://x:80/a', '/a', 'x:80'],
  ])('%s → VCL sees %s with Host %s', (url, expectedUrl, expectedHost) => {
    const admitted = admit(head(url));
    expect(admitted).toMatchObject({ ok: true, url: expectedUrl });
    expect(admitted.ok && hostOf(admitted.rawHeaders)).toBe(expectedHost);
  });

  it.each([
    ['ftp://x/a', /scheme ftp/],
    ['http://u:p@x/a', /credentials/],
    ['http:///a', /authority/],
    ['http://x y/', /authority/],
    ['*', /only for OPTIONS/],
  ])('refuses %s with 400', (url, reason) => {
    const admitted = admit(head(url));
    expect(admitted).toMatchObject({ ok: false, status: 400 });
    expect(!admitted.ok && admitted.reason).toMatch(reason);
  });

  it('allows * for OPTIONS, and refuses a target longer than 8 KB with 414', () => {
    expect(admit(head('*', ['Host', 'x'], 'OPTIONS'))).toMatchObject({ ok: true, url: '*' });
    expect(admit(head(`/${'a'.repeat(MAX_URL_BYTES - 1)}`))).toMatchObject({ ok: true });
    expect(admit(head(`/${'a'.repeat(MAX_URL_BYTES)}`))).toMatchObject({ ok: false, status: 414 });
  });
});

describe('admission: Host', () => {
  it('needs exactly one well-formed Host in HTTP/1.1, none in HTTP/1.0', () => {
    expect(admit(head('/', []))).toMatchObject({ ok: false, status: 400 });
    expect(admit(head('/', [], 'GET', '1.0'))).toMatchObject({ ok: true, rawHeaders: [] });
    expect(admit(head('/', ['Host', 'a', 'host', 'a']))).toMatchObject({ ok: false, status: 400 });
    for (const bad of ['a b', 'a/b', 'a@b', '[::1', 'a\tb']) expect(admit(head('/', ['Host', bad])), bad).toMatchObject({ ok: false, status: 400 });
    for (const good of ['a', 'a.example:8080', '[::1]:80', '127.0.0.1', '']) expect(admit(head('/', ['Host', good])), good).toMatchObject({ ok: true });
  });

  it('must agree with an absolute-form authority, up to case and the default port', () => {
    expect(admit(head('http://x/', ['Host', 'X:80']))).toMatchObject({ ok: true });
    expect(admit(head('https://x:443/', ['Host', 'x']))).toMatchObject({ ok: true });
    expect(admit(head('https://x:80/', ['Host', 'x']))).toMatchObject({ ok: false, status: 400 });
    expect(admit(head('http://x/', ['Host', 'y']))).toMatchObject({ ok: false, status: 400 });
  });

  it('takes Host from the authority when an HTTP/1.0 request has none', () => {
    expect(admit(head('http://A.example/p', [], 'GET', '1.0'))).toMatchObject({ ok: true, url: '/p', rawHeaders: ['Host', 'a.example'] });
  });
});

describe('admission: Connection options and limits', () => {
  it('removes the headers Connection names, but never Host, the body framing or the fixed hop-by-hop set', () => {
    const admitted = admit(
      head('/', ['Host', 'x', 'Connection', 'keep-alive, X-A, Upgrade, host', 'connection', 'content-length, x-b', 'X-A', '1', 'x-b', '2', 'Upgrade', 'websocket', 'Content-Length', '0', 'X-C', '3']),
    );
    expect(admitted.ok && admitted.rawHeaders.filter((_, i) => i % 2 === 0)).toEqual(['Host', 'Connection', 'connection', 'Upgrade', 'Content-Length', 'X-C']);
  });

  it(`refuses more than ${MAX_HEADER_FIELDS} header fields with 431`, () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => [`X-${i}`, 'v']).flat();
    expect(admit(head('/', ['Host', 'x', ...fields(MAX_HEADER_FIELDS - 1)]))).toMatchObject({ ok: true });
    expect(admit(head('/', ['Host', 'x', ...fields(MAX_HEADER_FIELDS)]))).toMatchObject({ ok: false, status: 431 });
  });

  it('after VCL, only the fixed hop-by-hop set goes (what VCL set stays)', () => {
    const h = new Headers([
      ['Connection', 'X-Verified'],
      ['X-Verified', '1'],
      ['Keep-Alive', '5'],
      ['TE', 'trailers'],
      ['Upgrade', 'h2c'],
      ['X-Other', 'y'],
    ]);
    expect(stripFixedHopByHop(h).entries()).toEqual([
      ['X-Verified', '1'],
      ['X-Other', 'y'],
    ]);
  });
});

describe('client errors: which status', () => {
  const overflow = (text: string, stoppedAt = text.length) => overflowedTarget(Buffer.from(text, 'latin1'), stoppedAt);

  it('tells an overflowing target from overflowing header fields by where the parser stopped', () => {
    expect(overflow(`GET /${'a'.repeat(100)}`)).toBe(true); // the first chunk, all request line
    expect(overflow(`GET /${'a'.repeat(100)} HTTP/1.1\r\n`, 105)).toBe(true); // stopped at the space
    expect(overflow(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(100)}`)).toBe(false); // a header line
    expect(overflow(`X-Big: ${'a'.repeat(100)}`)).toBe(false); // a later chunk, starting a header
    expect(overflow(`${'a'.repeat(50)}\r\n`, 50)).toBe(false); // a value ending at CR
    expect(overflow(`GET / HTTP/1.1\r\n\r\nGET /${'a'.repeat(100)}`)).toBe(true); // pipelined: the last line counts
    expect(overflow('a'.repeat(100))).toBe(true); // a run from an earlier chunk, target characters only
    expect(overflow(`${'a'.repeat(50)} b ${'a'.repeat(50)}`, 103)).toBe(false); // a space: a header value
  });

  it('maps Node parser and timeout errors to 400, 408, 413, 414 and 431; transport errors to nothing', () => {
    const error = (code: string, rawPacket?: Buffer) => Object.assign(new Error(code), { code, rawPacket });
    expect(answerForClientError(error('HPE_INVALID_METHOD'))?.status).toBe(400);
    expect(answerForClientError(error('ERR_HTTP_REQUEST_TIMEOUT'))?.status).toBe(408);
    expect(answerForClientError(error('HPE_CHUNK_EXTENSIONS_OVERFLOW'))?.status).toBe(413);
    expect(answerForClientError(error('HPE_HEADER_OVERFLOW', Buffer.from('GET /aaaa')))?.status).toBe(414);
    expect(answerForClientError(error('HPE_HEADER_OVERFLOW', Buffer.from('GET / HTTP/1.1\r\nA: b')))?.status).toBe(431);
    expect(answerForClientError(error('ECONNRESET'))).toBeNull();
  });
});
