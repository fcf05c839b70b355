// substr, subfield, urlencode/urldecode, xml_escape, json.escape, utf8.*, time.*, uuid.* and table.*
// against the test tables of ysugimoto/falco (interpreter/function/builtin/*_test.go). Inputs and
// results are theirs; the VCL is ours. falco's Go strings pass "%00" and "%2520" as VCL string literals
// would hand them over (already percent-decoded), so those inputs are written here as "…" literals,
// which VCL decodes the same way; a long string ({"…"}) passes bytes as written.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { holds, lit, problems, val, vcl } from './helpers/peer-calls.js';

const MAX = '9223372036854775807';
const NEG_MAX = '-9223372036854775807';
/** falco's extreme offset/length pairs: every one gives "" in falco (see the substr note below). */
const EXTREMES: [string, string | null][] = [
  ['2', '9223372036854775806'], ['1', MAX], ['5', NEG_MAX], ['2', '-9223372036854775806'],
  [MAX, '1'], [NEG_MAX, '1'], [MAX, null], [NEG_MAX, null], [MAX, MAX], [NEG_MAX, NEG_MAX], [MAX, NEG_MAX], [NEG_MAX, MAX],
];
const call = (fn: string, s: string, offset: string, length: string | null) => vcl(`${fn}("${s}", ${offset}${length === null ? '' : `, ${length}`})`);

describe('substr and utf8.substr (falco substr_test.go, utf8_substr_test.go)', () => {
  it('cuts bytes (substr) or code points (utf8.substr); negative offsets and lengths count from the end', () => {
    const cases: [string, string | null, string, string][] = [
      // offset, length, substr("abcdefg", …), utf8.substr("abあdefg", …)
      ['3', null, 'defg', 'defg'], ['0', '2', 'ab', 'ab'], ['5', '3', 'fg', 'fg'], ['-3', null, 'efg', 'efg'],
      ['-3', '2', 'ef', 'ef'], ['1', '-3', 'bcd', 'bあd'], ['-4', '0', '', ''],
    ];
    for (const [offset, length, bytes, points] of cases) {
      expect(call('substr', 'abcdefg', offset, length).value, `substr ${offset} ${length}`).toBe(bytes);
      expect(call('utf8.substr', 'abあdefg', offset, length).value, `utf8.substr ${offset} ${length}`).toBe(points);
    }
    expect(call('substr', 'abcdefg', '3', '0').value).toBe('');
    expect(call('utf8.substr', 'abあdefg', '5', '0').value).toBe('');
    expect(call('substr', 'abc', '3', '2').value).toBe('');
    expect(call('utf8.substr', 'abあ', '3', '2').value).toBe('');
    // substr cuts bytes: the first byte of あ, held as the byte it is.
    expect(val('substr("あ", 0, 1)')).toBe('\udce3');
    // utf8.substr of a string that is no UTF-8 is not set.
    expect(call('utf8.substr', '%E3', '0', '1').value).toBeNull();
  });

  it('where falco and Fastly’s substr page part: the page is followed', () => {
    // falco gives "d" for (-4, -3) and "" for a range wholly outside the string or an overflowing
    // offset/length. Fastly's substr page: "substr("abcdefg", -4, -3) is "de"", "substr("abc", 4, 2)
    // returns an unset value", and "an unset value is also returned in the extreme edge cases of the
    // offset or length causing integer overflows". utf8.substr is "like substr" in code points.
    expect(call('substr', 'abcdefg', '-4', '-3').value).toBe('de');
    expect(call('utf8.substr', 'abあdefg', '-4', '-3').value).toBe('de');
    expect(call('substr', 'abc', '4', '2').value).toBeNull();
    expect(call('utf8.substr', 'abあ', '4', '2').value).toBeNull();
    for (const [offset, length] of EXTREMES) {
      expect(call('substr', 'abcdefg', offset, length).value, `substr ${offset} ${length}`).toBeNull();
      expect(call('utf8.substr', 'abあdefg', offset, length).value, `utf8.substr ${offset} ${length}`).toBeNull();
    }
  });
});

