// url.normalize, with the reference page's example and each normalization step it lists.
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compile } from '../src/index.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const normalize = (url: string | null) => FUNCTION_TABLE.get('url.normalize')!.impl(ctx, url);

describe('url.normalize', () => {
  it('reference page example: /foo/../foo%3dbar becomes /foo%3Dbar, and a whole URL from its parts', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/strings/url-normalize/
    const vcl = `backend b { .host = "127.0.0.1"; }
sub vcl_recv {
  set req.url = url.normalize(req.url);
  declare local var.url STRING;
  set var.url = url.normalize(req.protocol "://" req.http.host req.url);
  set req.http.X-Url = var.url;
}`;
    const r = compile(vcl).recv({ url: '/foo/../foo%3dbar', headers: { Host: 'Example.COM' } });
    expect(r.req.url).toBe('/foo%3Dbar');
    expect(r.req.headers.get('X-Url')).toMatch(/^http:\/\/example\.com\/foo%3Dbar$/);
  });

  it('lower-cases the scheme and host, IPv6 hex included', () => {
    expect(normalize('HTTP://WWW.Example.COM/Path')).toBe('http://www.example.com/Path');
    expect(normalize('https://[2001:DB8::A]/x')).toBe('https://[2001:db8::a]/x');
  });

  it('drops the default port of the scheme only', () => {
    expect(normalize('http://example.com:80/a')).toBe('http://example.com/a');
    expect(normalize('https://example.com:443/a')).toBe('https://example.com/a');
    expect(normalize('https://example.com:80/a')).toBe('https://example.com:80/a');
    expect(normalize('http://example.com:/a')).toBe('http://example.com/a');
  });

  it('makes an empty path "/"', () => {
    expect(normalize('http://example.com')).toBe('http://example.com/');
    expect(normalize('http://example.com?q=1')).toBe('http://example.com/?q=1');
  });

  it('decodes needlessly encoded unreserved characters and upper-cases the other escapes', () => {
    expect(normalize('/%7Euser/%61%2d%5F%2e')).toBe('/~user/a-_.');
    expect(normalize('/a%2fb%3a%e3%81%82')).toBe('/a%2Fb%3A%E3%81%82');
    expect(normalize('/a%2e%2E/b')).toBe('/a../b');
  });

  it('resolves "." and ".." segments (RFC 3986 §5.2.4)', () => {
    expect(normalize('/a/b/c/./../../g')).toBe('/a/g');
    expect(normalize('/a/./b/')).toBe('/a/b/');
    expect(normalize('/a/b/..')).toBe('/a/');
    expect(normalize('/../../x')).toBe('/x');
    expect(normalize('/a/%2e%2e/b')).toBe('/b');
  });

  it('keeps the query as it is and drops a fragment', () => {
    expect(normalize('/a/../b?x=%2e%2e/..&y=%7e#frag')).toBe('/b?x=%2e%2e/..&y=%7e');
    expect(normalize('http://h/p#only')).toBe('http://h/p');
  });

  it('returns another scheme or a URL that does not parse unchanged', () => {
    expect(normalize('ftp://Example.com/../a')).toBe('ftp://Example.com/../a');
    expect(normalize('/a/%zz/../b')).toBe('/a/%zz/../b');
    expect(normalize('http://exa mple.com:8x/')).toBe('http://exa mple.com:8x/');
    expect(normalize('relative/../path')).toBe('relative/../path');
    expect(normalize('')).toBe('');
    expect(normalize(null)).toBeNull();
  });
});
