// Header variables and their `NAME:key` subfields against falco's tables, which record what Fastly does:
// ysugimoto/falco interpreter/variable/field_test.go (TestGetField, TestSetField, TestUnsetField: "pattern
// extrapolated from Fastly behavior", interpreter/variable/field.go) and interpreter/variable/header_test.go
// (reading, setting, overwriting and unsetting fields; wildcard unset). The VCL is ours.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { startTestEdge } from './helpers/edge.js';

const DECLS = 'backend b { .host = "127.0.0.1"; }\n';

/** Run a vcl_recv body on a request with these headers; read a header back. */
function run(body: string, headers: Record<string, string | string[]> = {}): (name: string) => string | null {
  const r = compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv({ headers });
  return (name) => r.req.headers.get(name);
}

/** `req.http.X:field` for a header X holding `input` (null: not set). */
const field = (input: string, key: string) => run(`set req.http.R = req.http.X:${key};`, { X: input })('R');

describe('reading a field (falco field_test.go TestGetField)', () => {
  // [input, field, expected]: null is not set.
  const cases: [string, string, string | null][] = [
    ['', 'a', null],
    ['a=1', 'a', '1'],
    ['a=(1 2)', 'a', '(1'],
    ['a=(1)', 'a', '(1)'],
    ['a=1,b=2', 'a', '1'],
    ['a=1,b=2', 'b', '2'],
    ['a=1 ,  b=2', 'a', '1'],
    ['a=1 ,  b=2', 'b', '2'],
    ['a=1\t,\tb=2', 'a', '1'],
    ['a=1\t,\tb=2', 'b', '2'],
    ['     a=1 ,  b=2', 'a', '1'],
    ['     a=1 ,  b=2', 'b', '2'],
    ['a=1, b= 2', 'a', '1'],
    ['a=1, b= 2', 'b', '2'],
    ['a=1, b, c=3', 'a', '1'],
    ['a=1, b, c=3', 'b', ''],
    ['a=1, b, c=3', 'c', '3'],
    ['a, b, c', 'a', ''],
    ['a, b=2', 'a', ''],
    ['a, b=2', 'b', '2'],
    ['a=1, b', 'a', '1'],
    ['a=1, b', 'b', ''],
    ['a=1, b;foo=9, c=3', 'a', '1'],
    ['a=1, b;foo=9, c=3', 'b', null],
    ['a=1, b;foo=9, c=3', 'c', '3'],
    ['a=1, b=?1;foo=9, c=3', 'a', '1'],
    ['a=1, b=?1;foo=9, c=3', 'b', '?1;foo=9'],
    ['a=1, b=?1;foo=9, c=3', 'c', '3'],
    ['a=1, b=2,', 'a', '1'],
    ['a=1, b=2,', 'b', '2'],
    ['a=1,,b=2,', 'a', '1'],
    ['a=1,,b=2,', 'b', '2'],
    ['a=1,b=2,a=3', 'a', '1'],
    ['a=1,b=2,a=3', 'b', '2'],
    ['a=1,1b=2,a=1', 'a', '1'],
    ['a=1,1b=2,a=1', '1b', '2'],
    ['a=1,B=2,a=1', 'a', '1'],
    ['a=1,B=2,a=1', 'b', '2'],
    ['a=1,B=2,a=1', 'B', '2'],
    ['a=1,b!=2,a=1', 'a', '1'],
    ['a=1,b!=2,a=1', 'b', null],
    ['a=1,b="a,c=asdf",d=asdf', 'a', '1'],
    ['a=1,b="a,c=asdf",d=asdf', 'b', 'a,c=asdf'],
    ['a=1,b="a,c=asdf",d=asdf', 'c', 'asdf"'],
    ['a=1,b="a,c=asdf",d=asdf', 'd', 'asdf'],
    ['a=c\\,adf,b=asdf', 'a', 'c\\'],
    ['a=c\\,adf,b=asdf', 'c', null],
    ['a=c\\,adf,b=asdf', 'adf', ''],
    ['a=c\\,adf,b=asdf', 'b', 'asdf'],
  ];

  it(`reads each of the ${cases.length} cases as Fastly does`, () => {
    for (const [input, key, expected] of cases) expect(field(input, key), `${JSON.stringify(input)} :${key}`).toBe(expected);
  });

  it('a field name in VCL must be an identifier, so `1b` and `b!` are read through header.get', () => {
    expect(run('set req.http.R = header.get(req, "X:1b");', { X: 'a=1,1b=2,a=1' })('R')).toBe('2');
  });
});

