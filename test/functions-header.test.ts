import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import { compile } from '../src/index.js';
import type { FunctionContext, HeaderScope, VclTable } from '../src/values/function-context.js';
import { Headers } from '../src/values/headers.js';

/** A context whose req/resp headers are real Headers objects; other scopes are unavailable. */
function setup(req: [string, string][] = [], resp: [string, string][] = []) {
  const scopes: Partial<Record<HeaderScope, Headers>> = { req: new Headers(req), resp: new Headers(resp) };
  const ctx: FunctionContext = { headers: (s) => scopes[s], now: () => 0, random: () => 0.5 };
  const call = (name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);
  return { req: scopes.req!, resp: scopes.resp!, call };
}

describe('header.get / set / unset', () => {
  it('reads case-insensitively; not set when absent or unavailable', () => {
    const { call } = setup([['X-Foo', 'bar']]);
    expect(call('header.get', 'req', 'x-foo')).toBe('bar');
    expect(call('header.get', 'req', 'X-Missing')).toBeNull();
    expect(call('header.get', 'beresp', 'X-Foo')).toBeNull();
    expect(call('header.get', 'req', null)).toBeNull();
  });

  it('sets by a computed name, ignoring invalid names', () => {
    const { req, call } = setup([['X-A', '1'], ['X-A', '2']]);
    expect(call('header.set', 'req', 'x-a', 'new')).toBeNull();
    expect(req.getAll('X-A')).toEqual(['new']);
    call('header.set', 'req', 'bad name', 'v');
    call('header.set', 'req', '', 'v');
    call('header.set', 'req', null, 'v');
    expect(req.names()).toEqual(['X-A']);
  });

  it('set with a not-set value removes the header', () => {
    const { req, call } = setup([['X-A', '1']]);
    call('header.set', 'req', 'X-A', null);
    expect(req.has('X-A')).toBe(false);
  });

  it('unset removes every instance', () => {
    const { req, call } = setup([['X-A', '1'], ['X-B', '2'], ['x-a', '3']]);
    expect(call('header.unset', 'req', 'X-A')).toBeNull();
    expect(req.entries()).toEqual([['X-B', '2']]);
  });
});

describe('header.filter / filter_except', () => {
  it('filter removes the named headers (Fastly example)', () => {
    const { resp, call } = setup([], [['Server', 'x'], ['X-Powered-By', 'y'], ['Content-MD5', 'z'], ['Date', 'd']]);
    call('header.filter', 'resp', 'Server', 'x-powered-by', 'Content-MD5');
    expect(resp.names()).toEqual(['Date']);
  });

  it('filter_except keeps only the named headers', () => {
    const { req, call } = setup([['Accept', 'a'], ['User-Agent', 'u'], ['Cookie', 'c'], ['X-Debug', '1']]);
    call('header.filter_except', 'req', 'accept', 'User-Agent');
    expect(req.names()).toEqual(['Accept', 'User-Agent']);
  });
});

describe('std.collect / std.count', () => {
  it('joins Cookie headers with "; " (Fastly example)', () => {
    const { req, call } = setup([['Cookie', 'name1=value1'], ['Cookie', 'name2=value2']]);
    expect(call('std.count', { scope: 'req', name: 'cookie' })).toBe(2);
    call('std.collect', { scope: 'req', name: 'Cookie' }, ';');
    expect(req.getAll('Cookie')).toEqual(['name1=value1; name2=value2']);
    expect(call('std.count', { scope: 'req', name: 'Cookie' })).toBe(1);
  });

  it('defaults to ", " and leaves a single or missing header alone', () => {
    const { req, call } = setup([['X-A', '1'], ['X-A', '2'], ['X-B', 'only']]);
    call('std.collect', { scope: 'req', name: 'X-A' });
    call('std.collect', { scope: 'req', name: 'X-B' });
    call('std.collect', { scope: 'req', name: 'X-None' });
    expect(req.entries()).toEqual([['X-A', '1, 2'], ['X-B', 'only']]);
    expect(call('std.count', { scope: 'req', name: 'X-None' })).toBe(0);
  });
});

describe('setcookie.get_value_by_name', () => {
  it('reads values from Set-Cookie headers (Fastly guide example)', () => {
    const { call } = setup([], [
      ['Set-Cookie', 'one=a; httponly; secure'],
      ['Set-Cookie', 'two=b or not to b; httponly'],
    ]);
    expect(call('setcookie.get_value_by_name', 'resp', 'one')).toBe('a');
    expect(call('setcookie.get_value_by_name', 'resp', 'two')).toBe('b or not to b');
    expect(call('setcookie.get_value_by_name', 'resp', 'three')).toBeNull();
    expect(call('setcookie.get_value_by_name', 'beresp', 'one')).toBeNull();
  });

  it('returns the last of several cookies with the same name', () => {
    const { call } = setup([], [['Set-Cookie', 'id=1; Path=/'], ['Set-Cookie', 'id=2']]);
    expect(call('setcookie.get_value_by_name', 'resp', 'id')).toBe('2');
  });
});

