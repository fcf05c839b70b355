// The semantic checker: declarations, subroutine scopes, statements and return states.
// It reports every problem as a Diagnostic and hands what it learned (CheckInfo) to the compiler.
import type { Block, Expression, Identifier, Program, Statement, SubDeclaration, TypeName } from '../ast/ast.js';
import { isCallStackOverflow, tooDeeplyNested, type Diagnostic } from '../diagnostics.js';
import { SCOPES, type Scope } from '../values/context.js';
import { FUNCTION_TABLE } from '../builtins/functions/index.js';
import type { FunctionSpec } from '../builtins/functions/types.js';
import { SUB_RULES, STATEMENT_SCOPES, scopeOfSub } from '../builtins/subroutines.js';
import type { VariableSpec } from '../builtins/variables.js';
import { isProtected } from './protected-headers.js';
import { checkDeclarations } from './declarations.js';
import { ExpressionChecker, unknownBackendMessage, type SubEnv } from './expressions.js';
import { assignable, convertible, secondsOperand } from './conversions.js';
import { nodeTables, type CheckInfo, type IdentResolution } from './info.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import { collectSymbols } from './symbols.js';
import { parseIp } from '../values/ip.js';
import { bareConditionProblem, literalProblem } from './literal-rules.js';
import { computeSubScopes } from './sub-scopes.js';
import { controlFlowProblems, switchSubjectProblem } from './control-flow-rules.js';
import type { CoreRuleId } from '../rule-ids.js';

export interface CheckOptions {
  /** Extra functions (the test runner's testing.* and assert.*). */
  functions?: ReadonlyMap<string, FunctionSpec>;
  /** Extra predefined variables (the test runner's testing.state and friends), by lower-case name. */
  variables?: ReadonlyMap<string, VariableSpec>;
  /** Scopes to check a subroutine against, overriding what the call graph says (test subs' @scope). */
  scopeOverrides?: ReadonlyMap<string, readonly Scope[]>;
  /** Files whose VCL may set protected headers (test files preparing e.g. an Upgrade request). */
  protectedHeadersWritableIn?: ReadonlySet<string>;
  /** Store every expression's type in `info.types` (a test compares them with result-types.ts). */
  recordTypes?: boolean;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  info: CheckInfo;
}

const NUMERIC_ASSIGN = new Set(['-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=', 'rol=', 'ror=']);
const NUMERIC_TYPES: ReadonlySet<TypeName> = new Set<TypeName>(['INTEGER', 'FLOAT', 'RTIME', 'TIME']);
/** Literals a time and a number are not mixed with in `+=`/`-=` (falco's assign tables: "INTEGER literal could not sub to RTIME"). */
const NUMBER_LITERALS: ReadonlySet<string> = new Set(['Integer', 'Float', 'RTime']);

export function check(program: Program, options: CheckOptions = {}): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const symbols = collectSymbols(program, diagnostics);
  const info: CheckInfo = {
    symbols,
    ...nodeTables(),
    subScopes: new Map(),
    used: { backends: new Set(), acls: new Set(), tables: new Set(), subs: new Set() },
  };
  const functions = options.functions ? new Map([...FUNCTION_TABLE, ...options.functions]) : FUNCTION_TABLE;
  const exprs = new ExpressionChecker(info, diagnostics, functions, options.variables, options.recordTypes);

  try {
    checkDeclarations(program, info, exprs, diagnostics);
    computeSubScopes(symbols, info, diagnostics, options.scopeOverrides);
    for (const [name, parts] of symbols.subs) {
      for (const sub of parts) new SubChecker(sub, info, exprs, diagnostics, info.subScopes.get(name) ?? new Set(), options.protectedHeadersWritableIn).run();
    }
  } catch (error) {
    if (!isCallStackOverflow(error)) throw error;
    diagnostics.push(tooDeeplyNested(program.file, 'check'));
  }
  diagnostics.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  return { diagnostics, info };
}

/** A local's name (a pattern of its own: a regex literal in a method is a new RegExp on every call). */
const LOCAL_NAME = /^var\.[A-Za-z0-9_.-]+$/;

class SubChecker {
  private readonly env: SubEnv;
  private readonly builtin: Scope | null;

