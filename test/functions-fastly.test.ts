// fastly.hash and fastly.ff.last_hop_was_serviceid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compile } from '../src/index.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const hash = (key: string | null, seed: number, from: number, to: number) => FUNCTION_TABLE.get('fastly.hash')!.impl(ctx, key, seed, from, to) as number;

describe('fastly.hash', () => {
  it('reference page example: a number from 0 to 1023 for req.url', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/miscellaneous/fastly-hash/
    const vcl = `backend b { .host = "127.0.0.1"; }
sub vcl_recv {
  declare local var.hurl INTEGER;
  set var.hurl = fastly.hash(req.url, 0, 0, 1023);
  set req.http.X-Hash = var.hurl;
}`;
    const service = compile(vcl);
    const value = Number(service.recv({ url: '/a/b?c' }).req.headers.get('X-Hash'));
    expect(Number.isInteger(value) && value >= 0 && value <= 1023).toBe(true);
    expect(service.recv({ url: '/a/b?c' }).req.headers.get('X-Hash')).toBe(String(value));
  });

  it('stays within [from, to] inclusive and is the same for the same key and seed (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(5000), (key, seed, from, span) => {
        const n = hash(key, seed, from, from + span);
        expect(Number.isInteger(n) && n >= from && n <= from + span).toBe(true);
        expect(hash(key, seed, from, from + span)).toBe(n);
      }),
    );
  });

  it('spreads keys evenly and depends on the seed', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[hash(`/item/${i}`, 0, 0, 9)]!++;
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
    const differing = Array.from({ length: 100 }, (_, i) => hash(`k${i}`, 1, 0, 1 << 30) !== hash(`k${i}`, 2, 0, 1 << 30)).filter(Boolean);
    expect(differing.length).toBeGreaterThan(95);
  });

  it('handles the whole 64-bit range, a one-value range, reversed bounds and a not-set key', () => {
    const wide = hash('x', 7, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    expect(Number.isInteger(wide) && wide >= Number.MIN_SAFE_INTEGER && wide <= Number.MAX_SAFE_INTEGER).toBe(true);
    expect(hash('x', 7, 5, 5)).toBe(5);
    expect(hash('x', 7, 9, 3)).toBe(9);
    expect(hash(null, 0, 0, 100)).toBe(hash('', 0, 0, 100));
    expect(hash('é', 0, 0, 1 << 30)).not.toBe(hash('e', 0, 0, 1 << 30));
  });
});

describe('fastly.ff.last_hop_was_serviceid', () => {
  it('is false: no request reaches vcl-edge through another Fastly service', () => {
    const vcl = 'backend b { .host = "127.0.0.1"; }\nsub vcl_recv { set req.http.X = if(fastly.ff.last_hop_was_serviceid(req.service_id), "chained", "direct"); }';
    expect(compile(vcl).recv({ headers: { 'Fastly-FF': 'abc!WDC!cache-wdc1' } }).req.headers.get('X')).toBe('direct');
  });
});
