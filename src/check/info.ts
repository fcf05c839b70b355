// What the checker learns about a program, handed to the compiler so it needs no second analysis:
// each expression's type, what each identifier names, each regex compiled once, local slots.
import type { CallExpression, Expression, Identifier, StringLiteral, SubDeclaration, TypeName } from '../ast/ast.js';
import type { Scope } from '../values/context.js';
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { CompiledRegex } from '../values/regex.js';
import type { HeaderVariable, VariableSpec } from '../builtins/variables.js';
import { CallTable, IdentTable, NODE_KEYS, NodeTable, RegexTable } from './node-table.js';
import type { Symbols } from './symbols.js';

export type IdentResolution =
  | { kind: 'variable'; spec: VariableSpec }
  | { kind: 'header'; header: HeaderVariable }
  | { kind: 'local'; slot: number; type: TypeName }
  | { kind: 'backend'; name: string }
  | { kind: 'acl'; name: string }
  | { kind: 'table'; name: string }
  /** A bare word: an ID argument (`req` in header.get(req, ...)) or a state (`assert.state(upgrade)`). */
  | { kind: 'word'; name: string };

export type CallResolution = { kind: 'function'; spec: FunctionSpec } | { kind: 'sub'; name: string };

export interface CheckInfo {
  symbols: Symbols;
  /** Every expression's type, kept only when the check is asked to record them (result-types.ts works them out). */
  types: NodeTable<Expression, TypeName>;
  idents: NodeTable<Identifier, IdentResolution>;
  /** What each call expression calls (stored on the call, not its callee name). */
  calls: NodeTable<CallExpression, CallResolution>;
  regexes: NodeTable<StringLiteral, CompiledRegex>;
  /** How many local slots each subroutine body needs (parameters first). */
  frameSize: NodeTable<SubDeclaration, number>;
  /** For each subroutine, the built-in subroutines it may run in. */
  subScopes: Map<string, ReadonlySet<Scope>>;
  used: {
    backends: Set<string>;
    acls: Set<string>;
    tables: Set<string>;
    subs: Set<string>;
  };
}

/** Fresh tables for one check. */
export function nodeTables(): Pick<CheckInfo, 'types' | 'idents' | 'calls' | 'regexes' | 'frameSize'> {
  return {
    types: new NodeTable(NODE_KEYS.type),
    idents: new IdentTable(),
    calls: new CallTable(),
    regexes: new RegexTable(),
    frameSize: new NodeTable(NODE_KEYS.frameSize),
  };
}