  constructor(
    private readonly sub: SubDeclaration,
    private readonly info: CheckInfo,
    private readonly exprs: ExpressionChecker,
    private readonly diagnostics: Diagnostic[],
    scopes: ReadonlySet<Scope>,
    private readonly protectedWritableIn?: ReadonlySet<string>,
  ) {
    this.builtin = scopeOfSub(sub.name.name);
    this.env = { name: sub.name.name, scopes, locals: new Map(), nextSlot: 0 };
    for (const p of sub.parameters) this.declareLocal(p.name, p.type);
  }

  run(): void {
    const name = this.sub.name.name;
    if (name.startsWith('vcl_') && !this.builtin) {
      this.error(this.sub.name, 'unknown-subroutine', `"${name}" is not a Fastly subroutine; the vcl_ prefix is reserved`);
    }
    if (this.builtin && (this.sub.returnType || this.sub.parameters.length)) {
      this.error(this.sub.name, 'type-mismatch', `${name} takes no parameters and returns no value`);
    }
    this.block(this.sub.body);
    // A second walk, only for the few subs that have a switch, goto or label.
    if (this.hasControlFlow) for (const p of controlFlowProblems(this.sub)) this.error(p.node, p.rule, p.message, p.severity);
    this.info.frameSize.set(this.sub, this.env.nextSlot);
  }

  private error(node: { range: Identifier['range'] }, rule: CoreRuleId, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.diagnostics.push(diagnosticAt(node.range, severity, rule, message));
  }

  private declareLocal(id: Identifier, type: TypeName): void {
    if (!LOCAL_NAME.test(id.name)) {
      this.error(id, 'invalid-name', `a local variable is named var.<letters, digits, _ . ->, got "${id.name}"`);
    }
    if (this.env.locals.has(id.name)) {
      this.error(id, 'duplicate-declaration', `local variable "${id.name}" is already declared in ${this.env.name}`);
      return;
    }
    const slot = this.env.nextSlot++;
    const local = { kind: 'local', slot, type } as const;
    this.env.locals.set(id.name, local);
    this.info.idents.set(id, local);
  }

  /**
   * Names `declare block` made in the blocks being checked, innermost last: they end with their braces.
   * A block's entry is null until it declares one (most never do, and an array per block is garbage).
   */
  private readonly blockScopes: (string[] | null)[] = [];
  /** Whether the sub has a switch, goto, label, break or fallthrough (controlFlowProblems then walks it). */
  private hasControlFlow = false;

  private block(block: Block): void {
    this.statements(block.statements);
  }

  /** A braced list of statements: its `declare block` variables are gone after it. */
  private statements(list: readonly Statement[]): void {
    const depth = this.blockScopes.push(null);
    for (let i = 0; i < list.length; i++) this.statement(list[i]!);
    const declared = this.blockScopes[depth - 1];
    this.blockScopes.pop();
    if (declared) for (const name of declared) this.env.locals.delete(name);
  }

  /** Note a `declare block` variable of the innermost block being checked. */
  private declaredInBlock(name: string): void {
    const top = this.blockScopes.length - 1;
    if (top < 0) return;
    (this.blockScopes[top] ??= []).push(name);
  }

  /** Is this statement kind allowed in every scope this sub runs in? */
  private allowedHere(s: Statement, what: keyof typeof STATEMENT_SCOPES): void {
    if (this.sub.returnType && (what === 'error' || what === 'restart')) {
      // A typed subroutine is called inside an expression, which has no way to end the request.
      this.error(s, 'statement-scope', `"${what}" is not allowed in ${this.sub.name.name}, which returns ${this.sub.returnType}`);
      return;
    }
    const allowed = STATEMENT_SCOPES[what];
    const bad = [...this.env.scopes].find((sc) => !allowed.includes(sc));
    if (bad) this.error(s, 'statement-scope', `"${what}" is not allowed in vcl_${bad} (only in ${allowed.map((x) => `vcl_${x}`).join(', ')})`);
  }

