// Evaluating an HCL expression (hcl.ts) to plain data: strings, numbers, booleans, null, lists and objects.
// Names are looked up in a Scope (Terraform's var, local, path, each…, given by terraform-hcl.ts) and
// functions called through it. What cannot be evaluated here throws Unevaluable with the reason and the
// place, and the caller skips what needed it: never a guessed value.
import type { Expr } from './hcl.js';
import { isPlainObject } from './keys.js';

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Why an expression has no value here; `at` is the offset of the part that has none. */
export class Unevaluable extends Error {
  /** `file:line:col` of `at`, once known (set where the file is known: a local may be used from another file). */
  place: string | undefined;

  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Scope {
  /** The value of a root name (`var`, `local`, `each`, a for variable…); throws Unevaluable when unknown. */
  variable(name: string, at: Expr): Value;
  /** Call a function with evaluated arguments. */
  call(name: string, args: Value[], at: Expr): Value;
}

/** On an object of names (var, local…): how to say that one is missing, for a clearer message. */
export const MISSING = Symbol('missing name message');

/** A scope with `names` bound over `outer` (a for expression's variables). */
export function bind(outer: Scope, names: Record<string, Value>): Scope {
  return { variable: (name, at) => (Object.hasOwn(names, name) ? names[name]! : outer.variable(name, at)), call: (name, args, at) => outer.call(name, args, at) };
}

const describe = (v: Value): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

export function evaluate(expr: Expr, scope: Scope): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return bounded(expr, () => template(expr, scope));
    case 'tuple':
      return bounded(expr, () => expr.items.map((item) => evaluate(item, scope)));
    case 'object':
      return bounded(expr, () => {
        const out: Record<string, Value> = {};
        for (const { key, value } of expr.items) setOwn(out, asString(evaluate(key, scope), key), evaluate(value, scope));
        return out;
      });
    case 'variable':
      return scope.variable(expr.name, expr);
    case 'attr':
      return attribute(evaluate(expr.target, scope), expr.name, expr);
    case 'index':
      return index(evaluate(expr.target, scope), evaluate(expr.key, scope), expr);
    case 'splat': {
      const target = evaluate(expr.target, scope);
      const items = target === null ? [] : Array.isArray(target) ? target : [target];
      return items.map((item) => expr.names.reduce((v, name) => attribute(v, name, expr), item));
    }
    case 'call':
      return bounded(expr, () => call(expr, scope));
    case 'for':
      return bounded(expr, () => forExpression(expr, scope));
    case 'unary': {
      const v = evaluate(expr.operand, scope);
      return expr.op === '!' ? !asBool(v, expr.operand) : -asNumber(v, expr.operand);
    }
    case 'binary':
      return binary(expr, scope);
    case 'conditional':
      return asBool(evaluate(expr.cond, scope), expr.cond) ? evaluate(expr.then, scope) : evaluate(expr.else, scope);
  }
}

// What one value may hold. A few lines can double a value again and again (`b = concat(local.a, local.a)`,
// `c = concat(local.b, local.b)`, or a list holding one twice, which jsonencode() writes out twice): past
// these it is Unevaluable, before it takes all memory. Real values are far smaller (a VCL file, a few backends).
const MAX_ELEMENTS = 1_000_000;
const MAX_CHARACTERS = 64 * 1024 * 1024;

/** The value `compute` gives for `expr`, refused when it is too large (or too large for the engine to build). */
function bounded(expr: Expr, compute: () => Value): Value {
  let value: Value;
  try {
    value = compute();
  } catch (e) {
    if (e instanceof RangeError) throw new Unevaluable(expr.start, `the value is too large to evaluate (${e.message})`);
    throw e;
  }
  if (!withinBounds(value)) throw new Unevaluable(expr.start, `the value holds more than ${MAX_ELEMENTS} elements or ${MAX_CHARACTERS} characters`);
  return value;
}

/** Whether `root`, written out in full (a list held twice counts twice), stays within the bounds: a walk that stops at them. */
function withinBounds(root: Value): boolean {
  let elements = 0;
  let characters = 0;
  const pending: Value[] = [root];
  while (pending.length > 0) {
    const v = pending.pop()!;
    if (typeof v === 'string') characters += v.length;
    else if (Array.isArray(v)) {
      elements += v.length;
      if (elements <= MAX_ELEMENTS) for (const item of v) pending.push(item);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      elements += keys.length;
      for (const k of keys) characters += k.length;
      if (elements <= MAX_ELEMENTS) for (const k of keys) pending.push(v[k]!);
    }
    if (elements > MAX_ELEMENTS || characters > MAX_CHARACTERS) return false;
  }
  return true;
}

