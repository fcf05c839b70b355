// VCL regular expressions as Fastly runs them (PCRE2), with a bounded cost. See compiled.ts.
export { RegexSyntaxError, REGEX_LIMIT_ERROR, type RegexErrorSink } from './errors.js';
export { DEFAULT_STEP_LIMIT, Regex, type CompiledRegex, type RegexEngine, type RegexOptions } from './compiled.js';
export { expandReplacement } from './replace.js';
export { parsePattern } from './parser.js';
export { toRe2 } from './emit.js';
