// What compiling one program needs at hand: the checker's findings and the program's
// ACLs, tables and subroutines (subroutines are looked up lazily, so order does not matter).
import type { AclMatcher } from '../values/acl.js';
import type { CheckInfo } from '../check/info.js';
import type { RequestContext } from '../values/context.js';
import type { VclTable } from '../values/function-context.js';
import type { Value } from '../values/values.js';
import type { Signal } from './signals.js';
import type { HeaderVariable } from '../builtins/variables.js';

export interface CompileEnv {
  info: CheckInfo;
  acls: ReadonlyMap<string, AclMatcher>;
  tables: ReadonlyMap<string, VclTable>;
  /** Run a VOID custom subroutine (`call name;`, `call name(args);`). */
  callSub(name: string, ctx: RequestContext, args?: Value[]): Signal | undefined;
  /** Run a typed or parameterised custom subroutine used as an expression. */
  callTypedSub(name: string, ctx: RequestContext, args: Value[]): Value;
  /** The closure of each constant value compiled so far (see `constant` in constants.ts). */
  constants: Map<unknown, (ctx: RequestContext) => unknown>;
  /** The value each of those closures gives, so the compiler can tell a constant and fold it. */
  constantValues: Map<(ctx: RequestContext) => unknown, unknown>;
  /** Closures that read a header, or test whether it is set (or not): one per header and program. */
  headerReads: Map<HeaderVariable, (ctx: RequestContext) => string | null>;
  headerIsSet: Map<HeaderVariable, (ctx: RequestContext) => boolean>;
  headerIsNotSet: Map<HeaderVariable, (ctx: RequestContext) => boolean>;
  /** `unset` of a header, one per header and program; and each header's lower-case name (see headers.ts). */
  headerUnsets: Map<HeaderVariable, (ctx: RequestContext) => undefined>;
  headerLower: Map<HeaderVariable, string>;
}
