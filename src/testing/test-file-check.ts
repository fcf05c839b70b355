// How a *.test.vcl file is checked: joined with its main VCL (so tests can call vcl_recv and use its
// backends and tables), with the testing.* and assert.* functions and testing.* variables known, each
// test and hook checked against its @scope. `vcl-edge test` runs what this builds; `vcl-edge lint`
// checks a test file the same way.
import type { Program } from '../ast/ast.js';
import { withFields } from '../ast/nodes.js';
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { CheckOptions } from '../check/checker.js';
import type { LoadResult } from '../parser/loader.js';
import { assertions } from './assertions.js';
import { typedCallSpecs } from './call-subroutine.js';
import { typedInspectSpecs } from './inspect.js';
import { planTests, type TestPlan } from './plan.js';
import { Harness } from './session.js';
import { testingFunctions } from './testing-functions.js';
import { testingVariables } from './variables.js';
import type { Value } from '../values/values.js';

export interface TestFileCheck {
  /** main.vcl's declarations followed by the test file's (describe members flattened). */
  load: LoadResult;
  plan: TestPlan;
  harness: Harness;
  options: CheckOptions;
}

/** Prepare a test file for checking and running; `main` is null when there is no main VCL to join. */
export function prepareTestFile(main: LoadResult | null, test: LoadResult, inject: ReadonlyMap<string, Value> = new Map()): TestFileCheck {
  const plan = planTests(test.program);
  const harness = new Harness(inject);
  const functions = new Map<string, FunctionSpec>([...testingFunctions(harness), ...assertions(harness)].map((f) => [f.name, f]));
  for (const [key, f] of typedInspectSpecs(plan.declarations, harness)) functions.set(key, f);
  const mainDeclarations = main?.program.declarations ?? [];
  const subs = new Map([...mainDeclarations, ...plan.declarations].flatMap((d) => (d.kind === 'Sub' ? [[d.name.name, d] as const] : [])));
  for (const [key, f] of typedCallSpecs(plan.declarations, subs, harness)) functions.set(key, f);
  for (const [name, sub] of subs) harness.subReturnTypes.set(name, sub.returnType);
  const options: CheckOptions = {
    functions,
    variables: testingVariables(harness, plan.declarations, [...inject.keys()]),
    scopeOverrides: plan.scopeOverrides,
    // A test prepares the request it needs, Upgrade header included.
    protectedHeadersWritableIn: new Set(test.files),
  };
  return { load: main ? joinPrograms(main, test, plan.declarations) : withDeclarations(test, plan.declarations), plan, harness, options };
}

function joinPrograms(main: LoadResult, test: LoadResult, testDeclarations: Program['declarations']): LoadResult {
  const program = withFields(main.program, {
    declarations: [...main.program.declarations, ...testDeclarations],
    comments: [...main.program.comments, ...test.program.comments],
  });
  return {
    program,
    sources: new Map([...main.sources, ...test.sources]),
    diagnostics: [...main.diagnostics, ...test.diagnostics],
    files: [...main.files, ...test.files],
  };
}

function withDeclarations(test: LoadResult, declarations: Program['declarations']): LoadResult {
  return { ...test, program: withFields(test.program, { declarations }) };
}
