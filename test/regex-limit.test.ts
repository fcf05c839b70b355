// The backtracking matcher's step limit: a hostile pattern and subject cost a bounded time, and a
// match that gives up fails as on Fastly, setting fastly.error to "EREGRECUR" (regsub/regsuball
// reference pages: "This function may fail to make a replacement if the regular expression recurses
// too heavily … fastly.error is set to EREGRECUR").
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { compileRegex, DEFAULT_STEP_LIMIT, Regex } from '../src/values/regex.js';

const B = 'backend b { .host = "127.0.0.1"; }\n';
/** A backreference keeps this one on the backtracker; a run of a without b makes it exponential. */
const HOSTILE = '(a|a)*\\1b';
const A40 = 'a'.repeat(40);

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

describe('step limit', () => {
  it('gives up on (a|a)*\\1b against 40 a: no match, EREGRECUR, in bounded time (the benchmark has figures)', () => {
    const sink = { fastlyError: null as string | null };
    const re = new Regex(HOSTILE);
    expect(re.engine).toBe('backtrack');
    const { value, ms } = timed(() => re.exec(A40, sink));
    expect(value).toBeNull();
    expect(sink.fastlyError).toBe('EREGRECUR');
    // The bound is the step count; the time (≈0.1–0.3 s alone) is only checked loosely, as the CI
    // machine's two cores are shared and a tight figure made this test flaky.
    expect(re.lastSteps).toBe(DEFAULT_STEP_LIMIT + 1);
    expect(ms).toBeLessThan(10_000);
  });

  it('gives up on (a+)+$ when the backtracker runs it (the linear engine runs it in VCL)', () => {
    const sink = { fastlyError: null as string | null };
    const re = new Regex('(a+)+$', { backtrackOnly: true });
    expect(re.test(`${'a'.repeat(30)}b`, sink)).toBe(false);
    expect(sink.fastlyError).toBe('EREGRECUR');
    expect(re.lastSteps).toBe(DEFAULT_STEP_LIMIT + 1);
    // The same pattern on the default engine: linear, no error.
    const linear = { fastlyError: null as string | null };
    expect(compileRegex('(a+)+$').test(`${'a'.repeat(30_000)}b`, linear)).toBe(false);
    expect(linear.fastlyError).toBeNull();
  });

  it('leaves the input unchanged when regsub or regsuball gives up', () => {
    const sink = { fastlyError: null as string | null };
    expect(compileRegex(HOSTILE).replace(`x${A40}`, 'y', false, sink)).toBe(`x${A40}`);
    expect(sink.fastlyError).toBe('EREGRECUR');
  });

  it('does not touch fastly.error when a match completes', () => {
    const sink = { fastlyError: 'EARLIER' as string | null };
    expect(compileRegex(HOSTILE).test('aab', sink)).toBe(true);
    expect(sink.fastlyError).toBe('EARLIER');
  });

  it('(*LIMIT_MATCH=n) lowers the limit for one pattern, as in PCRE2', () => {
    const sink = { fastlyError: null as string | null };
    expect(compileRegex('(*LIMIT_MATCH=50)^(?=a)(a|b)*c').test('ab'.repeat(50), sink)).toBe(false);
    expect(sink.fastlyError).toBe('EREGRECUR');
    expect(compileRegex('^(?=a)(a|b)*c').test('ab'.repeat(50) + 'c', sink)).toBe(true);
  });

  it('lets ordinary patterns with lookaround through on long subjects without giving up', () => {
    const sink = { fastlyError: null as string | null };
    const url = `/${'segment/'.repeat(1000)}page.html`; // 8 KB
    expect(compileRegex('^(?!.*\\.php$).*$').test(url, sink)).toBe(true);
    expect(compileRegex('(?<=/)page\\.html$').test(url, sink)).toBe(true);
    expect(compileRegex('^(/\\w+)\\1*').exec(url, sink)?.[1]).toBe('/segment');
    expect(sink.fastlyError).toBeNull();
  });

  it('bounds a whole regsuball call, not each of its matches: n cheap-enough matches cannot cost n limits', () => {
    // At each a, (\w+)x\1 first tries every length of \w+ to the end: each match stays under the
    // limit, but the call as a whole is quadratic (an 8 KB URL took seconds before the call shared one budget).
    const pattern = '(?:(\\w+)x\\1)?a';
    const subject = 'a'.repeat(1000);
    const oneMatch = new Regex(pattern, { stepLimit: 100_000 });
    expect(oneMatch.exec(subject)?.[0]).toBe('a');
    expect(oneMatch.lastSteps).toBeLessThan(100_000);
    const sink = { fastlyError: null as string | null };
    expect(oneMatch.replace(subject, 'b', true, sink)).toBe(subject);
    expect(sink.fastlyError).toBe('EREGRECUR');
    // With room for the whole call, every a is replaced.
    expect(new Regex(pattern, { stepLimit: 50_000_000 }).replace(subject, 'b', true)).toBe('b'.repeat(1000));
  });

  it('never overflows the JavaScript stack: deep nesting and long subjects run on an explicit stack', () => {
    const sink = { fastlyError: null as string | null };
    const nested = `${'('.repeat(3000)}${')'.repeat(3000)}`;
    expect(() => compileRegex('^(\\((?1)*\\))$').test(nested, sink)).not.toThrow();
    expect(compileRegex('^(?:(a)|b)*+$').test('ab'.repeat(100_000), sink)).toBe(true);
  });
});

describe('fastly.error in VCL', () => {
  const run = (body: string, url: string) => compile(`${B}sub vcl_recv {\n${body}\n}`).recv({ url }).req.headers;

  it('a ~ match that gives up is false and sets fastly.error', () => {
    const h = run(`if (req.url ~ "${HOSTILE}") { set req.http.M = "yes"; } else { set req.http.M = "no"; }\nset req.http.E = fastly.error;`, `/${A40}`);
    expect(h.get('M')).toBe('no');
    expect(h.get('E')).toBe('EREGRECUR');
  });

  it('regsub that gives up makes no replacement and sets fastly.error', () => {
    const h = run(`set req.http.R = regsub(req.url, "${HOSTILE}", "x");\nset req.http.E = fastly.error;`, A40);
    expect(h.get('R')).toBe(A40);
    expect(h.get('E')).toBe('EREGRECUR');
  });

  it('a switch case regex that gives up does not match', () => {
    const h = run(`switch (req.url) { case ~ "${HOSTILE}": set req.http.M = "yes"; break; default: set req.http.M = "default"; break; }\nset req.http.E = fastly.error;`, A40);
    expect(h.get('M')).toBe('default');
    expect(h.get('E')).toBe('EREGRECUR');
  });
});
