// Which built-in subroutines each custom subroutine may run in: the union over its callers.
// "The validity of a subroutine to the compiler depends on where it is called from." (Fastly)
// Also reports recursion, which Fastly does not allow.
import type { Diagnostic } from '../diagnostics.js';
import type { Scope } from '../values/context.js';
import { scopeOfSub } from '../builtins/subroutines.js';
import type { CheckInfo } from './info.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import type { Symbols } from './symbols.js';
import { callees, type Callees } from './call-graph.js';

export function computeSubScopes(
  symbols: Symbols,
  info: CheckInfo,
  diagnostics: Diagnostic[],
  overrides?: ReadonlyMap<string, readonly Scope[]>,
): void {
  const graph = new Map<string, Callees>();
  for (const [name, parts] of symbols.subs) graph.set(name, callees(parts, symbols));

  const scopes = new Map<string, Set<Scope>>();
  for (const name of symbols.subs.keys()) {
    const builtin = scopeOfSub(name);
    const override = overrides?.get(name);
    scopes.set(name, new Set(override ?? (builtin ? [builtin] : [])));
  }
  // Propagate caller scopes down the call graph until nothing changes (bounded by the sub count).
  for (let round = 0, changed = true; changed && round <= symbols.subs.size; round++) {
    changed = false;
    for (const [caller, calls] of graph) {
      for (const callee of calls.keys()) {
        if (overrides?.has(callee) || scopeOfSub(callee)) continue;
        const target = scopes.get(callee)!;
        for (const s of scopes.get(caller)!) {
          if (!target.has(s)) {
            target.add(s);
            changed = true;
          }
        }
      }
    }
  }
  for (const [name, set] of scopes) info.subScopes.set(name, set);

  // Recursion: a depth-first search for a back edge.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    for (const [callee, node] of graph.get(name) ?? []) {
      const s = state.get(callee);
      if (s === 'visiting') {
        diagnostics.push(diagnosticAt(node.range, 'error', 'recursion', `"${name}" calls "${callee}" recursively; VCL does not allow recursion`));
      } else if (!s) visit(callee);
    }
    state.set(name, 'done');
  };
  for (const name of graph.keys()) if (!state.has(name)) visit(name);
}
