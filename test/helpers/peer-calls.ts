// Call a built-in function through VCL, as a peer's test table does: vcl_recv sets req.http.R to the
// call's value (converted to STRING as `set` does) and req.http.E to fastly.error after it.
import { compile, VclError } from '../../src/index.js';
import type { RequestInit } from '../../src/index.js';

const DECLS = 'backend origin { .host = "127.0.0.1"; }\n';

export interface VclCall {
  /** The value as a header holds it (null: not set). */
  value: string | null;
  /** fastly.error after the call (null: none). */
  error: string | null;
}

/** Quote a JS string as a VCL long string literal ({"..."}), so it may hold '"'. */
export function lit(s: string): string {
  if (!s.includes('"}')) return `{"${s}"}`;
  throw new Error(`cannot quote ${JSON.stringify(s)}`);
}

/** Evaluate `expr` in vcl_recv after `setup` statements; `decls` go at the top level. */
export function vcl(expr: string, setup = '', request: RequestInit = {}, decls = ''): VclCall {
  const source = `${DECLS}${decls}\nsub vcl_recv {\n${setup}\nset req.http.R = ${expr};\nset req.http.E = fastly.error;\n}`;
  const headers = compile(source).recv(request).req.headers;
  return { value: headers.get('R'), error: headers.get('E') };
}

/** Just the value of `expr`. */
export function val(expr: string, setup = '', request: RequestInit = {}, decls = ''): string | null {
  return vcl(expr, setup, request, decls).value;
}

/** Whether a BOOL expression holds ("1") or not ("0"). */
export function holds(expr: string, setup = '', request: RequestInit = {}, decls = ''): boolean {
  const source = `${DECLS}${decls}\nsub vcl_recv {\n${setup}\nif (${expr}) { set req.http.R = "1"; } else { set req.http.R = "0"; }\n}`;
  return compile(source).recv(request).req.headers.get('R') === '1';
}

/** The checker's messages for a recv body that does not load ([] when it loads). */
export function problems(body: string, decls = ''): string[] {
  return loadProblems(`${DECLS}${decls}\nsub vcl_recv {\n${body}\n}`);
}

/** The checker's messages for a whole VCL source that does not load ([] when it loads). */
export function loadProblems(source: string): string[] {
  try {
    compile(source);
    return [];
  } catch (e) {
    if (!(e instanceof VclError)) throw e;
    return e.diagnostics.map((d) => d.message);
  }
}
