// The two ways a regex can fail: at load (the pattern is not PCRE2) and at match time (the
// backtracking matcher ran out of steps, which Fastly reports as fastly.error = "EREGRECUR").

export class RegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid regular expression ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'RegexSyntaxError';
  }
}

/** What fastly.error reads after a match gave up: "the regular expression recurses too heavily". */
export const REGEX_LIMIT_ERROR = 'EREGRECUR';

/** Thrown inside the matcher when the step limit is reached; the CompiledRegex methods catch it. */
export class RegexLimitExceeded extends Error {
  constructor(readonly steps: number) {
    super(`regex match gave up after ${steps} steps`);
    this.name = 'RegexLimitExceeded';
  }
}

/**
 * Where a match records that it gave up: the request's fastly.error. RequestContext and
 * FunctionContext have this field, so the match sites pass the context itself.
 */
export interface RegexErrorSink {
  fastlyError?: string | null;
}
