import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compileRegex } from '../src/values/regex.js';
import { compile } from '../src/index.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => {
  const spec = FUNCTION_TABLE.get(name);
  if (!spec) throw new Error(`no function ${name}`);
  return spec.impl(ctx, ...args);
};
const sep = call('querystring.filtersep') as string;

describe('querystring.get (Fastly examples)', () => {
  it.each([
    ['/?a=1&b=2&c=3', 'd', null],
    ['/?a=1&b=&c=3', 'b', ''],
    ['/?a=1&b=2&c=3&b=4&d=5', 'b', '2'],
    ['/', 'a', null],
    ['', '', null],
    ['/?foo=', 'foo', ''],
    ['/?foo=&foo=bar', 'foo', ''],
  ])('querystring.get(%j, %j) is %j', (url, name, expected) => {
    expect(call('querystring.get', url, name)).toBe(expected);
  });

  it('returns the raw value and matches encoded names', () => {
    expect(call('querystring.get', '/?q=a%20b', 'q')).toBe('a%20b');
    expect(call('querystring.get', '/?my%20key=1', 'my key')).toBe('1');
    expect(call('querystring.get', null, 'a')).toBeNull();
    // A parameter without "=" holds no value: the querystring.get page's example `querystring.get("/?foo",
    // "foo") # returns a not set value`, and falco's querystring_get_test.go.
    expect(call('querystring.get', '/?flag&x=1', 'flag')).toBeNull();
    expect(call('querystring.get', '/?flag&flag=1', 'flag')).toBe('1');
  });
});

describe('querystring.set / add / remove', () => {
  it('set replaces the first value and drops duplicates', () => {
    expect(call('querystring.set', '/p?foo=1&bar=2&foo=3', 'foo', 'baz')).toBe('/p?foo=baz&bar=2');
  });

  it('set appends a missing parameter, URL-encoding name and value', () => {
    expect(call('querystring.set', '/p?a=1', 'foo', 'b c&d')).toBe('/p?a=1&foo=b%20c%26d');
    expect(call('querystring.set', '/p', 'foo', 'bar')).toBe('/p?foo=bar');
  });

  it('add appends even when the name exists', () => {
    expect(call('querystring.add', '/p?foo=1', 'foo', 'bar')).toBe('/p?foo=1&foo=bar');
    expect(call('querystring.add', '/p', 'a b', 'c')).toBe('/p?a%20b=c');
  });

  it('remove drops the whole query string', () => {
    expect(call('querystring.remove', '/p?a=1&b=2')).toBe('/p');
    expect(call('querystring.remove', '/p')).toBe('/p');
    expect(call('querystring.remove', null)).toBe('');
  });
});

describe('querystring.clean (Fastly examples)', () => {
  it('drops empty parameters and a trailing ?', () => {
    expect(call('querystring.clean', '/path?name=value&&=value-only&name-only')).toBe('/path?name=value&name-only');
    expect(call('querystring.clean', '/path?')).toBe('/path');
    expect(call('querystring.clean', '/path')).toBe('/path');
  });
});

