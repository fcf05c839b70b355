// falco's interpreter tables for header.* (ysugimoto/falco interpreter/function/builtin/header_*_test.go),
// run through VCL in each scope's own subroutine: req in vcl_recv, bereq in vcl_miss, beresp in vcl_fetch,
// resp in vcl_deliver, obj in vcl_error. The VCL is ours; the expectations are theirs, except where a
// comment says why vcl-edge follows Fastly's reference page instead.
import { describe, expect, it } from 'vitest';
import { compile, type Headers } from '../src/index.js';
import { problems } from './helpers/peer-calls.js';

type Where = 'req' | 'bereq' | 'beresp' | 'resp' | 'obj';
const SCOPES: readonly Where[] = ['req', 'bereq', 'beresp', 'resp', 'obj'];

const DECLS = 'backend origin { .host = "127.0.0.1"; }\n';

/** Where each scope's headers may be written, and the subroutine the body runs in. */
const SUBROUTINE: Record<Where, string> = { req: 'vcl_recv', bereq: 'vcl_miss', beresp: 'vcl_fetch', resp: 'vcl_deliver', obj: 'vcl_error' };

/** Locals of every type falco passes as a header name (a non-literal of each type). */
const LOCALS = `declare local var.i INTEGER; set var.i = 10;
declare local var.f FLOAT; set var.f = 10;
declare local var.b BOOL; set var.b = false;
declare local var.r RTIME; set var.r = 1s;
declare local var.t TIME; set var.t = std.integer2time(0);
declare local var.ip IP; set var.ip = "192.168.0.1";`;

/** falco's fixture: X-Custom-Header: value, and two Object fields foo=valuefoo and bar=valuebar. */
const FIXTURE = (w: Where) => `set ${w}.http.X-Custom-Header = "value";
add ${w}.http.Object = "foo=valuefoo";
add ${w}.http.Object = "bar=valuebar";`;

/**
 * Run `body` (with W standing for the scope) in the scope's subroutine, after the fixture, through the
 * whole lifecycle, and give the scope's headers as they ended: the backend request's for req and bereq,
 * the response's for beresp, resp and obj.
 */
