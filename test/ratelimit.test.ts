// Edge rate limiting: ratecounter/penaltybox declarations, the ratelimit.* functions and the
// ratecounter.NAME.* variables, over real sliding windows kept in memory (bounded), in the test API,
// in *.test.vcl files (falco#482: declarations and seeded counters in tests) and in serve.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { RateCounter } from '../src/engine/rate-limit/rate-counters.js';
import { PenaltyBox, penaltyTtlMs } from '../src/engine/rate-limit/penalty-box.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';
import { runTests } from '../src/testing/runner.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

// The example of Fastly's ratelimit.check_rate page: limit 100 requests per second over 10 s, penalize 2 minutes.
const LIMITED = `
penaltybox pb {}
ratecounter rc {}
sub vcl_recv {
  if (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 2m)) {
    error 429 "Too Many Requests";
  }
  set req.http.Rate = ratecounter.rc.rate.10s;
  set req.http.Bucket = ratecounter.rc.bucket.10s;
  return(pass);
}`;

describe('ratelimit.check_rate', () => {
  it('lets a client through up to the limit, then penalizes it for the ttl', () => {
    const s = compile(LIMITED);
    const recv = (at: number, ip = '192.0.2.7') => s.recv({ clientIp: ip, time: at });
    // 100 rps over 10 s is 1,000 requests in the window: the 1,001st goes above it.
    for (let i = 0; i < 1_000; i++) expect(recv(T0 + i).state).toBe('pass');
    const last = recv(T0 + 999);
    expect(last.state).toBe('error');
    expect(last.error).toEqual({ status: 429, response: 'Too Many Requests' });
    expect(recv(T0 + 1_000, '192.0.2.8').state).toBe('pass'); // another client has its own count
    // Penalized for 2 minutes, even once its rate is low again.
    expect(recv(T0 + 60_000).state).toBe('error');
    expect(recv(T0 + 121_000).state).toBe('pass');
  });

  it('ratecounter.NAME.* read the entry this request counted', () => {
    const s = compile(LIMITED);
    let r = s.recv({ clientIp: '192.0.2.7', time: T0 });
    for (let i = 1; i < 50; i++) r = s.recv({ clientIp: '192.0.2.7', time: T0 + i * 100 });
    expect([r.req.headers.get('Rate'), r.req.headers.get('Bucket')]).toEqual(['5.000', '50']);
  });
});

