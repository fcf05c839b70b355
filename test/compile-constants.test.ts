// Work the compiler does once, when the VCL is loaded, instead of on every request: calls of pure
// functions on constants, and concatenations of constant strings. The results must be the ones the same
// VCL gives when everything runs per request.
import { describe, expect, it } from 'vitest';
import { compile, type FunctionSpec } from '../src/index.js';
import type { FunctionContext } from '../src/values/function-context.js';

const B = 'backend b { .host = "127.0.0.1"; }\n';

/** A STRING function of one STRING that counts its calls (`pure` as given). */
function counted(name: string, pure: boolean, impl: (ctx: FunctionContext, s: string | null) => string | null) {
  const calls = { count: 0 };
  const spec: FunctionSpec = {
    name,
    returns: 'STRING',
    params: ['STRING'],
    doc: 'test function',
    pure,
    impl: (ctx: FunctionContext, s: string | null) => {
      calls.count++;
      return impl(ctx, s);
    },
  };
  return { spec, calls };
}

function service(body: string, spec: FunctionSpec) {
  return compile(`${B}sub vcl_recv {\n${body}\n}`, { functions: new Map([[spec.name, spec]]) });
}

describe('pure functions on constants', () => {
  it('are called once, when the VCL is compiled, and every request reads the result', () => {
    const { spec, calls } = counted('test.upper', true, (_ctx, s) => (s ?? '').toUpperCase());
    const svc = service('set req.http.X = test.upper("abc");', spec);
    expect(calls.count).toBe(1);
    for (let i = 0; i < 3; i++) expect(svc.recv().req.headers.get('X')).toBe('ABC');
    expect(calls.count).toBe(1);
  });

  it('are called per request when an argument is read from the request', () => {
    const { spec, calls } = counted('test.upper', true, (_ctx, s) => (s ?? '').toUpperCase());
    const svc = service('set req.http.X = test.upper(req.http.Y);', spec);
    expect(calls.count).toBe(0);
    expect(svc.recv({ headers: { Y: 'one' } }).req.headers.get('X')).toBe('ONE');
    expect(svc.recv({ headers: { Y: 'two' } }).req.headers.get('X')).toBe('TWO');
    expect(calls.count).toBe(2);
  });

  it('that are not marked pure are called per request, constants or not', () => {
    const { spec, calls } = counted('test.upper', false, (_ctx, s) => (s ?? '').toUpperCase());
    const svc = service('set req.http.X = test.upper("abc");', spec);
    svc.recv();
    svc.recv();
    expect(calls.count).toBe(2);
  });

  it('run per request, and right, when one marked pure reads the request after all', () => {
    const { spec } = counted('test.host', true, (ctx) => ctx.headers('req')?.get('host') ?? null);
    const svc = service('set req.http.X = test.host("ignored");', spec);
    expect(svc.recv({ headers: { Host: 'a.example' } }).req.headers.get('X')).toBe('a.example');
    expect(svc.recv({ headers: { Host: 'b.example' } }).req.headers.get('X')).toBe('b.example');
  });
});

describe('concatenations of constants', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/query-string/querystring-filtersep/
  // (the same example is on querystring.filter's page): the name list is constant, so it is joined once.
  it("filter the page's parameters: querystring.filtersep() joins the names", () => {
    const svc = compile(
      `${B}sub vcl_recv {\n  set req.url = querystring.filter(req.url, "utm_source" + querystring.filtersep() + "utm_medium" + querystring.filtersep() + "utm_campaign");\n}`,
    );
    const url = (u: string) => svc.recv({ url: u }).req.url;
    expect(url('/p?utm_source=x&a=1&utm_medium=y&utm_campaign=z&b=2')).toBe('/p?a=1&b=2');
    expect(url('/p?utm_source=x')).toBe('/p');
    expect(url('/p?a=1')).toBe('/p?a=1');
  });

  it('give the same string as the concatenation per request, a not-set part included', () => {
    const svc = compile(`${B}sub vcl_recv {\n  set req.http.X = "a" "b" + "c";\n  set req.http.Y = "a" req.http.Missing "c";\n}`);
    const { headers } = svc.recv().req;
    expect([headers.get('X'), headers.get('Y')]).toEqual(['abc', 'a(null)c']);
  });

  it('join escaped bytes that meet at the seam into their character, as per request', () => {
    // "%E2%82" then "%AC" are the three bytes of "€": joined at compile time they must form it too.
    const svc = compile(`${B}sub vcl_recv {\n  set req.http.X = "%E2%82" "%AC";\n}`);
    expect(svc.recv().req.headers.get('X')).toBe('€');
  });
});