async function headersAfter(where: Where, body: string, fixture = true): Promise<Headers> {
  const code = `${LOCALS}\n${fixture ? FIXTURE(where) : ''}\n${body.replaceAll('W.', `${where}.`).replaceAll('(W,', `(${where},`)}`;
  const subs =
    where === 'obj'
      ? `sub vcl_recv { error 601; }\nsub vcl_error {\n${code}\nreturn(deliver);\n}`
      : `sub ${SUBROUTINE[where]} {\n${code}\n}`;
  const response = await compile(`${DECLS}${subs}`).run({ url: '/' });
  return where === 'req' || where === 'bereq' ? response.backendRequests[0]!.headers : response.headers;
}

describe('header.get in every scope (header_get_test.go)', () => {
  it.each(SCOPES)('%s: by name, case-insensitively, a field with NAME:key, and names of other types', async (where) => {
    const h = await headersAfter(
      where,
      `set W.http.G-Custom = header.get(W, "X-Custom-Header");
set W.http.G-Missing = header.get(W, "X-Not-Found");
set W.http.G-Field = header.get(W, "OBJECT:foo");
set W.http.G-No-Field = header.get(W, "OBJECT:baz");
set W.http.G-Int = header.get(W, var.i);
set W.http.G-Float = header.get(W, var.f);
set W.http.G-Bool = header.get(W, var.b);
set W.http.G-Bool-Literal = header.get(W, true);
set W.http.G-Rtime = header.get(W, var.r);
set W.http.G-Time = header.get(W, var.t);
set W.http.G-Ip = header.get(W, var.ip);
set W.http.G-Backend = header.get(W, req.backend);
set W.http.G-Empty = header.get(W, "");
set W.http.G-Invalid = header.get(W, {"Invalid%Header$<>"});`,
    );
    expect(h.get('G-Custom')).toBe('value');
    expect(h.get('G-Field')).toBe('valuefoo');
    // falco returns "" for these; Fastly's header.get page: a header that does not exist, an empty or
    // invalid name, give not set.
    for (const name of ['G-Missing', 'G-No-Field', 'G-Int', 'G-Float', 'G-Bool', 'G-Bool-Literal', 'G-Rtime', 'G-Time', 'G-Ip', 'G-Backend', 'G-Empty', 'G-Invalid']) {
      expect(h.get(name), name).toBeNull();
    }
  });

  it('a literal that is no STRING (INTEGER, FLOAT, RTIME, a backend or an ACL name) does not load', () => {
    for (const literal of ['10', '10.0', '1s', 'origin', 'office']) {
      expect(problems(`set req.http.R = header.get(req, ${literal});`, 'acl office { "192.0.2.0"/24; }\n'), literal).toHaveLength(1);
    }
  });

  it('a where that is not req, resp, obj, bereq or beresp does not load (falco: reads as "")', () => {
    expect(problems('set req.http.R = header.get(foo, "X-Custom-Header");')).toHaveLength(1);
  });
});

describe('header.set in every scope (header_set_test.go)', () => {
  it.each(SCOPES)('%s: sets by a computed name; names of other types are their string forms', async (where) => {
    const h = await headersAfter(
      where,
      `header.set(W, "X-Custom-Header", "set");
header.set(W, "X-Not-Found", "set");
header.set(W, "OBJECT:foo", "set");
header.set(W, var.i, "set");
header.set(W, var.f, "set");
header.set(W, var.b, "set");
header.set(W, true, "set");
header.set(W, var.r, "set");
header.set(W, var.t, "set");
header.set(W, var.ip, "set");
header.set(W, req.backend, "set");
header.set(W, "", "set");
header.set(W, {"Invalid%Header$<>"}, "set");
set W.http.S-Field = header.get(W, "OBJECT:foo");`,
    );
    expect(h.get('X-Custom-Header')).toBe('set');
    expect(h.get('X-Not-Found')).toBe('set');
    expect(h.get('S-Field')).toBe('set');
    // 10 → "10", 10.0 → "10.000", false → "0", true → "1", 1s → "1.000", the IP and the backend's name:
    // all valid header names.
    for (const name of ['10', '10.000', '0', '1', '1.000', '192.168.0.1', 'origin']) expect(h.get(name), name).toBe('set');
    // A TIME reads as "Thu, 01 Jan 1970 00:00:00 GMT": no header name, so nothing is set (falco: get gives "").
    expect(h.names().some((n) => n.includes('1970'))).toBe(false);
    expect(h.names().some((n) => n.includes('Invalid'))).toBe(false);
  });
});

describe('header.set values of every type (header_set_test.go, its later table)', () => {
  it.each(SCOPES)('%s: a value of another type is its string form', async (where) => {
    const h = await headersAfter(
      where,
      `header.set(W, "X-Int", var.i);
header.set(W, "X-Float", var.f);
header.set(W, "X-Bool", var.b);
header.set(W, "X-Bool-Literal", true);
header.set(W, "X-RTime", var.r);
header.set(W, "X-Time", var.t);
header.set(W, "X-IP", var.ip);
header.set(W, "X-Backend", req.backend);`,
    );
    expect(['X-Int', 'X-Float', 'X-Bool', 'X-Bool-Literal', 'X-RTime', 'X-Time', 'X-IP', 'X-Backend'].map((n) => h.get(n))).toEqual([
      '10',
      '10.000',
      '0',
      '1',
      '1.000',
      'Thu, 01 Jan 1970 00:00:00 GMT',
      '192.168.0.1',
      'origin',
    ]);
  });

  it('a literal value that is no STRING (INTEGER, FLOAT, RTIME, a backend or an ACL name) does not load', () => {
    for (const literal of ['10', '10.0', '1s', 'origin', 'office']) {
      expect(problems(`header.set(req, "X-Value", ${literal});`, 'acl office { "192.0.2.0"/24; }\n'), literal).toHaveLength(1);
    }
  });
});

describe('header.unset in every scope (header_unset_test.go)', () => {
  it.each(SCOPES)('%s: removes what header.set added, by the same names', async (where) => {
    const names = ['"X-Custom-Header"', '"X-Not-Found"', '"OBJECT:foo"', 'var.i', 'var.f', 'var.b', 'true', 'var.r', 'var.t', 'var.ip', 'req.backend', '""', '{"Invalid%Header$<>"}'];
    const h = await headersAfter(where, names.map((n) => `header.set(W, ${n}, "set");\nheader.unset(W, ${n});`).join('\n'));
    for (const name of ['X-Custom-Header', 'X-Not-Found', '10', '10.000', '0', '1', '1.000', '192.168.0.1', 'origin']) expect(h.get(name), name).toBeNull();
    expect(h.getAll('Object').some((v) => v.includes('foo='))).toBe(false);
  });

  it('"NAME:key" writes as the set and unset statements do (falco only reads the field back)', async () => {
    const objects = async (body: string) => (await headersAfter('req', body)).getAll('Object');
    expect(await objects('header.set(W, "OBJECT:foo", "set");')).toEqual(await objects('set W.http.Object:foo = "set";'));
    expect(await objects('header.unset(W, "OBJECT:foo");')).toEqual(await objects('unset W.http.Object:foo;'));
    expect(await objects('header.unset(W, "OBJECT:bar");')).toEqual(await objects('unset W.http.Object:bar;'));
  });
});

describe('header.filter in every scope (header_filter_test.go)', () => {
  it.each(SCOPES)('%s: removes the listed header; names of other types and absent names remove nothing', async (where) => {
    expect((await headersAfter(where, 'header.filter(W, "X-Custom-Header");')).get('X-Custom-Header')).toBeNull();
    for (const name of ['"X-Not-Found"', 'var.i', 'var.f', 'var.b', 'true', 'var.r', 'var.t', 'var.ip', 'req.backend']) {
      expect((await headersAfter(where, `header.filter(W, ${name});`)).get('X-Custom-Header'), name).toBe('value');
    }
  });

  it('a protected header is left alone (falco: an error; Fastly: protected headers are unaffected)', () => {
    // https://www.fastly.com/documentation/reference/vcl/functions/headers/header-filter/
    const read = compile(`${DECLS}sub vcl_recv { header.filter(req, "Content-Length", "Fastly-FF"); set req.http.Kept = req.http.Fastly-FF; }`).recv({ headers: { 'Fastly-FF': 'test' } });
    expect(read.req.headers.get('Kept')).toBe('test');
  });

  it('"NAME:key" removes that field only, as header.unset does', async () => {
    const objects = async (body: string) => (await headersAfter('req', body)).getAll('Object');
    const holdsFoo = async (name: string) => (await objects(`header.filter(W, "${name}");`)).some((v) => v.includes('foo=valuefoo'));
    expect(await holdsFoo('Object:foo')).toBe(false);
    expect(await holdsFoo('Object:bar')).toBe(true);
    expect(await holdsFoo('Object:baz')).toBe(true);
    for (const name of ['Object:foo', 'Object:bar', 'X-Custom-Header']) {
      expect(await objects(`header.filter(W, "${name}");`), name).toEqual(await objects(`header.unset(W, "${name}");`));
    }
  });

  it('an empty or invalid literal name, or a literal that is no STRING, does not load', () => {
    for (const literal of ['""', '{"Invalid%Header$<>"}', '10', '10.0', '1s', 'origin', 'office']) {
      expect(problems(`header.filter(req, ${literal});`, 'acl office { "192.0.2.0"/24; }\n'), literal).toHaveLength(1);
    }
    expect(problems('header.filter(req, true);')).toEqual([]);
  });
});

describe('header.filter_except (header_filter_except_test.go)', () => {
  const filterExcept = (name: string) =>
    compile(`${DECLS}sub vcl_recv {\n${LOCALS}\nset req.http.X-Custom-Header = "value"; set req.http.X-Additional-Header = "value";\nheader.filter_except(req, ${name});\n}`).recv({ headers: { 'Fastly-FF': 'test' } }).req.headers;

  it('keeps the listed header and the protected ones, and removes the rest', () => {
    const h = filterExcept('"X-Custom-Header"');
    expect(h.get('X-Custom-Header')).toBe('value');
    expect(h.get('X-Additional-Header')).toBeNull();
    expect(h.get('Fastly-FF')).toBe('test');
  });

  it('a name of another type or an absent one keeps only the protected headers', () => {
    for (const name of ['"X-Not-Found"', '"Fastly-FF"', 'var.i', 'var.f', 'var.b', 'true', 'var.r', 'var.ip', 'req.backend']) {
      const h = filterExcept(name);
      expect(h.get('X-Custom-Header'), name).toBeNull();
      expect(h.get('Fastly-FF'), name).toBe('test');
    }
  });

  it('a literal that is no STRING does not load', () => {
    for (const literal of ['10', '10.0', '1s', 'origin', 'office']) {
      expect(problems(`header.filter_except(req, ${literal});`, 'acl office { "192.0.2.0"/24; }\n'), literal).toHaveLength(1);
    }
  });
});
