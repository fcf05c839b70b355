// Checking calls: built-in functions (their subroutines, argument count and kinds, load-time argument
// checks) and subroutines called with arguments. The base of ExpressionChecker, which types the rest.
import type { CallExpression, Expression, Identifier, SubDeclaration, TypeName } from '../ast/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Scope } from '../values/context.js';
import type { ArgumentFacts, FunctionSpec, ParamType } from '../builtins/functions/types.js';
import { resolveVariable, type VariableSpec } from '../builtins/variables.js';
import type { CheckInfo, IdentResolution } from './info.js';
import { callType } from './result-types.js';
import { SharedResolutions } from './shared-resolutions.js';
import { convertible } from './conversions.js';
import { diagnosticAt } from '../ast/diagnostic-at.js';
import type { CoreRuleId } from '../rule-ids.js';
import type { SubEnv } from './sub-env.js';

/** The whole-collection variables std.count counts: req.headers, resp.headers, … */
const HEADER_COLLECTION = /^(?:req|bereq|beresp|resp|obj)\.headers$/;

/** How messages name an argument (built only for a message: this runs for every argument). */
function argumentName(fn: string, index: number): string {
  return `argument ${index + 1} of ${fn}`;
}

export abstract class CallChecks {
  constructor(
    protected readonly info: CheckInfo,
    protected readonly diagnostics: Diagnostic[],
    protected readonly functions: ReadonlyMap<string, FunctionSpec>,
    protected readonly extraVariables?: ReadonlyMap<string, VariableSpec>,
    /** Store every expression's type (a test compares them with what the compiler works out). */
    protected readonly recordTypes = false,
  ) {}

  /** Resolutions shared by every use of the same function, sub or name: facts on the nodes stay small. */
  protected readonly shared = new SharedResolutions();

  /**
   * The type the context gives a node (a regex literal, a bare word, an ACL name), stored only when every
   * type is: result-types.ts works it out from what the node resolves to, and a fact stored costs memory.
   */
  protected contextType(node: Expression, type: TypeName): void {
    if (this.recordTypes) this.info.types.set(node, type);
  }

  error(node: { range: Expression['range'] }, rule: CoreRuleId, message: string): void {
    this.diagnostics.push(diagnosticAt(node.range, 'error', rule, message));
  }

  abstract check(expr: Expression, env: SubEnv): TypeName;
  abstract identifier(id: Identifier, env: SubEnv): TypeName;
  abstract resolveValue(id: Identifier, env: SubEnv): IdentResolution | undefined;
  abstract checkAccess(id: Identifier, allowed: readonly string[], env: SubEnv, what: 'read' | 'write'): boolean;
  abstract notAsString(value: Expression, rule?: CoreRuleId): void;
  abstract compileRegexLiteral(lit: Extract<Expression, { kind: 'String' }>): void;
  abstract checkCondition(expr: Expression, env: SubEnv): void;

  /** Report a function called in a subroutine where Fastly does not allow it. */
  private checkFunctionScope(expr: CallExpression, allowed: readonly Scope[], env: SubEnv): void {
    let bad: Scope | undefined;
    for (const scope of env.scopes) {
      if (!allowed.includes(scope)) {
        bad = scope;
        break;
      }
    }
    if (bad === undefined) return;
    const where = allowed.map((s) => `vcl_${s}`).join(', ');
    this.error(expr.callee, 'function-scope', `${expr.callee.name}() cannot be called in vcl_${bad} (available in ${where})`);
  }

