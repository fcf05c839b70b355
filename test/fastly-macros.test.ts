// The `#FASTLY <sub>` lines run the code Fastly generates there for a service with nothing set in its UI
// (src/project/fastly-macros.ts): through the library API, through `serve` with a real origin, with the
// switch off, with snippets, and in lint.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { HttpCache } from '../src/engine/cache.js';
import { lintSource } from '../src/lint/index.js';
import { loadSource } from '../src/parser/loader.js';
import { readSnippet, spliceSnippets } from '../src/project/snippets.js';
import { generatedFile, MACRO_TYPES, macroText } from '../src/project/fastly-macros.js';
import { Service } from '../src/engine/service.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin, type TestOrigin } from './helpers/http-origins.js';

// Fastly's custom VCL boilerplate (guides/full-site-delivery/fastly-vcl/about-fastly-vcl#custom-vcl), each
// subroutine also copying what the generated code left into a header the tests can read.
const BOILERPLATE = `
backend origin { .host = "127.0.0.1"; .port = "1"; }
sub vcl_recv {
#FASTLY recv
  if (req.url ~ "^/tls") { error 801 "Force SSL"; }
  if (req.method != "HEAD" && req.method != "GET" && req.method != "FASTLYPURGE") { return(pass); }
  return(lookup);
}
sub vcl_hash {
  set req.hash += req.url;
  set req.hash += req.http.host;
#FASTLY hash
  return(hash);
}
sub vcl_hit {
#FASTLY hit
  return(deliver);
}
sub vcl_miss {
#FASTLY miss
  return(fetch);
}
sub vcl_pass {
#FASTLY pass
  return(pass);
}
sub vcl_fetch {
#FASTLY fetch
  set beresp.http.X-Fetch-Path = beresp.http.Fastly-Debug-Path;
  return(deliver);
}
sub vcl_error {
#FASTLY error
  return(deliver);
}
sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Cachetype = req.http.Fastly-Cachetype;
  return(deliver);
}
sub vcl_log {
#FASTLY log
}
`;

const X_TIMER_START = /^S\d+\.\d{6},VS0$/;

describe('each #FASTLY macro through compile().run()', () => {
  const service = compile(BOILERPLATE);

  it('recv starts X-Timer once, and a restart does not start it again (reference/http/http-headers/X-Timer)', () => {
    expect(service.recv({ url: '/' }).req.headers.get('X-Timer')).toMatch(X_TIMER_START);
    expect(service.recv({ url: '/', headers: { 'X-Timer': 'S1.000000' } }).req.headers.get('X-Timer')).toBe('S1.000000,VS0');
    const restarted = compile('sub vcl_recv {\n#FASTLY recv\n if (req.restarts == 0) { set req.http.X-Timer = "kept"; restart; }\n}\nsub vcl_deliver {\n#FASTLY deliver\n}');
    return restarted.run({ url: '/' }).then((res) => expect(res.headers.get('X-Timer')).toMatch(/^kept,VE\d+$/));
  });

  it('hash adds the service generation to the cache key after the user\'s parts', () => {
    const hashed = compile('sub vcl_hash {\n set req.hash += "u";\n#FASTLY hash\n set req.http.X-Hash = req.hash;\n return(hash);\n}');
    const off = compile('sub vcl_hash {\n set req.hash += "u";\n#FASTLY hash\n set req.http.X-Hash = req.hash;\n return(hash);\n}', { fastlyMacros: false });
    expect(hashed.runSub('vcl_hash').req.headers.get('X-Hash')).toBe('u1');
    expect(off.runSub('vcl_hash').req.headers.get('X-Hash')).toBe('u');
  });

  it('miss, then hit: Fastly-Cachetype says which, X-Cache and X-Cache-Hits follow fastly_info.state and obj.hits', async () => {
    const cache = new HttpCache();
    const origin = { status: 200, headers: { 'Cache-Control': 'max-age=60' }, body: 'cached' };
    const miss = await service.run({ url: '/page' }, { origin, cache });
    expect([miss.headers.get('X-Cachetype'), miss.headers.get('X-Cache'), miss.headers.get('X-Cache-Hits')]).toEqual(['MISS', 'MISS', '0']);
    const hit = await service.run({ url: '/page' }, { origin, cache });
    expect([hit.headers.get('X-Cachetype'), hit.headers.get('X-Cache'), hit.headers.get('X-Cache-Hits')]).toEqual(['HIT', 'HIT', '1']);
  });

  it('pass marks PASS and keeps Fastly\'s internal headers from the origin', async () => {
    const res = await service.run({ url: '/form', method: 'POST', headers: { 'Fastly-Vary-String': 'x', 'Fastly-FF': 'node' } });
    expect(res.headers.get('X-Cachetype')).toBe('PASS');
    const sent = res.backendRequests[0]!.headers;
    expect([sent.get('Fastly-Vary-String'), sent.get('Fastly-Client')]).toEqual([null, '1']);
  });

  it('fetch records Fastly-Debug-Path, shown by deliver only to a Fastly-Debug request (http-headers/Fastly-Debug)', async () => {
    const plain = await service.run({ url: '/a' });
    expect(plain.headers.get('X-Fetch-Path')).toMatch(/^\(F \S+ \d+\) $/);
    expect([plain.headers.get('Fastly-Debug-Path'), plain.headers.get('Fastly-Debug-TTL')]).toEqual([null, null]);
    const debug = await service.run({ url: '/a', headers: { 'Fastly-Debug': '1' } });
    expect(debug.headers.get('Fastly-Debug-Path')).toMatch(/^\(D \S+ \d+\) \(F \S+ \d+\) $/);
    expect(debug.headers.get('Fastly-Debug-TTL')).toMatch(/^\(M \S+ - - \d+\) $/);
  });

  it('error turns Fastly\'s 801 into a 301 to the same URL over https (guides: force TLS)', async () => {
    const res = await service.run({ url: '/tls/x?y=1', headers: { Host: 'www.example.com' } });
    expect([res.status, res.headers.get('Location'), res.body]).toEqual([301, 'https://www.example.com/tls/x?y=1', '']);
  });

  it('miss answers a Fastly-Check-SHA1 request 550, which error and deliver pass on unchanged', async () => {
    const res = await service.run({ url: '/absent', headers: { 'Fastly-Check-SHA1': '1' } });
    expect([res.status, res.backendRequests.length]).toEqual([550, 0]);
  });

  it('deliver ends X-Timer with the elapsed milliseconds and adds X-Served-By', async () => {
    const res = await service.run({ url: '/' });
    expect(res.headers.get('X-Timer')).toMatch(/^S\d+\.\d{6},VS0,VE\d+$/);
    expect(res.headers.get('X-Served-By')).toBeTruthy();
  });

  it('log generates nothing for a service without logging endpoints', () => {
    expect(macroText('log')).toBe('');
    for (const type of MACRO_TYPES.filter((t) => t !== 'log')) expect(macroText(type).trim()).not.toBe('');
  });
});

