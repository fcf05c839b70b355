// A string concatenation (`"S" time.start.sec "." time.start.usec_frac`) as one closure. What does not
// depend on the request is done once, here: adjacent constant parts are joined, and each seam where no
// escaped byte can meet another (a constant's own end or start is not one) is a plain `+`, not the
// check concatBytes makes. A constant part also means the result is always set.
import { concatBytes, isEscapedByte } from '../values/bytes.js';
import type { CompileEnv } from './env.js';
import { constant } from './constants.js';
import type { StringEval } from './evals.js';

/** The parts, adjacent constants joined and empty ones dropped: a constant's text, or null (runs per request). */
interface Parts {
  evals: StringEval[];
  texts: (string | null)[];
  /** Whether some part is a constant: one that is set makes the whole set. */
  hasConstant: boolean;
}

/**
 * `evals` joined per request: a not-set part renders as `nullMode`, and the result is not set only when
 * every part is (Fastly/falco behaviour). At least two parts, not all of them constant.
 */
export function concatenation(env: CompileEnv, evals: readonly StringEval[], nullMode: string): StringEval {
  const { evals: parts, texts, hasConstant } = joinConstants(env, evals);
  if (parts.length === 1) return hasConstant ? orText(parts[0]!, nullMode) : parts[0]!;
  if (parts.length === 2 && texts[1] !== null && !startsEscaped(texts[1]!)) return thenText(parts[0]!, texts[1]!, nullMode);
  if (parts.length === 2 && texts[0] !== null && !endsEscaped(texts[0]!)) return textThen(texts[0]!, parts[1]!, nullMode);
  // Bit i: the seam before part i needs concatBytes's check (a number, not an array: a service has thousands).
  let checked = 0;
  for (let i = 1; i < parts.length; i++) if (i >= MASK_BITS || seamNeedsCheck(texts[i - 1]!, texts[i]!)) checked |= 1 << Math.min(i, MASK_BITS);
  return joined(parts, checked, hasConstant, nullMode);
}

/** Seams past this many parts are all checked (they share the mask's top bit). */
const MASK_BITS = 30;

function joinConstants(env: CompileEnv, evals: readonly StringEval[]): Parts {
  const texts: (string | null)[] = [];
  let hasConstant = false;
  for (const evaluate of evals) {
    const value = env.constantValues.get(evaluate);
    if (typeof value !== 'string') texts.push(null);
    else {
      hasConstant = true;
      const last = texts.length - 1;
      if (last >= 0 && texts[last] !== null) texts[last] = concatBytes(texts[last]!, value);
      else if (value !== '') texts.push(value); // "" joins nothing: the seam is between its neighbours
    }
  }
  // A constant part's closure is made after joining; per-request parts keep theirs, in order.
  const perRequest = evals.filter((evaluate) => typeof env.constantValues.get(evaluate) !== 'string');
  let next = 0;
  const parts = texts.map((text) => (text === null ? perRequest[next++]! : constant(env, text)));
  return { evals: parts, texts, hasConstant };
}

// concatBytes joins with a check only where an escaped byte ends the left side and starts the right.
const startsEscaped = (text: string): boolean => isEscapedByte(text.charCodeAt(0));
const endsEscaped = (text: string): boolean => isEscapedByte(text.charCodeAt(text.length - 1));

/** Whether the seam between two parts (null: a part per request) can have escaped bytes on both sides. */
function seamNeedsCheck(before: string | null, after: string | null): boolean {
  return (before === null || endsEscaped(before)) && (after === null || startsEscaped(after));
}

function orText(part: StringEval, nullMode: string): StringEval {
  return (ctx) => part(ctx) ?? nullMode;
}

/** `part "text"` (`req.http.X-Timer ",VS0"`): always set. */
function thenText(part: StringEval, text: string, nullMode: string): StringEval {
  return (ctx) => (part(ctx) ?? nullMode) + text;
}

/** `"text" part`: always set. */
function textThen(text: string, part: StringEval, nullMode: string): StringEval {
  return (ctx) => text + (part(ctx) ?? nullMode);
}

function joined(parts: readonly StringEval[], checked: number, hasConstant: boolean, nullMode: string): StringEval {
  return (ctx) => {
    let out = '';
    let anySet = hasConstant;
    for (let i = 0; i < parts.length; i++) {
      const s = parts[i]!(ctx);
      if (s === null) out += nullMode;
      else {
        // Escaped bytes meeting at a seam may form a character.
        out = (checked >> Math.min(i, MASK_BITS)) & 1 ? concatBytes(out, s) : out + s;
        anySet = true;
      }
    }
    return anySet ? out : null;
  };
}
