// vcl-edge's linter: the rule registry, the lint functions, config, file discovery and output formats.
export { RULES, findRule, explainRule, RULE_SETTINGS, isRuleSetting, type RuleSpec, type RuleSetting, type RuleCategory } from './rules.js';
export { lint, lintSource, lintProgram, allDiagnostics, type LintOptions, type LintResult, type FileResult } from './lint.js';
export { UsageError } from '../usage-error.js';