  call(expr: CallExpression, env: SubEnv): TypeName {
    const name = expr.callee.name;
    const spec = this.functions.get(name);
    if (spec) {
      const resolution = this.shared.function(spec);
      this.info.calls.set(expr, resolution);
      if (spec.scopes) this.checkFunctionScope(expr, spec.scopes, env);
      this.arguments(expr, spec, env);
      if (spec.checkArgs) this.checkArgs(expr, spec.checkArgs);
      return callType(resolution, this.info);
    }
    const subs = this.info.symbols.subs.get(name);
    if (subs) {
      const sub = subs[0]!;
      const resolution = this.shared.sub(name);
      this.info.calls.set(expr, resolution);
      this.info.used.subs.add(name);
      this.subArguments(name, sub, expr.args, expr, env);
      return callType(resolution, this.info);
    }
    this.error(expr.callee, 'unknown-function', `unknown function "${name}"`);
    for (const arg of expr.args) this.check(arg, env);
    return 'VOID';
  }

  /** The arguments of a custom subroutine call (`f(a, b)` or `call f(a, b);`), against its parameters. */
  subArguments(name: string, sub: SubDeclaration, args: readonly Expression[], at: { range: Expression['range'] }, env: SubEnv): void {
    if (args.length !== sub.parameters.length) {
      this.error(at, 'argument-count', `${name} takes ${sub.parameters.length} argument(s), got ${args.length}`);
    }
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const t = this.check(arg, env);
      const want = sub.parameters[i]?.type;
      if (want && t !== 'VOID' && !convertible(t, want, 'argument')) this.error(arg, 'argument-type', `${argumentName(name, i)} must be ${want}, got ${t}`);
    }
  }

  private arguments(expr: CallExpression, spec: FunctionSpec, env: SubEnv): void {
    const min = spec.params.length - (spec.optional ?? 0);
    const max = spec.rest ? Infinity : spec.params.length;
    if (expr.args.length < min || expr.args.length > max) {
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.error(expr, 'argument-count', `${spec.name} takes ${want} argument(s), got ${expr.args.length}`);
    }
    for (let i = 0; i < expr.args.length; i++) {
      const arg = expr.args[i]!;
      const param = spec.params[i] ?? spec.rest;
      if (param) this.argument(arg, param, spec.name, i, env);
      else this.check(arg, env);
      if (param === 'ID') this.word(arg, spec, i);
    }
  }

  /** A bare-word argument the function accepts only from a fixed set (`crypto.encrypt_hex(aes256, cbc, …)`). */
  private word(arg: Expression, spec: FunctionSpec, index: number): void {
    const words = spec.words?.[index];
    if (!words || arg.kind !== 'Identifier' || words.includes(arg.name)) return;
    this.error(arg, 'argument-type', `${argumentName(spec.name, index)} must be one of ${words.join(', ')}, got ${arg.name}`);
  }

  private argument(arg: Expression, param: ParamType, fn: string, index: number, env: SubEnv): void {
    switch (param) {
      case 'ID':
        if (arg.kind === 'Identifier') {
          this.info.idents.set(arg, this.shared.named('word', arg.name));
          this.contextType(arg, 'ID');
        } else this.error(arg, 'argument-type', `${argumentName(fn, index)} must be a bare word such as req or resp`);
        return;
      case 'COLLECTION':
      case 'HEADER': {
        // A whole collection (std.count(req.headers)) where one is taken; else a single header.
        if (param === 'COLLECTION' && arg.kind === 'Identifier' && HEADER_COLLECTION.test(arg.name) && this.identifier(arg, env) === 'ID') return;
        const r = arg.kind === 'Identifier' ? resolveVariable(arg.name) : undefined;
        if (arg.kind === 'Identifier' && r?.kind === 'header') {
          this.info.idents.set(arg, { kind: 'header', header: r.header });
          this.contextType(arg, 'STRING');
          this.checkAccess(arg, r.header.family.read, env, 'read');
        } else this.error(arg, 'argument-type', `${argumentName(fn, index)} must be a header such as req.http.Cookie`);
        return;
      }
      case 'TABLE':
        return this.named(arg, 'table', this.info.symbols.tables, this.info.used.tables, fn, index);
      case 'ACL':
        return this.named(arg, 'acl', this.info.symbols.acls, this.info.used.acls, fn, index);
      case 'RATECOUNTER':
      case 'PENALTYBOX':
        return this.rateLimitName(arg, param, fn, index);
      case 'REGEX':
        if (arg.kind === 'String') {
          this.contextType(arg, 'REGEX');
          this.compileRegexLiteral(arg);
        } else this.error(arg, 'argument-type', `${argumentName(fn, index)} must be a regex literal`);
        return;
      case 'ANY':
        // A bare word that names nothing is kept as a word (assert.state(upgrade)).
        if (arg.kind === 'Identifier' && !this.resolveValue(arg, env)) {
          this.info.idents.set(arg, this.shared.named('word', arg.name));
          this.contextType(arg, 'ID');
          return;
        }
        this.check(arg, env);
        return;
      case 'BOOL':
        // A condition: `if(req.http.X, "present", "absent")` tests whether X is set.
        this.checkCondition(arg, env);
        return;
      default: {
        const t = this.check(arg, env);
        if (t !== 'VOID' && !convertible(t, param, 'argument')) this.error(arg, 'argument-type', `${argumentName(fn, index)} must be ${param}, got ${t}`);
        else if (param === 'STRING') this.notAsString(arg, 'argument-type');
      }
    }
  }

  /** A function's own load-time checks (FunctionSpec.checkArgs), given what is known of each argument. */
  private checkArgs(expr: CallExpression, check: NonNullable<FunctionSpec['checkArgs']>): void {
    const facts = expr.args.map((arg): ArgumentFacts => {
      if (arg.kind === 'String' || arg.kind === 'Integer' || arg.kind === 'Float' || arg.kind === 'Bool') return { literal: arg.value };
      const table = arg.kind === 'Identifier' ? this.info.symbols.tables.get(arg.name) : undefined;
      return table ? { tableType: table.valueType ?? 'STRING' } : {};
    });
    const fault = check(facts);
    if (fault) this.error(expr.args[fault.index] ?? expr, 'argument-type', `${argumentName(expr.callee.name, fault.index)}: ${fault.message}`);
  }

  /** An argument that must name a declared ratecounter or penaltybox. */
  private rateLimitName(arg: Expression, param: 'RATECOUNTER' | 'PENALTYBOX', fn: string, index: number): void {
    const what = param === 'RATECOUNTER' ? 'ratecounter' : 'penaltybox';
    const declared = param === 'RATECOUNTER' ? this.info.symbols.ratecounters : this.info.symbols.penaltyboxes;
    if (arg.kind === 'Identifier' && declared.has(arg.name)) {
      this.info.idents.set(arg, this.shared.named('word', arg.name));
      this.contextType(arg, 'ID');
    } else this.error(arg, `unknown-${what}`, `${argumentName(fn, index)} must name a declared ${what}`);
  }

  /** An argument that must name a declared ACL or table. */
  private named(arg: Expression, kind: 'acl' | 'table', declared: ReadonlyMap<string, unknown>, used: Set<string>, fn: string, index: number): void {
    if (arg.kind === 'Identifier' && declared.has(arg.name)) {
      this.info.idents.set(arg, this.shared.named(kind, arg.name));
      this.contextType(arg, kind === 'acl' ? 'ACL' : 'ID');
      used.add(arg.name);
    } else this.error(arg, `unknown-${kind}`, unknownNamed(arg, kind, `${argumentName(fn, index)}`));
  }
}

/**
 * Fastly declares a service's edge dictionaries and ACLs in the VCL it generates, so custom VCL often uses
 * one it never declares: say where vcl-edge can be told of it.
 */
function unknownNamed(arg: Expression, kind: 'acl' | 'table', argument: string): string {
  const what = kind === 'acl' ? 'ACL' : 'table';
  const config = kind === 'acl' ? '"acls"' : '"dictionaries"';
  const name = arg.kind === 'Identifier' ? `unknown ${what} "${arg.name}": ` : '';
  return `${name}${argument} must name a declared ${what} (one the service configures outside VCL can be declared in .vcl-edge.json ${config})`;
}