describe('the off switch (fastlyMacros: false)', () => {
  it('leaves each #FASTLY line a comment: no X-Timer, no Fastly-Cachetype, the 801 left to VCL', async () => {
    const off = compile(BOILERPLATE, { fastlyMacros: false });
    expect(off.recv({ url: '/' }).req.headers.get('X-Timer')).toBeNull();
    const res = await off.run({ url: '/' });
    expect([res.headers.get('X-Timer'), res.headers.get('X-Cachetype')]).toEqual([null, null]);
    expect((await off.run({ url: '/tls' })).status).toBe(801);
  });
});

describe('with snippets', () => {
  const snippet = (name: string, type: 'recv' | 'deliver', text: string) => readSnippet({ name, type, priority: 100, file: `${name}.vcl`, text });

  it('the generated code runs first, then the snippets, then the code after the line; and only once', () => {
    const load = loadSource(BOILERPLATE, 'main.vcl');
    const spliced = spliceSnippets(load.program, [snippet('seen', 'recv', 'set req.http.X-Seen = req.http.X-Timer;')], { fastlyMacros: true });
    expect(spliced.diagnostics).toEqual([]);
    // Compiling expands macros too: a line already expanded is not expanded again.
    const service = new Service({ ...load, program: spliced.program });
    const req = service.recv({ url: '/' }).req.headers;
    expect(req.get('X-Seen')).toMatch(X_TIMER_START);
    expect(req.get('X-Timer')).toMatch(X_TIMER_START);
  });
});

