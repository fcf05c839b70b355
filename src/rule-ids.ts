// Every rule id a diagnostic can carry: the one list. The checker, parser and loader report the
// core ones, lint its own; lint's registry gives each an entry (severity, explanation), and a test
// holds the registry to these lists, so a rule can be neither reported unregistered nor registered
// unreported. Diagnostics are typed with RuleId, so a misspelt id does not compile.

/** Reported by the lexer and parser, the include loader and snippet assembly, and the checker. */
export const CORE_RULE_IDS = [
  'parse',
  'include',
  'snippet',
  'duplicate-declaration',
  'unknown-property',
  'missing-property',
  'type-mismatch',
  'unknown-backend',
  'unknown-acl',
  'unknown-table',
  'unknown-ratecounter',
  'unknown-penaltybox',
  'invalid-acl',
  'describe-outside-test',
  'unknown-subroutine',
  'invalid-name',
  'statement-scope',
  'protected-header',
  'unknown-variable',
  'read-only',
  'variable-scope',
  'function-scope',
  'return-state',
  'upgrade-outside-recv',
  'argument-count',
  'argument-type',
  'unknown-function',
  'regex',
  'recursion',
] as const;

/** Reported by lint's own checks. */
export const LINT_RULE_IDS = [
  'lint-skipped',
  'upgrade-unguarded',
  'upgrade-backend-settings',
  'upgrade-shielding',
  'fastly-macro',
  'unused-backend',
  'unused-acl',
  'unused-table',
  'unused-subroutine',
  'unused-variable',
  'unreachable-code',
  'uncaptured-regex-group',
  'deprecated-variable',
  'constant-condition',
] as const;

export type CoreRuleId = (typeof CORE_RULE_IDS)[number];
export type LintRuleId = (typeof LINT_RULE_IDS)[number];
export type RuleId = CoreRuleId | LintRuleId;