describe('table functions', () => {
  const table = (valueType: VclTable['valueType'], entries: [string, string | number | boolean | null][]): VclTable => ({
    name: 't',
    valueType,
    entries: new Map(entries),
  });
  const { call } = setup();
  const langs = table('STRING', [['US', 'en-US'], ['FR', 'fr-FR']]);

  it('table.lookup returns the value, the default, or not set (Fastly example)', () => {
    expect(call('table.lookup', langs, 'FR')).toBe('fr-FR');
    expect(call('table.lookup', langs, 'DE')).toBeNull();
    expect(call('table.lookup', langs, 'DE', 'en-US')).toBe('en-US');
    expect(call('table.lookup', langs, null)).toBeNull();
  });

  it('table.contains', () => {
    expect(call('table.contains', langs, 'US')).toBe(true);
    expect(call('table.contains', langs, 'us')).toBe(false);
  });

  it('typed lookups fall back to their required default', () => {
    expect(call('table.lookup_integer', table('INTEGER', [['a', 5]]), 'a', 0)).toBe(5);
    expect(call('table.lookup_integer', table('INTEGER', [['a', 5]]), 'b', 7)).toBe(7);
    expect(call('table.lookup_bool', table('BOOL', [['a', true]]), 'a', false)).toBe(true);
    expect(call('table.lookup_float', table('FLOAT', []), 'a', 1.5)).toBe(1.5);
    expect(call('table.lookup_rtime', table('RTIME', [['/a', 1000]]), '/a', 5000)).toBe(1000);
    expect(call('table.lookup_ip', table('IP', [['x', '192.0.2.1']]), 'x', '0.0.0.0')).toBe('192.0.2.1');
    expect(call('table.lookup_backend', table('BACKEND', [['a.example.com', 'b0']]), 'c', 'b2')).toBe('b2');
  });
});

describe('header.* with NAME:key subfields (as req.http.NAME:key reads and writes them)', () => {
  it('header.get reads a field of a header', () => {
    const { call } = setup([['Cookie', 'a=1; session=abc; b=2'], ['Cache-Control', 'public, max-age=300']]);
    expect(call('header.get', 'req', 'Cookie:session')).toBe('abc');
    expect(call('header.get', 'req', 'cache-control:max-age')).toBe('300');
    expect(call('header.get', 'req', 'Cache-Control:public')).toBe('');
    expect(call('header.get', 'req', 'Cookie:missing')).toBeNull();
    expect(call('header.get', 'req', 'X-None:a')).toBeNull();
    expect(call('header.get', 'req', 'Cookie:')).toBeNull();
    expect(call('header.get', 'req', ':a')).toBeNull();
  });

  it('header.set and header.unset change one field and keep the others', () => {
    const { req, call } = setup([['Cache-Control', 'public, max-age=300']]);
    call('header.set', 'req', 'Cache-Control:max-age', '60');
    expect(req.get('Cache-Control')).toBe('public,max-age=60'); // the new field goes last after "," (falco field_test.go)
    call('header.unset', 'req', 'Cache-Control:public');
    expect(req.get('Cache-Control')).toBe('max-age=60');
    call('header.unset', 'req', 'Cache-Control:max-age');
    expect(req.has('Cache-Control')).toBe(false);
    call('header.set', 'req', 'Vary:Accept-Encoding', '');
    expect(req.get('Vary')).toBe('Accept-Encoding');
  });

  it('agrees with the req.http.NAME:key accessor in compiled VCL', () => {
    const body = 'set req.http.A = header.get(req, "Cookie:id"); set req.http.B = req.http.Cookie:id; header.set(req, "X:k", "v"); set req.http.C = req.http.X:k;';
    const r = compile(`backend b { .host = "127.0.0.1"; }\nsub vcl_recv {\n${body}\n}`).recv({ headers: { Cookie: 'x=1; id="q,r"' } });
    expect([r.req.headers.get('A'), r.req.headers.get('B'), r.req.headers.get('C')]).toEqual(['q,r', 'q,r', 'v']);
  });
});