describe('the other ratelimit functions', () => {
  it('ratecounter_increment returns the last minute, penaltybox_add/has keep an entry for its ttl', () => {
    // Fastly's ratecounter_increment page: increment by 10 for every response, read the last 60 s.
    const s = compile(`
ratecounter rc {}
penaltybox pb {}
sub vcl_recv {
  set req.http.X-Last-60s-Hits = ratelimit.ratecounter_increment(rc, client.ip, 10);
  if (req.url == "/ban") { ratelimit.penaltybox_add(pb, client.ip, 5m); }
  set req.http.Banned = if(ratelimit.penaltybox_has(pb, client.ip), "yes", "no");
}`);
    const hits = (at: number, url = '/') => s.recv({ time: at, url }).req.headers;
    expect(hits(T0).get('X-Last-60s-Hits')).toBe('10');
    expect(hits(T0 + 30_000).get('X-Last-60s-Hits')).toBe('20');
    expect(hits(T0 + 61_000).get('X-Last-60s-Hits')).toBe('20'); // the first one left the minute
    expect(hits(T0 + 62_000, '/ban').get('Banned')).toBe('yes');
    expect(hits(T0 + 62_000 + 299_000).get('Banned')).toBe('yes');
    expect(hits(T0 + 62_000 + 300_000).get('Banned')).toBe('no');
  });

  it('check_rates penalizes when either counter goes above its limit', () => {
    const s = compile(`
ratecounter per_sec {}
ratecounter per_min {}
penaltybox pb {}
sub vcl_recv {
  if (ratelimit.check_rates(client.ip, per_sec, 1, 1, 1000, per_min, 1, 60, 10, pb, 1m)) { error 429; }
}`);
    // 600 requests in a minute is 10 rps over 60 s: the 601st is above it, while per_sec never is.
    for (let i = 0; i < 600; i++) expect(s.recv({ time: T0 + i * 100 }).state).not.toBe('error');
    expect(s.recv({ time: T0 + 59_950 }).state).toBe('error');
  });

  it('takes the delta, window and limit Fastly allows: a literal outside is a load error, a value outside is EINVAL', () => {
    // The check_rate page: delta 0 to 100000, window 1, 10 or 60, limit 10 to 70000000.
    const call = (delta: string, limit: string) => `ratecounter rc {}\npenaltybox pb {}\nsub vcl_recv { if (ratelimit.check_rate(client.ip, rc, ${delta}, 10, ${limit}, pb, 2m)) { error 429; } set req.http.E = fastly.error; }`;
    expect(() => compile(call('1', '9'))).toThrow(/argument 5 of ratelimit.check_rate: the limit is from 10 to 70000000 requests per second, got 9/);
    expect(() => compile(call('100001', '100'))).toThrow(/argument 3 of ratelimit.check_rate: the delta is from 0 to 100000, got 100001/);
    expect(() => compile('ratecounter rc {}\npenaltybox pb {}\nsub vcl_recv { if (ratelimit.check_rates(client.ip, rc, 1, 10, 100, rc, 1, 60, 80000000, pb, 1m)) { error 429; } }')).toThrow(
      /argument 9 of ratelimit.check_rates: the limit is from 10/,
    );
    const r = compile(call('1', 'std.atoi(req.http.Limit)')).recv({ headers: { Limit: '5' } });
    expect([r.state, r.req.headers.get('E')]).toEqual(['lookup', 'EINVAL']);
  });

  it('an entry longer than 256 bytes is not counted: fastly.error is EINVAL', () => {
    const s = compile('ratecounter rc {}\nsub vcl_recv { set req.http.N = ratelimit.ratecounter_increment(rc, req.http.Long, 1); set req.http.E = fastly.error; }');
    const r = s.recv({ headers: { Long: 'x'.repeat(257) } });
    expect([r.req.headers.get('N'), r.req.headers.get('E')]).toEqual(['0', 'EINVAL']);
  });
});

describe('the stores', () => {
  it('a counter keeps its most recently counted entries only', () => {
    const c = new RateCounter(100);
    for (let i = 0; i < 1_000; i++) c.increment(`e${i}`, 1, T0);
    expect(c.size).toBe(100);
    expect(c.count('e999', 10, T0)).toBe(1);
    expect(c.count('e0', 10, T0)).toBe(0);
  });

  it('windows slide: counts older than the window are gone', () => {
    const c = new RateCounter();
    c.increment('a', 5, T0);
    c.increment('a', 3, T0 + 5_000);
    expect(c.rate('a', 10, T0 + 5_000)).toBe(0.8);
    expect([c.count('a', 10, T0 + 5_000), c.count('a', 10, T0 + 12_000), c.count('a', 60, T0 + 12_000), c.count('a', 60, T0 + 70_000)]).toEqual([8, 3, 8, 0]);
  });

  it('a penalty lasts 1 to 60 minutes, rounded to the minute (Fastly)', () => {
    expect([penaltyTtlMs(10_000), penaltyTtlMs(89_000), penaltyTtlMs(3 * 3_600_000)]).toEqual([60_000, 60_000, 3_600_000]);
    const box = new PenaltyBox(2);
    for (const e of ['a', 'b', 'c']) box.add(e, 60_000, T0);
    expect([box.has('a', T0), box.has('c', T0), box.size]).toEqual([false, true, 2]);
  });
});