describe('diagnostics and lint', () => {
  it('lint reports nothing from the generated code, and still reports the user\'s own', () => {
    const clean = lintSource(BOILERPLATE, 'main.vcl');
    expect(clean.files.flatMap((f) => f.diagnostics)).toEqual([]);
    const own = lintSource(BOILERPLATE.replace('return(lookup);', 'declare local var.unused STRING;\n  return(lookup);'), 'main.vcl');
    const found = own.files.flatMap((f) => f.diagnostics);
    expect(found.map((d) => [d.file, d.rule])).toEqual([['main.vcl', 'unused-variable']]);
  });

  it('an error caused by where the line stands names the generated code, not a line the user wrote', () => {
    // `#FASTLY deliver` in a subroutine vcl_recv calls: resp.* cannot be read there.
    const misplaced = 'sub stray {\n#FASTLY deliver\n}\nsub vcl_recv {\n#FASTLY recv\n call stray;\n}';
    let message = '';
    try {
      compile(misplaced);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(generatedFile('deliver'));
    expect(() => compile(misplaced, { fastlyMacros: false })).not.toThrow();
  });
});

describe('through serve, with a real origin on 127.0.0.1', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  async function edgeWithOrigin(): Promise<{ url: string; origin: TestOrigin }> {
    const origin = await startHttpOrigin((_req, res) => res.writeHead(200, { 'Cache-Control': 'max-age=60' }).end('from origin'));
    open.push(origin);
    const edge = await startTestEdge(BOILERPLATE, { backends: { origin: `http://127.0.0.1:${origin.port}` } });
    open.push(edge);
    return { url: edge.url, origin };
  }

  it('a miss then a hit carry X-Timer, X-Cache and Fastly-Cachetype as Fastly\'s generated code sets them', async () => {
    const { url } = await edgeWithOrigin();
    const first = await fetch(`${url}/page`);
    expect(await first.text()).toBe('from origin');
    expect([first.headers.get('x-cache'), first.headers.get('x-cachetype')]).toEqual(['MISS', 'MISS']);
    expect(first.headers.get('x-timer')).toMatch(/^S\d+\.\d{6},VS0,VE\d+$/);
    const second = await fetch(`${url}/page`);
    await second.arrayBuffer();
    expect([second.headers.get('x-cache'), second.headers.get('x-cachetype'), second.headers.get('x-cache-hits')]).toEqual(['HIT', 'HIT', '1']);
    // Fastly-Debug-Path is stored with the object but shown only to a Fastly-Debug request.
    expect(second.headers.get('fastly-debug-path')).toBeNull();
    const debug = await fetch(`${url}/page`, { headers: { 'Fastly-Debug': '1' } });
    await debug.arrayBuffer();
    expect(debug.headers.get('fastly-debug-path')).toMatch(/^\(D \S+ \d+\) \(F \S+ \d+\) $/);
  });

  it('error 801 goes out as a 301 to https', async () => {
    const { url } = await edgeWithOrigin();
    const res = await fetch(`${url}/tls/a?b=1`, { redirect: 'manual' });
    await res.arrayBuffer();
    expect([res.status, res.headers.get('location')]).toEqual([301, `https://${new URL(url).host}/tls/a?b=1`]);
    // fastly_info.state is HIT-SYNTH for a synthetic answer that is no error, so X-Cache says HIT
    // (reference/http/http-headers/X-Cache: edge-generated content reports HIT).
    expect(res.headers.get('x-cache')).toBe('HIT');
    const missing = await fetch(`${url}/absent`, { headers: { 'Fastly-Check-SHA1': '1' } });
    await missing.arrayBuffer();
    expect([missing.status, missing.headers.get('x-cache')]).toEqual([550, 'MISS']);
  });
});

describe('vcl-edge test: --no-fastly-macros and the "fastlyMacros" config key', () => {
  const CLI = resolve('dist/bin/vcl-edge.js');
  beforeAll(() => {
    if (!existsSync(CLI)) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  }, 120_000);

  // falco's fastly_macro example, in short: the tests pass only where the macros run.
  const TESTS = `// @scope: recv
sub recv_test {
  testing.call_subroutine("vcl_recv");
  assert.starts_with(req.http.X-Timer, "S");
}
// @scope: pass
sub pass_test {
  testing.call_subroutine("vcl_pass");
  assert.equal(req.http.Fastly-Cachetype, "PASS");
}
`;
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  function project(config?: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'vcl-edge-macros-'));
    made.push(dir);
    writeFileSync(join(dir, 'main.vcl'), BOILERPLATE);
    writeFileSync(join(dir, 'macros.test.vcl'), TESTS);
    if (config !== undefined) writeFileSync(join(dir, '.vcl-edge.json'), JSON.stringify(config));
    return dir;
  }
  const run = (dir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'test', ...args], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('runs the generated code by default, and not with the flag or the config key set to false', () => {
    const dir = project();
    expect(run(dir, 'main.vcl')).toMatchObject({ code: 0, out: expect.stringContaining('2 passed, 0 failed') });
    expect(run(dir, '--no-fastly-macros', 'main.vcl')).toMatchObject({ code: 1, out: expect.stringContaining('0 passed, 2 failed') });
    const off = project({ main: 'main.vcl', fastlyMacros: false });
    expect(run(off)).toMatchObject({ code: 1, out: expect.stringContaining('0 passed, 2 failed') });
  });

  it('a "fastlyMacros" that is not true or false is a usage error', () => {
    const bad = run(project({ main: 'main.vcl', fastlyMacros: 'no' }));
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('"fastlyMacros" must be true or false')]);
  });
});