describe('writing a field (falco field_test.go TestSetField, TestUnsetField)', () => {
  const set = (input: string, key: string, value: string) => run(`set req.http.X:${key} = "${value}";`, { X: input })('X');
  const unset = (input: string, key: string) => run(`unset req.http.X:${key};`, { X: input })('X');

  it('set takes the first item with the key out and adds the new one at the end', () => {
    expect(set('a=1', 'a', '2')).toBe('a=2');
    expect(set('a=1,b=2,c=3', 'a', '4')).toBe('b=2,c=3,a=4');
    expect(set('a=1,b=2,c=3', 'b', '4')).toBe('a=1,c=3,b=4');
    expect(set('a=1,b=2,c=3', 'c', '4')).toBe('a=1,b=2,c=4');
    expect(set('a=1,a=2,a=3', 'a', '4')).toBe('a=2,a=3,a=4');
    expect(set('a,b=2,c=3', 'a', '4')).toBe('b=2,c=3,a=4');
    expect(set('a="b,c=2",d=3', 'c', '4')).toBe('a="b,d=3,c=4');
  });

  it('a value with a blank or a separator is quoted', () => {
    expect(run('set req.http.X:a = " ";')('X')).toBe('a=" "');
    expect(run('set req.http.X:a = "1,2";')('X')).toBe('a="1,2"');
  });

  it('unset takes the item out with one separator; nothing left removes the header', () => {
    expect(unset('a=1', 'a')).toBeNull();
    expect(unset('a', 'a')).toBeNull();
    expect(unset('a=1,b=2,c=3', 'a')).toBe('b=2,c=3');
    expect(unset('a=1,b=2,c=3', 'b')).toBe('a=1,c=3');
    expect(unset('a=1,b=2,c=3', 'c')).toBe('a=1,b=2');
    expect(unset('a="b,c=2",d=3', 'c')).toBe('a="b,d=3');
  });
});

