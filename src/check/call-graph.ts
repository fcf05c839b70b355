// The custom subroutines each subroutine calls, found by one direct walk of its body. It visits statements
// and expressions in the same order as walk.ts (so the same call node is kept for each callee), but without
// a callback and an array per statement: this runs over the whole program before the main pass.
import type { Expression, Statement, SubDeclaration } from '../ast/ast.js';
import { recordedCalls } from '../ast/recorded-calls.js';
import type { Symbols } from './symbols.js';

/** Callee name to the node of its last call, in order of first call. */
export type Callees = ReadonlyMap<string, { range: SubDeclaration['range'] }>;

/** What a subroutine that calls none has: one shared map, never written (the call graph only reads it). */
const NO_CALLEES: Callees = new Map();

export function callees(parts: readonly SubDeclaration[], symbols: Symbols): Callees {
  if (parts.every((sub) => callsNoSub(sub, symbols))) return NO_CALLEES;
  const finder = new CallFinder(symbols);
  for (const sub of parts) finder.statements(sub.body.statements);
  return finder.found;
}

/** Whether the parse recorded what `sub` calls and none of it is a subroutine (no walk needed then). */
function callsNoSub(sub: SubDeclaration, symbols: Symbols): boolean {
  const names = recordedCalls(sub.body);
  return names !== undefined && !names.some((name) => symbols.subs.has(name));
}

class CallFinder {
  readonly found = new Map<string, { range: SubDeclaration['range'] }>();

  constructor(private readonly symbols: Symbols) {}

  statements(list: readonly Statement[]): void {
    for (const s of list) this.statement(s);
  }

  /** The statement's own expressions first, then the statements nested in it. */
  private statement(s: Statement): void {
    switch (s.kind) {
      case 'Set':
      case 'Add':
        this.expression(s.target);
        return this.expression(s.value);
      case 'Unset':
        return this.expression(s.target);
      case 'Declare':
        if (s.init) this.expression(s.init);
        return;
      case 'Return':
        if (s.value) this.expression(s.value);
        return;
      case 'Error':
        if (s.status) this.expression(s.status);
        if (s.response) this.expression(s.response);
        return;
      case 'Synthetic':
      case 'Log':
        return this.expression(s.value);
      case 'ExpressionStatement':
        return this.expression(s.expression);
      case 'Call':
        for (const a of s.args ?? []) this.expression(a);
        if (this.symbols.subs.has(s.name.name)) this.found.set(s.name.name, s.name);
        return;
      case 'Block':
        return this.statements(s.statements);
      case 'If':
        for (const b of s.branches) this.expression(b.condition);
        for (const b of s.branches) this.statements(b.body.statements);
        if (s.otherwise) this.statements(s.otherwise.statements);
        return;
      case 'Switch':
        this.expression(s.subject);
        for (const c of s.cases) this.statements(c.statements);
        return;
      default:
        return;
    }
  }

  private expression(e: Expression): void {
    switch (e.kind) {
      case 'Unary':
        return this.expression(e.operand);
      case 'Binary':
        this.expression(e.left);
        return this.expression(e.right);
      case 'Group':
        return this.expression(e.expression);
      case 'CallExpr':
        if (this.symbols.subs.has(e.callee.name)) this.found.set(e.callee.name, e.callee);
        for (const a of e.args) this.expression(a);
        return;
      default:
        return;
    }
  }
}
