// falco's interpreter tables (ysugimoto/falco interpreter/function/builtin/<name>_test.go) for accept.*,
// addr.*, bin.*, boltsort.sort, crypto.* and cstr_escape, run through VCL. The VCL is ours; the expected
// values are theirs, except where a comment says why vcl-edge follows Fastly's reference page instead.
import { describe, expect, it } from 'vitest';
import { problems, vcl } from './helpers/peer-calls.js';

const value = (expression: string, setup = '') => vcl(expression, setup).value;

describe('accept.* (accept_*_test.go)', () => {
  it('charset_lookup picks utf-8 from "utf-8, iso-8859-1;q=0.5, *;q=0.1"', () => {
    // The page's RFC 7231 alone would give iso-8859-5 (accepted by "*;q=0.1"); the default is what the
    // resource is otherwise served in, and the client prefers it (q=1), so it wins, as falco records.
    expect(value('accept.charset_lookup("iso-8859-5:iso-8859-2", "utf-8", "utf-8, iso-8859-1;q=0.5, *;q=0.1")')).toBe('utf-8');
    // Only a default the header prefers beats an offer; an equal q keeps the offer.
    expect(value('accept.charset_lookup("iso-8859-5:iso-8859-2", "utf-8", "utf-8;q=0.5, iso-8859-2;q=0.5")')).toBe('iso-8859-2');
    expect(value('accept.encoding_lookup("compress:gzip", "identity", "gzip;q=0.5, identity")')).toBe('identity');
    expect(value('accept.encoding_lookup("compress:gzip", "identity", "gzip, *;q=0.1")')).toBe('gzip');
  });

  it('encoding_lookup prefers the first offered of equal q: br over deflate', () => {
    expect(value('accept.encoding_lookup("br:compress:deflate:gzip", "identity", "deflate, br, unknown")')).toBe('br');
  });

  it('language_lookup gives the default when nothing offered is accepted', () => {
    // falco's table calls charset_lookup with these arguments; both give the default.
    expect(value('accept.language_lookup("en:de:fr:nl", "nl", "ja, unknown")')).toBe('nl');
    expect(value('accept.charset_lookup("en:de:fr:nl", "nl", "ja, unknown")')).toBe('nl');
  });

  it('language_filter_basic gives up to nmatches accepted languages, joined with ","', () => {
    expect(value('accept.language_filter_basic("en:de:fr:nl", "nl", "de,nl,ja", 2)')).toBe('de,nl');
  });

  it('media_lookup: an exact type, */* for the default, type/* for the range default', () => {
    const lookup = (accept: string) => value(`accept.media_lookup("image/jpeg:image/png", "text/plain", "image/tiff:text/html", "${accept}")`);
    expect(lookup('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7')).toBe('text/html');
    expect(lookup('application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7')).toBe('text/plain');
    expect(lookup('application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,image/*,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7')).toBe('image/tiff');
  });

  it('media_lookup: the range defaults must be a literal (falco: an error; here a load error)', () => {
    const found = problems('set req.http.R = accept.media_lookup("image/jpeg:image/png", "text/plain", req.http.Ranges, "foobar");');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/literal/);
  });
});

describe('addr.* (addr_*_test.go)', () => {
  it('extract_bits: the low 8 bits of 151.101.2.217 are 217', () => {
    expect(value('addr.extract_bits(var.ip, 0, 8)', 'declare local var.ip IP; set var.ip = "151.101.2.217";')).toBe('217');
  });

  it('is_ipv4 / is_ipv6 tell the two families apart', () => {
    const setup = 'declare local var.v4 IP; set var.v4 = "127.0.0.1"; declare local var.v6 IP; set var.v6 = "2001:DB8:0:0:8:800:200C:417A";';
    expect(value('addr.is_ipv4(var.v4)', setup)).toBe('1');
    expect(value('addr.is_ipv4(var.v6)', setup)).toBe('0');
    expect(value('addr.is_ipv6(var.v4)', setup)).toBe('0');
    expect(value('addr.is_ipv6(var.v6)', setup)).toBe('1');
  });
});