  private statement(s: Statement): void {
    const { exprs, env } = this;
    switch (s.kind) {
      case 'Block':
        return this.block(s);
      case 'Set':
        return this.assignment(s.target, s.operator, s);
      case 'Add':
        return this.assignment(s.target, 'add', s);
      case 'Unset':
        return this.unset(s.target);
      case 'Declare':
        // Fastly's local-variables page lists the types a local takes; an ACL (or an ID) is none of them.
        if (s.type === 'ACL' || s.type === 'ID' || s.type === 'VOID') this.error(s.name, 'type-mismatch', `a local variable cannot be of type ${s.type}`);
        if (s.init) {
          const t = exprs.check(s.init, env);
          const ok = convertible(t, s.type, 'set') || (s.type === 'REGEX' && this.regexLiteral(s.init));
          if (t !== 'VOID' && !ok) this.error(s.init, 'type-mismatch', `cannot initialise ${s.type} ${s.name.name} with ${t}`);
          else if (t !== 'VOID') this.literalInto(s.init, s.type);
        }
        this.declareLocal(s.name, s.type);
        if (s.scope === 'block' && this.env.locals.get(s.name.name) === this.info.idents.get(s.name)) this.declaredInBlock(s.name.name);
        return;
      case 'If':
        for (const b of s.branches) {
          exprs.checkCondition(b.condition, env);
          // A string literal is always set: as a condition it says nothing (falco's if table).
          if (b.condition.kind === 'String') this.error(b.condition, 'type-mismatch', 'a string literal cannot be a condition');
          this.block(b.body);
        }
        if (s.otherwise) this.block(s.otherwise);
        return;
      case 'Return':
        return this.returnStatement(s);
      case 'Call':
        return this.callStatement(s);
      case 'Error':
        this.allowedHere(s, 'error');
        if (s.status) {
          const t = exprs.check(s.status, env);
          if (t !== 'INTEGER' && t !== 'VOID') this.error(s.status, 'type-mismatch', `error status must be INTEGER, got ${t}`);
        }
        if (s.response) exprs.check(s.response, env);
        return;
      case 'Restart':
        return this.allowedHere(s, 'restart');
      case 'Synthetic':
        this.allowedHere(s, 'synthetic');
        exprs.check(s.value, env);
        return;
      case 'Esi':
        return this.allowedHere(s, 'esi');
      case 'Log':
        exprs.check(s.value, env);
        this.literalInto(s.value, 'STRING');
        if (s.value.kind === 'Bool') this.error(s.value, 'type-mismatch', 'a BOOL literal cannot be logged: log a string');
        return;
      case 'Switch': {
        this.hasControlFlow = true;
        // Values are compared as their text, but a number literal or a custom sub not returning STRING is refused (falco).
        const problem = switchSubjectProblem(s.subject, exprs.check(s.subject, env), this.info);
        if (problem) this.error(s.subject, 'type-mismatch', problem);
        for (const c of s.cases) {
          if (c.test?.regex && c.test.value.kind === 'String') exprs.compileRegexLiteral(c.test.value);
          this.statements(c.statements);
        }
        return;
      }
      case 'ExpressionStatement': {
        exprs.check(s.expression, env);
        // A sub that returns a value is used in an expression, never called bare (falco's statement table).
        const sub = this.info.symbols.subs.get(s.expression.callee.name)?.[0];
        if (sub?.returnType) this.error(s.expression.callee, 'type-mismatch', `"${sub.name.name}" returns ${sub.returnType}: use its value`);
        else if (sub) this.error(s.expression.callee, 'type-mismatch', `"${sub.name.name}" is a subroutine: call it with "call ${sub.name.name};"`);
        return;
      }
      case 'Goto':
      case 'Label':
      case 'Break':
      case 'Fallthrough':
        this.hasControlFlow = true;
        return;
      case 'Include':
        // The loader splices a file's statements in; one left here (a snippet's, a tree not loaded from files) would do nothing.
        return this.error(s, 'include', `include "${s.path.value}" here is not read: only VCL loaded from files (loadSource, loadFile) splices includes`);
    }
  }

  /** Whether `target` (resolved as `r`) is a header VCL may not modify; reported if so. */
  private protectedHeader(target: Identifier, r: IdentResolution | undefined): boolean {
    if (r?.kind !== 'header' || this.protectedWritableIn?.has(target.range.file)) return false;
    if (isProtected(r.header.header)) {
      this.error(target, 'protected-header', `${r.header.header} is a protected header: VCL cannot modify it`);
      return true;
    }
    return false;
  }

