// The closures that call a built-in function, or a custom subroutine used as a value, with its arguments'
// values. Each is made by a function given only the implementation and the argument closures (see
// expressions.ts), one per count of arguments, so a call's closure keeps nothing else.
import type { FunctionSpec } from '../builtins/functions/types.js';
import type { RequestContext } from '../values/context.js';
import type { Value } from '../values/values.js';

/** An argument as a function receives it (a value, a table, a compiled regex, a header reference…). */
export type ArgumentEval = (ctx: RequestContext) => unknown;
type Impl = FunctionSpec['impl'];
type Eval = (ctx: RequestContext) => Value;

/** A call of a built-in function's implementation with its arguments' values. */
export function functionCall(impl: Impl, args: readonly ArgumentEval[]): Eval {
  return args.length <= 3 ? fewArgumentsCall(impl, args.length, args[0], args[1], args[2]) : callMany(impl, args);
}

/** As functionCall, for up to three arguments given one by one (`count` of them), with no array to make. */
export function fewArgumentsCall(impl: Impl, count: number, a?: ArgumentEval, b?: ArgumentEval, c?: ArgumentEval): Eval {
  switch (count) {
    case 0:
      return call0(impl);
    case 1:
      return call1(impl, a!);
    case 2:
      return call2(impl, a!, b!);
    default:
      return call3(impl, a!, b!, c!);
  }
}

function call0(impl: Impl): Eval {
  return (ctx) => impl(ctx);
}

function call1(impl: Impl, a: ArgumentEval): Eval {
  return (ctx) => impl(ctx, a(ctx));
}

function call2(impl: Impl, a: ArgumentEval, b: ArgumentEval): Eval {
  return (ctx) => impl(ctx, a(ctx), b(ctx));
}

function call3(impl: Impl, a: ArgumentEval, b: ArgumentEval, c: ArgumentEval): Eval {
  return (ctx) => impl(ctx, a(ctx), b(ctx), c(ctx));
}

function callMany(impl: Impl, args: readonly ArgumentEval[]): Eval {
  return (ctx) => impl(ctx, ...args.map((a) => a(ctx)));
}

/** A typed or parameterised custom subroutine called in an expression (`callTypedSub` runs it). */
export function typedSubCall(callTypedSub: (name: string, ctx: RequestContext, args: Value[]) => Value, name: string, args: readonly Eval[]): Eval {
  return (ctx) => callTypedSub(name, ctx, args.map((a) => a(ctx)));
}
