// req.header_bytes_read in the test API (DescribedConnection): the request head counted in bytes as
// it would be sent. VCL strings are bytes decoded as UTF-8 (src/values/bytes.ts): an "é" is two.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';

const svc = compile('sub vcl_recv { set req.http.Head = req.header_bytes_read; }');
const headBytes = (url: string, value: string) => Number(svc.recv({ url, headers: { Host: 'h', 'X-A': value } }).req.headers.get('Head'));

describe('req.header_bytes_read (test API)', () => {
  it('counts the bytes of a non-ASCII header value and URL, not their UTF-16 length', () => {
    const ascii = headBytes('/e', 'e');
    expect(ascii).toBe(Buffer.byteLength('GET /e HTTP/1.1\r\nHost: h\r\nX-A: e\r\n\r\n'));
    expect(headBytes('/e', 'é') - ascii).toBe(1);
    expect(headBytes('/é', 'e') - ascii).toBe(1);
    expect(headBytes('/e', '😀') - ascii).toBe(3);
  });
});
