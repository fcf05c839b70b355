// fastly-macro: every built-in subroutine carries its `#FASTLY <sub>` line, where Fastly splices
// the code generated from the service configuration.
import type { Comment, SubDeclaration } from '../../ast/ast.js';
import { endOf, startOf } from '../../ast/nodes.js';
import { scopeOfSub } from '../../builtins/subroutines.js';
import type { LintContext } from '../context.js';

// `#FASTLY recv` in custom VCL; `#--FASTLY RECV BEGIN` where Fastly has already expanded it (generated VCL).
const MACRO = /^#(?:--)?\s*FASTLY\s+([A-Za-z_]+)/i;

function within(c: Comment, sub: SubDeclaration): boolean {
  return c.range.file === sub.range.file && startOf(c) >= startOf(sub) && endOf(c) <= endOf(sub);
}

export function checkFastlyMacros(ctx: LintContext): void {
  const macros = ctx.program.comments
    .map((c) => ({ comment: c, sub: MACRO.exec(c.text)?.[1]?.toLowerCase() }))
    .filter((m): m is { comment: Comment; sub: string } => m.sub !== undefined);
  for (const [name, parts] of ctx.info.symbols.subs) {
    const scope = scopeOfSub(name);
    if (!scope) continue;
    const found = parts.some((part) => macros.some((m) => m.sub === scope && within(m.comment, part)));
    if (!found) {
      ctx.report('fastly-macro', parts[0]!.name.range, `${name} has no "#FASTLY ${scope}" line: the code Fastly generates for it (conditions, headers, logging, snippets) would be left out`);
    }
  }
}
