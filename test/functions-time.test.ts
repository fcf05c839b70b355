import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TABLE } from '../src/builtins/functions/index.js';
import type { FunctionContext } from '../src/values/function-context.js';
import { compile } from '../src/index.js';

const ctx: FunctionContext = { headers: () => undefined, now: () => 0, random: () => 0.5 };
const call = (name: string, ...args: unknown[]) => FUNCTION_TABLE.get(name)!.impl(ctx, ...args);

/** Mon, 02 Jan 2006 22:04:05 GMT — the date in Fastly's std.time examples. */
const EXAMPLE = 1136239445 * 1000;

describe('std.time (Fastly examples and formats)', () => {
  it.each([
    'Mon, 02 Jan 2006 22:04:05 GMT',
    'Monday, 02-Jan-06 22:04:05 GMT',
    'Mon Jan  2 22:04:05 2006',
    '2006-01-02 22:04:05',
    '1136239445',
    '1136239445.00',
  ])('parses %j', (s) => {
    expect(call('std.time', s, 0)).toBe(EXAMPLE);
  });

  it('returns the fallback for anything else', () => {
    expect(call('std.time', 'Not a date', -1000)).toBe(-1000);
    expect(call('std.time', 'Mon, 02 Jan 2006 22:04:05 PST', 7)).toBe(7);
    expect(call('std.time', '2006-02-30 00:00:00', 7)).toBe(7);
    expect(call('std.time', null, 7)).toBe(7);
  });

  it('keeps fractional epoch seconds', () => {
    expect(call('std.time', '1.5', 0)).toBe(1500);
  });

  it('runs the reference page example in VCL, a time before the epoch printing "datetime out of bounds"', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/date-and-time/std-time/
    const vcl = `sub vcl_recv {
  declare local var.time1 TIME;
  set var.time1 = std.time("Mon, 02 Jan 2006 22:04:05 GMT", now);
  declare local var.time2 TIME;
  set var.time2 = std.time("1136239445", std.integer2time(0));
  declare local var.time3 TIME;
  set var.time3 = std.time("Not a date", std.integer2time(-1));
  set req.http.T1 = var.time1;
  set req.http.T2 = var.time2;
  set req.http.T3 = var.time3;
}`;
    const h = compile(vcl).recv({ url: '/' }).req.headers;
    expect([h.get('T1'), h.get('T2'), h.get('T3')]).toEqual(['Mon, 02 Jan 2006 22:04:05 GMT', 'Mon, 02 Jan 2006 22:04:05 GMT', 'datetime out of bounds']);
  });
});

describe('time arithmetic', () => {
  it('std.integer2time converts seconds to a TIME', () => {
    expect(call('std.integer2time', 1136239445)).toBe(EXAMPLE);
    expect(call('std.integer2time', -1)).toBe(-1000);
  });

  it('time.add / time.sub / time.is_after', () => {
    expect(call('time.add', EXAMPLE, 86_400_000)).toBe(EXAMPLE + 86_400_000);
    expect(call('time.sub', EXAMPLE, 5_000)).toBe(EXAMPLE - 5_000);
    expect(call('time.is_after', EXAMPLE + 1, EXAMPLE)).toBe(true);
    expect(call('time.is_after', EXAMPLE, EXAMPLE)).toBe(false);
  });
});

describe('strftime', () => {
  it('formats the common directives in UTC', () => {
    expect(call('strftime', '%Y-%m-%d %H:%M:%S', EXAMPLE)).toBe('2006-01-02 22:04:05');
    expect(call('strftime', '%a, %d %b %Y %T %Z', EXAMPLE)).toBe('Mon, 02 Jan 2006 22:04:05 GMT');
    expect(call('strftime', '%A %B %e %j %u %w %y %C', EXAMPLE)).toBe('Monday January  2 002 1 1 06 20');
    expect(call('strftime', '%I:%M %p|%D|%F|%R|%s|%z|%%', EXAMPLE)).toBe('10:04 PM|01/02/06|2006-01-02|22:04|1136239445|+0000|%');
    expect(call('strftime', '%c', EXAMPLE)).toBe('Mon Jan  2 22:04:05 2006');
  });

  it('computes ISO weeks across year boundaries', () => {
    // 2005-01-01 is a Saturday: ISO week 53 of 2004.
    const jan1 = Date.UTC(2005, 0, 1);
    expect(call('strftime', '%G-W%V %U %W', jan1)).toBe('2004-W53 00 00');
    expect(call('strftime', '%G-W%V', Date.UTC(2008, 11, 29))).toBe('2009-W01');
  });

  it('leaves unknown directives as written', () => {
    expect(call('strftime', '%Q %Y', EXAMPLE)).toBe('%Q 2006');
  });

  it('agrees with Date#toUTCString for the RFC 1123 layout (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444800 }), (seconds) => {
        const ms = seconds * 1000;
        expect(call('strftime', '%a, %d %b %Y %H:%M:%S GMT', ms)).toBe(new Date(ms).toUTCString());
        expect(call('std.time', new Date(ms).toUTCString(), -1)).toBe(ms);
      }),
    );
  });
});
