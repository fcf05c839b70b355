// Compiling checked expressions into closures. Every name, type and regex was resolved by the
// checker, so a closure does no lookup, no type test and no regex compilation per request.
import type { Expression, StringLiteral, TypeName } from '../ast/ast.js';
import type { RequestContext } from '../values/context.js';
import type { ParamType } from '../builtins/functions/types.js';
import type { TypedValue } from '../values/function-context.js';
import { NULL_TEXT, toVclString, truthy, type Value } from '../values/values.js';
import { concatBytes } from '../values/bytes.js';
import { expressionType } from '../check/result-types.js';
import type { CompileEnv } from './env.js';
import { readHeader } from './headers.js';
import { compileRegex } from '../values/regex.js';
import { parseHttpTime } from '../builtins/functions/time.js';

export type Eval = (ctx: RequestContext) => Value;
export type StringEval = (ctx: RequestContext) => string | null;
export type BoolEval = (ctx: RequestContext) => boolean;

/** How a not-set part renders inside a concatenation: "(null)" for headers and logs, "" for locals. */
export type NullMode = typeof NULL_TEXT | '';

export function typeOf(env: CompileEnv, expr: Expression): TypeName {
  return expressionType(expr, env.info);
}

export function compileExpression(env: CompileEnv, expr: Expression): Eval {
  switch (expr.kind) {
    case 'String': {
      const v = expr.value;
      return () => v;
    }
    case 'Integer':
    case 'Float':
    case 'Bool': {
      const v = expr.value;
      return () => v;
    }
    case 'RTime': {
      const v = expr.milliseconds;
      return () => v;
    }
    case 'Group':
      return compileExpression(env, expr.expression);
    case 'Identifier':
      return compileIdentifier(env, expr);
    case 'Unary': {
      if (expr.operator === '!') {
        const inner = compileCondition(env, expr.operand);
        return (ctx) => !inner(ctx);
      }
      const inner = compileExpression(env, expr.operand);
      return (ctx) => -(inner(ctx) as number);
    }
    case 'Binary':
      return compileBinary(env, expr);
    case 'CallExpr':
      return compileCall(env, expr);
  }
}

function compileIdentifier(env: CompileEnv, id: Extract<Expression, { kind: 'Identifier' }>): Eval {
  const r = env.info.idents.get(id);
  if (!r) throw new Error(`internal: identifier ${id.name} was not resolved`);
  switch (r.kind) {
    case 'local': {
      const slot = r.slot;
      return (ctx) => ctx.frame[slot] as Value;
    }
    case 'variable': {
      const get = r.spec.get;
      return get;
    }
    case 'header':
      return readHeader(r.header);
    case 'backend':
    case 'acl':
    case 'table':
    case 'word': {
      const name = r.name;
      return () => name;
    }
  }
}

/** A condition: BOOL as is; a STRING or IP is true iff set. */
export function compileCondition(env: CompileEnv, expr: Expression): BoolEval {
  const type = typeOf(env, expr);
  const inner = compileExpression(env, expr);
  if (type === 'BOOL') return inner as BoolEval;
  return (ctx) => truthy(type, inner(ctx));
}

/** Flatten `a + b c` into its parts, so a concatenation is one loop. */
function concatParts(env: CompileEnv, expr: Expression, out: Expression[]): Expression[] {
  if (expr.kind === 'Binary' && (expr.operator === 'concat' || expr.operator === '+') && typeOf(env, expr) === 'STRING') {
    concatParts(env, expr.left, out);
    concatParts(env, expr.right, out);
  } else if (expr.kind === 'Group' && typeOf(env, expr.expression) === 'STRING') {
    concatParts(env, expr.expression, out);
  } else out.push(expr);
  return out;
}

/**
 * An expression as STRING. A lone not-set value stays null (so `set req.http.X = req.http.Y` copies
 * "not set"); inside a concatenation it renders per `nullMode`, and a concatenation of nothing but
 * not-set parts is itself not set (Fastly/falco behaviour).
 */
export function compileString(env: CompileEnv, expr: Expression, nullMode: NullMode = NULL_TEXT): StringEval {
  const parts = concatParts(env, expr, []);
  if (parts.length === 1) return compileStringPart(env, parts[0]!);
  const evals = parts.map((p) => compileStringPart(env, p));
  return (ctx) => {
    let out = '';
    let anySet = false;
    for (let i = 0; i < evals.length; i++) {
      const s = evals[i]!(ctx);
      if (s === null) out += nullMode;
      else {
        out = concatBytes(out, s); // escaped bytes meeting at a seam may form a character
        anySet = true;
      }
    }
    return anySet ? out : null;
  };
}

