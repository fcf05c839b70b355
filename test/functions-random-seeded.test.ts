// randombool_seeded and randomint_seeded: one seed, one answer; answers spread over the range.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { value } from './helpers/function-calls.js';

const SEEDS = Array.from({ length: 10_000 }, (_, i) => i * 7919 - 50_000);

describe('randomint_seeded (page)', () => {
  it('page example: the same seed gives the same number every time, within [from, to]', () => {
    const first = value('randomint_seeded', 0, 99, 555) as number;
    for (let i = 0; i < 5; i++) expect(value('randomint_seeded', 0, 99, 555)).toBe(first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThanOrEqual(99);
    expect([-1, 0]).toContain(value('randomint_seeded', -1, 0, 555));
  });

  it('covers the range about evenly over many seeds, in either argument order', () => {
    const counts = new Array<number>(10).fill(0);
    for (const seed of SEEDS) {
      const n = value('randomint_seeded', 9, 0, seed) as number;
      expect(Number.isInteger(n) && n >= 0 && n <= 9).toBe(true);
      counts[n]!++;
    }
    for (const count of counts) expect(Math.abs(count - SEEDS.length / 10)).toBeLessThan(SEEDS.length / 50);
  });

  it('takes from, to and seed as 32-bit integers (the low 32 bits of a wider value)', () => {
    expect(value('randomint_seeded', 0, 1000, 2 ** 32 + 555)).toBe(value('randomint_seeded', 0, 1000, 555));
    expect(value('randomint_seeded', 2 ** 32 + 5, 2 ** 32 + 5, 1)).toBe(5);
    const extreme = value('randomint_seeded', -2147483648, 2147483647, 42) as number;
    expect(extreme >= -2147483648 && extreme <= 2147483647).toBe(true);
  });

  it('is deterministic inside VCL too (the page\'s A/B example)', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv { if (randomint_seeded(0, 99, 555) < 5) { set req.http.X-ABTest = "A"; } else { set req.http.X-ABTest = "B"; } }`);
    const group = service.recv({}).req.headers.get('X-ABTest');
    for (let i = 0; i < 5; i++) expect(service.recv({}).req.headers.get('X-ABTest')).toBe(group);
  });
});

describe('randombool_seeded (page)', () => {
  it('the same seed gives the same answer; the share of true answers is numerator/denominator', () => {
    expect(value('randombool_seeded', 5, 100, 1234)).toBe(value('randombool_seeded', 5, 100, 1234));
    const yes = SEEDS.filter((seed) => value('randombool_seeded', 5, 100, seed)).length;
    expect(Math.abs(yes / SEEDS.length - 0.05)).toBeLessThan(0.01);
  });

  it('is never true for a zero numerator, always true over a zero denominator or at numerator = denominator', () => {
    for (const seed of SEEDS.slice(0, 500)) {
      expect(value('randombool_seeded', 0, 10, seed)).toBe(false);
      // RAND_MAX × 5 > r × 0 (the randombool page's formula; falco's randombool_seeded_test.go agrees).
      expect(value('randombool_seeded', 5, 0, seed)).toBe(true);
      expect(value('randombool_seeded', 10, 10, seed)).toBe(true);
    }
  });

  it('page example: seeded by a hex digest cut with regsub and std.strtol', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv {
  set req.http.my-hmac = digest.hmac_sha256("sekrit", req.http.X-Token);
  set req.http.hmac-chopped = regsub(req.http.my-hmac, "^(..........).*$", "\\1");
  if (randombool_seeded(5, 100, std.strtol(req.http.hmac-chopped, 16))) { set req.http.X-Allowed = "true"; } else { set req.http.X-Allowed = "false"; }
}`);
    const allowed = service.recv({ headers: { 'X-Token': 'abc' } }).req.headers.get('X-Allowed');
    expect(['true', 'false']).toContain(allowed);
    expect(service.recv({ headers: { 'X-Token': 'abc' } }).req.headers.get('X-Allowed')).toBe(allowed);
  });
});