describe('protected headers (Fastly: "cannot be modified, and are unaffected by header.filter")', () => {
  const protectedOnes: [string, string][] = [['Content-Length', '10'], ['Upgrade', 'websocket'], ['Fastly-FF', 'x'], ['TE', 'trailers']];

  it('header.filter_except keeps them even when not listed', () => {
    const { req, call } = setup([...protectedOnes, ['Accept', 'a'], ['Cookie', 'c']]);
    call('header.filter_except', 'req', 'Accept');
    expect(req.names()).toEqual(['Content-Length', 'Upgrade', 'Fastly-FF', 'TE', 'Accept']);
  });

  it('header.filter does not remove them even when listed', () => {
    const { req, call } = setup([...protectedOnes, ['Server', 's']]);
    call('header.filter', 'req', 'content-length', 'Upgrade', 'Server');
    expect(req.names()).toEqual(['Content-Length', 'Upgrade', 'Fastly-FF', 'TE']);
  });

  it('header.set and header.unset leave them alone', () => {
    const { req, call } = setup([['Upgrade', 'websocket']]);
    call('header.set', 'req', 'upgrade', 'h2c');
    call('header.unset', 'req', 'Upgrade');
    call('header.set', 'req', 'Content-Length', '1');
    expect(req.entries()).toEqual([['Upgrade', 'websocket']]);
  });

  it('header.filter example from the reference page: removes Server, X-Powered-By and Content-MD5 from resp', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/headers/header-filter/
    const vcl = 'backend b { .host = "127.0.0.1"; }\nsub vcl_deliver { header.filter(resp, "Server", "X-Powered-By", "Content-MD5"); }';
    return compile(vcl)
      .run({}, { origin: { headers: { Server: 's', 'X-Powered-By': 'p', 'Content-MD5': 'm', 'X-Keep': 'k' } } })
      .then((res) => {
        expect(res.headers.has('Server') || res.headers.has('X-Powered-By') || res.headers.has('Content-MD5')).toBe(false);
        expect(res.headers.get('X-Keep')).toBe('k');
      });
  });
});

describe('header.filter* names are checked when the VCL loads', () => {
  const load = (call: string) => () => compile(`backend b { .host = "127.0.0.1"; }\nsub vcl_recv {\n  ${call};\n}`, { file: 'main.vcl' });

  it('rejects an empty or invalid literal name, naming file:line:col', () => {
    expect(load('header.filter(req, "X-A", "")')).toThrow(/main\.vcl:3:\d+: error: argument 3 of header\.filter: "" is not a valid header name/);
    expect(load('header.filter_except(req, "bad name")')).toThrow(/argument 2 of header\.filter_except: "bad name" is not a valid header name/);
  });

  it('the where argument must be req, resp, obj, bereq or beresp', () => {
    expect(load('header.set(request, "X", "1")')).toThrow(/argument 1 of header\.set must be one of req, bereq, beresp, resp, obj, got request/);
  });

  it('accepts valid names and computed ones', () => {
    expect(load('header.filter(req, "X-A", "hello!")')).not.toThrow();
    expect(load('header.filter_except(req, req.http.Keep)')).not.toThrow();
  });
});

describe('setcookie.delete_by_name', () => {
  it('deletes every Set-Cookie of that name and says whether it did', () => {
    const { resp, call } = setup([], [['Set-Cookie', 'a=1; Path=/'], ['X', 'y'], ['Set-Cookie', 'b=2'], ['Set-Cookie', 'a=3']]);
    expect(call('setcookie.delete_by_name', 'resp', 'a')).toBe(true);
    expect(resp.entries()).toEqual([['X', 'y'], ['Set-Cookie', 'b=2']]);
    expect(call('setcookie.delete_by_name', 'resp', 'a')).toBe(false);
    expect(call('setcookie.delete_by_name', 'resp', 'B')).toBe(false);
    expect(call('setcookie.delete_by_name', 'resp', null)).toBe(false);
    expect(call('setcookie.delete_by_name', 'beresp', 'b')).toBe(false);
  });

  it('reference page examples: in vcl_fetch and vcl_deliver', async () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/miscellaneous/setcookie-delete-by-name/
    const vcl = `backend b { .host = "127.0.0.1"; }
sub vcl_fetch {
  set beresp.http.Set-Cookie = "foo=bar";
  if (!setcookie.delete_by_name(beresp, "foo")) { set beresp.http.X-Not-Deleted = "1"; }
  return (deliver);
}
sub vcl_deliver {
  declare local var.ignored BOOL;
  set resp.http.Set-Cookie = "bar=baz";
  set var.ignored = setcookie.delete_by_name(resp, "bar");
  set resp.http.X-Ignored = if(var.ignored, "true", "false");
}`;
    const res = await compile(vcl).run({ url: '/' });
    expect(res.headers.has('Set-Cookie')).toBe(false);
    expect(res.headers.has('X-Not-Deleted')).toBe(false);
    expect(res.headers.get('X-Ignored')).toBe('true');
  });
});
