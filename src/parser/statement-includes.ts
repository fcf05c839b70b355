// `include "name";` inside a subroutine: Fastly's include page says it is "available in all subroutines"
// and "inserts the contents of the specified VCL file at the current line", creating no scope. The
// included file then holds statements; they are spliced into the list the include stands in.
import type { Declaration, IncludeDeclaration, Statement, SubDeclaration } from '../ast/ast.js';
import { withFields } from '../ast/nodes.js';

/** Statements for an include (none when it cannot be read: the loader has reported why). */
export type IncludeStatements = (include: IncludeDeclaration) => Statement[];

/** Replace every `include` among the statements of `declarations`' subroutines by what `load` gives. */
export function spliceStatementIncludes(declarations: readonly Declaration[], load: IncludeStatements): void {
  for (const decl of declarations) {
    if (decl.kind === 'Sub') spliceSub(decl, load);
    else if (decl.kind === 'Describe') for (const member of decl.members) spliceSub(member, load);
  }
}

function spliceSub(sub: SubDeclaration, load: IncludeStatements): void {
  let found = false;
  const counting: IncludeStatements = (include) => {
    found = true;
    return load(include);
  };
  const statements = spliced(sub.body.statements, counting);
  // A new body object: the calls the parser recorded for the old one (ast/recorded-calls.ts) miss the included ones.
  if (found) sub.body = withFields(sub.body, { statements });
}

/** `list` with its includes replaced, and the lists nested in its statements likewise. */
export function spliced(list: Statement[], load: IncludeStatements): Statement[] {
  let out: Statement[] | null = null; // copied only when an include is found: most lists have none
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    nested(s, load);
    if (s.kind === 'Include') {
      out ??= list.slice(0, i);
      out.push(...load(s));
    } else out?.push(s);
  }
  return out ?? list;
}

function nested(s: Statement, load: IncludeStatements): void {
  switch (s.kind) {
    case 'Block':
      s.statements = spliced(s.statements, load);
      break;
    case 'If':
      for (const b of s.branches) b.body.statements = spliced(b.body.statements, load);
      if (s.otherwise) s.otherwise.statements = spliced(s.otherwise.statements, load);
      break;
    case 'Switch':
      for (const c of s.cases) c.statements = spliced(c.statements, load);
      break;
    default:
      break;
  }
}
