// The one rule registry: every rule any layer reports, looked up by id.
import type { RuleSpec } from './rule-spec.js';
import { CORE_RULES } from './rules-core.js';
import { LINT_RULES } from './rules-lint.js';

export type { RuleCategory, RuleSetting, RuleSpec } from './rule-spec.js';
export { RULE_SETTINGS, isRuleSetting } from './rule-spec.js';

export const RULES: readonly RuleSpec[] = [...CORE_RULES, ...LINT_RULES];

const byId = new Map<string, RuleSpec>(RULES.map((r) => [r.id, r]));

export function findRule(id: string): RuleSpec | undefined {
  return byId.get(id);
}

/** The text `vcl-edge lint --explain RULE` prints. */
export function explainRule(rule: RuleSpec): string {
  return `${rule.id} (${rule.category}, default ${rule.severity})\n\n${rule.summary}\n\n${rule.explanation}\n`;
}