  private assignment(target: Identifier, operator: string, s: Extract<Statement, { kind: 'Set' | 'Add' }>): void {
    if (target.name.endsWith('*')) return this.error(target, 'unknown-variable', `"${target.name}" names many headers: only unset takes a wildcard`);
    if (this.unknownBackend(target, s.value)) return;
    const valueType = this.exprs.check(s.value, this.env);
    const r = this.exprs.resolveValue(target, this.env);
    if (this.protectedHeader(target, r)) return;
    if (!r) return this.error(target, 'unknown-variable', `unknown variable "${target.name}"`);
    this.info.idents.set(target, r);
    let targetType: TypeName;
    if (r.kind === 'local') targetType = r.type;
    else if (r.kind === 'header') {
      this.exprs.checkAccess(target, r.header.family.write, this.env, 'write');
      targetType = 'STRING';
    } else if (r.kind === 'variable') {
      // A test file may set what VCL only reads (client.ip) to prepare a request, where a setter exists.
      if (!(r.spec.set && this.protectedWritableIn?.has(target.range.file))) this.exprs.checkAccess(target, r.spec.write, this.env, 'write');
      targetType = r.spec.type;
    } else return this.error(target, 'read-only', `"${target.name}" is not a variable`);
    if (operator === 'add' && r.kind !== 'header') return this.error(target, 'type-mismatch', '"add" appends a header; use set for variables');
    if (valueType === 'VOID') return;
    if (operator === '+=' && targetType === 'STRING') return; // append converts the value
    if (operator === '&&=' || operator === '||=') {
      if (targetType !== 'BOOL') this.error(s, 'type-mismatch', `"${operator}" needs a BOOL variable, got ${targetType}`);
      return;
    }
    if (operator === '+=' || NUMERIC_ASSIGN.has(operator)) {
      const numeric = NUMERIC_TYPES.has(targetType);
      const ok = numeric && (targetType === 'TIME' ? valueType === 'RTIME' : assignable(valueType, targetType) || (targetType === 'FLOAT' && valueType === 'INTEGER'));
      if (!ok && numeric && secondsOperand(operator, targetType, valueType) && !NUMBER_LITERALS.has(s.value.kind)) return;
      if (!ok) this.error(s, 'type-mismatch', `cannot apply "${operator}" to ${targetType} with ${valueType}`);
      return;
    }
    if (targetType === 'REGEX' && this.regexLiteral(s.value)) return;
    // A literal that is no IP can never be one (falco's assign table); a STRING value is read at run time.
    if (targetType === 'IP' && s.value.kind === 'String' && parseIp(s.value.value) === null) return this.error(s.value, 'type-mismatch', `"${s.value.value}" is not an IP address`);
    if (!convertible(valueType, targetType, 'set')) this.error(s.value, 'type-mismatch', `cannot assign ${valueType} to ${target.name} (${targetType})`);
    else this.literalInto(s.value, targetType);
  }

  /** A number literal or a backend's name that `set` or `declare` does not convert (literal-rules.ts). */
  private literalInto(value: Expression, type: TypeName): void {
    const bare = bareConditionProblem(value, type);
    if (bare) return this.error(value, 'type-mismatch', bare);
    const backendName = value.kind === 'Identifier' && this.info.idents.get(value)?.kind === 'backend';
    const problem = literalProblem(value, type, backendName);
    if (problem) this.error(value, 'type-mismatch', problem);
  }

  /** `set var.re = "pattern";`: a REGEX takes a literal pattern, compiled now (falco's assign table). */
  private regexLiteral(value: Expression): boolean {
    if (value.kind !== 'String') return false;
    this.exprs.regexLiteral(value);
    return true;
  }

