// A request's workspace on Fastly: the memory its strings are built in, about 256 KB. A string function
// asked to build more would exhaust it; locally such a call sets fastly.error to ESESOOM (Fastly's
// out-of-workspace error) and gives a not-set value, which also bounds the memory one call can take.
// workspace.bytes_total reads this size.
import type { FunctionContext } from '../values/function-context.js';

export const WORKSPACE_BYTES = 256 * 1024;

export function outOfWorkspace(ctx: FunctionContext): null {
  ctx.fastlyError = 'ESESOOM';
  return null;
}
