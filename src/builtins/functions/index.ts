// The VCL function table: every built-in function, by category, plus signature rendering.
import { DIGEST_FUNCTIONS } from './digest.js';
import { ESCAPE_FUNCTIONS } from './escape.js';
import { HEADER_FUNCTIONS } from './header.js';
import { FIELD_FUNCTIONS } from './fields.js';
import { IP_FUNCTIONS } from './ip.js';
import { MATH_FUNCTIONS } from './math.js';
import { NUMBER_FUNCTIONS } from './numbers.js';
import { QUERYSTRING_FUNCTIONS } from './querystring.js';
import { RANDOM_FUNCTIONS } from './random.js';
import { STRING_FUNCTIONS } from './strings.js';
import { TABLE_FUNCTIONS } from './table.js';
import { TIME_FUNCTIONS } from './time.js';
import type { FunctionSpec } from './types.js';

export type { FunctionSpec, ParamType } from './types.js';
export type { FunctionContext, HeaderRef, VclTable } from '../../values/function-context.js';

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...STRING_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ESCAPE_FUNCTIONS,
  ...QUERYSTRING_FUNCTIONS,
  ...DIGEST_FUNCTIONS,
  ...HEADER_FUNCTIONS,
  ...TABLE_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...RANDOM_FUNCTIONS,
  ...FIELD_FUNCTIONS,
  ...IP_FUNCTIONS,
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