describe('bin.* (bin_*_test.go)', () => {
  it('hex_to_base64 converts whole bytes, 00 included', () => {
    expect(vcl('bin.hex_to_base64("010203040506070809")')).toEqual({ value: 'AQIDBAUGBwgJ', error: null });
    expect(vcl('bin.hex_to_base64("009F00C2003300")')).toEqual({ value: 'AJ8AwgAzAA==', error: null });
    expect(vcl('bin.hex_to_base64("61626364")')).toEqual({ value: 'YWJjZA==', error: null });
    expect(vcl('bin.hex_to_base64("")')).toEqual({ value: '', error: null });
  });

  it('hex_to_base64 of bad hex sets EINVAL and gives nothing', () => {
    // falco returns "" here; Fastly's page only says EINVAL. vcl-edge gives not set, as bin.base64_to_hex's
    // page example does for bad input: both read as empty (std.strlen is 0).
    expect(vcl('bin.hex_to_base64("--zz")')).toEqual({ value: null, error: 'EINVAL' });
    expect(value('std.strlen(bin.hex_to_base64("--zz"))')).toBe('0');
  });

  it('base64_to_hex is the inverse (the same table read backwards, and the reference page examples)', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/cryptographic/bin-base64-to-hex/
    expect(vcl('bin.base64_to_hex("AQIDBAUGBwgJ")')).toEqual({ value: '010203040506070809', error: null });
    expect(vcl('bin.base64_to_hex("AJ8AwgAzAA==")')).toEqual({ value: '009F00C2003300', error: null });
    expect(vcl('bin.base64_to_hex("-YWJjZA==")')).toEqual({ value: null, error: 'EINVAL' });
    expect(vcl('bin.base64_to_hex("")')).toEqual({ value: '', error: null });
    expect(vcl('bin.base64_to_hex(req.http.Not-Set)')).toEqual({ value: null, error: null });
    expect(vcl('bin.base64_to_hex("YWJjZA==")')).toEqual({ value: '61626364', error: null });
  });
});

describe('crypto.* (crypto_*_test.go): AES-256-CBC without padding, NIST SP 800-38A F.2.5', () => {
  const KEY = '"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"';
  const IV = '"000102030405060708090a0b0c0d0e0f"';

  it('encrypt_hex and decrypt_hex are inverse', () => {
    expect(vcl(`crypto.encrypt_hex(aes256, cbc, nopad, ${KEY}, ${IV}, "6bc1bee22e409f96e93d7e117393172a")`)).toEqual({ value: 'f58c4c04d6e5f1ba779eabfb5f7bfbd6', error: null });
    expect(vcl(`crypto.decrypt_hex(aes256, cbc, nopad, ${KEY}, ${IV}, "f58c4c04d6e5f1ba779eabfb5f7bfbd6")`)).toEqual({ value: '6bc1bee22e409f96e93d7e117393172a', error: null });
  });

  it('encrypt_base64 and decrypt_base64 take and give Base64', () => {
    expect(vcl(`crypto.encrypt_base64(aes256, cbc, nopad, ${KEY}, ${IV}, "a8G+4i5An5bpPX4Rc5MXKg==")`)).toEqual({ value: '9YxMBNbl8bp3nqv7X3v71g==', error: null });
    expect(vcl(`crypto.decrypt_base64(aes256, cbc, nopad, ${KEY}, ${IV}, "9YxMBNbl8bp3nqv7X3v71g==")`)).toEqual({ value: 'a8G+4i5An5bpPX4Rc5MXKg==', error: null });
  });
});

describe('crypto.encrypt_hex with AES-128-CCM (crypto_encrypt_hex_test.go, its later table)', () => {
  it('a 7-byte nonce and one byte of plaintext give the byte and its tag', () => {
    const key = '"00112233445566778899aabbccddeeff"';
    const nonce = '"00010203040506"';
    expect(vcl(`crypto.encrypt_hex(aes128, ccm, nopad, ${key}, ${nonce}, "a0")`)).toEqual({ value: 'd2a0d9aa0f288ae5ccdcee259e', error: null });
    expect(vcl(`crypto.decrypt_hex(aes128, ccm, nopad, ${key}, ${nonce}, "d2a0d9aa0f288ae5ccdcee259e")`)).toEqual({ value: 'a0', error: null });
  });
});
