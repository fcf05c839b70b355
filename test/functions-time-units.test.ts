// time.units, time.runits, time.hex_to_time, time.interval_elapsed_ratio and parse_time_delta.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { callFunction, value } from './helpers/function-calls.js';

/** Mon, 02 Jan 2006 22:04:05 GMT (time.hex_to_time's example), plus 123.4375 ms (exact in a double). */
const EXAMPLE_S = 1136239445;
const WITH_FRACTION = EXAMPLE_S * 1000 + 123.4375;

describe('time.units and time.runits (pages: unit table, EINVAL)', () => {
  it.each([
    ['s', '1136239445'],
    ['ms', '1136239445.123'],
    ['us', '1136239445.123437'],
    ['ns', '1136239445.123437500'],
  ])('time.units(%j) prints whole seconds and the unit\'s decimals: %j', (unit, text) => {
    expect(value('time.units', unit, WITH_FRACTION)).toBe(text);
  });

  it('cuts decimals rather than rounding them', () => {
    expect(value('time.units', 's', 1999)).toBe('1');
    expect(value('time.units', 'ms', 1999.9999)).toBe('1.999');
  });

  it('time.runits prints relative times the same way, negative ones with a sign', () => {
    expect(value('time.runits', 'ms', 302400000)).toBe('302400.000');
    expect(value('time.runits', 's', 1500)).toBe('1');
    expect(value('time.runits', 'ms', -1500)).toBe('-1.500');
    expect(value('time.runits', 'us', -0.25)).toBe('-0.000250');
    expect(value('time.runits', 's', -999)).toBe('0');
    expect(value('time.runits', 'ns', 0)).toBe('0.000000000');
  });

  it('sets EINVAL (not set) for any other unit', () => {
    for (const unit of ['S', 'm', '', 'sec']) {
      expect(callFunction('time.units', unit, 0)).toEqual({ value: null, error: 'EINVAL' });
      expect(callFunction('time.runits', unit, 0)).toEqual({ value: null, error: 'EINVAL' });
    }
    expect(callFunction('time.units', null, 0)).toEqual({ value: null, error: 'EINVAL' });
  });

  it('page examples run in VCL: time.units("s", time.start) and time.runits("ms", beresp.ttl)', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv { set req.http.X-Request-Start-Time = time.units("s", now); set req.http.ttl-in-ms = time.runits("ms", 3.5d); }`);
    const headers = service.recv({ time: EXAMPLE_S * 1000 }).req.headers;
    expect([headers.get('X-Request-Start-Time'), headers.get('ttl-in-ms')]).toEqual(['1136239445', '302400.000']);
  });
});

describe('time.hex_to_time (page example)', () => {
  it('page example: time.hex_to_time(1, "43b9a355") is Mon, 02 Jan 2006 22:04:05 GMT', () => {
    expect(value('time.hex_to_time', 1, '43b9a355')).toBe(EXAMPLE_S * 1000);
    expect(new Date(value('time.hex_to_time', 1, '43b9a355') as number).toUTCString()).toBe('Mon, 02 Jan 2006 22:04:05 GMT');
  });

  it('divides, keeping the fraction, and keeps a 64-bit nanosecond count exact before dividing', () => {
    expect(value('time.hex_to_time', 4, '0x10')).toBe(4000);
    expect(value('time.hex_to_time', 1000, '3e8')).toBe(1000);
    expect(value('time.hex_to_time', 1000, '3e9')).toBe(1001);
    const nanos = BigInt(EXAMPLE_S) * 1_000_000_000n + 123_000_000n;
    expect(value('time.hex_to_time', 1_000_000_000, nanos.toString(16))).toBe(EXAMPLE_S * 1000 + 123);
  });

  it('sets EINVAL and gives the epoch for bad hex or a divisor below 1', () => {
    expect(callFunction('time.hex_to_time', 1, 'xyz')).toEqual({ value: 0, error: 'EINVAL' });
    expect(callFunction('time.hex_to_time', 0, '10')).toEqual({ value: 0, error: 'EINVAL' });
    expect(callFunction('time.hex_to_time', 1, null)).toEqual({ value: 0, error: 'EINVAL' });
  });
});

describe('time.interval_elapsed_ratio (page)', () => {
  const start = Date.UTC(2025, 0, 1);
  const end = Date.UTC(2026, 0, 1);

  it('page example: how far into 2025 a time is, from 0 to 1', () => {
    expect(value('time.interval_elapsed_ratio', start, start, end)).toBe(0);
    expect(value('time.interval_elapsed_ratio', (start + end) / 2, start, end)).toBe(0.5);
    expect(value('time.interval_elapsed_ratio', end, start, end)).toBe(1);
  });

  it('stays between 0 and 1 outside the interval', () => {
    expect(value('time.interval_elapsed_ratio', start - 1000, start, end)).toBe(0);
    expect(value('time.interval_elapsed_ratio', end + 1000, start, end)).toBe(1);
    expect(value('time.interval_elapsed_ratio', start, start, start)).toBe(0);
  });
});

describe('parse_time_delta (page)', () => {
  it('reads one delta with d, h, m or s in either case; a bare number is seconds', () => {
    expect(value('parse_time_delta', '7d')).toBe(7 * 86400);
    expect(value('parse_time_delta', '2H')).toBe(7200);
    expect(value('parse_time_delta', '10m')).toBe(600);
    expect(value('parse_time_delta', '15S')).toBe(15);
    expect(value('parse_time_delta', '3600')).toBe(3600);
  });

  it('reads only the first delta of a combined one such as "10d11h3m2s" (falco parse_time_delta table)', () => {
    expect(value('parse_time_delta', '10d11h3m2s')).toBe(10 * 86400);
    expect(value('parse_time_delta', '5m30s')).toBe(300);
    expect(value('parse_time_delta', '5 d')).toBe(5); // the unit must follow the number
    expect(value('parse_time_delta', '2x')).toBe(2); // an unknown unit is seconds
    expect(value('parse_time_delta', ' +2h')).toBe(7200); // strtoll: spaces and a sign first
  });

  it('gives -1 for no number, a negative one or one beyond INTEGER (falco parse_time_delta table)', () => {
    for (const s of ['soon', '', 'd', '-5d', '99999999999999999999', '106751991167301d']) expect(value('parse_time_delta', s)).toBe(-1);
    expect(value('parse_time_delta', null)).toBe(-1);
    expect(value('parse_time_delta', '106751991167300d')).toBe(106751991167300n * 86400n); // exact: past 2^53
  });

  it('page example: beresp.ttl from an Edge-Control cache-maxage subfield', () => {
    const service = compile(`backend b { .host = "127.0.0.1"; }
sub vcl_recv { declare local var.ttl RTIME; set var.ttl = parse_time_delta(subfield(req.http.Edge-Control, "cache-maxage")); set req.http.ttl = var.ttl; }`);
    expect(service.recv({ headers: { 'Edge-Control': 'cache-maxage=2h' } }).req.headers.get('ttl')).toBe('7200.000');
  });
});
