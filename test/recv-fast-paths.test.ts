// The per-request shortcuts vcl_recv takes (compile-time joined concatenations, time texts kept from the
// last request, the query sort's reused lists, the head counted as the request arrives) give what the
// plain paths gave, including on the inputs where the shortcut must not apply.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { fromBytes } from '../src/values/bytes.js';
import { sortQuery } from '../src/builtins/functions/querystring.js';

const BACKEND = 'backend F_origin { .host = "127.0.0.1"; .port = "8080"; }\n';

function recvHeaders(body: string, request: Parameters<ReturnType<typeof compile>['recv']>[0] = {}) {
  return compile(`${BACKEND}sub vcl_recv {\n${body}\n}\n`).recv(request).req.headers;
}

describe('string concatenation', () => {
  it('renders a not-set header as "(null)" beside constants, and a local as ""', () => {
    const h = recvHeaders(`
      declare local var.s STRING;
      set req.http.After = req.http.Missing ",VS0";
      set req.http.Before = "S" req.http.Missing;
      set req.http.Alone = "" req.http.Missing "";
      set var.s = req.http.Missing "" req.http.Missing;
      set req.http.Local = "[" var.s "]";
      set req.http.Both = req.http.Missing req.http.Missing;`);
    expect([h.get('After'), h.get('Before'), h.get('Alone'), h.get('Local')]).toEqual(['(null),VS0', 'S(null)', '(null)', '[]']);
    expect(h.get('Both')).toBeNull(); // every part not set: the whole is not set, and assigning it removes the header
  });

  it('joins adjacent constants and parts per request in order', () => {
    const h = recvHeaders('set req.http.X = "a" "b" req.http.A "c" "d" req.http.B req.http.A "e";', { headers: { A: '1', B: '2' } });
    expect(h.get('X')).toBe('ab1cd21e');
  });

  it('still joins escaped bytes that meet at a seam into a character, on either side of a constant', () => {
    const h = recvHeaders(
      `set req.http.Tail = req.http.Lead "%A9";
       set req.http.Head = "%C3" req.http.Trail;
       set req.http.Middle = req.http.Lead req.http.Trail "!";
       set req.http.Apart = req.http.Lead "x" req.http.Trail;`,
      { headers: { Lead: fromBytes(Buffer.from([0xc3])), Trail: fromBytes(Buffer.from([0xa9])) } },
    );
    expect([h.get('Tail'), h.get('Head'), h.get('Middle')]).toEqual(['é', 'é', 'é!']);
    expect(h.get('Apart')).toBe(`${fromBytes(Buffer.from([0xc3]))}x${fromBytes(Buffer.from([0xa9]))}`);
  });

  it('checks the seams of a long concatenation too (past the 30 the compiler marks one by one)', () => {
    const many = Array.from({ length: 34 }, () => 'req.http.A "-"').join(' ');
    const h = recvHeaders(`set req.http.Long = ${many} req.http.Lead req.http.Trail;`, {
      headers: { A: 'a', Lead: fromBytes(Buffer.from([0xc3])), Trail: fromBytes(Buffer.from([0xa9])) },
    });
    expect(h.get('Long')).toBe(`${'a-'.repeat(34)}é`);
  });
});

describe('time texts', () => {
  // https://www.fastly.com/documentation/reference/vcl/variables/date-and-time/time-start-usec-frac/
  const vcl = `${BACKEND}sub vcl_recv {
    set req.http.Sec = time.start.sec;
    set req.http.Usec = time.start.usec_frac;
    set req.http.Msec = time.start.msec_frac;
    set req.http.Now = now.sec;
  }\n`;

  it('follow each request, not the one before', () => {
    const svc = compile(vcl);
    const read = (time: number) => {
      const h = svc.recv({ time }).req.headers;
      return [h.get('Sec'), h.get('Usec'), h.get('Msec'), h.get('Now')];
    };
    expect(read(1_700_000_000_123)).toEqual(['1700000000', '123000', '123', '1700000000']);
    expect(read(1_700_000_000_007)).toEqual(['1700000000', '007000', '007', '1700000000']);
    expect(read(1_700_000_001_000)).toEqual(['1700000001', '000000', '000', '1700000001']);
    expect(read(1_700_000_000_123)).toEqual(['1700000000', '123000', '123', '1700000000']);
  });

  it("stamp X-Timer at #FASTLY recv from the request's own start", () => {
    const svc = compile(`${BACKEND}sub vcl_recv {\n#FASTLY recv\n}\n`);
    expect(svc.recv({ time: 1_700_000_000_042 }).req.headers.get('X-Timer')).toBe('S1700000000.042000,VS0');
    expect(svc.recv({ time: 1_700_000_005_999 }).req.headers.get('X-Timer')).toBe('S1700000005.999000,VS0');
  });
});

describe('querystring.sort with its reused lists', () => {
  it('sees nothing of an earlier, longer query', () => {
    expect(sortQuery('/?z=1&b=2&a=3&b=4', false)).toBe('/?a=3&b=2&b=4&z=1');
    expect(sortQuery('/?b=9', true)).toBe('/?b=9');
    expect(sortQuery('/?z=1&a=2&z=3', true)).toBe('/?a=2&z=1');
    expect(sortQuery('/p?&', false)).toBe('/p');
  });
});

describe('req.header_bytes_read', () => {
  // The head as the client sent it: the lines the edge adds (Fastly-Client-IP, X-Forwarded-For on TLS,
  // Fastly-Cookie-Overflow) and X-Timer, which `#FASTLY recv` sets, are not counted; a dropped Cookie is.
  const svc = compile(`${BACKEND}sub vcl_recv {\n#FASTLY recv\n  set req.http.Head = req.header_bytes_read;\n}\n`);
  const head = (lines: string[]) => `GET / HTTP/1.1\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`.length;

  it('counts the lines the client sent', () => {
    const h = svc.recv({ headers: { Host: 'example.com', 'X-Forwarded-For': '203.0.113.9' }, isTls: true }).req.headers;
    expect(h.get('X-Forwarded-For')).toBe('203.0.113.9, 192.0.2.1');
    expect(h.get('Head')).toBe(String(head(['Host: example.com', 'X-Forwarded-For: 203.0.113.9'])));
  });

  it('counts a Cookie over the limit that VCL never sees', () => {
    const cookie = `a=${'x'.repeat(33 * 1024)}`;
    const h = svc.recv({ headers: { Host: 'example.com', Cookie: cookie } }).req.headers;
    expect([h.get('Cookie'), h.get('Fastly-Cookie-Overflow')]).toEqual([null, '1']);
    expect(h.get('Head')).toBe(String(head(['Host: example.com', `Cookie: ${cookie}`])));
  });
});