describe('utf8.* (falco utf8_codepoint_count_test.go, utf8_is_valid_test.go, utf8_strpad_test.go)', () => {
  it('utf8.codepoint_count: 0 for what is no UTF-8', () => {
    const cases: [string, string][] = [['hello, 世界', '9'], ['hello, world', '12'], ['%E3', '0'], ['%FF%FE', '0'], ['', '0'], ['🌸', '1'], ['🌸🌼', '2']];
    for (const [s, want] of cases) expect(val(`utf8.codepoint_count("${s}")`), s).toBe(want);
  });

  it('utf8.is_valid', () => {
    for (const s of ['abc123', '/foo/bar', '?p=q&x=y', '%22', '%0A', '%09', 'αβγ', '😁']) expect(holds(`utf8.is_valid("${s}")`), s).toBe(true);
    for (const s of ['%FF', 'a + %CC']) expect(holds(`utf8.is_valid("${s}")`), s).toBe(false);
  });

  it('utf8.strpad pads to a width in code points; not set (EUTF8) for what is no UTF-8', () => {
    const cases: [string, string, string, string][] = [
      ['abc', '-10', '-=', 'abc-=-=-=-'], ['abc', '10', '-=', '-=-=-=-abc'], ['abcdefghijklmn', '10', '-=', 'abcdefghijklmn'],
      ['abcdefghij', '10', '-=', 'abcdefghij'], ['abc', '7', '🌸🌼', '🌸🌼🌸🌼abc'], ['abc', '-7', '🌸🌼', 'abc🌸🌼🌸🌼'],
      ['世界', '5', '-', '---世界'], ['世界', '-5', '-', '世界---'], ['abc', '10', '', 'abc'],
      // A width of -2^63 has no magnitude: "".
      ['abc', '-9223372036854775808', '-', ''],
    ];
    for (const [s, width, pad, want] of cases) expect(val(`utf8.strpad("${s}", ${width}, "${pad}")`), `${s} ${width} ${pad}`).toBe(want);
    expect(vcl('utf8.strpad("%E3", 10, "-")')).toEqual({ value: null, error: 'EUTF8' });
    expect(vcl('utf8.strpad("abc", 10, "%E3")')).toEqual({ value: null, error: 'EUTF8' });
  });
});

describe('string escapes (falco subfield/urlencode/urldecode/xml_escape/json_escape_test.go)', () => {
  it('subfield: "," by default, quotes hold separators', () => {
    expect(val('subfield("foo=bar,lorem=ipsum", "foo")')).toBe('bar');
    expect(val('subfield("foo=bar&lorem=ipsum", "foo", "&")')).toBe('bar');
    expect(val(`subfield("foo=bar&lorem=ipsum", "foo", ${lit('%')})`)).toBe('bar&lorem=ipsum');
    expect(val(`subfield(${lit('foo="bar,lorem=ipsum",fiz=buz')}, "lorem")`)).toBe('ipsum"');
    expect(val(`subfield(${lit('foo="bar,lorem=ipsum",fiz=buz')}, "foo")`)).toBe('bar,lorem=ipsum');
  });

  it('urlencode keeps the unreserved characters; a NUL ends the string', () => {
    const cases: [string, string][] = [
      ['"%00"', ''], ['"ab%00c"', 'ab'], ['"あ"', '%E3%81%82'], ['"𠮷😯"', '%F0%A0%AE%B7%F0%9F%98%AF'],
      ['"%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F"', '%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F'],
      ['"%10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F"', '%10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F'],
      [`{" !"#$%&'()*+,-./"}`, '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F'],
      ['"0123456789:;<=>?"', '0123456789%3A%3B%3C%3D%3E%3F'],
      ['{"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"}', '%40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_'],
      ['"`abcdefghijklmnopqrstuvwxyz{|}~"', '%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D~'],
      ['"%7F"', '%7F'], ['"hello world"', 'hello%20world'],
    ];
    for (const [s, want] of cases) expect(val(`urlencode(${s})`), s).toBe(want);
  });

  it('urldecode reads %XX and "+"', () => {
    expect(val('urldecode("hello%20world+!")')).toBe('hello world !');
    // "%25" in the literal is already "%": urldecode sees hello%20world+!.
    expect(val('urldecode("hello%2520world+!")')).toBe('hello world !');
  });

  it('xml_escape and json.escape', () => {
    expect(val('xml_escape("abc123")')).toBe('abc123');
    expect(val('xml_escape("romeo&juliet")')).toBe('romeo&amp;juliet');
    expect(val('xml_escape("0 < 1")')).toBe('0 &lt; 1');
    expect(val(`xml_escape(${lit("isn't")})`)).toBe('isn&apos;t');
    const json: [string, string][] = [['abc123', 'abc123'], ['/foo/bar', '/foo/bar'], ['?p=q&x=y', '?p=q&x=y'], ['"', '\\"'], ['\n', '\\n'], ['\t', '\\t'], ['αβγ', 'αβγ'], ['😁', '\\uD83D\\uDE01']];
    for (const [s, want] of json) expect(val(`json.escape(${lit(s)})`), JSON.stringify(s)).toBe(want);
  });
});

