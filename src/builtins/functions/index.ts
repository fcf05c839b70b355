// The VCL function table: every built-in function, by category, plus signature rendering.
import { ACCEPT_FUNCTIONS } from './accept.js';
import { ADDR_FUNCTIONS } from './addr.js';
import { BIN_FUNCTIONS } from './bin.js';
import { CRYPTO_FUNCTIONS } from './crypto.js';
import { DIGEST_FUNCTIONS } from './digest.js';
import { CLIENT_CONNECTION_FUNCTIONS } from './client-connection.js';
import { ESCAPE_FUNCTIONS } from './escape.js';
import { FASTLY_FUNCTIONS } from './fastly.js';
import { HEADER_FUNCTIONS } from './header.js';
import { FIELD_FUNCTIONS } from './fields.js';
import { IP_FUNCTIONS } from './ip.js';
import { MATH_FUNCTIONS } from './math.js';
import { NUMBER_FUNCTIONS } from './numbers.js';
import { QUERYSTRING_FUNCTIONS } from './querystring.js';
import { RANDOM_FUNCTIONS } from './random.js';
import { SETCOOKIE_FUNCTIONS } from './setcookie.js';
import { STD_STRING_FUNCTIONS } from './std-strings.js';
import { STRING_FUNCTIONS } from './strings.js';
import { TABLE_FUNCTIONS } from './table.js';
import { TIME_FUNCTIONS } from './time.js';
import { RATELIMIT_FUNCTIONS } from './ratelimit.js';
import { SHIELD_FUNCTIONS } from './shield.js';
import type { FunctionSpec } from './types.js';
import { UTF8_FUNCTIONS } from './utf8.js';
import { URL_FUNCTIONS } from './url.js';
import { UUID_FUNCTIONS } from './uuid.js';

export type { FunctionSpec, ParamType } from './types.js';
export type { FunctionContext, HeaderRef, VclTable } from '../../values/function-context.js';

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...RATELIMIT_FUNCTIONS,
  ...SHIELD_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...STD_STRING_FUNCTIONS,
  ...UTF8_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ESCAPE_FUNCTIONS,
  ...QUERYSTRING_FUNCTIONS,
  ...DIGEST_FUNCTIONS,
  ...CRYPTO_FUNCTIONS,
  ...HEADER_FUNCTIONS,
  ...SETCOOKIE_FUNCTIONS,
  ...ACCEPT_FUNCTIONS,
  ...URL_FUNCTIONS,
  ...FASTLY_FUNCTIONS,
  ...CLIENT_CONNECTION_FUNCTIONS,
  ...TABLE_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...RANDOM_FUNCTIONS,
  ...UUID_FUNCTIONS,
  ...FIELD_FUNCTIONS,
  ...IP_FUNCTIONS,
  ...ADDR_FUNCTIONS,
  ...BIN_FUNCTIONS,
  ...MATH_FUNCTIONS,
];

export const FUNCTION_TABLE: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTIONS.map((f) => [f.name, f]));

/**
 * One-line signature for docs and lint messages, e.g.
 * `STRING substr(STRING s, INTEGER offset[, INTEGER length])` or `VOID header.filter(ID where, STRING names...)`.
 */
export function describeFunction(spec: FunctionSpec): string {
  const names = spec.paramNames ?? [];
  const param = (type: string, i: number) => (names[i] ? `${type} ${names[i]}` : type);
  const required = spec.params.length - (spec.optional ?? 0);
  let args = spec.params
    .slice(0, required)
    .map(param)
    .join(', ');
  for (let i = required; i < spec.params.length; i++) {
    args += `${i === 0 ? '[' : '[, '}${param(spec.params[i]!, i)}`;
  }
  args += ']'.repeat(spec.params.length - required);
  if (spec.rest) args += `${args ? ', ' : ''}${param(spec.rest, spec.params.length)}...`;
  return `${spec.returns} ${spec.name}(${args})`;
}