describe('querystring.sort', () => {
  it('sorts by name (Fastly examples)', () => {
    expect(call('querystring.sort', '/foo?b=1&a=2&c=3')).toBe('/foo?a=2&b=1&c=3');
    expect(call('querystring.sort', '/test?a=7&a=2&a=1&b=5&b=3', true)).toBe('/test?a=7&b=5');
  });

  it('puts upper case first, keeps duplicates in order and drops empty names', () => {
    expect(call('querystring.sort', '/?a=1&A=2&b=3&a=0&=x')).toBe('/?A=2&a=1&a=0&b=3');
  });

  it('leaves more than 32 parameters unsorted', () => {
    const url = `/?${Array.from({ length: 33 }, (_, i) => `k${32 - i}=1`).join('&')}`;
    expect(call('querystring.sort', url)).toBe(url);
  });

  it('is idempotent (property)', () => {
    const param = fc.tuple(fc.string({ unit: fc.constantFrom('a', 'B', 'c', '_'), maxLength: 3 }), fc.nat(9));
    fc.assert(
      fc.property(fc.array(param, { maxLength: 10 }), (params) => {
        const url = `/x?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
        const once = call('querystring.sort', url);
        expect(call('querystring.sort', once)).toBe(once);
      }),
    );
  });
});

describe('querystring filters', () => {
  const url = '/p?utm_source=x&q=1&utm_medium=y&p=2&utm_campaign=z';

  it('filter removes the listed names (Fastly example)', () => {
    const names = ['utm_source', 'utm_medium', 'utm_campaign'].join(sep);
    expect(call('querystring.filter', url, names)).toBe('/p?q=1&p=2');
    expect(call('querystring.filter', '/p?utm_source=x', 'utm_source')).toBe('/p');
  });

  it('filter_except keeps only the listed names (Fastly example)', () => {
    expect(call('querystring.filter_except', url, `q${sep}p`)).toBe('/p?q=1&p=2');
    expect(call('querystring.filter_except', url, 'nothing')).toBe('/p');
  });

  it('globfilter / globfilter_except match names against a glob', () => {
    expect(call('querystring.globfilter', url, 'utm_*')).toBe('/p?q=1&p=2');
    expect(call('querystring.globfilter_except', url, 'utm_*')).toBe('/p?utm_source=x&utm_medium=y&utm_campaign=z');
    expect(call('querystring.globfilter', '/p?a1=1&b1=2&ab=3', '?1')).toBe('/p?ab=3');
    expect(call('querystring.globfilter', '/p?a.b=1&axb=2', 'a.b')).toBe('/p?axb=2');
  });

  it('regfilter / regfilter_except match names against a regex', () => {
    expect(call('querystring.regfilter', url, compileRegex('^utm_'))).toBe('/p?q=1&p=2');
    expect(call('querystring.regfilter_except', url, compileRegex('^(q|p)$'))).toBe('/p?q=1&p=2');
  });

  it('leaves a URL without a query alone and cleans as it filters', () => {
    expect(call('querystring.filter', '/p', 'a')).toBe('/p');
    expect(call('querystring.regfilter', '/p?a=1&&=2&b=3', compileRegex('^a$'))).toBe('/p?b=3');
  });

  it('filtersep is a single character that cannot appear in a parameter name', () => {
    expect(sep).toHaveLength(1);
    // The byte 0xFF (falco's sign), held as U+DCFF: no UTF-8 name can contain it.
    expect(sep).toBe('\udcff');
  });
});

describe('querystring.* on valueless, repeated and percent-encoded names', () => {
  it('get URL-encodes the name before searching and compares raw names (Fastly querystring.get page)', () => {
    expect(call('querystring.get', '/?a%20b=1', 'a b')).toBe('1');
    expect(call('querystring.get', '/?a+b=1', 'a b')).toBeNull();
    expect(call('querystring.get', '/?%61=1', 'a')).toBeNull();
    expect(call('querystring.get', '/?caf%C3%A9=1', 'café')).toBe('1');
    expect(call('querystring.get', '/?q=%E3%81%82', 'q')).toBe('%E3%81%82');
  });

  it('get reads escapes in the name before encoding it: " " and "%20" both find "%20=" (falco querystring_get table)', () => {
    expect(call('querystring.get', '/?%20=v', '%20')).toBe('v');
    expect(call('querystring.get', '/?%20=v', ' ')).toBe('v');
    expect(call('querystring.get', '/?%62=v', '%62')).toBeNull(); // "%62" is "b", and "b" is not "%62"
    expect(call('querystring.get', '/?a=1', '%zz')).toBeNull(); // a broken escape finds nothing
    expect(call('querystring.get', '/?a=1', '%ff')).toBeNull(); // decodes to invalid UTF-8
  });

  it('get: a parameter without "=" holds no value and is passed over (page example; falco querystring_get_test.go)', () => {
    expect(call('querystring.get', '/?foo', 'foo')).toBeNull();
    expect(call('querystring.get', '/?foo&foo=bar', 'foo')).toBe('bar');
    expect(call('querystring.get', '/?foo=bar&foo', 'foo')).toBe('bar');
    expect(call('querystring.get', '/?foo=a=b', 'foo')).toBe('a=b');
    expect(call('querystring.get', '/?', 'foo')).toBeNull();
    expect(call('querystring.get', '/?a=1', null)).toBeNull();
  });

  it('set replaces a valueless instance and drops every repeat', () => {
    expect(call('querystring.set', '/?foo&foo=1&x=2&foo=3', 'foo', 'v')).toBe('/?foo=v&x=2');
    expect(call('querystring.set', '/?a%5B%5D=1', 'a[]', '2')).toBe('/?a%5B%5D=2');
    expect(call('querystring.set', '/?a[]=1', 'a[]', '2')).toBe('/?a%5B%5D=2');
  });

  it('filters match a name as written or URL-encoded, and keep or drop valueless parameters by name', () => {
    expect(call('querystring.filter', '/?a%20b=1&c=2', 'a b')).toBe('/?c=2');
    expect(call('querystring.filter', '/?flag&x=1&flag=2', 'flag')).toBe('/?x=1');
    expect(call('querystring.filter_except', '/?flag&x=1&y', `flag${sep}y`)).toBe('/?flag&y');
    expect(call('querystring.filter', '/?a[]=1&b=2', 'a[]')).toBe('/?b=2');
  });

  it('add keeps repeats and a valueless parameter as it was', () => {
    expect(call('querystring.add', '/p?x', 'x', 'y z')).toBe('/p?x&x=y%20z');
  });
});

describe('querystring reference page examples', () => {
  it('globfilter_except keeps the parameters matching a glob ("sess*")', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/query-string/querystring-globfilter-except/
    expect(call('querystring.globfilter_except', '/?session=1&q=2&sessid=3', 'sess*')).toBe('/?session=1&sessid=3');
  });

  it('regfilter removes parameters matching "utm_.*"', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/query-string/querystring-regfilter/
    expect(call('querystring.regfilter', '/?utm_source=a&id=1&utm_medium=b', compileRegex('utm_.*'))).toBe('/?id=1');
  });

  it('regfilter does not touch re.group (its groups act as non-capturing)', () => {
    const vcl = `backend b { .host = "127.0.0.1"; }
sub vcl_recv {
  if (req.url.qs ~ "key-(?:[0-9]|\\w)=(.*)-(.*)") {
    set req.url = querystring.regfilter(req.url, "key-([0-9]|\\w)");
    set req.http.X-Key-1 = re.group.1;
    set req.http.X-Key-2 = re.group.2;
  }
}`;
    const r = compile(vcl).recv({ url: '/?key-1=ab-cd' });
    expect([r.req.url, r.req.headers.get('X-Key-1'), r.req.headers.get('X-Key-2')]).toEqual(['/', 'ab', 'cd']);
  });

  it('boltsort.sort is an alias of querystring.sort (both signatures)', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/query-string/boltsort-sort/
    expect(call('boltsort.sort', '/foo?b=1&a=2&c=3')).toBe('/foo?a=2&b=1&c=3');
    expect(call('boltsort.sort', '/test?a=7&a=2&a=1&b=5&b=3', true)).toBe('/test?a=7&b=5');
    const r = compile('backend b { .host = "127.0.0.1"; }\nsub vcl_recv { set req.url = boltsort.sort(req.url); set req.http.X = boltsort.sort("/?z&y", true); }').recv({ url: '/?b=1&a=2' });
    expect([r.req.url, r.req.headers.get('X')]).toEqual(['/?a=2&b=1', '/?y&z']);
  });
});

describe('cost', () => {
  it('reads and filters a long query of valueless parameters in linear time', () => {
    const url = `/?${'a&'.repeat(20_000)}last=1`;
    const started = performance.now();
    expect(call('querystring.get', url, 'last')).toBe('1');
    expect(call('querystring.filter', url, 'a')).toBe('/?last=1');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
