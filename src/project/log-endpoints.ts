// Which logging endpoints a program's `log` statements name, as far as the text says: `log "syslog "
// req.service_id " my-endpoint :: " req.url;` names my-endpoint. A line whose endpoint is computed
// makes the answer unknown (null): then any endpoint may be logged to.
import type { Expression, Program } from '../ast/ast.js';
import { forEachStatement } from '../ast/walk.js';

// The syslog form (src/builtins/log-statement.ts); a computed part stands in as a character no name has.
const COMPUTED = '\u0000';
const SYSLOG_FORM = /^syslog (\S+) (.+?) :: /;

function flatten(e: Expression, out: string[]): void {
  if (e.kind === 'String') out.push(e.value);
  else if (e.kind === 'Binary' && (e.operator === 'concat' || e.operator === '+')) {
    flatten(e.left, out);
    flatten(e.right, out);
  } else if (e.kind === 'Group') flatten(e.expression, out);
  else out.push(COMPUTED);
}

/** The endpoints named by the program's `log` statements, or null when one of them computes its endpoint. */
export function loggedEndpoints(program: Program): Set<string> | null {
  const names = new Set<string>();
  let computed = false;
  for (const d of program.declarations) {
    if (d.kind !== 'Sub') continue;
    forEachStatement(d.body.statements, (s) => {
      if (s.kind !== 'Log') return;
      const parts: string[] = [];
      flatten(s.value, parts);
      const m = SYSLOG_FORM.exec(parts.join(''));
      if (!m) return;
      if (m[2]!.includes(COMPUTED)) computed = true;
      else names.add(m[2]!);
    });
  }
  return computed ? null : names;
}
