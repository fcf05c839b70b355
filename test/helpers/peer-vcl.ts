// Run a function call through real VCL, the way the peer tables (falco's interpreter tests) exercise a
// built-in: a vcl_recv body sets request headers, and the test reads them back with fastly.error.
import { compile, VclError, type RequestInit } from '../../src/index.js';

const DECLS = 'backend origin { .host = "127.0.0.1"; }\n';

/** The request headers a vcl_recv body leaves (null: not set), by name. */
export function recvHeaders(body: string, request: RequestInit = {}): (name: string) => string | null {
  const headers = compile(`${DECLS}sub vcl_recv {\n${body}\n}`).recv(request).req.headers;
  return (name) => headers.get(name);
}

/**
 * The value of one VCL expression, as a header set to it reads (null: not set), and fastly.error after
 * it, in vcl_recv. `setup` runs first (declare locals, set request headers).
 */
export function evaluate(expression: string, setup = '', request: RequestInit = {}): { value: string | null; error: string | null } {
  const read = recvHeaders(`${setup}\nset req.http.Peer-Result = ${expression};\nset req.http.Peer-Error = fastly.error;`, request);
  return { value: read('Peer-Result'), error: read('Peer-Error') };
}

/** The messages of a vcl_recv body that does not load ([] when it loads). */
export function loadProblems(body: string, decls = ''): string[] {
  try {
    compile(`${DECLS}${decls}sub vcl_recv {\n${body}\n}`);
    return [];
  } catch (e) {
    if (!(e instanceof VclError)) throw e;
    return e.diagnostics.map((d) => d.message);
  }
}
