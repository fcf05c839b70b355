// Reading variables regardless of scope (testing.inspect), and giving testing.inspect("x") the type
// of x: falco's inspect returns the variable's own type, so `assert.equal(testing.inspect("obj.status"), 400)`
// compares INTEGERs. A function has one return type, so each literal use gets its own spec.
import type { Declaration, TypeName } from '../ast/ast.js';
import { forEachExpression, forEachStatement, statementExpressions } from '../ast/walk.js';
import { readHeader } from '../compile/headers.js';
import type { RequestContext } from '../values/context.js';
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { TypedValue } from '../values/function-context.js';
import { resolveVariable } from '../builtins/variables.js';
import { TestingError } from './errors.js';
import type { Harness, Session } from './session.js';
import { spec } from './function-entry.js';

/** The variable's value and type, or undefined when there is no such variable. */
export function readAnyVariable(session: Session, ctx: RequestContext, name: string): TypedValue | undefined {
  const lower = name.toLowerCase();
  // Like falco: after `error` anywhere, obj.status/obj.response read the error's status and response.
  if (lower === 'obj.status' && session.error) return { type: 'INTEGER', value: session.error.status };
  if (lower === 'obj.response' && session.error) return { type: 'STRING', value: ctx.obj?.response ?? session.error.response };
  const r = resolveVariable(name);
  if (!r) return undefined;
  if (r.kind === 'header') return { type: 'STRING', value: readHeader(r.header)(ctx) };
  const injected = session.injected.get(lower);
  return { type: r.spec.type, value: injected !== undefined ? injected : r.spec.get(ctx) };
}

function typeOfVariable(name: string): TypeName | null {
  const r = resolveVariable(name);
  return !r ? null : r.kind === 'header' ? 'STRING' : r.spec.type;
}

/**
 * Rename each `testing.inspect("<literal>")` callee to `testing.inspect:<literal>` and return a spec
 * per name, typed as the variable. Only the test file's own declarations are touched.
 */
export function typedInspectSpecs(declarations: readonly Declaration[], harness: Harness): Map<string, FunctionSpec> {
  const specs = new Map<string, FunctionSpec>();
  for (const decl of declarations) {
    if (decl.kind !== 'Sub') continue;
    forEachStatement(decl.body.statements, (s) => {
      for (const e of statementExpressions(s)) {
        forEachExpression(e, (x) => {
          if (x.kind !== 'CallExpr' || x.callee.name !== 'testing.inspect' || x.args[0]?.kind !== 'String') return;
          const variable = x.args[0].value;
          const type = typeOfVariable(variable);
          if (!type) return; // left to the generic spec, which reports the unknown name when run
          const key = `testing.inspect:${variable}`;
          x.callee.name = key;
          if (specs.has(key)) return;
          specs.set(key, spec('testing.inspect', type, ['STRING'], 0, 'Read any variable, whatever the current scope.', (ctx, site) => {
            const v = readAnyVariable(harness.session, ctx, variable);
            if (!v) throw new TestingError(site, 'testing.inspect', `unknown variable "${variable}"`);
            return v.value;
          }));
        });
      }
    });
  }
  return specs;
}
