// unused-backend, unused-acl, unused-table, unused-subroutine: declarations nothing refers to
// (the checker records every use while it resolves names); unused-variable: locals never read.
import type { Identifier } from '../../ast/ast.js';
import { scopeOfSub } from '../../builtins/subroutines.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

export function checkUnusedDeclarations(ctx: LintContext): void {
  const { symbols, used } = ctx.info;
  // Fastly sends requests to the first declared backend when VCL sets none: it is always in use.
  const defaultBackend = symbols.backendOrder[0];
  for (const name of symbols.backendOrder) {
    if (name === defaultBackend || used.backends.has(name)) continue;
    const decl = symbols.backends.get(name) ?? symbols.directors.get(name)!;
    const what = decl.kind === 'Director' ? 'director' : 'backend';
    ctx.report('unused-backend', decl.name.range, `${what} ${name} is never used (not set as req.backend nor named by a director or table)`);
  }
  for (const [name, decl] of symbols.acls) {
    if (!used.acls.has(name)) ctx.report('unused-acl', decl.name.range, `acl ${name} is never used`);
  }
  for (const [name, decl] of symbols.tables) {
    if (!used.tables.has(name)) ctx.report('unused-table', decl.name.range, `table ${name} is never read`);
  }
  for (const [name, parts] of symbols.subs) {
    if (scopeOfSub(name) || name.startsWith('vcl_') || used.subs.has(name)) continue;
    ctx.report('unused-subroutine', parts[0]!.name.range, `subroutine ${name} is never called`);
  }
}

export function unusedVariables(ctx: LintContext): Visitor {
  let declared = new Map<number, Identifier>();
  let read = new Set<number>();
  const local = (id: Identifier) => {
    const r = ctx.info.idents.get(id);
    return r?.kind === 'local' ? r.slot : undefined;
  };
  return {
    enterSub() {
      declared = new Map();
      read = new Set();
    },
    statement(s) {
      if (s.kind !== 'Declare') return;
      const slot = local(s.name);
      if (slot !== undefined) declared.set(slot, s.name);
    },
    expression(e) {
      if (e.kind !== 'Identifier' || !e.name.startsWith('var.')) return;
      const slot = local(e);
      if (slot !== undefined) read.add(slot);
    },
    leaveSub(sub) {
      for (const [slot, id] of declared) {
        if (!read.has(slot)) ctx.report('unused-variable', id.range, `${id.name} is declared in ${sub.name} but never read`);
      }
    },
  };
}
