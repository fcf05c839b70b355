// Reading a *.test.vcl file into a test plan: which subs are tests (with their annotations), which are
// helpers, and the `describe` groups with their hooks. Describe members are flattened into uniquely
// named top-level subs, so the file can be checked and compiled together with main.vcl.
import type { Comment, Declaration, DescribeDeclaration, Program, SubDeclaration } from '../ast/ast.js';
import type { Range } from '../ast/ast.js';
import { withFields } from '../ast/nodes.js';
import { forEachExpression, forEachStatement, statementExpressions } from '../ast/walk.js';
import { SCOPES, type Scope } from '../values/context.js';
import { scopeOfSub } from '../builtins/subroutines.js';
import { leadingComments, readMetadata, type TestMetadata } from './annotations.js';

export interface PlannedTest extends TestMetadata {
  /** The (flattened) name of the sub to run. */
  sub: string;
  /** The sub's name as written. */
  declaredName: string;
  range: Range;
}

/** A describe block, or the implicit group of one top-level test. */
export interface TestGroup {
  /** The describe name; null for a top-level test. */
  name: string | null;
  tests: PlannedTest[];
  /** Flattened sub names of the hooks, by hook name (`before_recv`, `after_each`, ...). */
  hooks: Map<string, string>;
}

export interface TestPlan {
  groups: TestGroup[];
  /** The test file's declarations, describe members flattened, ready to join main.vcl's. */
  declarations: Declaration[];
  /** The scopes each test sub and hook is checked against (their @scope). */
  scopeOverrides: Map<string, Scope[]>;
}

const HOOK = /^(before|after)_([a-z]+)$/;

/** A hook is written without `sub`: its range starts at its name. */
function isHook(sub: SubDeclaration): boolean {
  return sub.range.start.offset === sub.name.range.start.offset && HOOK.test(sub.name.name);
}

function renamed(sub: SubDeclaration, name: string): SubDeclaration {
  return withFields(sub, { name: withFields(sub.name, { name }) });
}

/**
 * Subs other subs in the file refer to: by `call`, as a function, or by name in a testing.* call
 * (testing.call_subroutine("x"), testing.mock("a", "x")). They are helpers, not tests.
 */
function referencedSubs(subs: readonly SubDeclaration[], hooks: ReadonlySet<SubDeclaration>): Set<string> {
  const names = new Set(subs.filter((s) => !hooks.has(s)).map((s) => s.name.name));
  const used = new Set<string>();
  for (const sub of subs) {
    forEachStatement(sub.body.statements, (s) => {
      if (s.kind === 'Call') used.add(s.name.name);
      for (const e of statementExpressions(s)) {
        forEachExpression(e, (x) => {
          if (x.kind !== 'CallExpr') return;
          if (names.has(x.callee.name)) used.add(x.callee.name);
          if (x.callee.name.startsWith('testing.')) for (const a of x.args) if (a.kind === 'String' && names.has(a.value)) used.add(a.value);
        });
      }
    });
  }
  return used;
}

/**
 * falco runs each test sub on its own, so a test file may name several tests alike (`sub test_recv`
 * three times) or use the reserved prefix (`sub vcl_recv_test`), and describe groups may share member
 * names. Such a sub gets a name of its own for checking and compiling (still a VCL name: letters,
 * digits, `_`); results show the name as written.
 */
function testSubName(name: string, taken: Set<string>): string {
  const base = name.startsWith('vcl_') ? `test__${name}` : name;
  let unique = base;
  for (let n = 2; taken.has(unique); n++) unique = `${base}__${n}`;
  taken.add(unique);
  return unique;
}

export function planTests(program: Program): TestPlan {
  const comments: Comment[] = program.comments;
  const declarations: Declaration[] = [];
  const groups: TestGroup[] = [];
  const scopeOverrides = new Map<string, Scope[]>();
  const topSubs = program.declarations.filter((d): d is SubDeclaration => d.kind === 'Sub');
  const members = program.declarations.flatMap((d) => (d.kind === 'Describe' ? d.members : []));
  // Hooks are not helpers, but the subs they name (testing.mock("a", "mocked")) are.
  const helpers = referencedSubs([...topSubs, ...members], new Set(members.filter(isHook)));
  // Helpers keep their names (tests and mocks name them); the renamed subs must not take them.
  const taken = new Set<string>(helpers);

  let previousEnd = 0;
  for (const decl of program.declarations) {
    const after = previousEnd;
    previousEnd = decl.range.end.offset;
    if (decl.kind === 'Describe') {
      const group = planDescribe(decl, comments, helpers, taken);
      groups.push(group.group);
      declarations.push(...group.declarations);
      for (const [name, scopes] of group.scopeOverrides) scopeOverrides.set(name, scopes);
      continue;
    }
    // Only plain subs are tests: typed or parameterised ones are functions, Fastly's own names are VCL.
    if (decl.kind !== 'Sub' || helpers.has(decl.name.name) || decl.returnType || decl.parameters.length || scopeOfSub(decl.name.name)) {
      declarations.push(decl);
      continue;
    }
    const sub = testSubName(decl.name.name, taken);
    declarations.push(sub === decl.name.name ? decl : renamed(decl, sub));
    const meta = readMetadata(decl, leadingComments(decl, comments, after));
    groups.push({ name: null, tests: [{ ...meta, sub, declaredName: decl.name.name, range: decl.name.range }], hooks: new Map() });
    scopeOverrides.set(sub, meta.scopes);
  }
  return { groups, declarations, scopeOverrides };
}

function planDescribe(decl: DescribeDeclaration, comments: readonly Comment[], helpers: ReadonlySet<string>, taken: Set<string>) {
  const prefix = decl.name.name;
  const group: TestGroup = { name: prefix, tests: [], hooks: new Map() };
  const declarations: SubDeclaration[] = [];
  const scopeOverrides = new Map<string, Scope[]>();
  let after = decl.name.range.end.offset;
  for (const member of decl.members) {
    if (!isHook(member) && (helpers.has(member.name.name) || member.returnType || member.parameters.length)) {
      declarations.push(member); // a helper or function: called by the name it is written with
      after = member.range.end.offset;
      continue;
    }
    const flat = testSubName(`${prefix}__${member.name.name}`, taken);
    declarations.push(renamed(member, flat));
    const start = after;
    after = member.range.end.offset;
    if (isHook(member)) {
      group.hooks.set(member.name.name, flat);
      const scope = HOOK.exec(member.name.name)![2]!;
      if ((SCOPES as readonly string[]).includes(scope)) scopeOverrides.set(flat, [scope as Scope]);
      continue;
    }
    const meta = readMetadata(member, leadingComments(member, comments, start));
    group.tests.push({ ...meta, sub: flat, declaredName: member.name.name, range: member.name.range });
    scopeOverrides.set(flat, meta.scopes);
  }
  // before_each / after_each run around tests of every scope in the group.
  const all = [...new Set(group.tests.flatMap((t) => t.scopes))];
  for (const hook of ['before_each', 'after_each']) {
    const flat = group.hooks.get(hook);
    if (flat) scopeOverrides.set(flat, all);
  }
  return { group, declarations, scopeOverrides };
}
