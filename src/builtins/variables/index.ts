// The table of predefined VCL variables, one file per family (req, bereq, client, geo, tls…), and how
// a name used in VCL resolves: a fixed variable, a header (`req.http.NAME`), or a family with a declared
// name inside (`backend.NAME.healthy`). The checker resolves every name once, at load; the compiler
// calls the resolved spec's get/set, so a request does no lookup. Add a variable by adding one entry.
import type { RequestContext } from '../../values/context.js';
import type { Headers } from '../../values/headers.js';
import { BACKEND_STATE_FAMILIES } from './backend-state.js';
import { BACKEND_VARIABLES } from './backend.js';
import { BEREQ_VARIABLES } from './bereq.js';
import { BERESP_VARIABLES } from './beresp.js';
import { CLIENT_DEVICE_VARIABLES } from './client-device.js';
import { CLIENT_SOCKET_VARIABLES } from './client-socket.js';
import { CLIENT_VARIABLES } from './client.js';
import { NamedFamilies, type HeaderFamilySpec, type HeaderVariable, type NamedFamilySpec, type NamedVariable } from './families.js';
import { FASTLY_VARIABLES } from './fastly.js';
import { GEO_VARIABLES } from './geo.js';
import { HEADER_FAMILIES } from './headers.js';
import { MATH_VARIABLES } from './math.js';
import { OBJ_VARIABLES } from './obj.js';
import { REGEX_VARIABLES } from './regex.js';
import { REQ_VARIABLES } from './req.js';
import { RESP_VARIABLES } from './resp.js';
import { SEGMENTED_CACHING_VARIABLES } from './segmented-caching.js';
import { SERVER_VARIABLES } from './server.js';
import type { VariableSpec } from './spec.js';
import { TIME_VARIABLES } from './time.js';
import { TLS_VARIABLES } from './tls.js';
import { TRANSPORT_VARIABLES } from './transport.js';
import { WAF_VARIABLES } from './waf.js';

export type { VariableSpec, Getter, Setter } from './spec.js';
export { OBJECT_SCOPES } from './spec.js';
export type { HeaderFamilySpec, HeaderVariable, NamedFamilySpec, NamedVariable, DeclaredKind } from './families.js';
export { HEADER_FAMILIES, PROTECTED_HEADERS } from './headers.js';

export const VARIABLES: readonly VariableSpec[] = [
  ...REQ_VARIABLES,
  ...BEREQ_VARIABLES,
  ...BERESP_VARIABLES,
  ...OBJ_VARIABLES,
  ...RESP_VARIABLES,
  ...CLIENT_VARIABLES,
  ...CLIENT_SOCKET_VARIABLES,
  ...CLIENT_DEVICE_VARIABLES,
  ...GEO_VARIABLES,
  ...SERVER_VARIABLES,
  ...BACKEND_VARIABLES,
  ...FASTLY_VARIABLES,
  ...TIME_VARIABLES,
  ...TLS_VARIABLES,
  ...MATH_VARIABLES,
  ...WAF_VARIABLES,
  ...SEGMENTED_CACHING_VARIABLES,
  ...TRANSPORT_VARIABLES,
  ...REGEX_VARIABLES,
];

/** Families with a declared name inside (backend.NAME.healthy, ratecounter.NAME.rate.10s…). */
export const NAMED_FAMILIES: readonly NamedFamilySpec[] = [...BACKEND_STATE_FAMILIES];

const byName = new Map(VARIABLES.map((v) => [v.name.toLowerCase(), v]));
if (byName.size !== VARIABLES.length) throw new Error('internal: a variable is in the table twice');
const named = new NamedFamilies(NAMED_FAMILIES);

export type ResolvedVariable =
  /** `declared`: for a family use, the declared name it needs (the checker reports it when missing). */
  | { kind: 'predefined'; spec: VariableSpec; declared?: NamedVariable }
  | { kind: 'header'; header: HeaderVariable };

/** Find a predefined variable, header or family use by its VCL name; undefined when it is none. */
export function resolveVariable(name: string): ResolvedVariable | undefined {
  // Programs repeat the same few hundred names: remember each answer (bounded, for long-lived processes).
  let known = resolved.get(name);
  if (known === undefined) {
    known = resolveUncached(name) ?? null;
    if (resolved.size > 50_000) resolved.clear();
    resolved.set(name, known);
  }
  return known ?? undefined;
}

const resolved = new Map<string, ResolvedVariable | null>();

function resolveUncached(name: string): ResolvedVariable | undefined {
  const lower = name.toLowerCase();
  const spec = byName.get(lower);
  if (spec) return { kind: 'predefined', spec };
  for (const family of HEADER_FAMILIES) {
    if (lower.startsWith(family.prefix) && name.length > family.prefix.length) {
      const rest = name.slice(family.prefix.length);
      const colon = rest.indexOf(':');
      const header = colon < 0 ? rest : rest.slice(0, colon);
      const subfield = colon < 0 ? null : rest.slice(colon + 1);
      return { kind: 'header', header: { family, header, subfield } };
    }
  }
  const use = named.resolve(name);
  if (use) return { kind: 'predefined', spec: use.spec, declared: use };
  return undefined;
}

/** The header list a family points at in this request (undefined where the object does not exist yet). */
export function familyHeaders(ctx: RequestContext, family: HeaderFamilySpec): Headers | undefined {
  return ctx.headers(family.scope);
}
