// Constructs found in production Fastly services' VCL (public repositories) that vcl-edge rejected or ran
// differently from Fastly. Each case is a minimal VCL of our own showing the construct, not the service's code.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, Headers, parse, print } from '../src/index.js';
import { allDiagnostics, lintSource } from '../src/lint/index.js';
import { startTestEdge } from './helpers/edge.js';
import { startHttpOrigin } from './helpers/http-origins.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const rulesOf = (source: string) => allDiagnostics(lintSource(source, 'case.vcl')).map((d) => d.rule);
const problemsOf = (source: string) => allDiagnostics(lintSource(source, 'case.vcl')).filter((d) => d.severity === 'error');

describe('return(restart) restarts, as the restart statement does', () => {
  // Fastly's lifecycle table lists restart among the return states of recv, hit, fetch, error and deliver:
  // https://www.fastly.com/documentation/reference/vcl/request-lifecycle
  const failover = `
    backend F_primary { .host = "primary.example"; }
    backend F_mirror { .host = "mirror.example"; }
    sub vcl_recv {
      #FASTLY recv
      if (req.restarts > 0) { set req.backend = F_mirror; }
    }
    sub vcl_fetch {
      #FASTLY fetch
      if (beresp.status >= 500 && req.restarts < 1) { return (restart); }
    }
    sub vcl_error {
      #FASTLY error
      if (obj.status == 701 && req.restarts == 0) { return(restart); }
    }`;

  it('from vcl_fetch: the request goes through vcl_recv again and reaches the other backend', async () => {
    const res = await compile(failover).run({ url: '/page' }, { origin: { status: 503, body: 'down' } });
    expect(res.restarts).toBe(1);
    expect(res.steps.map((s) => `${s.sub}:${s.state}`)).toContain('vcl_fetch:restart');
    expect(res.called.filter((s) => s === 'vcl_recv')).toHaveLength(2);
    expect(res.backendRequests).toHaveLength(2);
    expect(res.backend).toBe('F_mirror');
  });

  it('from vcl_error', async () => {
    const service = compile(failover.replace('#FASTLY recv', '#FASTLY recv\n if (req.restarts == 0) { error 701; }'));
    const res = await service.run({ url: '/' }, { origin: { status: 200, body: 'ok' } });
    expect([res.restarts, res.status, res.body]).toEqual([1, 200, 'ok']);
  });
});

describe('backend properties of older Fastly-generated VCL', () => {
  it('accepts .saintmode_threshold', () => {
    expect(problemsOf('backend F_app { .host = "app.example"; .saintmode_threshold = 10; }')).toEqual([]);
  });

  it('takes .ssl_hostname as the certificate and SNI name where the newer properties are not set', () => {
    const service = compile(`
      backend F_old { .host = "203.0.113.5"; .port = "443"; .ssl = true; .ssl_hostname = "origin.example"; }
      backend F_mixed { .host = "203.0.113.6"; .ssl = true; .ssl_hostname = "old.example"; .ssl_sni_hostname = "sni.example"; }
      sub vcl_recv { #FASTLY recv
        set req.backend = F_old; if (req.http.Mixed) { set req.backend = F_mixed; } }`);
    const old = service.program.backends.get('F_old')!;
    const mixed = service.program.backends.get('F_mixed')!;
    expect([old.certHostname, old.sniHostname]).toEqual(['origin.example', 'origin.example']);
    expect([mixed.certHostname, mixed.sniHostname]).toEqual(['old.example', 'sni.example']);
  });
});

describe('an explicit + binds tighter than juxtaposition', () => {
  // https://www.fastly.com/documentation/reference/vcl/variables/date-and-time/time-now/ (example:
  // "Setting cookie expiration"): `"...; expires=" now + 1d` is a day from now, not now's text and "86400.000".
  it('the reference page example sets the expiry a day ahead', () => {
    const service = compile('sub vcl_deliver { #FASTLY deliver\n set resp.http.set-cookie = "foo=bar; secure; httponly; expires=" now + 1d; }');
    const ctx = service.context({ time: Date.UTC(2014, 10, 16, 15, 20, 53) });
    ctx.resp = { status: 200, response: 'OK', proto: 'HTTP/1.1', headers: new Headers() };
    service.runSub('vcl_deliver', ctx);
    expect(ctx.resp.headers.get('set-cookie')).toBe('foo=bar; secure; httponly; expires=Mon, 17 Nov 2014 15:20:53 GMT');
  });

  it('keeps strings as they were and prints back the same tree', () => {
    const r = compile('sub vcl_recv { #FASTLY recv\n set req.http.A = "a" "b" + "c" "d"; set req.http.B = "x" + "y" req.http.Missing; set req.http.C = now + 1h; }').recv({ time: 0 });
    expect([r.req.headers.get('a'), r.req.headers.get('b'), r.req.headers.get('c')]).toEqual(['abcd', 'xy(null)', 'Thu, 01 Jan 1970 01:00:00 GMT']);
    const source = 'sub vcl_recv {\n  set req.http.X = "a" now + 1d "b";\n  set req.http.Y = ("a" now) + 1d;\n}\n';
    expect(print(parse(source))).toBe(source);
  });
});

