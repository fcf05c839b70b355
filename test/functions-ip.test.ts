// std.anystr2ip, std.ip2str and addr.*: the pages' examples and the edges of IPv4 and IPv6.
import { describe, expect, it } from 'vitest';
import { compile, VclError } from '../src/index.js';
import { value } from './helpers/function-calls.js';

describe('std.anystr2ip (page)', () => {
  it('page examples: 0xc0.0.01001 is 192.0.2.1 and 0x8.010.2056 is 8.8.8.8', () => {
    expect(value('std.anystr2ip', '0xc0.0.01001', '192.0.2.2')).toBe('192.0.2.1');
    expect(value('std.anystr2ip', '0x8.010.2056', '192.0.2.2')).toBe('8.8.8.8');
  });

  it('reads one to four numbers, the last filling the remaining bytes', () => {
    expect(value('std.anystr2ip', '3232235777', '0.0.0.0')).toBe('192.168.1.1');
    expect(value('std.anystr2ip', '0xC0A80101', '0.0.0.0')).toBe('192.168.1.1');
    expect(value('std.anystr2ip', '10.1', '0.0.0.0')).toBe('10.0.0.1');
    expect(value('std.anystr2ip', '10.1.65535', '0.0.0.0')).toBe('10.1.255.255');
    expect(value('std.anystr2ip', '0', '1.1.1.1')).toBe('0.0.0.0');
    expect(value('std.anystr2ip', '192.0.2.1', '0.0.0.0')).toBe('192.0.2.1');
  });

  it('reads IPv6 as std.str2ip does', () => {
    expect(value('std.anystr2ip', '2001:DB8:0:0:0:0:0:1', '0.0.0.0')).toBe('2001:db8::1');
  });

  it('returns the fallback for anything else (a byte over 255, bad octal, five parts, a name)', () => {
    for (const bad of ['256.0.0.1', '1.2.3.256', '1.2.65536', '08.1.1.1', '1.2.3.4.5', 'example.com', '1..2', '', ' 1.2.3.4', '0x']) {
      expect(value('std.anystr2ip', bad, '192.0.2.2'), bad).toBe('192.0.2.2');
    }
    expect(value('std.anystr2ip', null, '192.0.2.2')).toBe('192.0.2.2');
  });

  it('is not set when neither the address nor the fallback parses', () => {
    expect(value('std.anystr2ip', 'nope', 'nope either')).toBeNull();
  });
});

describe('std.ip2str (page)', () => {
  it('prints an address in its numeric form (page example: round trip through std.str2ip)', () => {
    expect(value('std.ip2str', value('std.str2ip', '192.0.2.1', '192.0.2.2'))).toBe('192.0.2.1');
    expect(value('std.ip2str', value('std.str2ip', '2001:0db8::0001', '192.0.2.2'))).toBe('2001:db8::1');
    expect(value('std.ip2str', null)).toBeNull();
  });
});

describe('addr.is_ipv4 / addr.is_ipv6 (pages)', () => {
  it('tell the family of an address (page example: client.ip)', () => {
    expect([value('addr.is_ipv4', '192.0.2.1'), value('addr.is_ipv6', '192.0.2.1')]).toEqual([true, false]);
    expect([value('addr.is_ipv4', '2001:db8::1'), value('addr.is_ipv6', '2001:db8::1')]).toEqual([false, true]);
    expect([value('addr.is_ipv4', '::ffff:192.0.2.1'), value('addr.is_ipv6', '::ffff:192.0.2.1')]).toEqual([false, true]);
    expect([value('addr.is_ipv4', null), value('addr.is_ipv6', null)]).toEqual([false, false]);
  });

  it('work on client.ip in VCL', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv { if (addr.is_ipv4(client.ip)) { set req.http.family = "4"; } if (addr.is_ipv6(client.ip)) { set req.http.family = "6"; } }`);
    expect(service.recv({ clientIp: '192.0.2.7' }).req.headers.get('family')).toBe('4');
    expect(service.recv({ clientIp: '2001:db8::7' }).req.headers.get('family')).toBe('6');
  });
});

describe('addr.extract_bits (page)', () => {
  it('page example: the last 8 bits of an address ending in .7 (IPv4) or :7 (IPv6) are 7', () => {
    expect(value('addr.extract_bits', '192.0.2.7', 0, 8)).toBe(7);
    expect(value('addr.extract_bits', '2001:db8::7', 0, 8)).toBe(7);
  });

  it('numbers bits from the right; IPv4 is zero-padded on the left to 128 bits', () => {
    expect(value('addr.extract_bits', '192.0.2.7', 24, 8)).toBe(192);
    expect(value('addr.extract_bits', '192.0.2.7', 8, 16)).toBe(0x0002);
    expect(value('addr.extract_bits', '192.0.2.7', 0, 32)).toBe(0xc0000207);
    expect(value('addr.extract_bits', '192.0.2.7', 30, 4)).toBe(0b0011);
    expect(value('addr.extract_bits', '192.0.2.7', 32, 32)).toBe(0);
    expect(value('addr.extract_bits', '2001:db8::7', 112, 16)).toBe(0x2001);
    expect(value('addr.extract_bits', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 96, 32)).toBe(0xffffffff);
    expect(value('addr.extract_bits', '2001:db8::7', 0, 0)).toBe(0);
  });

  it('is 0 for a not-set address', () => {
    expect(value('addr.extract_bits', null, 0, 8)).toBe(0);
  });

  it('rejects at load what Fastly rejects: a count over 32, a start of 128, a range past 128, non-constants', () => {
    const vcl = (args: string) => `backend b { .host = "127.0.0.1"; }
sub vcl_recv { declare local var.n INTEGER; set req.http.bits = addr.extract_bits(client.ip, ${args}); }`;
    expect(() => compile(vcl('0, 8'))).not.toThrow();
    expect(() => compile(vcl('96, 32'))).not.toThrow();
    for (const bad of ['0, 33', '128, 1', '100, 32', 'var.n, 8', '0, var.n']) {
      expect(() => compile(vcl(bad)), bad).toThrow(VclError);
    }
  });
});
