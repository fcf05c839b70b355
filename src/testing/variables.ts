// The variables tests read: testing.state, testing.synthetic_body, testing.origin_host_header, and
// stand-ins for predefined variables a test may change (testing.inject_variable, set_backend_health).
// Stand-ins shadow the predefined variable for the whole program, main.vcl included.
import type { Declaration } from '../ast/ast.js';
import { forEachExpression, forEachStatement, statementExpressions } from '../ast/walk.js';
import { SCOPES, type RequestContext } from '../values/context.js';
import { resolveVariable, type VariableSpec } from '../builtins/variables.js';
import type { Harness } from './session.js';

function readOnly(name: string, doc: string, get: VariableSpec['get']): VariableSpec {
  return { name, type: 'STRING', read: SCOPES, write: [], doc, get };
}

/** The Host header the origin would get: the backend's override, else the client's. */
function originHostHeader(harness: Harness, ctx: RequestContext): string | null {
  const backend = ctx.req.backend ? harness.program.backends.get(ctx.req.backend) : undefined;
  if (backend?.hostHeader) return backend.hostHeader;
  if (backend?.alwaysUseHostHeader) return backend.host;
  return ctx.bereq?.headers.get('host') ?? ctx.req.headers.get('host') ?? null;
}

/** Names given to testing.inject_variable as string literals in the test file. */
function injectedNames(declarations: readonly Declaration[]): Set<string> {
  const names = new Set<string>();
  for (const decl of declarations) {
    if (decl.kind !== 'Sub') continue;
    forEachStatement(decl.body.statements, (s) => {
      for (const e of statementExpressions(s)) {
        forEachExpression(e, (x) => {
          if (x.kind === 'CallExpr' && x.callee.name === 'testing.inject_variable' && x.args[0]?.kind === 'String') names.add(x.args[0].value.toLowerCase());
        });
      }
    });
  }
  return names;
}

/** A predefined variable that reads the test's injected value when there is one. */
function injectable(harness: Harness, original: VariableSpec): VariableSpec {
  const key = original.name.toLowerCase();
  return {
    ...original,
    get: (ctx) => {
      const injected = harness.session.injected.get(key);
      return injected !== undefined ? injected : original.get(ctx);
    },
  };
}

/** `alwaysInjected`: names injected into every test besides those the test file injects. */
export function testingVariables(harness: Harness, testDeclarations: readonly Declaration[], alwaysInjected: readonly string[] = []): Map<string, VariableSpec> {
  const vars = new Map<string, VariableSpec>();
  const add = (v: VariableSpec) => vars.set(v.name.toLowerCase(), v);
  // falco spells states in capitals: LOOKUP, PASS, ERROR, …
  add(readOnly('testing.state', 'How the last testing.call_subroutine ended, in capitals as falco spells it: LOOKUP, PASS, UPGRADE, ERROR, …', () => harness.session.state.toUpperCase()));
  add(readOnly('testing.synthetic_body', 'The body `synthetic` set.', (ctx) => ctx.syntheticBody));
  add(readOnly('testing.origin_host_header', 'The Host header the origin would receive from req.backend.', (ctx) => originHostHeader(harness, ctx)));
  for (const name of new Set([...injectedNames(testDeclarations), ...alwaysInjected])) {
    const r = resolveVariable(name);
    if (r?.kind === 'predefined') add(injectable(harness, r.spec));
  }
  const healthy = resolveVariable('req.backend.healthy');
  if (healthy?.kind === 'predefined') {
    add({ ...healthy.spec, get: (ctx) => (ctx.req.backend ? harness.session.health.get(ctx.req.backend) : undefined) ?? healthy.spec.get(ctx) });
  }
  return vars;
}
