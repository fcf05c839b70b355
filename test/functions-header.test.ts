import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
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
