// Constructs found in production Fastly services' VCL (public repositories: Fastly's Magento 2 module, GOV.UK's
// CDN config, PyPI's file-hosting service, generated service VCL) that vcl-edge rejected or reported in a way
// that did not help. Each case is a minimal VCL of our own showing the construct, not the service's code.
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { compile, loadService, parse, print } from '../src/index.js';
import { allDiagnostics, lintSource } from '../src/lint/index.js';
import { projectDir } from './helpers/project-dirs.js';
import { closedAfterEach } from './helpers/cleanup.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';

const track = closedAfterEach();

const errorsOf = (source: string) => allDiagnostics(lintSource(source, 'case.vcl')).filter((d) => d.severity === 'error');

describe('a time and a number added or subtracted with += and -=', () => {
  // Fastly's Magento 2 module did its purge-token expiry sum on req.grace: set it from an INTEGER of seconds,
  // then `set req.grace -= std.atoi(req.http.X-Exp);`. falco's addition and subtraction tables (drawn from
  // Fastly) take a non-literal INTEGER or FLOAT into an RTIME or a TIME as seconds, and the reverse.
  const expiry = `sub vcl_recv { #FASTLY recv
    set req.grace = std.atoi(strftime({"%s"}, now));
    set req.grace -= std.atoi(req.http.X-Exp);
    if (std.atoi(req.grace) > 0) { error 410; }
    set req.http.Left = req.grace;
  }`;

  it('lints clean, and the difference is in seconds', () => {
    expect(errorsOf(expiry)).toEqual([]);
    const service = compile(expiry);
    const at = Date.UTC(2020, 0, 1) / 1000;
    expect(service.recv({ time: at * 1000, headers: { 'X-Exp': String(at - 5) } }).state).toBe('error');
    const fresh = service.recv({ time: at * 1000, headers: { 'X-Exp': String(at + 30) } });
    expect([fresh.state, fresh.req.headers.get('left')]).toEqual(['lookup', '-30.000']);
  });

  it('each direction: RTIME and TIME take INTEGER and FLOAT seconds; INTEGER and FLOAT take an RTIME', () => {
    const r = compile(`sub vcl_recv { #FASTLY recv
      declare local var.t RTIME; declare local var.n INTEGER; declare local var.f FLOAT; declare local var.when TIME;
      set var.t = 100s;
      set var.n = std.atoi(req.http.N);
      set var.t -= var.n;
      set var.f = 1.5;
      set var.t += var.f;
      set var.n += var.t;
      set var.when = std.integer2time(1000);
      set var.when += var.n;
      set var.f -= var.t;
      set req.http.T = var.t; set req.http.N = var.n; set req.http.W = var.when; set req.http.F = var.f;
    }`).recv({ headers: { N: '40' } });
    // 100 - 40 = 60 s, + 1.5 = 61.5 s; 40 + 61 whole seconds = 101; 1000 + 101 = 1101 s after the epoch.
    expect(['t', 'n', 'w', 'f'].map((h) => r.req.headers.get(h))).toEqual(['61.500', '101', 'Thu, 01 Jan 1970 00:18:21 GMT', '-60.000']);
  });

  it('a literal number is still refused, and *= of a time by a number too', () => {
    const local = (body: string) => `sub vcl_recv { #FASTLY recv\n declare local var.t RTIME; declare local var.n INTEGER; ${body} }`;
    for (const body of ['set var.t -= 5;', 'set var.t += 1.5;', 'set var.n -= 5s;', 'set var.t *= var.n;']) {
      expect(errorsOf(local(body)).map((d) => d.rule), body).toEqual(['type-mismatch']);
    }
  });
});

describe('names the service declares outside VCL', () => {
  // GOV.UK's and Fingerprint's VCL read edge dictionaries Fastly declares in the VCL it generates; PyPI's
  // compares req.backend with backends made in the UI (`if (req.backend == F_S3 && …)`).
  it('an undeclared table names itself and the config key that declares it', () => {
    const [problem] = errorsOf('sub vcl_recv { #FASTLY recv\n if (table.lookup(ip_denylist, client.ip)) { error 403; } }');
    expect(problem?.rule).toBe('unknown-table');
    expect(problem?.message).toMatch(/^unknown table "ip_denylist": argument 1 of table.lookup .*\.vcl-edge\.json "dictionaries"/);
  });

  it('an undeclared ACL matched against names the "acls" key', () => {
    const [problem] = errorsOf('sub vcl_recv { #FASTLY recv\n if (client.ip !~ purge_allowlist) { error 403; } }');
    expect([problem?.rule, problem?.message]).toEqual([
      'unknown-acl',
      'unknown ACL "purge_allowlist": no ACL of that name is declared (one the service configures outside VCL can be declared in .vcl-edge.json "acls")',
    ]);
  });

  it('a backend compared with req.backend is an unknown backend, on either side, not an unknown variable', () => {
    const compared = (test: string) => `backend F_app { .host = "app.example"; }
      sub vcl_recv { #FASTLY recv
        if (${test}) { set req.http.S3 = "1"; } }`;
    for (const test of ['req.backend == F_S3', 'F_S3 != req.backend']) {
      const problems = errorsOf(compared(test));
      expect(problems.map((d) => d.rule), test).toEqual(['unknown-backend']);
      expect(problems[0]!.message).toMatch(/unknown backend "F_S3".*\.vcl-edge\.json "backends"/);
    }
    expect(errorsOf(compared('req.http.X == nothing_here')).map((d) => d.rule)).toEqual(['unknown-variable']);
    expect(errorsOf(compared('req.backend == F_app'))).toEqual([]);
    const r = compile(compared('req.backend == F_app')).recv();
    expect(r.req.headers.get('s3')).toBe('1');
  });
});