describe('header variables (falco header_test.go)', () => {
  const headers = { Foo: 'bar', Text: ['lorem=ipsum', 'dolor=sit'], Cookie: 'foo=bar' };

  it('reads a header, a field of its first instance, and a cookie; absent ones are not set', () => {
    const read = run('set req.http.A = req.http.foo; set req.http.B = req.http.hoge; set req.http.C = req.http.Text:lorem; set req.http.D = req.http.Text:amet; set req.http.E = req.http.Cookie:foo; set req.http.F = req.http.Cookie:baz;', headers);
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map(read)).toEqual(['bar', null, 'ipsum', null, 'bar', null]);
  });

  it('sets a header, a field and a cookie, each read back', () => {
    const read = run('set req.http.foo = "bar"; set req.http.Text:lorem = "ipsum"; set req.http.Cookie:foo = "bar"; set req.http.A = req.http.foo; set req.http.B = req.http.Text:lorem; set req.http.C = req.http.Cookie:foo;');
    expect(['A', 'B', 'C'].map(read)).toEqual(['bar', 'ipsum', 'bar']);
  });

  it('a cookie set by name joins the Cookie list with "; " (falco header.go: AddCookie)', () => {
    expect(run('set req.http.Cookie:foo = "bar";', { Cookie: 'a=1' })('Cookie')).toBe('a=1; foo=bar');
    expect(run('set req.http.Cookie:a = "2";', { Cookie: 'a=1; b=2' })('Cookie')).toBe('b=2; a=2');
    expect(run('unset req.http.Cookie:a;', { Cookie: 'a=1; b=2' })('Cookie')).toBe('b=2');
  });

  it('setting one field twice keeps the last value, in one header', () => {
    const r = compile(`${DECLS}sub vcl_recv { set req.http.Foo:abc = "123"; set req.http.Foo:bar = "baz"; set req.http.Foo:bar = "snafu"; set req.http.R = req.http.Foo:bar; }`).recv();
    expect(r.req.headers.get('R')).toBe('snafu');
    expect(r.req.headers.getAll('Foo')).toEqual(['abc=123,bar=snafu']);
  });

  it('fields set to "" are bare keys; one is then given a value, another unset', () => {
    const read = run('set req.http.VARS = ""; set req.http.VARS:VALUE = ""; set req.http.VARS:VALUE2 = ""; set req.http.A = req.http.VARS; set req.http.VARS:VALUE = "V"; set req.http.B = req.http.VARS; unset req.http.VARS:VALUE2; set req.http.C = req.http.VARS;');
    expect(['A', 'B', 'C'].map(read)).toEqual(['VALUE,VALUE2', 'VALUE2,VALUE=V', 'VALUE=V']);
  });

  it('unset of a header or a field leaves it not set, the field of every instance too', () => {
    for (const name of ['foo', 'hoge', 'Text:lorem', 'Text:amet', 'Cookie:foo', 'Cookie:baz']) {
      expect(run(`unset req.http.${name}; set req.http.R = req.http.${name};`, headers)('R'), name).toBeNull();
    }
  });

  it('a field value is quoted, then cut at a newline (falco field.go)', () => {
    expect(run('set req.http.R:k = "a" LF "b";')('R')).toBe('k="a');
    // falco also cuts a whole header value at its first newline when it is set; vcl-edge keeps it and
    // `serve` refuses to send such a header (a 503 and one warning line: edge-reliability-status.test.ts).
    expect(run('set req.http.R = "a" LF "b";')('R')).toBe('a\nb');
  });

  it('unset with a trailing * removes every header with that prefix', () => {
    const read = run('unset req.http.X-*;', { 'X-SomeHeader-1': 'foo', 'X-SomeHeader-2': 'bar', Other: 'kept' });
    expect(['X-SomeHeader-1', 'X-SomeHeader-2', 'Other'].map(read)).toEqual([null, null, 'kept']);
  });
});

