// VCL regular expressions: PCRE2 syntax and meaning, never exponential. The pieces live in
// ./regex/ (parser, analysis, the linear engines, the backtracking matcher with a step limit).
import { parsePattern, Regex, toRe2, type CompiledRegex } from './regex/index.js';

export { DEFAULT_STEP_LIMIT, expandReplacement, parsePattern, REGEX_LIMIT_ERROR, Regex, RegexSyntaxError, toRe2 } from './regex/index.js';
export type { CompiledRegex, RegexEngine, RegexErrorSink, RegexOptions } from './regex/index.js';

const cache = new Map<string, CompiledRegex>();

/** Compile (once: VCL patterns are literals, so the cache stays small). Throws RegexSyntaxError. */
export function compileRegex(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = new Regex(pattern);
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** The RE2 form of a PCRE2 pattern the linear-time engine can run (for tests and tools). */
export function translatePcre(pattern: string): string {
  return toRe2(parsePattern(pattern).root);
}
