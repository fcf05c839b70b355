// What compiled expressions are: closures from the request context to a value.
import type { RequestContext } from '../values/context.js';
import type { Value } from '../values/values.js';

export type Eval = (ctx: RequestContext) => Value;
export type StringEval = (ctx: RequestContext) => string | null;
export type BoolEval = (ctx: RequestContext) => boolean;
