// deprecated-variable: a variable Fastly marks deprecated, named with what to use instead.
import type { Identifier } from '../../ast/ast.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

export function deprecatedVariables(ctx: LintContext): Visitor {
  const check = (id: Identifier): void => {
    const r = ctx.info.idents.get(id);
    if (r?.kind === 'variable' && r.spec.deprecated !== undefined) ctx.report('deprecated-variable', id.range, `${id.name} is deprecated: ${r.spec.deprecated}`);
  };
  return {
    expression(e) {
      if (e.kind === 'Identifier') check(e);
    },
    // Assignment targets are not reads, so the walk does not show them as expressions.
    statement(s) {
      if (s.kind === 'Set' || s.kind === 'Unset' || s.kind === 'Add') check(s.target);
    },
  };
}
