// What compiling one program needs at hand: the checker's findings and the program's
// ACLs, tables and subroutines (subroutines are looked up lazily, so order does not matter).
import type { AclMatcher } from '../values/acl.js';
import type { CheckInfo } from '../check/info.js';
import type { RequestContext } from '../values/context.js';
import type { VclTable } from '../values/function-context.js';
import type { Value } from '../values/values.js';
import type { Signal } from './signals.js';

export interface CompileEnv {
  info: CheckInfo;
  acls: ReadonlyMap<string, AclMatcher>;
  tables: ReadonlyMap<string, VclTable>;
  /** Run a VOID custom subroutine (`call name;`, `call name(args);`). */
  callSub(name: string, ctx: RequestContext, args?: Value[]): Signal | undefined;
  /** Run a typed or parameterised custom subroutine used as an expression. */
  callTypedSub(name: string, ctx: RequestContext, args: Value[]): Value;
}