function compileStringPart(env: CompileEnv, expr: Expression): StringEval {
  const type = typeOf(env, expr);
  const inner = compileExpression(env, expr);
  if (type === 'STRING' || type === 'IP' || type === 'BACKEND' || type === 'ID') return inner as StringEval;
  return (ctx) => toVclString(type, inner(ctx));
}

function compileBinary(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): Eval {
  const op = expr.operator;
  switch (op) {
    case '&&': {
      const l = compileCondition(env, expr.left);
      const r = compileCondition(env, expr.right);
      return (ctx) => l(ctx) && r(ctx);
    }
    case '||': {
      const l = compileCondition(env, expr.left);
      const r = compileCondition(env, expr.right);
      return (ctx) => l(ctx) || r(ctx);
    }
    case '~':
    case '!~': {
      const m = compileMatch(env, expr);
      return op === '~' ? m : (ctx) => !m(ctx);
    }
    case '==':
    case '!=': {
      const eq = compileEquality(env, expr);
      return op === '==' ? eq : (ctx) => !eq(ctx);
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const l = compileExpression(env, expr.left) as (c: RequestContext) => number;
      const r = compileExpression(env, expr.right) as (c: RequestContext) => number;
      if (op === '<') return (ctx) => l(ctx) < r(ctx);
      if (op === '>') return (ctx) => l(ctx) > r(ctx);
      if (op === '<=') return (ctx) => l(ctx) <= r(ctx);
      return (ctx) => l(ctx) >= r(ctx);
    }
    case '+':
    case 'concat': {
      const type = typeOf(env, expr);
      if (type === 'TIME' || type === 'RTIME') {
        const l = compileExpression(env, expr.left) as (c: RequestContext) => number;
        const r = compileExpression(env, expr.right) as (c: RequestContext) => number;
        return (ctx) => l(ctx) + r(ctx);
      }
      return compileString(env, expr);
    }
  }
}

function compileEquality(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): BoolEval {
  const lt = typeOf(env, expr.left);
  const rt = typeOf(env, expr.right);
  if (lt === rt || (lt !== 'STRING' && rt !== 'STRING')) {
    const l = compileExpression(env, expr.left);
    const r = compileExpression(env, expr.right);
    return (ctx) => l(ctx) === r(ctx);
  }
  // One side is a STRING: compare as strings (`req.restarts == "0"`).
  const l = compileString(env, expr.left);
  const r = compileString(env, expr.right);
  return (ctx) => l(ctx) === r(ctx);
}

function compileMatch(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): BoolEval {
  const right = expr.right;
  const resolved = right.kind === 'Identifier' ? env.info.idents.get(right) : undefined;
  if (resolved?.kind === 'acl') {
    const acl = env.acls.get(resolved.name)!;
    const ip = compileString(env, expr.left);
    return (ctx) => acl.match(ip(ctx));
  }
  if (right.kind !== 'String') return compileValueMatch(env, expr);
  const regex = env.info.regexes.get(right);
  if (!regex) throw new Error('internal: regex was not compiled');
  const subject = compileString(env, expr.left);
  return (ctx) => {
    // A not-set subject matches as "" (so `!beresp.http.X ~ "re"` holds when X is absent).
    const groups = regex.exec(subject(ctx) ?? '', ctx); // a match that gives up sets fastly.error
    if (groups === null) return false;
    ctx.reGroups = groups;
    return true;
  };
}

/**
 * A REGEX or ACL value on the right of `~` (a REGEX local, table.lookup_regex, table.lookup_acl). A REGEX
 * value is its pattern, which the checker compiled when it read the table (compileRegex keeps it); an ACL
 * value is the ACL's name. Anything else (a never-set REGEX local, an absent key) matches nothing.
 */
function compileValueMatch(env: CompileEnv, expr: Extract<Expression, { kind: 'Binary' }>): BoolEval {
  const value = compileExpression(env, expr.right);
  if (typeOf(env, expr.right) === 'ACL') {
    const ip = compileString(env, expr.left);
    return (ctx) => {
      const name = value(ctx);
      const acl = typeof name === 'string' ? env.acls.get(name) : undefined;
      return acl !== undefined && acl.match(ip(ctx));
    };
  }
  const subject = compileString(env, expr.left);
  return (ctx) => {
    const pattern = value(ctx);
    if (typeof pattern !== 'string') return false;
    const groups = compileRegex(pattern).exec(subject(ctx) ?? '', ctx); // a step-limit overrun sets fastly.error
    if (groups === null) return false;
    ctx.reGroups = groups;
    return true;
  };
}

