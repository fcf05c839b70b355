// accept.*: content negotiation, with the reference pages' examples run as VCL and the RFC rules they cite.
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compile } from '../src/index.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);

/** Run one assignment in vcl_recv with the request headers given; the value of X. */
function negotiate(expression: string, headers: Record<string, string>): string | null {
  const vcl = `backend b { .host = "127.0.0.1"; }\nsub vcl_recv {\n  set req.http.X = ${expression};\n}`;
  return compile(vcl, { file: 'main.vcl' }).recv({ headers }).req.headers.get('X');
}

describe('accept.charset_lookup', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/content-negotiation/accept-charset-lookup/
  const example = (header: string | null) => call('accept.charset_lookup', 'iso-8859-5:iso-8859-2', 'utf-8', header);

  it('reference page example, in VCL', () => {
    const expr = 'accept.charset_lookup("iso-8859-5:iso-8859-2", "utf-8", req.http.Accept-Charset)';
    expect(negotiate(expr, { 'Accept-Charset': 'iso-8859-2;q=0.9, iso-8859-5;q=0.3' })).toBe('iso-8859-2');
    expect(negotiate(expr, {})).toBe('utf-8');
  });

  it('picks the highest q among offered charsets (RFC 7231 §5.3.3)', () => {
    expect(example('iso-8859-5, unicode-1-1;q=0.8')).toBe('iso-8859-5');
    expect(example('ISO-8859-2;q=0.5, iso-8859-5;q=0.3')).toBe('iso-8859-2');
    expect(example('iso-8859-5;q=0.5, iso-8859-2;q=0.5')).toBe('iso-8859-5');
  });

  it('"*" stands for any charset not named; q=0 refuses one', () => {
    expect(example('*')).toBe('iso-8859-5');
    expect(example('*;q=0.5, iso-8859-2')).toBe('iso-8859-2');
    expect(example('iso-8859-5;q=0, *')).toBe('iso-8859-2');
    expect(example('iso-8859-5;q=0, iso-8859-2;q=0, *')).toBe('utf-8');
  });

  it('gives the default when nothing offered is acceptable, or the header is not set or empty', () => {
    expect(example('utf-8')).toBe('utf-8');
    expect(example(null)).toBe('utf-8');
    expect(example('')).toBe('utf-8');
    expect(call('accept.charset_lookup', 'a:b', null, 'c')).toBeNull();
  });
});