  /**
   * `set req.backend = origin;` where no backend or director `origin` is declared: say it is a backend that
   * is missing, not a variable. Often it is one the service configures outside VCL.
   */
  private unknownBackend(target: Identifier, value: Expression): boolean {
    if (value.kind !== 'Identifier' || value.name.includes('.') || this.exprs.resolveValue(value, this.env)) return false;
    const r = this.exprs.resolveValue(target, this.env);
    const type = r?.kind === 'variable' ? r.spec.type : r?.kind === 'local' ? r.type : undefined;
    if (type !== 'BACKEND') return false;
    this.error(value, 'unknown-backend', unknownBackendMessage(value.name));
    return true;
  }

  private unset(target: Identifier): void {
    const r = this.exprs.resolveValue(target, this.env);
    if (this.protectedHeader(target, r)) return;
    if (!r) return this.error(target, 'unknown-variable', `unknown variable "${target.name}"`);
    this.info.idents.set(target, r);
    if (r.kind === 'header') this.exprs.checkAccess(target, r.header.family.write, this.env, 'write');
    else if (r.kind === 'variable') {
      // Fastly allows `unset` on headers and on the few variables its table marks (fastly.error).
      if (r.spec.unset) this.exprs.checkAccess(target, r.spec.read, this.env, 'read');
      else this.error(target, 'read-only', `"${target.name}" cannot be unset (only headers and fastly.error can)`);
    }
  }

  private returnStatement(s: Extract<Statement, { kind: 'Return' }>): void {
    const typed = this.sub.returnType;
    if (s.value) {
      if (!typed && this.unknownState(s.value)) return;
      const t = this.exprs.check(s.value, this.env);
      if (!typed) this.error(s, 'return-state', `${this.sub.name.name} returns no value`);
      else if (t !== 'VOID' && !assignable(t, typed)) this.error(s.value, 'type-mismatch', `${this.sub.name.name} returns ${typed}, got ${t}`);
      return;
    }
    if (!s.state) {
      if (typed) this.error(s, 'return-state', `${this.sub.name.name} must return a ${typed} value`);
      // `return;` goes back to the caller: a lifecycle subroutine has none and must name a state.
      else if (this.builtin) this.error(s, 'return-state', `${this.sub.name.name} must return a state: return(…)`);
      return;
    }
    const state = s.state.name;
    if (typed) return this.error(s.state, 'return-state', `${this.sub.name.name} returns ${typed}, not a state`);
    for (const scope of this.env.scopes) {
      if ((SUB_RULES[scope].states as readonly string[]).includes(state)) continue;
      if (state === 'upgrade') {
        this.error(s.state, 'upgrade-outside-recv', `return(upgrade) is only allowed in vcl_recv, not vcl_${scope}`);
      } else {
        this.error(s.state, 'return-state', `return(${state}) is not allowed in vcl_${scope} (allowed: ${SUB_RULES[scope].states.join(', ')})`);
      }
      return;
    }
  }

  /** `return(purge);` (Varnish's): a word that is no state Fastly knows, reported as such, not as a variable. */
  private unknownState(value: Expression): boolean {
    if (value.kind !== 'Identifier' || value.name.includes('.') || this.exprs.resolveValue(value, this.env)) return false;
    const allowed = [...this.env.scopes].map((scope) => `vcl_${scope}: ${SUB_RULES[scope].states.join(', ')}`).join('; ');
    this.error(value, 'return-state', `return(${value.name}) is not a Fastly return state${allowed ? ` (${allowed})` : ''}`);
    return true;
  }

  /** `call f;` or `call f(args);` */
  private callStatement(s: Extract<Statement, { kind: 'Call' }>): void {
    const { name } = s;
    const args = s.args ?? [];
    const target = this.info.symbols.subs.get(name.name);
    if (!target) {
      for (const arg of args) this.exprs.check(arg, this.env);
      return this.error(name, 'unknown-subroutine', `unknown subroutine "${name.name}"`);
    }
    this.info.used.subs.add(name.name);
    const sub = target[0]!;
    if (sub.returnType) this.error(name, 'type-mismatch', `"${name.name}" returns ${sub.returnType}: use it in an expression, not with call`);
    if (scopeOfSub(name.name)) this.error(name, 'unknown-subroutine', `"${name.name}" is a built-in subroutine and cannot be called`);
    this.exprs.subArguments(name.name, sub, args, s, this.env);
  }
}

export { SCOPES };