describe('re.group.N after a !~ match', () => {
  // re.group: "Extracts the N-th capture group from the most recently executed match operator."
  // https://www.fastly.com/documentation/reference/vcl/variables/miscellaneous/re-group/
  const token = `sub vcl_recv {
    #FASTLY recv
    if (req.http.Token !~ "^([a-z]+)\\.([a-z]+)$") { error 403; }
    set req.http.Head = re.group.1;
    set req.http.Body = re.group.2;
  }`;

  it('lint does not call the groups uncaptured', () => {
    expect(rulesOf(token)).not.toContain('uncaptured-regex-group');
    expect(rulesOf(token.replace('!~', '==').replace('"^([a-z]+)\\.([a-z]+)$"', '"x"'))).toContain('uncaptured-regex-group');
  });

  it('the groups hold what the regex matched', () => {
    const r = compile(token).recv({ headers: { Token: 'abc.def' } });
    expect([r.req.headers.get('head'), r.req.headers.get('body')]).toEqual(['abc', 'def']);
  });
});

describe('an RTIME assigned to a number', () => {
  // As falco's assignment table (drawn from Fastly) has it; a Fastly workshop sets a FLOAT from time.to_first_byte.
  it('gives its seconds: a fraction for a FLOAT, whole ones for an INTEGER', () => {
    const r = compile(`sub vcl_recv { #FASTLY recv
      declare local var.r RTIME; declare local var.f FLOAT; declare local var.i INTEGER;
      set var.r = 1500ms; set var.f = var.r; set var.i = var.r;
      set req.http.F = var.f; set req.http.I = var.i; }`).recv();
    expect([r.req.headers.get('f'), r.req.headers.get('i')]).toEqual(['1.500', '1']);
  });

  it('is still refused as a function argument of another type', () => {
    expect(problemsOf('sub vcl_recv { #FASTLY recv\n set req.http.X = math.floor(5s); }').map((d) => d.rule)).toEqual(['argument-type']);
  });
});

describe('a backend the VCL names but does not declare', () => {
  it('is reported as an unknown backend that config can declare, not as an unknown variable', () => {
    const [problem] = problemsOf('sub vcl_recv { #FASTLY recv\n set req.backend = origin_eu; }');
    expect(problem?.rule).toBe('unknown-backend');
    expect(problem?.message).toMatch(/unknown backend "origin_eu".*\.vcl-edge\.json "backends"/);
  });
});

describe('headers Fastly adds before vcl_recv', () => {
  // Fastly-Client-IP: "When Fastly receives a request that does not include a Fastly-Client-IP header, we
  // will add one, set to the current value of client.ip" (its header page). X-Forwarded-For: the client IP is
  // "added when the request is first seen by Fastly", and "only on secure connections".
  const seen = compile(`sub vcl_recv { #FASTLY recv
    set req.http.Seen-FCI = req.http.Fastly-Client-IP; set req.http.Seen-XFF = req.http.X-Forwarded-For; }`);

  it('VCL reads Fastly-Client-IP as client.ip, or as the client sent it', () => {
    expect(seen.recv({ clientIp: '198.51.100.4' }).req.headers.get('seen-fci')).toBe('198.51.100.4');
    expect(seen.recv({ clientIp: '198.51.100.4', headers: { 'Fastly-Client-IP': '203.0.113.1' } }).req.headers.get('seen-fci')).toBe('203.0.113.1');
  });

  it('X-Forwarded-For gets the client address over TLS only, and req.header_bytes_read counts neither', () => {
    const tls = seen.recv({ clientIp: '198.51.100.4', isTls: true, headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(tls.req.headers.get('seen-xff')).toBe('203.0.113.9, 198.51.100.4');
    expect(seen.recv({ clientIp: '198.51.100.4', headers: { 'X-Forwarded-For': '203.0.113.9' } }).req.headers.get('seen-xff')).toBe('203.0.113.9');
    const bytes = compile('sub vcl_recv { #FASTLY recv\n set req.http.Head = req.header_bytes_read; }').recv({ url: '/', isTls: true, headers: { Host: 'h' } });
    expect(bytes.req.headers.get('head')).toBe(String('GET / HTTP/1.1\r\nHost: h\r\n\r\n'.length));
  });

  it('the origin gets X-Forwarded-For as VCL set it, with nothing appended after VCL', async () => {
    let got: http.IncomingHttpHeaders = {};
    const origin = await startHttpOrigin((req, res) => {
      got = req.headers;
      res.end('ok');
    });
    open.push(origin);
    const vcl = `backend origin { .host = "127.0.0.1"; .port = "1"; }
      sub vcl_recv { #FASTLY recv
        set req.http.X-Forwarded-For = req.http.Fastly-Client-IP; return(pass); }`;
    const edge = await startTestEdge(vcl, { backends: { origin: `http://127.0.0.1:${origin.port}` } });
    open.push(edge);
    const res = await fetch(`${edge.url}/`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(await res.text()).toBe('ok');
    expect([got['x-forwarded-for'], got['fastly-client-ip']]).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});