describe('time.* (falco time_*_test.go)', () => {
  it('time.add, time.sub and time.is_after move and compare by an RTIME', () => {
    const t0 = 'std.integer2time(1700000000)';
    expect(val(`time.add(${t0}, 1s)`)).toBe('Tue, 14 Nov 2023 22:13:21 GMT');
    expect(val(`time.sub(${t0}, 1s)`)).toBe('Tue, 14 Nov 2023 22:13:19 GMT');
    expect(holds(`time.is_after(${t0}, time.sub(${t0}, 1s))`)).toBe(true);
    expect(holds(`time.is_after(${t0}, time.add(${t0}, 1s))`)).toBe(false);
    // falco also passes a TIME as time.add's second argument; Fastly's signature is (TIME, RTIME).
  });

  it('time.hex_to_time: hex seconds over a divisor (vintage time_hex_to_time_test.go)', () => {
    expect(val('time.hex_to_time(1, "43b9a355")')).toBe('Mon, 02 Jan 2006 22:04:05 GMT');
    expect(val('time.hex_to_time(2, "43b9a355")')).toBe('Sat, 02 Jan 1988 11:02:02 GMT');
  });

  it('time.interval_elapsed_ratio', () => {
    expect(val('time.interval_elapsed_ratio(std.integer2time(1711461359), std.integer2time(1704067200), std.integer2time(1735689600))')).toBe('0.234');
  });

  it('time.runits: decimal places by unit, as Fastly’s page has it; EINVAL for another unit', () => {
    // falco gives "1s", "1000ms", "1000000us", "1000000000ns". Fastly's time-runits page: "s: whole
    // seconds only with no decimal point; ms: whole seconds followed by a decimal point with three
    // decimal places", six for us, nine for ns.
    expect(val('time.runits("s", 1s)')).toBe('1');
    expect(val('time.runits("ms", 1s)')).toBe('1.000');
    expect(val('time.runits("us", 1s)')).toBe('1.000000');
    expect(val('time.runits("ns", 1s)')).toBe('1.000000000');
    expect(vcl('time.runits("z", 1s)')).toEqual({ value: null, error: 'EINVAL' });
  });
});

describe('uuid.* (falco uuid_*_test.go)', () => {
  it('the namespaces, version5 and validation', () => {
    expect(val('uuid.dns()')).toBe('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
    expect(val('uuid.version5(uuid.dns(), "www.fastly.com")')).toBe('86573da0-058f-5871-a5b7-f3cb33447360');
    expect(holds('uuid.is_valid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")')).toBe(true);
    expect(holds('uuid.is_valid("ba7b810-9dad-11d1-80b4-00c04fd430c8")')).toBe(false);
  });

  it('uuid-version3 and uuid-is-version3 pages: the example, checked against an MD5 computed here (RFC 4122 §4.3)', () => {
    const bytes = createHash('md5').update(Buffer.concat([Buffer.from('6ba7b8109dad11d180b400c04fd430c8', 'hex'), Buffer.from('www.fastly.com')])).digest();
    bytes[6] = (bytes[6]! & 0x0f) | 0x30;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    const want = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    expect(val('uuid.version3(uuid.dns(), "www.fastly.com")')).toBe(want);
    const headers = { 'X-Unique-Id': want };
    expect(holds('uuid.is_version3(req.http.X-Unique-Id)', '', { headers })).toBe(true);
    expect(holds('uuid.is_version5(req.http.X-Unique-Id)', '', { headers })).toBe(false);
  });

  it('uuid.x500 (falco uuid_x500_test.go)', () => {
    expect(val('uuid.x500()')).toBe('6ba7b814-9dad-11d1-80b4-00c04fd430c8');
  });

  it('uuid.is_version3, 4, 5 and 7 tell the versions apart', () => {
    const v3 = '3f22bcdf-f888-31a6-9575-d1588cb14ff4';
    const v4 = '02201c6d-57a6-479f-8e83-7d7a6f55e2bd';
    const v5 = '86573da0-058f-5871-a5b7-f3cb33447360';
    const v7 = '01912ac5-668a-738e-a2e0-1bee6427025f';
    expect([v3, v4, v5].map((u) => holds(`uuid.is_version3("${u}")`))).toEqual([true, false, false]);
    expect([v3, v4, v5, v7].map((u) => holds(`uuid.is_version7("${u}")`))).toEqual([false, false, false, true]);
    expect([v3, v4, v5, v7].map((u) => holds(`uuid.is_version4("${u}")`))).toEqual([false, true, false, false]);
    expect([v3, v4, v5].map((u) => holds(`uuid.is_version5("${u}")`))).toEqual([false, false, true]);
  });
});

describe('table.* (falco table_contains_test.go, table_lookup_test.go, table_lookup_rtime_test.go)', () => {
  const decls = 'table example { "foo": "bar" }\ntable times RTIME { "foo": 10s }\n';
  it('contains and lookup, with and without a default', () => {
    expect(holds('table.contains(example, "foo")', '', {}, decls)).toBe(true);
    expect(holds('table.contains(example, "lorem")', '', {}, decls)).toBe(false);
    expect(val('table.lookup(example, "foo")', '', {}, decls)).toBe('bar');
    expect(val('table.lookup(example, "other", "fallback")', '', {}, decls)).toBe('fallback');
    // falco compares the value's text only (""); a missing key without a default is not set.
    expect(val('table.lookup(example, "lorem")', '', {}, decls)).toBeNull();
    expect(val('table.lookup_rtime(times, "foo", 1s)', '', {}, decls)).toBe('10.000');
    expect(val('table.lookup_rtime(times, "other", 1s)', '', {}, decls)).toBe('1.000');
  });

  it('a table that is not declared does not load (falco: an error)', () => {
    expect(problems('if (table.contains(doesnotexist, "foo")) { }', decls).length).toBeGreaterThan(0);
    expect(problems('set req.http.R = table.lookup(doesnotexist, "foo", "fallback");', decls).length).toBeGreaterThan(0);
  });
});
