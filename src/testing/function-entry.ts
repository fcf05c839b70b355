// Building a FunctionSpec for a testing.* or assert.* function: every one wants its call site,
// so a failure can name the file and line of the call.
import type { Range, TypeName } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import type { FunctionSpec, ParamType } from '../builtins/functions/types.js';
import type { FunctionContext } from '../values/function-context.js';
import type { Value } from '../values/values.js';

export type Impl = (ctx: RequestContext, site: Range, ...args: any[]) => Value;

export function spec(name: string, returns: TypeName, params: ParamType[], optional: number, doc: string, impl: Impl): FunctionSpec {
  // The compiler hands impls the RequestContext it runs with; FunctionContext is its public face.
  return { name, returns, params, optional, doc, callSite: true, impl: impl as (ctx: FunctionContext, ...args: any[]) => Value };
}
