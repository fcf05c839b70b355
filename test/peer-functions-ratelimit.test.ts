// ratelimit.* and the typed table lookups against the test tables of ysugimoto/falco
// (interpreter/function/builtin/{ratelimit_*,table_lookup_*}_test.go). Inputs and results are theirs;
// the VCL is ours. falco builds its counters and boxes in Go; here they are VCL declarations, and
// time passes by giving each request its own clock.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { holds, problems, val } from './helpers/peer-calls.js';

const DECLS = 'ratecounter rc1 {}\npenaltybox pb {}\n';

describe('ratelimit (falco ratelimit_check_rate_test.go, ratelimit_ratecounter_increment_test.go)', () => {
  it('check_rate: 101 in a 1 s window over a limit of 100 is exceeded; 10 is not', () => {
    expect(holds('ratelimit.check_rate("192.0.2.1", rc1, 101, 1, 100, pb, 10s)', '', {}, DECLS)).toBe(true);
    expect(holds('ratelimit.check_rate("192.0.2.2", rc1, 10, 1, 100, pb, 10s)', '', {}, DECLS)).toBe(false);
  });

  it('ratecounter_increment gives the count so far, for a STRING or an IP entry', () => {
    expect(val('ratelimit.ratecounter_increment(rc1, "127.0.0.1", 1)', '', {}, DECLS)).toBe('1');
    const again = 'declare local var.n INTEGER; set var.n = ratelimit.ratecounter_increment(rc1, "127.0.0.1", 1);';
    expect(val('ratelimit.ratecounter_increment(rc1, "127.0.0.1", 1)', again, {}, DECLS)).toBe('2');
    expect(val('ratelimit.ratecounter_increment(rc1, client.ip, 1)', '', { clientIp: '127.0.0.1' }, DECLS)).toBe('1');
  });

  it('ratecounter_increment checks its arguments when the VCL loads (falco: Validation cases)', () => {
    expect(problems('set req.http.R = ratelimit.ratecounter_increment(rc1, "entry");', DECLS)).toEqual(['ratelimit.ratecounter_increment takes 3 argument(s), got 2']);
    expect(problems('set req.http.R = ratelimit.ratecounter_increment(rc1, "entry", 10, "extra");', DECLS)).toEqual(['ratelimit.ratecounter_increment takes 3 argument(s), got 4']);
    expect(problems('set req.http.R = ratelimit.ratecounter_increment(rc1, "entry", "10");', DECLS)).toEqual(['argument 3 of ratelimit.ratecounter_increment must be INTEGER, got STRING']);
    expect(problems('set req.http.R = ratelimit.ratecounter_increment("my_rc", "entry", 10);', DECLS)).toEqual(['argument 1 of ratelimit.ratecounter_increment must name a declared ratecounter']);
    expect(problems('set req.http.R = ratelimit.ratecounter_increment(example, "entry", 10);', DECLS)).toEqual(['argument 1 of ratelimit.ratecounter_increment must name a declared ratecounter']);
  });
});

describe('ratelimit.check_rates (falco ratelimit_check_rates_test.go)', () => {
  const decls = 'ratecounter rc1 {}\nratecounter rc2 {}\npenaltybox pb {}\n';
  const rates = (entry: string, delta1: number, delta2: number) => `ratelimit.check_rates(${entry}, rc1, ${delta1}, 1, 100, rc2, ${delta2}, 1, 100, pb, 10s)`;

  it('exceeded when either counter goes over its limit, and the entry is then in the penalty box', () => {
    expect(holds(rates('"192.0.2.1"', 10, 10), '', {}, decls)).toBe(false);
    for (const [entry, d1, d2, clientIp] of [['"192.0.2.2"', 101, 1, '192.0.2.2'], ['"192.0.2.3"', 1, 101, '192.0.2.3'], ['client.ip', 1, 101, '192.0.2.4']] as const) {
      const setup = `declare local var.over BOOL; set var.over = ${rates(entry, d1, d2)};`;
      expect(holds('var.over && ratelimit.penaltybox_has(pb, client.ip)', setup, { clientIp }, decls), entry).toBe(true);
    }
  });

  it('a penalty box that is not declared, or too few arguments, do not load', () => {
    expect(problems('if (ratelimit.check_rates("x", rc1, 101, 1, 100, rc2, 1, 1, 100, nonexistent, 10s)) { }', decls)).toEqual(['argument 10 of ratelimit.check_rates must name a declared penaltybox']);
    expect(problems('if (ratelimit.check_rates("192.0.2.1")) { }', decls)).toEqual(['ratelimit.check_rates takes 11 argument(s), got 1']);
    expect(problems('if (ratelimit.check_rates("192.0.2.1", "rc1", 10, 1, 100, rc2, 10, 1, 100, pb, 10s)) { }', decls)).toEqual(['argument 2 of ratelimit.check_rates must name a declared ratecounter']);
  });
});

