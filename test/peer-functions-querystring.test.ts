// querystring.* against the test tables of ysugimoto/falco (interpreter/function/builtin/
// querystring_*_test.go) and, where falco's were still stubs, of ysugimoto/vintage (function/
// querystring_*_test.go). Inputs and results are theirs; the VCL is ours. A name argument is passed as
// a long string ({"…"}) so that its "%" escapes reach the function as written, as in their Go tables.
import { describe, expect, it } from 'vitest';
import { lit, val, vcl } from './helpers/peer-calls.js';

const get = (url: string, name: string): string | null => val(`querystring.get(${lit(url)}, ${lit(name)})`);

describe('querystring.get (falco querystring_get_test.go)', () => {
  it('the first value; "" for an empty one; not set when absent or without "="', () => {
    expect(get('/?foo=', 'foo')).toBe('');
    expect(get('', '')).toBeNull();
    expect(get('/?foo=&foo=bar', 'foo')).toBe('');
    expect(get('/?a=1', 'b')).toBeNull();
    // Fastly's querystring-get page lists this example too: "returns a not set value".
    expect(get('/?foo', 'foo')).toBeNull();
    // A first occurrence without "=" does not hide a later value.
    expect(get('/?foo&foo=bar', 'foo')).toBe('bar');
    expect(get('/?a=1&b=2&c=3&d=4&b=5', 'b')).toBe('2');
    expect(get('/?a=b=c', 'a')).toBe('b=c');
  });

  it('returns the value undecoded', () => {
    expect(get('/?name=hello+world', 'name')).toBe('hello+world');
    expect(get('/?name=hello%20world', 'name')).toBe('hello%20world');
  });

  it('the name is decoded then URL-encoded; keys in the URL are compared as written', () => {
    // No name finds a key that is needlessly percent-encoded, nor a "+" key.
    expect(get('/?%62=unreachable', 'b')).toBeNull();
    expect(get('/?%62=unreachable', '%62')).toBeNull();
    expect(get('/?%62=unreachable', '%2562')).toBeNull();
    expect(get('/?+=unreachable', '+')).toBeNull();
    expect(get('/?+=unreachable', '%2B')).toBeNull();
    expect(get('/?+=unreachable', ' ')).toBeNull();
    expect(get('/?%20=space', '+')).toBeNull();
    // " " and "%20" both find a key written "%20".
    expect(get('/?%20=v_space_key_arg_pct20', '%20')).toBe('v_space_key_arg_pct20');
    expect(get('/?%20=v_space_key_arg_space', ' ')).toBe('v_space_key_arg_space');
  });

  it('a name with a broken escape finds nothing (falco: a runtime error; see the note)', () => {
    // falco's Test_Querystring_get_Errors makes these an error ("Argument 1 has invalid pct-encode
    // sequence", "… after pct-decoding, is invalid utf-8"). vcl-edge has no per-call runtime error for
    // a function, so the call gives not set and the request goes on.
    for (const name of ['%eh', '%ff', '%', '%zz']) expect(vcl(`querystring.get("/?a=1", ${lit(name)})`), name).toEqual({ value: null, error: null });
  });
});

describe('the other querystring functions (falco and vintage querystring_*_test.go)', () => {
  it('querystring.add appends, with "?" or "&"', () => {
    expect(val('querystring.add("foo", "a", "b")')).toBe('foo?a=b');
    expect(val('querystring.add("foo?bar=baz", "a", "b")')).toBe('foo?bar=baz&a=b');
  });

  it('querystring.clean drops empty parameters and an empty query', () => {
    expect(val('querystring.clean("/path?name=value&&=value-only&name-only")')).toBe('/path?name=value&name-only');
    expect(val('querystring.clean("/path?")')).toBe('/path');
  });

  it('querystring.globfilter and querystring.regfilter drop the matching names', () => {
    for (const fn of ['querystring.globfilter(var.u, "utm_*")', 'querystring.regfilter(var.u, "utm_.*")']) {
      const run = (url: string) => val(fn, `declare local var.u STRING; set var.u = "${url}";`);
      expect(run('/path?a=b'), fn).toBe('/path?a=b');
      expect(run('/path?a=b&utm_source=foo'), fn).toBe('/path?a=b');
      expect(run('/path?utm_source=foo'), fn).toBe('/path');
    }
  });

  it('querystring.filter drops the listed names (vintage)', () => {
    const names = '"utm_source" querystring.filtersep() "utm_medium"';
    expect(val(`querystring.filter("/path?a=b", ${names})`)).toBe('/path?a=b');
    expect(val(`querystring.filter("/path?a=b&utm_source=foo", ${names})`)).toBe('/path?a=b');
    expect(val(`querystring.filter("/path?utm_source=foo", ${names})`)).toBe('/path');
  });

  it('querystring.filter_except keeps only the listed names (vintage)', () => {
    const names = '"utm_source" querystring.filtersep() "utm_medium"';
    expect(val(`querystring.filter_except("/path?a=b", ${names})`)).toBe('/path');
    expect(val(`querystring.filter_except("/path?a=b&utm_source=foo", ${names})`)).toBe('/path?utm_source=foo');
  });

  it('querystring.globfilter_except and querystring.regfilter_except keep only the matching names (vintage)', () => {
    // vintage passes "utm_*" to both: as a regex it is "utm" then any number of "_", still a match.
    for (const fn of ['querystring.globfilter_except', 'querystring.regfilter_except']) {
      expect(val(`${fn}("/path?a=b", "utm_*")`), fn).toBe('/path');
      expect(val(`${fn}("/path?a=b&utm_source=foo", "utm_*")`), fn).toBe('/path?utm_source=foo');
    }
  });

  it('querystring.remove drops the whole query', () => {
    expect(val('querystring.remove("/?foo=")')).toBe('/');
    expect(val('querystring.remove("/path?a=b")')).toBe('/path');
  });

  it('querystring.sort orders the parameters by name (vintage)', () => {
    expect(val('querystring.sort("foo?b=1&a=2")')).toBe('foo?a=2&b=1');
  });

  it('querystring.filtersep is the one byte 0xFF (falco querystring_filtersep_test.go, vintage’s sign)', () => {
    expect(val('std.strlen(querystring.filtersep())')).toBe('1');
    expect(val('bin.base64_to_hex(digest.base64(querystring.filtersep()))')).toBe('FF');
    expect(val('querystring.filter("/?a=1&b=2&c=3", "a" querystring.filtersep() "c")')).toBe('/?b=2');
  });
});
