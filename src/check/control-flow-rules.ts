// The shape rules of `switch` and `goto`, which Fastly's pages do not spell out. They are the ones falco
// holds (ysugimoto/falco parser/statement_parser.go, linter/statement_linter_test.go), written from
// what Fastly's compiler accepts:
//   - a case is `case "…":` or `case ~ "…":` (a string), ends with `break;` or `fallthrough;`, and the
//     last case does not fall through; one `default:` at most; no two cases test the same string;
//   - `break` and `fallthrough` stand directly in a case, not inside a nested block;
//   - a switch has at least one case; its subject is no number literal, and a custom sub it calls returns STRING;
//   - `goto` jumps forward to a label of the same subroutine; a label is declared once.
import type { Expression, Statement, SubDeclaration, SwitchStatement, TypeName } from '../ast/ast.js';
import type { CoreRuleId } from '../rule-ids.js';
import type { CheckInfo } from './info.js';
import { numberLiteral } from './literal-rules.js';

export interface ControlFlowProblem {
  node: { range: Statement['range'] };
  rule: CoreRuleId;
  message: string;
  severity?: 'warning';
}

/** Every switch and goto problem in one subroutine, in one walk of its statements. */
export function controlFlowProblems(sub: SubDeclaration): ControlFlowProblem[] {
  const problems: ControlFlowProblem[] = [];
  // name → order of the label among the sub's statements, and the statement list it stands in
  const labels = new Map<string, { order: number; list: readonly Statement[] }>();
  // each goto with the lists that hold it, its own and every enclosing one
  const gotos: { s: Extract<Statement, { kind: 'Goto' }>; order: number; within: ReadonlySet<readonly Statement[]> }[] = [];
  let order = 0;
  const enclosing: (readonly Statement[])[] = [];
  const walk = (list: readonly Statement[], inCase: boolean): void => {
    enclosing.push(list);
    for (const s of list) {
      order++;
      switch (s.kind) {
        case 'Block':
          walk(s.statements, false);
          break;
        case 'If':
          for (const b of s.branches) walk(b.body.statements, false);
          if (s.otherwise) walk(s.otherwise.statements, false);
          break;
        case 'Switch':
          problems.push(...switchProblems(s));
          for (const c of s.cases) walk(c.statements, true);
          break;
        case 'Break':
        case 'Fallthrough':
          if (!inCase) problems.push({ node: s, rule: 'parse', message: `"${s.kind.toLowerCase()}" stands only directly in a switch case` });
          break;
        case 'Label':
          if (labels.has(s.name.name)) problems.push({ node: s.name, rule: 'duplicate-declaration', message: `label "${s.name.name}" is already declared in ${sub.name.name}` });
          else labels.set(s.name.name, { order, list });
          break;
        case 'Goto':
          gotos.push({ s, order, within: new Set(enclosing) });
          break;
        default:
          break;
      }
    }
    enclosing.pop();
  };
  walk(sub.body.statements, false);
  for (const { s, order: at, within } of gotos) {
    const target = labels.get(s.label.name);
    if (target === undefined) problems.push({ node: s.label, rule: 'parse', message: `goto "${s.label.name}": no such label in ${sub.name.name}` });
    else if (target.order < at) problems.push({ node: s.label, rule: 'parse', message: `goto "${s.label.name}" jumps backward: goto only jumps forward` });
    // Fastly's pages do not say whether a goto may enter a block; vcl-edge runs a jump only out of blocks.
    else if (!within.has(target.list)) problems.push({ node: s.label, rule: 'parse', severity: 'warning', message: `goto "${s.label.name}" jumps into a block it is not in: vcl-edge does not run that jump, and ${sub.name.name} ends at this goto` });
  }
  return problems;
}

function switchProblems(s: SwitchStatement): ControlFlowProblem[] {
  const problems: ControlFlowProblem[] = [];
  if (s.cases.length === 0) problems.push({ node: s, rule: 'parse', message: 'a switch needs at least one case' });
  const seen = new Set<string>();
  let defaults = 0;
  s.cases.forEach((c, i) => {
    if (c.test === null && ++defaults > 1) problems.push({ node: c, rule: 'parse', message: 'a switch has one "default:" at most' });
    if (c.test && c.test.value.kind !== 'String') problems.push({ node: c.test.value, rule: 'type-mismatch', message: 'a case tests a string: write case "…": or case ~ "…":' });
    if (c.test) {
      const key = `${c.test.regex ? '~' : '='}${c.test.value.kind === 'String' ? c.test.value.value : c.test.value.raw}`;
      if (seen.has(key)) problems.push({ node: c.test.value, rule: 'duplicate-declaration', message: 'this case is already tested above' });
      seen.add(key);
    }
    const last = c.statements[c.statements.length - 1];
    if (last?.kind !== 'Break' && last?.kind !== 'Fallthrough') problems.push({ node: c, rule: 'parse', message: 'a case ends with "break;" or "fallthrough;"' });
    else if (last.kind === 'Fallthrough' && i === s.cases.length - 1) problems.push({ node: last, rule: 'parse', message: 'the last case cannot fall through' });
  });
  return problems;
}

/** The types whose values a switch compares as text (a table or an ACL name is no value). */
const SWITCH_TYPES: ReadonlySet<TypeName> = new Set<TypeName>(['STRING', 'BOOL', 'INTEGER', 'FLOAT', 'RTIME', 'TIME', 'IP', 'BACKEND', 'VOID']);

/** Why `switch (subject)` (of type `type`) is refused: no value, a number literal, a custom sub not returning STRING. */
export function switchSubjectProblem(subject: Expression, type: TypeName, info: CheckInfo): string | null {
  if (!SWITCH_TYPES.has(type)) return `switch takes a STRING value, got ${type}`;
  if (numberLiteral(subject)) return 'switch takes a STRING value, not a number literal';
  if (subject.kind !== 'CallExpr') return null;
  const sub = info.symbols.subs.get(subject.callee.name)?.[0];
  return sub && sub.returnType !== 'STRING' ? `switch takes a STRING: ${sub.name.name} returns ${sub.returnType ?? 'no value'}` : null;
}