/** Prepare one argument per the function's parameter kind; constants are computed once. */
function compileArgument(env: CompileEnv, arg: Expression, param: ParamType): (ctx: RequestContext) => unknown {
  const r = arg.kind === 'Identifier' ? env.info.idents.get(arg) : undefined;
  switch (param) {
    case 'ID':
    case 'RATECOUNTER':
    case 'PENALTYBOX': {
      const word = (arg as { name: string }).name;
      return () => word;
    }
    case 'HEADER': {
      if (r?.kind !== 'header') throw new Error('internal: HEADER argument not resolved');
      const ref = { scope: r.header.family.scope, name: r.header.header };
      return () => ref;
    }
    case 'TABLE': {
      const table = env.tables.get((arg as { name: string }).name)!;
      return () => table;
    }
    case 'ACL': {
      const acl = env.acls.get((arg as { name: string }).name)!;
      return () => acl;
    }
    case 'REGEX': {
      const regex = env.info.regexes.get(arg as StringLiteral)!;
      return () => regex;
    }
    case 'ANY': {
      const type = typeOf(env, arg);
      const inner = compileExpression(env, arg);
      return (ctx): TypedValue => ({ type, value: inner(ctx) });
    }
    case 'STRING':
      return compileString(env, arg);
    case 'BOOL':
      return compileCondition(env, arg);
    case 'TIME':
    case 'RTIME':
      return compileConverted(env, arg, param);
    default:
      return compileExpression(env, arg);
  }
}

/**
 * An expression as a value of type `to`, with the conversions the checker allowed (check/expressions.ts
 * `convertible`): INTEGER seconds to RTIME, a STRING date to TIME; TIME and RTIME are both milliseconds.
 */
export function compileConverted(env: CompileEnv, expr: Expression, to: TypeName | undefined): Eval {
  const value = compileExpression(env, expr);
  const from = to === 'RTIME' || to === 'TIME' ? typeOf(env, expr) : to;
  if (to === 'RTIME' && from === 'INTEGER') return (ctx) => (value(ctx) as number) * 1000;
  if (to === 'TIME' && from === 'STRING') {
    return (ctx) => {
      const text = value(ctx);
      return typeof text === 'string' ? (parseHttpTime(text) ?? 0) : 0;
    };
  }
  return value;
}

/** A custom subroutine's arguments, each converted to its parameter's type (a STRING parameter gets text). */
export function compileSubArguments(env: CompileEnv, name: string, args: readonly Expression[]): Eval[] {
  const params = env.info.symbols.subs.get(name)?.[0]?.parameters ?? [];
  return args.map((a, i) => (params[i]?.type === 'STRING' ? compileString(env, a) : compileConverted(env, a, params[i]?.type)));
}

function compileCall(env: CompileEnv, expr: Extract<Expression, { kind: 'CallExpr' }>): Eval {
  const call = env.info.calls.get(expr.callee);
  if (!call) throw new Error(`internal: call ${expr.callee.name} was not resolved`);
  if (call.kind === 'sub') {
    const args = compileSubArguments(env, call.name, expr.args);
    const name = call.name;
    return (ctx) => env.callTypedSub(name, ctx, args.map((a) => a(ctx)));
  }
  const { spec } = call;
  const args = expr.args.map((a, i) => compileArgument(env, a, spec.params[i] ?? spec.rest ?? 'ANY'));
  if (spec.callSite) {
    const site = expr.range;
    args.unshift(() => site);
  }
  const impl = spec.impl;
  switch (args.length) {
    case 0:
      return (ctx) => impl(ctx);
    case 1: {
      const [a] = args as [Eval];
      return (ctx) => impl(ctx, a(ctx));
    }
    case 2: {
      const [a, b] = args as [Eval, Eval];
      return (ctx) => impl(ctx, a(ctx), b(ctx));
    }
    case 3: {
      const [a, b, c] = args as [Eval, Eval, Eval];
      return (ctx) => impl(ctx, a(ctx), b(ctx), c(ctx));
    }
    default:
      return (ctx) => impl(ctx, ...args.map((a) => (a as Eval)(ctx)));
  }
}
