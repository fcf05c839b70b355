// Statements that move a request through the lifecycle (error, restart, synthetic, esi, goto), subroutine
// calls and regex captures, checked against Fastly's statement and variable pages (each cited) and falco's
// interpreter/subroutine_test.go. The whole lifecycle runs through Service.run with a described origin.
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';

const DECLS = 'backend example { .host = "127.0.0.1"; }\n';
const origin = { status: 200, body: 'from origin' };

const service = (vcl: string) => compile(`${DECLS}${vcl}`);

describe('error (https://www.fastly.com/documentation/reference/vcl/statements/error)', () => {
  it('error 602 "redirect-eu-edition" starts vcl_error with that status and text', async () => {
    const s = service('sub vcl_recv { error 602 "redirect-eu-edition"; }\nsub vcl_error { set obj.http.S = obj.status; set obj.http.R = obj.response; set obj.status = 302; return (deliver); }');
    const res = await s.run({ url: '/' }, { origin });
    expect([res.status, res.headers.get('S'), res.headers.get('R')]).toEqual([302, '602', 'redirect-eu-edition']);
  });

  it('`error;` is a 503; a status without a text takes its RFC phrase, an unknown one "Unknown Error"', async () => {
    const s = service('sub vcl_recv { if (req.url == "/bare") { error; } if (req.url == "/404") { error 404; } error 799; }\nsub vcl_error { set obj.http.S = obj.status " " obj.response; }');
    expect((await s.run({ url: '/bare' }, { origin })).headers.get('S')).toBe('503 Service Unavailable');
    expect((await s.run({ url: '/404' }, { origin })).headers.get('S')).toBe('404 Not Found');
    expect((await s.run({ url: '/x' }, { origin })).headers.get('S')).toBe('799 Unknown Error');
  });

  it('from vcl_recv, vcl_hash runs before vcl_error; from vcl_fetch, the backend response is dropped', async () => {
    const fromRecv = await service('sub vcl_recv { error 600; }').run({ url: '/' }, { origin });
    expect(fromRecv.steps.map((st) => st.sub).slice(0, 3)).toEqual(['vcl_recv', 'vcl_hash', 'vcl_error']);
    const fromFetch = await service('sub vcl_fetch { set beresp.http.X = "kept?"; error 601 "no"; }\nsub vcl_error { synthetic "synthetic"; return (deliver); }').run({ url: '/' }, { origin });
    expect([fromFetch.status, fromFetch.headers.get('X'), fromFetch.body]).toEqual([601, null, 'synthetic']);
  });
});

describe('synthetic (statements/synthetic, synthetic-base64)', () => {
  it('sets the body vcl_error delivers; long strings and concatenation included', async () => {
    const s = service('sub vcl_recv { error 610; }\nsub vcl_error { set obj.status = 410; set obj.response = "Gone"; synthetic {"Resource "} + req.url.path + {" gone"}; return (deliver); }');
    const res = await s.run({ url: '/old?x=1' }, { origin });
    expect([res.status, res.statusText, res.body]).toEqual([410, 'Gone', 'Resource /old gone']);
  });

  it('synthetic.base64 sends the decoded bytes', async () => {
    const s = service('sub vcl_recv { error 600; }\nsub vcl_error { synthetic.base64 "RmFzdGx5IGlzIGZhbnRhc3RpYyBDRE4h"; return (deliver); }');
    expect((await s.run({ url: '/' }, { origin })).body).toBe('Fastly is fantastic CDN!');
  });
});

describe('restart (statements/restart, client-request/req-restarts)', () => {
  it('runs vcl_recv again with req.restarts counting up, keeping what VCL set on req', async () => {
    const s = service('sub vcl_recv { set req.http.Seen = req.http.Seen "," req.restarts; }\nsub vcl_deliver { if (req.restarts < 2) { restart; } set resp.http.Seen = req.http.Seen; }');
    const res = await s.run({ url: '/' }, { origin });
    expect([res.restarts, res.headers.get('Seen')]).toEqual([2, '(null),0,1,2']);
  });

  it('past the restart limit the request ends in a 503', async () => {
    const res = await service('sub vcl_recv { if (req.restarts < 10) { set req.http.N = req.restarts; } }\nsub vcl_deliver { restart; }').run({ url: '/' }, { origin });
    expect(res.status).toBe(503);
  });
});

describe('esi (statements/esi, client-request/req-esi)', () => {
  it('esi in vcl_fetch marks the response for ESI; beresp.do_esi reads it', async () => {
    const res = await service('sub vcl_fetch { esi; set beresp.http.E = beresp.do_esi; }').run({ url: '/' }, { origin });
    expect(res.headers.get('E')).toBe('1');
  });
});

describe('goto', () => {
  it('jumps forward to a label in the same subroutine', () => {
    const r = service('sub vcl_recv { set req.http.A = "1"; goto skip; set req.http.B = "skipped"; skip: set req.http.C = "3"; }').recv();
    expect(['A', 'B', 'C'].map((n) => r.req.headers.get(n))).toEqual(['1', null, '3']);
  });
});

describe('regex captures (https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/vcl-regular-expression-cheat-sheet)', () => {
  it('re.group.0 is the whole match, re.group.N each group (the cheat sheet example)', () => {
    const r = service('sub vcl_recv { set req.http.Foo = "abbbccccc"; if (req.http.Foo ~ "^(a+)(b+)(c+)") { set req.http.M0 = re.group.0; set req.http.M1 = re.group.1; set req.http.M2 = re.group.2; set req.http.M3 = re.group.3; } }').recv();
    expect(['M0', 'M1', 'M2', 'M3'].map((n) => r.req.headers.get(n))).toEqual(['abbbccccc', 'a', 'bbb', 'ccccc']);
  });

  it('the groups of the last successful match stay; a group that did not take part is not set', () => {
    const r = service('sub vcl_recv { if (req.url ~ "^/(a)(x)?") { } if (req.url ~ "nomatch") { } set req.http.G1 = re.group.1; set req.http.G2 = re.group.2; }').recv({ url: '/abc' });
    expect([r.req.headers.get('G1'), r.req.headers.get('G2')]).toEqual(['a', null]);
  });
});

describe('subroutines (falco interpreter/subroutine_test.go)', () => {
  it("a caller's locals survive a call", () => {
    const r = service('sub func {}\nsub vcl_recv { declare local var.myint INTEGER; set var.myint = 2; call func; set req.http.X-Int-Value = var.myint; }').recv();
    expect(r.req.headers.get('X-Int-Value')).toBe('2');
  });

  it("a caller's locals are not visible in the callee", () => {
    expect(() => service('sub func { log var.myint; }\nsub vcl_recv { declare local var.myint INTEGER; set var.myint = 2; call func; }')).toThrow(/var\.myint/);
  });

  it('a sub with a return type returns from an if, a switch or a bare block', () => {
    for (const body of ['if (true) { return 2; } return 3;', 'switch (true) { default: return 2; break; } return 3;', '{ return 2; }']) {
      const r = service(`sub compute INTEGER { ${body} }\nsub vcl_recv { declare local var.myint INTEGER; set var.myint = compute(); set req.http.X-Int-Value = var.myint; }`).recv();
      expect(r.req.headers.get('X-Int-Value'), body).toBe('2');
    }
  });
});
