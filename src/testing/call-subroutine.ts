// testing.call_subroutine("name", args...) as falco has it: a subroutine with parameters takes the
// arguments, and a typed one (`sub f BOOL`) gives its return value, so
// `set var.ok = testing.call_subroutine("is_either", "/a", "/b");` checks as BOOL. A function has one
// signature, so each literal use of a parameterised or typed sub gets its own spec, as testing.inspect does.
import type { Declaration, SubDeclaration } from '../ast/ast.js';
import { forEachExpression, forEachStatement, statementExpressions } from '../ast/walk.js';
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { Value } from '../values/values.js';
import { TestingError } from './errors.js';
import { spec } from './function-entry.js';
import type { Harness } from './session.js';
import { outcomeOfSignal, recordOutcome } from './testing-functions.js';

/** Rename such calls in the test file's declarations to `testing.call_subroutine:<name>`; return their specs. */
export function typedCallSpecs(testDeclarations: readonly Declaration[], subs: ReadonlyMap<string, SubDeclaration>, harness: Harness): Map<string, FunctionSpec> {
  const specs = new Map<string, FunctionSpec>();
  for (const decl of testDeclarations) {
    if (decl.kind !== 'Sub') continue;
    forEachStatement(decl.body.statements, (s) => {
      for (const e of statementExpressions(s)) {
        forEachExpression(e, (x) => {
          if (x.kind !== 'CallExpr' || x.callee.name !== 'testing.call_subroutine' || x.args[0]?.kind !== 'String') return;
          const sub = subs.get(x.args[0].value);
          if (!sub || (sub.returnType === null && sub.parameters.length === 0)) return; // the plain spec runs it
          const key = `testing.call_subroutine:${sub.name.name}`;
          x.callee.name = key;
          if (!specs.has(key)) specs.set(key, callSpec(sub, harness));
        });
      }
    });
  }
  return specs;
}

function callSpec(sub: SubDeclaration, harness: Harness): FunctionSpec {
  const name = sub.name.name;
  const params = sub.parameters.map((p) => p.type);
  const doc = `Run ${name} with its arguments${sub.returnType ? ' and give its return value' : ''}.`;
  return spec('testing.call_subroutine', sub.returnType ?? 'STRING', ['STRING', ...params], 0, doc, (ctx, site, _name: string, ...args: Value[]) => {
    const { program, session } = harness;
    if (!program.hasSub(name)) throw new TestingError(site, 'testing.call_subroutine', `subroutine "${name}" is not declared`);
    const signal = program.runSub(name, ctx, args);
    if (sub.returnType) return signal?.kind === 'return' && signal.value !== undefined ? signal.value : null;
    recordOutcome(session, outcomeOfSignal(signal));
    return session.state;
  });
}