describe('ratelimit.penaltybox_has (falco ratelimit_penaltybox_has_test.go)', () => {
  const service = compile(`backend origin { .host = "127.0.0.1"; }\n${DECLS}
sub vcl_recv {
  if (req.http.Add && req.http.Ttl == "1") { ratelimit.penaltybox_add(pb, req.http.Add, 1s); }
  if (req.http.Add && req.http.Ttl == "10") { ratelimit.penaltybox_add(pb, req.http.Add, 10s); }
  set req.http.Has = if(ratelimit.penaltybox_has(pb, req.http.Key), "yes", "no");
  set req.http.HasIp = if(ratelimit.penaltybox_has(pb, client.ip), "yes", "no");
}`);
  const T0 = Date.UTC(2025, 0, 1);
  const ask = (headers: Record<string, string>, at: number, clientIp = '192.0.2.9') =>
    service.recv({ headers, time: at, clientIp }).req.headers;

  it('an entry added is there for its time; another is not; an IP entry is found by client.ip', () => {
    ask({ Add: 'some_entry', Ttl: '10', Key: 'x' }, T0);
    ask({ Add: '192.168.0.1', Ttl: '10', Key: 'x' }, T0);
    ask({ Add: 'expired_entry', Ttl: '1', Key: 'x' }, T0);
    expect(ask({ Key: 'some_entry' }, T0 + 500).get('Has')).toBe('yes');
    expect(ask({ Key: 'not_exists' }, T0 + 500).get('Has')).toBe('no');
    expect(ask({ Key: 'x' }, T0 + 500, '192.168.0.1').get('HasIp')).toBe('yes');
    // falco sleeps 2 s past a 1 s entry and finds it gone. Fastly's ratelimit-penaltybox-add page:
    // the TTL "must be between 1m and 1h, and has minute granularity", so a 1 s entry is held for
    // the minimum minute: still there after 2 s, gone after 61 s.
    expect(ask({ Key: 'expired_entry' }, T0 + 2000).get('Has')).toBe('yes');
    expect(ask({ Key: 'expired_entry' }, T0 + 61_000).get('Has')).toBe('no');
    expect(ask({ Key: 'some_entry' }, T0 + 30_000).get('Has')).toBe('yes'); // 10 s is held a minute too
  });

  it('a penaltybox that is not declared does not load (falco: "Penaltybox not_found is not defined")', () => {
    expect(problems('if (ratelimit.penaltybox_has(not_found, "some_entry")) { }', DECLS)).toEqual(['argument 1 of ratelimit.penaltybox_has must name a declared penaltybox']);
  });
});

describe('typed table lookups (falco table_lookup_ip_test.go, table_lookup_regex_test.go)', () => {
  const decls = 'table ips IP { "foo": "192.168.0.1" }\n';
  it('table.lookup_ip: the entry, else the default', () => {
    expect(val('table.lookup_ip(ips, "foo", "192.168.0.2")', '', {}, decls)).toBe('192.168.0.1');
    expect(val('table.lookup_ip(ips, "other", "192.168.0.2")', '', {}, decls)).toBe('192.168.0.2');
    expect(problems('set req.http.R = table.lookup_ip(doesnotexist, "foo", "192.168.0.2");', decls).length).toBeGreaterThan(0);
  });

  it('the typed lookups need their default (Fastly’s pages: "The default value is required")', () => {
    // falco's generated signatures list (TABLE, STRING) as well for lookup_integer and lookup_float.
    const typed = 'table n INTEGER { "a": 1 }\ntable f FLOAT { "a": 1.5 }\n';
    expect(val('table.lookup_integer(n, "a", 0)', '', {}, typed)).toBe('1');
    expect(val('table.lookup_float(f, "b", 2.5)', '', {}, typed)).toBe('2.500');
    expect(problems('set req.http.R = table.lookup_integer(n, "a");', typed).length).toBeGreaterThan(0);
    expect(problems('set req.http.R = table.lookup_float(f, "a");', typed).length).toBeGreaterThan(0);
  });

  it('table.lookup_regex takes (TABLE, STRING) and returns a REGEX, as Fastly’s page has it', () => {
    // falco's table_lookup_regex_test.go calls it with a third, default argument and matches the
    // second as a pattern against the keys, returning a STRING. Fastly's table-lookup-regex page (and
    // spec/fastly-functions.tsv): table.lookup_regex(TABLE, STRING) returns the REGEX stored at the key.
    const regexes = 'table servers REGEX { "prod": "^prod-server-[0-9]+$" }\n';
    expect(holds('"prod-server-1" ~ table.lookup_regex(servers, "prod")', '', {}, regexes)).toBe(true);
    expect(holds('"dev-server-1" ~ table.lookup_regex(servers, "prod")', '', {}, regexes)).toBe(false);
    expect(problems('if ("x" ~ table.lookup_regex(servers, "prod", "fallback")) { }', regexes).length).toBeGreaterThan(0);
  });
});