function template(expr: Extract<Expr, { kind: 'template' }>, scope: Scope): Value {
  if (expr.directive) throw new Unevaluable(expr.start, 'template directives (%{ if }, %{ for }) are not evaluated here');
  // A template that is one interpolation is that value, of whatever type (HCL's rule).
  if (expr.parts.length === 1 && typeof expr.parts[0] !== 'string') return evaluate(expr.parts[0]!, scope);
  return expr.parts.map((part) => (typeof part === 'string' ? part : asString(evaluate(part, scope), part))).join('');
}

function attribute(target: Value, name: string, at: Expr): Value {
  if (isPlainObject(target)) {
    if (!Object.hasOwn(target, name)) {
      const missing = (target as { [MISSING]?: (name: string) => string })[MISSING];
      throw new Unevaluable(at.end - name.length, missing ? missing(name) : `no attribute "${name}" here (it has ${Object.keys(target).join(', ') || 'none'})`);
    }
    return target[name]!;
  }
  throw new Unevaluable(at.start, `"${name}" of ${describe(target)}`);
}

function index(target: Value, key: Value, at: Expr): Value {
  if (Array.isArray(target)) {
    const i = asNumber(key, at);
    if (!Number.isInteger(i) || i < 0 || i >= target.length) throw new Unevaluable(at.start, `index ${i} is outside the list (${target.length} elements)`);
    return target[i]!;
  }
  return attribute(target, asString(key, at), at);
}

function call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
  // try() and can() look at whether their arguments evaluate, so they take them unevaluated.
  if (expr.name === 'try' || expr.name === 'can') {
    for (const arg of expr.args) {
      try {
        const v = evaluate(arg, scope);
        return expr.name === 'can' ? true : v;
      } catch (e) {
        if (!(e instanceof Unevaluable)) throw e;
      }
    }
    if (expr.name === 'can') return false;
    throw new Unevaluable(expr.start, 'no argument of try() could be evaluated');
  }
  const args = expr.args.map((a) => evaluate(a, scope));
  if (expr.expand) {
    const last = args.pop();
    if (!Array.isArray(last)) throw new Unevaluable(expr.args[expr.args.length - 1]!.start, `"..." expands a list, not ${describe(last ?? null)}`);
    args.push(...last);
  }
  return scope.call(expr.name, args, expr);
}

/** A for expression's elements, in Terraform's order: a list's in order, an object's by key. */
function elements(collection: Value, at: Expr): [Value, Value][] {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  if (isPlainObject(collection)) return Object.keys(collection).sort().map((k) => [k, collection[k]!]);
  throw new Unevaluable(at.start, `a for expression goes over a list or an object, not ${describe(collection)}`);
}

function forExpression(expr: Extract<Expr, { kind: 'for' }>, scope: Scope): Value {
  const list: Value[] = [];
  const object: Record<string, Value> = {};
  for (const [k, v] of elements(evaluate(expr.collection, scope), expr.collection)) {
    const inner = bind(scope, expr.keyVar === null ? { [expr.valueVar]: v } : { [expr.keyVar]: k, [expr.valueVar]: v });
    if (expr.cond && !asBool(evaluate(expr.cond, inner), expr.cond)) continue;
    const value = evaluate(expr.value, inner);
    if (expr.key === null) {
      list.push(value);
      continue;
    }
    const key = asString(evaluate(expr.key, inner), expr.key);
    const taken = Object.hasOwn(object, key);
    if (expr.group) (taken ? (object[key] as Value[]) : (setOwn(object, key, []) as Value[])).push(value);
    else if (taken) throw new Unevaluable(expr.key.start, `two elements have the key "${key}" (add "..." to group them)`);
    else setOwn(object, key, value);
  }
  return expr.key === null ? list : object;
}

/** `object[key] = value` as an own key whatever its name: `__proto__` or `constructor` is a key like any other. */
function setOwn(object: Record<string, Value>, key: string, value: Value): Value {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

function binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Value {
  const left = evaluate(expr.left, scope);
  if (expr.op === '&&' && !asBool(left, expr.left)) return false;
  if (expr.op === '||' && asBool(left, expr.left)) return true;
  const right = evaluate(expr.right, scope);
  switch (expr.op) {
    case '&&':
    case '||':
      return asBool(right, expr.right);
    case '==':
      return JSON.stringify(left) === JSON.stringify(right);
    case '!=':
      return JSON.stringify(left) !== JSON.stringify(right);
  }
  const [a, b] = [asNumber(left, expr.left), asNumber(right, expr.right)];
  switch (expr.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}

/** Terraform's conversions of a primitive to a string, a number, a bool. */
export function asString(v: Value, at: Expr): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Unevaluable(at.start, `expected a string, got ${describe(v)}`);
}

export function asNumber(v: Value, at: Expr): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new Unevaluable(at.start, `expected a number, got ${describe(v)}`);
}

export function asBool(v: Value, at: Expr): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Unevaluable(at.start, `expected true or false, got ${describe(v)}`);
}
