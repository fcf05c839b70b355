// What Fastly accepts beyond the boilerplate: Fastly-generated VCL (fixtures/fastly-generated), every
// director kind and its properties, backend properties of generated VCL, vcl_pipe, `call f(args);`,
// `declare block`, ratecounter/penaltybox declarations, and the implicit conversions Fastly makes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TokenStream } from '../src/lexer/lexer.js';
import { parseDirect } from '../src/parser/direct/declarations.js';
import { parseWithChevrotain } from '../src/parser/parse.js';
import { compile, HttpCache, loadVcl, VclError } from '../src/index.js';
import { lintSource } from '../src/lint/lint.js';

const FIXTURE = 'fixtures/fastly-generated/main.vcl';

/** The diagnostics' rule and message of a VCL text that does not load ([] when it loads). */
function problems(vcl: string): string[] {
  try {
    compile(vcl, { file: 'p.vcl' });
    return [];
  } catch (e) {
    if (!(e instanceof VclError)) throw e;
    return e.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}: ${d.message}`);
  }
}

/** Both parsers build the same tree for valid VCL (test/direct-parser.test.ts holds them to it). */
function parsersAgree(vcl: string): void {
  const direct = parseDirect(new TokenStream(vcl, 'p.vcl'));
  const reference = parseWithChevrotain(vcl, 'p.vcl');
  expect(reference.diagnostics).toEqual([]);
  expect(direct).toBeDefined();
  expect(JSON.parse(JSON.stringify(direct))).toEqual(JSON.parse(JSON.stringify(reference.program.declarations)));
}

const BACKENDS = `
backend F_a { .host = "127.0.0.1"; .port = "8081"; }
backend F_b { .host = "127.0.0.1"; .port = "8082"; }
`;

describe('Fastly-generated VCL', () => {
  it('loads, and lints with no finding', () => {
    const service = loadVcl(FIXTURE);
    expect(service.warnings.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(lintSource(readFileSync(FIXTURE, 'utf8'), FIXTURE).files.flatMap((f) => f.diagnostics)).toEqual([]);
  });

  it('parses the same way on both parsers', () => {
    parsersAgree(readFileSync(FIXTURE, 'utf8'));
  });

  it('routes through the shield logic to the origin director locally', async () => {
    const service = loadVcl(FIXTURE);
    const recv = service.recv({ url: '/products' });
    // fastly.try_select_shield gives its fallback: there is no shield POP on this machine.
    expect([recv.state, recv.backend]).toEqual(['lookup', 'F_app_pool']);
    const res = await service.run({ url: '/products' }, { origin: { status: 200, body: 'ok' } });
    expect(['F_app_primary', 'F_app_secondary']).toContain(res.backendRequests[0]!.backend);
    expect(res.headers.get('X-Served-By')).toBeTruthy();
  });

  it('says HIT or MISS in X-Cache from fastly_info.state, as the generated vcl_deliver does', async () => {
    const service = loadVcl(FIXTURE);
    const cache = new HttpCache();
    const origin = { status: 200, body: 'ok' };
    const first = await service.run({ url: '/products' }, { origin, cache });
    const second = await service.run({ url: '/products' }, { origin, cache });
    expect([first.headers.get('X-Cache'), second.headers.get('X-Cache')]).toEqual(['MISS', 'HIT']);
    expect(second.headers.get('X-Cache-Hits')).toBe('1');
  });

  it('reads its TLS backend as generated: SNI and certificate names, a dummy probe that leaves it healthy', () => {
    const service = loadVcl(FIXTURE);
    const bucket = service.program.backends.get('F_static_bucket')!;
    expect([bucket.ssl, bucket.port, bucket.sniHostname, bucket.certHostname, bucket.probe?.dummy]).toEqual([true, 443, 'static.example.net', 'static.example.net', true]);
    expect(service.recv({ url: '/static/a.css', headers: { 'Fastly-Orig-Accept-Encoding': 'gzip, br' } }).req.headers.get('Accept-Encoding')).toBe('br');
  });

  it('serves a request condition and the error-page redirect of generated VCL', async () => {
    const service = loadVcl(FIXTURE);
    expect(service.recv({ url: '/static/app.css' }).backend).toBe('F_static_bucket');
    const res = await service.run({ url: '/old-home', headers: { Host: 'shop.example' } });
    expect([res.status, res.headers.get('Location')]).toEqual([301, 'https://shop.example/']);
  });

  it('runs vcl_pipe for return(pipe): bereq as vcl_pipe left it, no vcl_fetch', async () => {
    const service = loadVcl(FIXTURE);
    const res = await service.run({ url: '/stream', headers: { Upgrade: 'raw-tcp' } }, { origin: { status: 200, body: 'piped' } });
    expect(res.state).toBe('pipe');
    expect(res.body).toBe('piped');
    expect(res.backendRequests[0]!.headers.get('connection')).toBe('close');
    expect(res.called).toContain('vcl_pipe');
    expect(res.called).not.toContain('vcl_fetch');
  });
});

describe('directors: every kind and its properties', () => {
  const director = (body: string) => problems(`${BACKENDS}${body}\nsub vcl_recv { set req.backend = d; }`);

  it('accepts each kind with the properties Fastly documents for it', () => {
    expect(director('director d random { .quorum = 50%; .retries = 3; { .backend = F_a; .weight = 2; } { .backend = F_b; .weight = 1; } }')).toEqual([]);
    expect(director('director d fallback { { .backend = F_a; } { .backend = F_b; } }')).toEqual([]);
    expect(director('director d hash { .quorum = 20%; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } }')).toEqual([]);
    expect(director('director d client { .quorum = 20%; { .backend = F_a; .weight = 1; } { .backend = F_b; .weight = 1; } }')).toEqual([]);
    expect(director('director d chash { .key = object; .seed = 7; .vnodes_per_node = 64; .quorum = 50%; { .backend = F_a; .id = "a"; } { .backend = F_b; .id = "b"; } }')).toEqual([]);
    expect(director('director d shield { .shield = "iad-va-us"; .is_ssl = true; }')).toEqual([]);
  });

  it('rejects a property the kind does not take, naming the ones it does', () => {
    const [message] = director('director d fallback { .quorum = 50%; { .backend = F_a; } }');
    expect(message).toMatch(/unknown-property: unknown fallback director property \.quorum/);
    expect(director('director d random { .key = object; { .backend = F_a; .weight = 1; } }')[0]).toMatch(/known: \.quorum, \.retries/);
  });

  it('holds members and required properties to the kind', () => {
    expect(director('director d chash { { .backend = F_a; } }')[0]).toMatch(/each member of a chash director sets \.id/);
    expect(director('director d random { { .backend = F_a; } }')[0]).toMatch(/sets \.weight/);
    expect(director('director d shield { .is_ssl = true; }')[0]).toMatch(/has no \.shield/);
    expect(director('director d shield { .shield = "x"; { .backend = F_a; } }')[0]).toMatch(/has no backend members/);
    expect(director('director d fallback { }')[0]).toMatch(/has no backend/);
  });

  it('checks value types: quorum is a percentage, key is object or client', () => {
    expect(director('director d random { .quorum = 50; { .backend = F_a; .weight = 1; } }')[0]).toMatch(/percentage/);
    expect(director('director d chash { .key = url; { .backend = F_a; .id = "a"; } }')[0]).toMatch(/object or client/);
    expect(director('director d random { .retries = "3"; { .backend = F_a; .weight = 1; } }')[0]).toMatch(/\.retries must be INTEGER, got STRING/);
    expect(director('director d fallback { { .backend = F_nope; } }')[0]).toMatch(/unknown-backend/);
  });
});

describe('backends, ratecounters and penalty boxes', () => {
  it('accepts the backend properties of generated VCL with their types', () => {
    const vcl = `backend F_x {
      .dynamic = true; .share_key = "k"; .host = "h"; .port = "443"; .ssl = true; .ssl_check_cert = always;
      .bypass_local_route_table = false; .min_tls_version = "1.2"; .max_tls_version = "1.3"; .prefer_ipv6 = true;
      .keepalive_time = 30s; .fetch_timeout = 20s; .ssl_ciphers = "ECDHE"; .max_connections = 10;
      .probe = { .dummy = true; .request = "HEAD / HTTP/1.1" "Host: h"; .expected_response = 200; .interval = 5s; .timeout = 1s; .window = 5; .threshold = 3; .initial = 2; }
    }`;
    expect(problems(vcl)).toEqual([]);
    // A shield POP's cache as older generated VCL declares it (a real service's generated VCL, 2022).
    const shieldCache = `backend shield_ssl_cache_iad_kiad7000020_IAD {
      .connect_timeout = 2s; .host = "167.82.233.20"; .is_shield = true; .max_connections = 1000; .port = "443";
      .share_key = "fastlyshield"; .ssl_cert_hostname = "www.fastly.com";
      .probe = { .initial = 2; .interval = 1s; .request = "HEAD /__varnish_shield_check HTTP/1.1" "Host: www.fastly.com" "Connection: close"; .threshold = 3; .timeout = 2s; .window = 5; }
    }`;
    expect(problems(shieldCache)).toEqual([]);
    expect(problems('backend F_x { .host = "h"; .max_connections = "10"; }')[0]).toMatch(/\.max_connections must be INTEGER, got STRING/);
    expect(problems('backend F_x { .host = "h"; .probe = { .windows = 5; } }')[0]).toMatch(/unknown probe property \.windows/);
  });

  it('takes empty ratecounter and penaltybox blocks, and nothing in them', () => {
    expect(problems('ratecounter rc {}\npenaltybox pb {}')).toEqual([]);
    expect(problems('ratecounter rc { .window = 10s; }')[0]).toMatch(/unknown ratecounter property \.window \(a ratecounter takes none\)/);
    expect(problems('ratecounter rc {}\nratecounter rc {}')[0]).toMatch(/duplicate-declaration/);
  });

  it('requires ratelimit functions to name declared counters and boxes', () => {
    const vcl = (rc: string) => `ratecounter rc {}\npenaltybox pb {}\nsub vcl_recv { if (ratelimit.check_rate(client.ip, ${rc}, 1, 10, 100, pb, 2m)) { error 429; } }`;
    expect(problems(vcl('rc'))).toEqual([]);
    expect(problems(vcl('nope'))[0]).toMatch(/unknown-ratecounter: argument 2 of ratelimit.check_rate must name a declared ratecounter/);
    expect(problems('ratecounter rc {}\npenaltybox pb {}\nsub vcl_recv { if (ratelimit.check_rate(client.ip, rc, 1, 5, 100, pb, 2m)) { error 429; } }')[0]).toMatch(
      /the window is 1, 10 or 60 seconds, got 5/,
    );
  });
});

describe('vcl_pipe', () => {
  it('is a Fastly subroutine whose only return state is pipe', () => {
    expect(problems('sub vcl_recv { return(pipe); }\nsub vcl_pipe { set bereq.http.Connection = "close"; return(pipe); }')).toEqual([]);
    expect(problems('sub vcl_pipe { return(deliver); }')[0]).toMatch(/return\(deliver\) is not allowed in vcl_pipe \(allowed: pipe\)/);
    expect(problems('sub vcl_hit { return(pipe); }')[0]).toMatch(/return\(pipe\) is not allowed in vcl_hit/);
  });

  it('has the variables Fastly lists for it and no others', () => {
    expect(problems('sub vcl_pipe { set bereq.http.X = req.http.Y; }')).toEqual([]);
    expect(problems('sub vcl_pipe { set bereq.http.X = resp.http.Y; }')[0]).toMatch(/cannot be read in vcl_pipe/);
  });
});

describe('subroutines with arguments', () => {
  const vcl = `
sub tag(STRING var.name, INTEGER var.n) { set req.http.X-Tag = var.name "-" var.n; }
sub twice(STRING var.s) STRING { return var.s var.s; }
sub vcl_recv { call tag("a", 1); set req.http.X-Twice = twice("b"); }`;

  it('calls a parameterised sub with `call f(args);` and uses a typed sub as a value', () => {
    const r = compile(vcl).recv();
    expect([r.req.headers.get('X-Tag'), r.req.headers.get('X-Twice')]).toEqual(['a-1', 'bb']);
    parsersAgree(vcl);
  });

  it('checks the arguments against the parameters', () => {
    const base = 'sub tag(STRING var.name, INTEGER var.n) { set req.http.X = var.name; }\n';
    expect(problems(`${base}sub vcl_recv { call tag("a"); }`)[0]).toMatch(/argument-count: tag takes 2 argument\(s\), got 1/);
    expect(problems(`${base}sub vcl_recv { call tag("a", "b"); }`)[0]).toMatch(/argument 2 of tag must be INTEGER, got STRING/);
    expect(problems(`${base}sub vcl_recv { call nope(1); }`)[0]).toMatch(/unknown subroutine "nope"/);
  });

  it('prints `call f(args);` back as written', async () => {
    const { print } = await import('../src/ast/printer.js');
    const parsed = parseWithChevrotain('sub f(STRING var.s) { }\nsub vcl_recv { call f("x"); declare block var.b BOOL; }', 'p.vcl');
    expect(print(parsed.program)).toMatch(/call f\("x"\);[\s\S]*declare block var\.b BOOL;/);
  });
});

describe('declare block', () => {
  // Fastly's local-variables page: a block variable lives in the nearest enclosing braces.
  it('scopes a variable to its braces; a local lives for the whole subroutine', () => {
    const vcl = `sub vcl_recv {
      { declare block var.s STRING = "inner"; set req.http.A = var.s; }
      { declare block var.s STRING = "again"; set req.http.B = var.s; }
      if (req.url) { declare local var.l STRING; set var.l = "whole sub"; }
      set req.http.C = var.l;
    }`;
    const r = compile(vcl).recv();
    expect([r.req.headers.get('A'), r.req.headers.get('B'), r.req.headers.get('C')]).toEqual(['inner', 'again', 'whole sub']);
    parsersAgree(vcl);
  });

  it('is unknown outside its braces', () => {
    expect(problems('sub vcl_recv { { declare block var.s STRING; } set req.http.A = var.s; }')[0]).toMatch(/unknown variable "var.s"/);
  });
});

describe('implicit conversions Fastly makes', () => {
  it('passes an RTIME where a TIME is taken and a TIME where an RTIME is', () => {
    // ratelimit.check_rate's reference page declares `TIME ttl`; its examples pass 2m.
    const r = compile('sub vcl_recv { set req.http.T = time.add(std.integer2time(0), 1d); set req.http.U = time.add(std.integer2time(60), std.integer2time(60)); }').recv();
    expect(r.req.headers.get('T')).toBe('Fri, 02 Jan 1970 00:00:00 GMT');
    expect(r.req.headers.get('U')).toBe('Thu, 01 Jan 1970 00:02:00 GMT');
  });

  it('reads a STRING date where a function takes a TIME', () => {
    const r = compile('sub vcl_recv { set req.http.T = time.add("Mon, 01 Jan 2024 00:00:00 GMT", 1h); }').recv();
    expect(r.req.headers.get('T')).toBe('Mon, 01 Jan 2024 01:00:00 GMT');
  });

  it('assigns an INTEGER to an RTIME as seconds and an RTIME to a TIME', () => {
    // Fastly's parse_time_delta page: `set beresp.ttl = parse_time_delta(...)` (an INTEGER).
    const r = compile('sub vcl_recv { declare local var.r RTIME; declare local var.t TIME; set var.r = std.atoi("90"); set var.t = 1d; set req.http.R = var.r; set req.http.T = var.t; }').recv();
    expect([r.req.headers.get('R'), r.req.headers.get('T')]).toEqual(['90.000', 'Fri, 02 Jan 1970 00:00:00 GMT']);
  });

  it('still rejects what Fastly rejects', () => {
    expect(problems('sub vcl_recv { declare local var.t TIME; set var.t = "x"; }')[0]).toMatch(/cannot assign STRING to var.t \(TIME\)/);
    expect(problems('sub vcl_recv { declare local var.r RTIME; set var.r = now; }')[0]).toMatch(/cannot assign TIME to var.r \(RTIME\)/);
  });
});
