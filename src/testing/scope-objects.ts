// A test in @scope fetch sets beresp.status before calling vcl_fetch; in @scope error it sets
// obj.status. Out of the lifecycle those objects do not exist yet, so the runner makes the ones the
// scope has (empty 200s), as falco's interpreter does. Existing ones (a describe group's) are kept.
import type { RequestContext, Scope } from '../values/context.js';
import { Headers } from '../values/headers.js';
import { DEFAULT_TTL_MS } from '../engine/ttl.js';

import { OBJECT_SCOPES } from '../builtins/variables.js';

const HAS_BEREQ: readonly Scope[] = OBJECT_SCOPES.bereq;
const HAS_OBJ: readonly Scope[] = OBJECT_SCOPES.obj;
const HAS_RESP: readonly Scope[] = OBJECT_SCOPES.resp;

export function prepareScope(ctx: RequestContext, scope: Scope): void {
  if (HAS_BEREQ.includes(scope) && !ctx.bereq) {
    ctx.bereq = { method: ctx.req.method, url: ctx.req.url, proto: 'HTTP/1.1', headers: ctx.req.headers.clone() };
  }
  if (scope === 'fetch' && !ctx.beresp) {
    ctx.beresp = {
      status: 200,
      response: 'OK',
      proto: 'HTTP/1.1',
      headers: new Headers(),
      ttl: DEFAULT_TTL_MS,
      grace: 0,
      staleWhileRevalidate: 0,
      staleIfError: 0,
      cacheable: true,
      doEsi: false,
      doStream: true,
      backendName: ctx.req.backend,
    };
  }
  if (HAS_OBJ.includes(scope) && !ctx.obj) {
    ctx.obj = { status: 200, response: 'OK', proto: 'HTTP/1.1', headers: new Headers(), ttl: 0, grace: 0, hits: 0, lastUse: 0, entered: 0, cacheable: false };
  }
  if (HAS_RESP.includes(scope) && !ctx.resp) {
    ctx.resp = { status: 200, response: 'OK', proto: 'HTTP/1.1', headers: new Headers() };
  }
}