describe('headers with several instances (backend-response/beresp-http)', () => {
  it('"beresp.http will only give the value of the first instance"; set leaves one, unset none', async () => {
    const service = compile(`${DECLS}sub vcl_fetch { set beresp.http.First = beresp.http.Set-Cookie; set beresp.http.X-Two = "one"; unset beresp.http.X-Gone; }`);
    const origin = { status: 200, headers: [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-Two', '1'], ['X-Two', '2'], ['X-Gone', '1'], ['X-Gone', '2']] as [string, string][] };
    const res = await service.run({ url: '/' }, { origin });
    expect(res.headers.get('First')).toBe('a=1');
    expect(res.headers.getAll('Set-Cookie')).toEqual(['a=1', 'b=2']);
    expect(res.headers.getAll('X-Two')).toEqual(['one']);
    expect(res.headers.getAll('X-Gone')).toEqual([]);
  });
});

describe('add and remove (statements/add, statements/remove)', () => {
  it('add appends another instance; remove takes every instance away, as unset does', async () => {
    const service = compile(`${DECLS}sub vcl_deliver { add resp.http.Set-Cookie = "a=1"; add resp.http.Set-Cookie = "b=2"; remove resp.http.X-Gone; }`);
    const res = await service.run({ url: '/' }, { origin: { status: 200, headers: [['X-Gone', '1'], ['X-Gone', '2']] } });
    expect(res.headers.getAll('Set-Cookie')).toEqual(['a=1', 'b=2']);
    expect(res.headers.getAll('X-Gone')).toEqual([]);
  });
});

describe('the Cookie limit (https://www.fastly.com/documentation/reference/vcl/constraints-and-limitations)', () => {
  const vcl = `${DECLS}sub vcl_recv { set req.http.Seen = if(req.http.Cookie, "cookie", "none") "," if(req.http.Fastly-Cookie-Overflow, req.http.Fastly-Cookie-Overflow, "-"); error 600; }
sub vcl_error { set obj.http.Seen = req.http.Seen; }`;

  it('over 32 KB the Cookie header is unset and Fastly-Cookie-Overflow is "1" before vcl_recv', () => {
    const seen = (cookie: string) => run('set req.http.R = if(req.http.Cookie, "cookie", "none") "," if(req.http.Fastly-Cookie-Overflow, req.http.Fastly-Cookie-Overflow, "-");', { Cookie: cookie })('R');
    expect(seen(`a=${'x'.repeat(32 * 1024 - 2)}`)).toBe('cookie,-');
    expect(seen(`a=${'x'.repeat(32 * 1024)}`)).toBe('none,1');
  });

  // reference/http/http-headers/Fastly-Cookie-Overflow: "automatically removed from requests when they
  // arrive on a Fastly server, before being set if the Cookie header is too long".
  it("a client's own Fastly-Cookie-Overflow is removed on arrival: VCL cannot be told a cookie overflowed", () => {
    const seen = (headers: Record<string, string | string[]>) => run('set req.http.R = if(req.http.Cookie, "cookie", "none") "," if(req.http.Fastly-Cookie-Overflow, req.http.Fastly-Cookie-Overflow, "-") "," req.header_bytes_read;', headers)('R');
    const sent = seen({ Cookie: 'a=1' });
    expect(seen({ Cookie: 'a=1', 'Fastly-Cookie-Overflow': '1' })?.split(',').slice(0, 2)).toEqual(['cookie', '-']);
    expect(seen({ 'Fastly-Cookie-Overflow': ['1', '1'] })?.split(',').slice(0, 2)).toEqual(['none', '-']);
    expect(seen({ Cookie: `a=${'x'.repeat(32 * 1024)}`, 'Fastly-Cookie-Overflow': '0' })?.split(',').slice(0, 2)).toEqual(['none', '1']);
    // The header the client sent still counts as read: `Fastly-Cookie-Overflow: 1\r\n` is 27 bytes.
    const withIt = seen({ Cookie: 'a=1', 'Fastly-Cookie-Overflow': '1' });
    expect(Number(withIt!.split(',')[2]) - Number(sent!.split(',')[2])).toBe(27);
  });

  it('the same through the server (real sockets)', async () => {
    const edge = await startTestEdge(vcl);
    try {
      const big = await fetch(`${edge.url}/`, { headers: { Cookie: `a=${'x'.repeat(33 * 1024)}` } });
      expect(big.headers.get('Seen')).toBe('none,1');
      const small = await fetch(`${edge.url}/`, { headers: { Cookie: 'a=1' } });
      expect(small.headers.get('Seen')).toBe('cookie,-');
    } finally {
      await edge.close();
    }
  });
});

describe('cookie names are exact; other field keys are in any case (falco header.go, field.go)', () => {
  it('Cookie:Foo does not read or replace the cookie foo; X:B reads and replaces b', () => {
    expect(run('set req.http.R = req.http.Cookie:Foo;', { Cookie: 'foo=1' })('R')).toBeNull();
    expect(run('set req.http.Cookie:Foo = "2";', { Cookie: 'foo=1' })('Cookie')).toBe('foo=1; Foo=2');
    expect(run('set req.http.X:B = "3";', { X: 'a=1,b=2' })('X')).toBe('a=1,B=3');
  });
});
