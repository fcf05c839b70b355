import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAcl, describeAclEntry, type AclEntry } from '../src/values/acl.js';
import { parseIp } from '../src/values/ip.js';

const entry = (address: string, prefix: number | null = null, negated = false): AclEntry => ({ address, prefix, negated });

describe('buildAcl', () => {
  it('matches IPv4 CIDR ranges and single addresses', () => {
    const acl = buildAcl('office', [entry('192.0.2.0', 24), entry('198.51.100.7')]);
    expect(acl.name).toBe('office');
    expect(acl.match('192.0.2.1')).toBe(true);
    expect(acl.match('192.0.2.255')).toBe(true);
    expect(acl.match('192.0.3.1')).toBe(false);
    expect(acl.match('198.51.100.7')).toBe(true);
    expect(acl.match('198.51.100.8')).toBe(false);
  });

  it('matches prefixes that are not byte aligned', () => {
    const acl = buildAcl('a', [entry('10.0.0.0', 9)]);
    expect(acl.match('10.127.255.255')).toBe(true);
    expect(acl.match('10.128.0.0')).toBe(false);
  });

  it('matches IPv6 ranges in any textual form', () => {
    const acl = buildAcl('v6', [entry('2001:db8::', 32)]);
    expect(acl.match('2001:db8::1')).toBe(true);
    expect(acl.match('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe(true);
    expect(acl.match('2001:db9::1')).toBe(false);
    expect(acl.match('192.0.2.1')).toBe(false);
  });

  it('lets negated entries win regardless of order', () => {
    const acl = buildAcl('a', [entry('10.1.2.3', null, true), entry('10.0.0.0', 8)]);
    expect(acl.match('10.1.2.3')).toBe(false);
    expect(acl.match('10.1.2.4')).toBe(true);
    expect(buildAcl('b', [entry('10.0.0.0', 8, true), entry('10.1.2.3')]).match('10.1.2.3')).toBe(false);
  });

  it('matches nothing when it has only negated entries', () => {
    expect(buildAcl('a', [entry('10.0.0.0', 8, true)]).match('192.0.2.1')).toBe(false);
  });

  it('treats IPv4-mapped IPv6 clients and entries as IPv4', () => {
    expect(buildAcl('a', [entry('192.0.2.0', 24)]).match('::ffff:192.0.2.9')).toBe(true);
    expect(buildAcl('a', [entry('::ffff:192.0.2.0', 120)]).match('192.0.2.9')).toBe(true);
  });

  it('never matches a not-set or unparseable address', () => {
    const acl = buildAcl('all', [entry('0.0.0.0', 0), entry('::', 0)]);
    expect(acl.match(null)).toBe(false);
    expect(acl.match('not an ip')).toBe(false);
    expect(acl.match('1.2.3.4')).toBe(true);
    expect(acl.match('::1')).toBe(true);
  });

  it('rejects invalid addresses and prefixes with a clear message', () => {
    expect(() => buildAcl('bad', [entry('300.1.1.1')])).toThrow(/acl bad: "300.1.1.1" is not a valid IPv4 or IPv6 address/);
    expect(() => buildAcl('bad', [entry('example.com')])).toThrow(/not a valid/);
    expect(() => buildAcl('bad', [entry('10.0.0.0', 33)])).toThrow(/prefix \/33, expected 0 to 32 for IPv4/);
    expect(() => buildAcl('bad', [entry('::1', 129)])).toThrow(/expected 0 to 128 for IPv6/);
  });

  it('agrees with a numeric range check for IPv4 (property)', () => {
    const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (network, prefix, client) => {
        const size = 2 ** (32 - prefix);
        const start = Math.floor(toInt(network) / size) * size;
        const inside = toInt(client) >= start && toInt(client) < start + size;
        expect(buildAcl('p', [entry(network, prefix)]).match(client)).toBe(inside);
      }),
    );
  });

  it('describes entries canonically', () => {
    expect(describeAclEntry(entry('2001:DB8:0:0::', 32, true))).toBe('!"2001:db8::"/32');
  });
});

describe('parseIp', () => {
  it('canonicalises IPv4 and IPv6 (RFC 5952)', () => {
    expect(parseIp('192.0.2.1')).toBe('192.0.2.1');
    expect(parseIp('2001:0DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(parseIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(parseIp('0:0:0:0:0:0:0:0')).toBe('::');
    expect(parseIp('::ffff:c000:0201')).toBe('::ffff:192.0.2.1');
    expect(parseIp('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2:3:4:5:6');
  });

  it('rejects names, leading zeros, zones and not set', () => {
    expect(parseIp('localhost')).toBeNull();
    expect(parseIp('01.2.3.4')).toBeNull();
    expect(parseIp('fe80::1%eth0')).toBeNull();
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseIp(null)).toBeNull();
  });

  it('is idempotent on any IPv6 address (property)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const canonical = parseIp(ip);
        expect(canonical).not.toBeNull();
        expect(parseIp(canonical)).toBe(canonical);
      }),
    );
  });
});