describe('accept.encoding_lookup', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/content-negotiation/accept-encoding-lookup/
  const example = (header: string | null) => call('accept.encoding_lookup', 'compress:gzip', 'identity', header);

  it('reference page example, in VCL', () => {
    const expr = 'accept.encoding_lookup("compress:gzip", "identity", req.http.Accept-Encoding)';
    expect(negotiate(expr, { 'Accept-Encoding': 'gzip, deflate, br' })).toBe('gzip');
    expect(negotiate(expr, { 'Accept-Encoding': 'br' })).toBe('identity');
  });

  it('follows q-values and the order of the offers on a tie (falco accept_encoding_lookup table)', () => {
    expect(example('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe('gzip');
    expect(example('compress;q=0.5, gzip;q=0.5')).toBe('compress');
    expect(example('gzip;q=0.5, compress;q=0.5')).toBe('compress');
    expect(example('*')).toBe('compress');
    expect(call('accept.encoding_lookup', 'br:compress:deflate:gzip', 'identity', 'deflate, br, unknown')).toBe('br');
  });

  it('has no special case for x-gzip or x-compress', () => {
    expect(example('x-gzip, x-compress')).toBe('identity');
  });

  it('a malformed q refuses its coding', () => {
    expect(example('gzip;q=high, compress;q=0.1')).toBe('compress');
    expect(example('gzip;q=2')).toBe('identity');
  });
});

describe('accept.language_lookup (RFC 4647 §3.4 lookup)', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/content-negotiation/accept-language-lookup/
  const example = (header: string | null) => call('accept.language_lookup', 'en:de:fr:nl', 'en', header);

  it('reference page example, in VCL', () => {
    const expr = 'accept.language_lookup("en:de:fr:nl", "en", req.http.Accept-Language)';
    expect(negotiate(expr, { 'Accept-Language': 'nl-BE, de;q=0.8' })).toBe('nl');
    expect(negotiate(expr, {})).toBe('en');
  });

  it('tries each range, best first, then shorter and shorter', () => {
    expect(example('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toBe('fr');
    expect(example('de;q=0.3, fr;q=0.9')).toBe('fr');
    expect(example('DE-at')).toBe('de');
    expect(call('accept.language_lookup', 'zh:zh-Hant', 'en', 'zh-Hant-CN-x-private1-private2')).toBe('zh-Hant');
  });

  it('the default when nothing matches; "*" alone matches nothing', () => {
    expect(example('ja, zh')).toBe('en');
    expect(example('*')).toBe('en');
    expect(call('accept.language_lookup', 'en-US:de', 'fallback', 'en')).toBe('fallback');
  });
});

describe('accept.language_filter_basic (RFC 4647 §3.3.1 basic filtering)', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/content-negotiation/accept-language-filter-basic/
  const example = (header: string | null, most = 2) => call('accept.language_filter_basic', 'en:de:fr:nl', 'nl', header, most);

  it('reference page example, in VCL', () => {
    const expr = 'accept.language_filter_basic("en:de:fr:nl", "nl", req.http.Accept-Language, 2)';
    expect(negotiate(expr, { 'Accept-Language': 'en-US, fr;q=0.8, de;q=0.5' })).toBe('fr,de');
    expect(negotiate(expr, {})).toBe('nl');
  });

  it('a range matches a tag equal to it or beginning with it and "-"', () => {
    expect(call('accept.language_filter_basic', 'en-US:en-GB:de', 'x', 'en', 5)).toBe('en-US,en-GB');
    expect(example('de, en')).toBe('de,en');
    expect(example('*')).toBe('en,de');
    expect(example('*', 10)).toBe('en,de,fr,nl');
  });

  it('the default when nothing matches or no match is allowed', () => {
    expect(example('ja')).toBe('nl');
    expect(example('de', 0)).toBe('nl');
  });
});

describe('accept.media_lookup (RFC 7231 §5.3.2)', () => {
  // https://www.fastly.com/documentation/reference/vcl/functions/content-negotiation/accept-media-lookup/
  const expr = 'accept.media_lookup("image/jpeg:image/png", "text/plain", "image/tiff:text/html", req.http.Accept)';
  const example = (header: string | null) => call('accept.media_lookup', 'image/jpeg:image/png', 'text/plain', 'image/tiff:text/html', header);

  it('reference page example: the five cases its comments list, in VCL', () => {
    expect(negotiate(expr, { Accept: 'image/jpeg' })).toBe('image/jpeg');
    expect(negotiate(expr, { Accept: 'image/png' })).toBe('image/png');
    expect(negotiate(expr, { Accept: 'image/*' })).toBe('image/tiff');
    expect(negotiate(expr, { Accept: 'text/*' })).toBe('text/html');
    expect(negotiate(expr, { Accept: '*/*' })).toBe('text/plain');
  });

  it('orders by q, then the more specific range', () => {
    expect(example('text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8')).toBe('text/html');
    expect(example('image/webp, image/*;q=0.8')).toBe('image/tiff');
    expect(example('*/*, image/png')).toBe('image/png');
    expect(example('image/png;q=0.5, image/jpeg;q=0.9')).toBe('image/jpeg');
    expect(example('IMAGE/PNG')).toBe('image/png');
  });

  it('never gives a type its most specific range refuses; the default when nothing is left', () => {
    expect(example('image/*, image/tiff;q=0')).toBe('text/plain');
    expect(example('application/json')).toBe('text/plain');
    expect(example(null)).toBe('text/plain');
  });

  it('the first three arguments must be literals without duplicates (checked at load)', () => {
    const load = (args: string) => () => negotiate(`accept.media_lookup(${args}, req.http.Accept)`, {});
    expect(load('req.http.Offer, "text/plain", "image/tiff"')).toThrow(/main\.vcl:3:\d+: error: argument 1 of accept\.media_lookup: must be a string literal/);
    expect(load('"image/png:image/jpeg", "text/plain", "image/png"')).toThrow(/argument 3 of accept\.media_lookup: media type "image\/png" is listed twice/);
    expect(load('"image/png", "text/plain", "image/tiff"')).not.toThrow();
  });
});