describe('in test files', () => {
  it('a *.test.vcl declares its own counters and seeds them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-rl-'));
    writeFileSync(join(dir, 'main.vcl'), LIMITED);
    writeFileSync(
      join(dir, 'main.test.vcl'),
      `ratecounter seeded {}
// @scope: recv
sub test_seeded_counter {
  declare local var.n INTEGER;
  set var.n = ratelimit.ratecounter_increment(seeded, "client-1", 40);
  set var.n = ratelimit.ratecounter_increment(seeded, "client-1", 2);
  assert.equal(var.n, 42);
  assert.equal(ratecounter.seeded.bucket.60s, 42);
}
// @scope: recv
sub test_main_counter_penalizes {
  declare local var.i INTEGER;
  set var.i = ratelimit.ratecounter_increment(rc, client.ip, 2000);
  testing.call_subroutine("vcl_recv");
  assert.state(error);
}`,
    );
    try {
      const report = runTests(join(dir, 'main.vcl'), [join(dir, 'main.test.vcl')]);
      const results = report.results.map((r) => [r.name, r.status, r.failure?.message ?? '']);
      expect(results).toEqual([
        ['test_seeded_counter', 'passed', ''],
        ['test_main_counter_penalizes', 'passed', ''],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each test starts with no request counted and no one penalized', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-rl-'));
    try {
      writeFileSync(join(dir, 'main.vcl'), LIMITED);
      const floodThenPass = (n: number) => `// @scope: recv
sub test_flood_${n} {
  declare local var.i INTEGER;
  set var.i = ratelimit.ratecounter_increment(rc, client.ip, 2000);
  testing.call_subroutine("vcl_recv");
  assert.state(error);
}
// @scope: recv
sub test_then_a_fresh_start_${n} {
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(ratecounter.rc.bucket.10s, 1);
}
`;
      writeFileSync(join(dir, 'main.test.vcl'), floodThenPass(1) + floodThenPass(2));
      const report = runTests(join(dir, 'main.vcl'), [join(dir, 'main.test.vcl')]);
      expect(report.results.map((r) => [r.name, r.status, r.failure?.message ?? ''])).toEqual(
        ['flood_1', 'then_a_fresh_start_1', 'flood_2', 'then_a_fresh_start_2'].map((n) => [`test_${n}`, 'passed', '']),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('testing.fixed_access_rate makes every counter read one rate, as falco does', () => {
    // falco's examples/testing/rate_limiting: a client at 100 rps is over a limit of 100 (falco
    // compares a fixed rate with >=); the counters read the rate, and their buckets rate × seconds.
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-rl-'));
    try {
      writeFileSync(
        join(dir, 'main.vcl'),
        `ratecounter rc {}\npenaltybox pb {}\nsub vcl_recv {\n  set req.http.Rate-Limit-Exceeded = "0";\n  if (ratelimit.check_rate(client.ip, rc, 1, 10, 100, pb, 10s)) {\n    set req.http.Rate-Limit-Exceeded = "1";\n  }\n}\n`,
      );
      writeFileSync(
        join(dir, 'main.test.vcl'),
        `sub test_recv {
  testing.fixed_access_rate(100);
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Rate-Limit-Exceeded, "1");
  assert.equal(ratecounter.rc.rate.10s, 100.0);
  assert.equal(ratecounter.rc.bucket.20s, 2000);
  assert.equal(ratelimit.ratecounter_increment(rc, "x", 1), 6000);
}
sub test_below_the_limit {
  testing.fixed_access_rate(99.5);
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Rate-Limit-Exceeded, "0");
}
sub test_rate_gone_in_the_next_test {
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Rate-Limit-Exceeded, "0");
  assert.equal(ratecounter.rc.bucket.10s, 1);
}
`,
      );
      const report = runTests(join(dir, 'main.vcl'), [join(dir, 'main.test.vcl')]);
      expect(report.results.map((r) => [r.name, r.status, r.failure?.message ?? ''])).toEqual([
        ['test_recv', 'passed', ''],
        ['test_below_the_limit', 'passed', ''],
        ['test_rate_gone_in_the_next_test', 'passed', ''],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('in serve', () => {
  it('answers 429 once a client goes above the limit, over real sockets', async () => {
    const origin = await startHttpOrigin((_req, res) => res.end('ok'));
    const edge = await startTestEdge(
      `backend F_origin { .host = "127.0.0.1"; .port = "${origin.port}"; }
penaltybox pb {}
ratecounter rc {}
sub vcl_recv {
#FASTLY recv
  if (ratelimit.check_rate(client.ip, rc, 1, 10, 10, pb, 1m)) { error 429 "Too Many Requests"; }
  return(pass);
}`,
    );
    try {
      const statuses: number[] = [];
      // 10 rps over 10 s is 100 requests: the 101st is refused, and so is every one after it.
      for (let i = 0; i < 103; i++) statuses.push((await fetch(`http://127.0.0.1:${edge.port}/r${i}`)).status);
      expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(100)).toEqual([429, 429, 429]);
    } finally {
      await edge.close();
      await origin.close();
    }
  }, 60_000);
});
