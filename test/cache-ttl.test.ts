import { describe, expect, it } from 'vitest';
import { Headers, type HeaderPair } from '../src/values/headers.js';
import { freshness, isStorable, parseDirectives, ttlFromHeaders } from '../src/engine/ttl.js';

const NOW = Date.parse('Wed, 01 Jan 2025 00:00:00 GMT');
const at = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toUTCString();

describe('ttlFromHeaders', () => {
  const cases: [string, HeaderPair[], number | null][] = [
    ['nothing said', [], null],
    ['Cache-Control max-age', [['Cache-Control', 'public, max-age=60']], 60_000],
    ['s-maxage beats max-age', [['Cache-Control', 'max-age=60, s-maxage=120']], 120_000],
    ['Surrogate-Control beats Cache-Control', [['Surrogate-Control', 'max-age=300'], ['Cache-Control', 's-maxage=120']], 300_000],
    ['directive names are case-insensitive', [['Cache-Control', 'Max-Age=30']], 30_000],
    ['quoted value', [['Cache-Control', 'max-age="45"']], 45_000],
    ['directives across repeated headers', [['Cache-Control', 'public'], ['Cache-Control', 'max-age=10']], 10_000],
    ['max-age=0', [['Cache-Control', 'max-age=0']], 0],
    ['bad max-age is ignored, falls to Expires', [['Cache-Control', 'max-age=soon'], ['Expires', at(90)]], 90_000],
    ['max-age beats Expires', [['Cache-Control', 'max-age=5'], ['Expires', at(90)]], 5_000],
    ['Expires minus Date', [['Date', at(-100)], ['Expires', at(20)]], 120_000],
    ['Expires minus now without Date', [['Expires', at(20)]], 20_000],
    ['Expires minus now with a bad Date', [['Date', 'yesterday'], ['Expires', at(20)]], 20_000],
    ['Expires in the past', [['Expires', at(-20)]], 0],
    ['unparseable Expires means expired', [['Expires', '0']], 0],
    ['Cache-Control without a lifetime says nothing', [['Cache-Control', 'public']], null],
    ['Surrogate-Control without max-age falls through', [['Surrogate-Control', 'no-store'], ['Cache-Control', 'max-age=7']], 7_000],
    ['comma inside a quoted value does not split', [['Cache-Control', 'no-cache="a, max-age=1", max-age=9']], 9_000],
  ];
  it.each(cases)('%s', (_name, pairs, expected) => {
    expect(ttlFromHeaders(new Headers(pairs), NOW)).toBe(expected);
  });
});

describe('parseDirectives', () => {
  it('reads tokens, values and quoted strings; the first occurrence wins', () => {
    const d = parseDirectives(['private, max-age=5, , no-cache="set-cookie, x"', 'max-age=9']);
    expect([...d]).toEqual([
      ['private', ''],
      ['max-age', '5'],
      ['no-cache', 'set-cookie, x'],
    ]);
  });
});

describe('isStorable', () => {
  const cases: [string, number, HeaderPair[], boolean][] = [
    ['plain 200', 200, [], true],
    ['404', 404, [['Cache-Control', 'max-age=60']], true],
    ['301', 301, [], true],
    ['410', 410, [], true],
    ['500 is not cacheable', 500, [], false],
    ['206 is not cacheable', 206, [], false],
    ['304 is not cacheable', 304, [], false],
    ['Set-Cookie', 200, [['Set-Cookie', 'a=1']], false],
    ['private', 200, [['Cache-Control', 'private, max-age=60']], false],
    ['no-store', 200, [['cache-control', 'No-Store']], false],
    ['no-cache alone is storable', 200, [['Cache-Control', 'no-cache']], true],
  ];
  it.each(cases)('%s', (_name, status, pairs, expected) => {
    expect(isStorable(status, new Headers(pairs))).toBe(expected);
  });
});

describe('freshness (reference/http/http-headers/Age)', () => {
  it("takes the origin's Age off a max-age TTL, and counts it as the object's age", () => {
    // The page's example: "Cache-Control: max-age=30, Age: 10" → beresp.ttl 20.
    expect(freshness(new Headers([['Cache-Control', 'max-age=30'], ['Age', '10']]), NOW)).toEqual({ ttlMs: 20_000, ageMs: 10_000, staleWhileRevalidateMs: 0, staleIfErrorMs: 0 });
    expect(freshness(new Headers([['Cache-Control', 'max-age=5'], ['Age', '10']]), NOW).ttlMs).toBe(0);
  });

  it('starts an Expires-based object at age 0, whatever its Age; gives the default TTL when nothing is said', () => {
    const expires = new Date(NOW + 60_000).toUTCString();
    expect(freshness(new Headers([['Expires', expires], ['Age', '10']]), NOW)).toMatchObject({ ttlMs: 60_000, ageMs: 0 });
    expect(freshness(new Headers([['Age', '10']]), NOW)).toMatchObject({ ttlMs: 3_600_000, ageMs: 0 });
  });

  it('reads the stale periods from Surrogate-Control before Cache-Control', () => {
    const headers = new Headers([['Surrogate-Control', 'stale-if-error=9'], ['Cache-Control', 'stale-while-revalidate=4, stale-if-error=1']]);
    expect(freshness(headers, NOW)).toMatchObject({ staleWhileRevalidateMs: 4_000, staleIfErrorMs: 9_000 });
  });
});
