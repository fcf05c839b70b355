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
  // The line may sit in a subroutine the built-in one calls: Fastly expands the macro where it is written
  // (polyfill.io's service put `#FASTLY recv` in the custom sub that picks its backend).
  const subs = [...ctx.info.symbols.subs.values()].flat();
  for (const [name, parts] of ctx.info.symbols.subs) {
    const scope = scopeOfSub(name);
    if (!scope) continue;
    const found = macros.some((m) => m.sub === scope && subs.some((sub) => within(m.comment, sub)));
    if (!found) {
      ctx.report('fastly-macro', parts[0]!.name.range, `${name} has no "#FASTLY ${scope}" line: the code Fastly generates for it (conditions, headers, logging, snippets) would be left out`);
    }
  }
}
