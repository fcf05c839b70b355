// Functions that return "not set" (querystring.get of a missing key, header.get of a missing header, a
// missing subfield, table.lookup without a default…) and how that value prints in each context: a header
// is left unset, a concatenation into a header or a log line shows "(null)", a local holds "", a
// condition is false and std.strlen counts 0 (Fastly's querystring.get page and types page).
import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';

const B = 'backend b { .host = "127.0.0.1"; }\ntable t { "k": "v" }\n';

const missing = {
  'querystring.get': 'querystring.get(req.url, "missing")',
  'header.get': 'header.get(req, "X-Missing")',
  'header.get with a field': 'header.get(req, "Cookie:missing")',
  subfield: 'subfield(req.http.Cookie, "missing", ";")',
  'table.lookup': 'table.lookup(t, "missing")',
  'setcookie.get_value_by_name': 'setcookie.get_value_by_name(req, "missing")',
};

function run(body: string) {
  const vcl = `${B}sub vcl_recv {\n${body}\n  error 200;\n}\nsub vcl_error { synthetic "[" + req.http.S + "]"; return (deliver); }`;
  return compile(vcl).run({ url: '/?present=1', headers: { Cookie: 'a=1', 'X-Was': 'here' } });
}

describe.each(Object.entries(missing))('%s of something missing is not set', (_name, expr) => {
  it('assigned to a header: the header is removed', async () => {
    const res = await run(`set req.http.X-Was = ${expr};`);
    expect(res.req.headers.has('X-Was')).toBe(false);
  });

  it('concatenated into a header or a log line: "(null)"', async () => {
    const res = await run(`set req.http.X = "v=" ${expr};\n  log "syslog " req.service_id " ep :: v=" ${expr};`);
    expect(res.req.headers.get('X')).toBe('v=(null)');
    expect(res.logs.map((l) => l.message)).toEqual(['v=(null)']);
  });

  it('in a local: ""; in a condition: false; std.strlen: 0', async () => {
    const res = await run(`declare local var.s STRING;\n  set var.s = ${expr};\n  set req.http.L = "[" var.s "]";\n  set req.http.C = if(${expr}, "set", "not set");\n  set req.http.N = std.strlen(${expr});`);
    expect([res.req.headers.get('L'), res.req.headers.get('C'), res.req.headers.get('N')]).toEqual(['[]', 'not set', '0']);
  });
});

describe('"" is set', () => {
  it('querystring.get of an empty value (`flag=`) is "", which is set', async () => {
    const res = await run('set req.http.X = querystring.get("/?flag=", "flag");\n  set req.http.C = if(querystring.get("/?flag=", "flag"), "set", "not set");');
    expect([res.req.headers.get('X'), res.req.headers.get('C')]).toEqual(['', 'set']);
  });
});
