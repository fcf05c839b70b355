// The shape of one entry in the VCL function table. The checker reads the signature,
// the compiler calls `impl`, lint and the docs print `doc`. Add a function by adding one entry.
import type { TypeName } from '../../ast/ast.js';
import type { Value } from '../../values/values.js';
import type { FunctionContext } from '../../values/function-context.js';
import type { Scope } from '../../values/context.js';

/**
 * Parameter kinds beyond the value types:
 *  - 'ID'      a bare word such as `req` in header.get(req, "X"); passed as the string 'req'
 *  - 'HEADER'  a header variable such as `req.http.Cookie` in std.collect; passed as a HeaderRef
 *  - 'COLLECTION'  a header variable, or a whole header collection such as `req.headers` (std.count);
 *              passed as a HeaderRef, or as the collection's HeaderScope word ('req', 'resp', …)
 *  - 'TABLE'   a table name; passed as the table's VclTable
 *  - 'REGEX'   a string literal compiled once at compile time; passed as a CompiledRegex
 *  - 'ACL'     an ACL name; passed as the AclMatcher
 *  - 'BACKEND' a backend name; passed as the backend's name string
 *  - 'ANY'     any value type (e.g. testing/assert helpers); passed as { type, value }
 *  - 'RATECOUNTER' / 'PENALTYBOX'  the name of a declared ratecounter / penaltybox (Fastly's pages say ID);
 *              passed as the name
 */
export type ParamType = TypeName | 'HEADER' | 'COLLECTION' | 'TABLE' | 'ANY' | 'RATECOUNTER' | 'PENALTYBOX';

/** What the checker knows of one argument at load time, for FunctionSpec.checkArgs. */
export interface ArgumentFacts {
  /** The value when the argument is a literal (a string, number or boolean); undefined otherwise. */
  literal?: string | number | boolean;
  /** For a TABLE argument: the value type the table was declared with. */
  tableType?: TypeName;
}

export interface FunctionSpec {
  name: string;
  returns: TypeName;
  params: ParamType[];
  /** How many trailing params may be omitted. */
  optional?: number;
  /** When set, any number of further args of this type may follow. */
  rest?: ParamType;
  /** Parameter names for signatures in docs and messages (`rest`'s name last, if any). */
  paramNames?: string[];
  /** For an ID parameter, by position: the only bare words it accepts (any other is a load error). */
  words?: Readonly<Record<number, readonly string[]>>;
  /** The subroutines where Fastly lets it be called; absent: every one. */
  scopes?: readonly Scope[];
  /** What vcl-edge does locally where that differs from the edge (printed in docs/functions.md). */
  local?: string;
  /** One line for lint's messages and the generated docs. */
  doc: string;
  /** When set, `impl` receives the call's source Range right after ctx (the test runner's assertions report it). */
  callSite?: boolean;
  /**
   * The result depends on the arguments alone (not on the request, the clock or randomness, and `impl`
   * never reads ctx): a call whose arguments are constants is worked out once, when the VCL is compiled.
   */
  pure?: boolean;
  /**
   * Load-time checks beyond the types (arguments Fastly wants as literals, a table of the right value type…):
   * the argument at fault and why, or null. The checker reports it as a VCL error at that argument.
   */
  checkArgs?: (args: readonly ArgumentFacts[]) => { index: number; message: string } | null;
  // Arguments arrive converted per `params` (see ParamType); STRING args may be null (not set).
  impl: (ctx: FunctionContext, ...args: any[]) => Value;
}