describe('Varnish VCL is refused with a clear reason', () => {
  // changelog.com keeps a Varnish 4.1 config beside its Fastly VCL; Fastly runs neither its version line
  // nor its return states.
  it('the "vcl 4.1;" line says it is Varnish\'s', () => {
    const [problem] = errorsOf('vcl 4.1;\nsub vcl_recv { return (lookup); }');
    expect(problem?.message).toMatch(/found "vcl": "vcl 4\.x;" is Varnish's version line, and Fastly does not run Varnish VCL/);
  });

  it('return(purge) is one error naming the states the subroutine allows', () => {
    const problems = errorsOf('sub vcl_recv { #FASTLY recv\n if (req.method == "PURGE") { return (purge); } }');
    expect(problems.map((d) => [d.rule, d.message])).toEqual([
      ['return-state', 'return(purge) is not a Fastly return state (vcl_recv: lookup, pass, error, restart, upgrade, pipe)'],
    ]);
  });

  it('a typed subroutine still returns a value by name', () => {
    expect(errorsOf('sub is_admin BOOL { declare local var.ok BOOL; set var.ok = true; return var.ok; }\nsub vcl_recv { #FASTLY recv\n if (is_admin()) { return(pass); } }')).toEqual([]);
  });
});

describe('"#FASTLY recv" in a subroutine vcl_recv calls', () => {
  // polyfill.io's service wrote the macro in the custom sub that picks its backend, so the generated code ran
  // before its own routing; Fastly expands the macro where it is written.
  const main = `backend F_origin { .host = "127.0.0.1"; }
    sub choose_backend {
      #FASTLY recv
      set req.http.After-Macro = req.http.From-Snippet;
    }
    sub vcl_recv { call choose_backend; return(lookup); }`;

  it('is no missing macro to lint', () => {
    const rules = allDiagnostics(lintSource(main, 'case.vcl')).map((d) => d.rule);
    expect(rules).not.toContain('fastly-macro');
    expect(allDiagnostics(lintSource(main.replace('#FASTLY recv', '# no macro'), 'case.vcl')).map((d) => d.rule)).toContain('fastly-macro');
  });

  it('a recv snippet is spliced there and runs before the code after it', () => {
    const dir = projectDir({
      'main.vcl': main,
      'recv.vcl': 'set req.http.From-Snippet = "spliced";',
      '.vcl-edge.json': JSON.stringify({ main: 'main.vcl', snippets: [{ file: 'recv.vcl', type: 'recv' }] }),
    });
    try {
      const r = loadService({ cwd: dir }).recv({ url: '/' });
      expect(r.req.headers.get('after-macro')).toBe('spliced');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a service of snippets and no custom VCL', () => {
  // Terraform services (a Nix binary cache's terranix config among them) often give Fastly only `snippet`
  // blocks: Fastly then runs its own generated VCL with the snippets at its `#FASTLY` lines.
  it('runs the snippets inside Fastly\'s default VCL', async () => {
    const dir = projectDir({
      'recv.vcl': 'if (req.url.path == "/") { error 618; }\nset req.url = querystring.remove(req.url);',
      'error.vcl': 'if (obj.status == 618) { set obj.status = 301; set obj.http.Location = "https://example.com/setup/"; return(deliver); }',
      'fetch.vcl': 'header.filter_except(beresp, "Content-Type", "Cache-Control");',
      '.vcl-edge.json': JSON.stringify({
        backends: { F_origin: 'http://127.0.0.1:1' },
        snippets: [
          { file: 'recv.vcl', type: 'recv', priority: 50 },
          { file: 'error.vcl', type: 'error', priority: 50 },
          { file: 'fetch.vcl', type: 'fetch', priority: 108 },
        ],
      }),
    });
    try {
      const service = loadService({ cwd: dir });
      const home = await service.run({ url: '/' });
      expect([home.status, home.headers.get('location')]).toEqual([301, 'https://example.com/setup/']);
      const origin = { status: 200, headers: { 'Content-Type': 'text/plain', 'X-Internal': 'secret', 'Set-Cookie': 'a=b' }, body: 'ok' };
      const page = await service.run({ url: '/page?utm=1', method: 'POST' }, { origin });
      expect(page.backendRequests[0]?.url).toBe('/page');
      expect([page.status, page.headers.get('x-internal'), page.headers.get('content-type')]).toEqual([200, null, 'text/plain']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('serving VCL whose backends the service made outside it', () => {
  // Fastly's Magento 2 VCL declares no backend (the module's UI makes them): a request gets a 503, and
  // stderr says why, as it does for an unreachable backend.
  it('the 503 comes with a line naming the missing backend and how to give one', async () => {
    const edge = track(await startTestEdge('sub vcl_recv { #FASTLY recv\n return(pass); }'));
    const res = await fetch(`${edge.url}/checkout`);
    expect(res.status).toBe(503);
    await res.arrayBuffer();
    expect(edge.warnings).toEqual(['vcl-edge: GET /checkout: no backend: the VCL declares none and sets no req.backend (declare one, or give one with --backend NAME=URL)']);
  });

  it('a backend given to serve is the default, as a service\'s first backend is on Fastly', async () => {
    const origin = track(await startHttpOrigin((req, res) => res.end(`origin got ${req.url}`)));
    const vcl = 'sub vcl_recv { #FASTLY recv\n return(pass); }';
    const edge = track(await startTestEdge(vcl, { backends: { F_Magento: `http://127.0.0.1:${origin.port}` } }));
    const res = await fetch(`${edge.url}/checkout`);
    expect([res.status, await res.text(), edge.warnings]).toEqual([200, 'origin got /checkout', []]);
  });
});

describe('error 801: Fastly\'s redirect to https', () => {
  // polyfill.io, FT's Origami and PyPI's VCL call `error 801` and leave the redirect to the code Fastly
  // generates at `#FASTLY error` (its force-TLS setting raises the same status: `error 801 "Force SSL";`).
  const forceTls = (error: string) => `sub vcl_recv { #FASTLY recv
      if (!req.http.Fastly-SSL) { error 801 "Force SSL"; } }
    ${error}`;

  it('becomes a 301 to the same URL over https where vcl_error has the macro', async () => {
    const res = await compile(forceTls('sub vcl_error { #FASTLY error\n }')).run({ url: '/docs?x=1', headers: { Host: 'www.example.com' } });
    expect([res.status, res.headers.get('location'), res.body]).toEqual([301, 'https://www.example.com/docs?x=1', '']);
  });

  it('is left to VCL that handles it before the macro, and stays 801 where vcl_error has no macro', async () => {
    const own = forceTls('sub vcl_error { if (obj.status == 801) { set obj.status = 308; set obj.http.Location = "https://own.example" req.url; return(deliver); }\n #FASTLY error\n }');
    const handled = await compile(own).run({ url: '/a', headers: { Host: 'h' } });
    expect([handled.status, handled.headers.get('location')]).toEqual([308, 'https://own.example/a']);
    const noMacro = await compile(forceTls('sub vcl_error { set obj.http.X = "1"; }')).run({ url: '/a', headers: { Host: 'h' } });
    expect(noMacro.status).toBe(801);
    const secure = await compile(forceTls('')).run({ url: '/a', headers: { Host: 'h', 'Fastly-SSL': '1' } }, { origin: { status: 200, body: 'ok' } });
    expect(secure.status).toBe(200);
  });
});

describe('backend default', () => {
  // A synthetic-only service in public Terraform declares its one backend as `backend default` (Varnish's
  // usual name), which the switch keyword `default` used to make a parse error.
  const vcl = `backend default { .host = "127.0.0.1"; .port = "1"; }
    sub vcl_recv { #FASTLY recv
      error 901; }
    sub vcl_error { #FASTLY error
      if (obj.status == 901) { set obj.status = 200; synthetic "ok"; return(deliver); } }`;

  it('loads, lints clean, prints back the same, and answers', async () => {
    expect(allDiagnostics(lintSource(vcl, 'case.vcl')).filter((d) => d.severity === 'error')).toEqual([]);
    const printed = print(parse(vcl, 'case.vcl'));
    expect(printed).toContain('backend default {');
    expect(print(parse(printed, 'case.vcl'))).toBe(printed);
    const res = await compile(vcl).run({ url: '/' });
    expect([res.status, res.body]).toEqual([200, 'ok']);
  });

  it('is still the switch keyword inside a switch', () => {
    expect(compile(`${vcl}\nsub f { switch (req.url) { case "/": break; default: break; } }\nsub vcl_deliver { #FASTLY deliver\n call f; }`)).toBeDefined();
  });
});
