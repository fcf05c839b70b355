// The shape of one lint rule: what `--explain`, the docs, SARIF and the severity config read.
import type { Severity } from '../diagnostics.js';
import type { RuleId } from '../rule-ids.js';

export type RuleCategory = 'syntax' | 'semantics' | 'websockets' | 'hygiene';

export interface RuleSpec {
  id: RuleId;
  category: RuleCategory;
  /** The severity used unless a config file or `--rule` says otherwise. */
  severity: Severity;
  /** One line: SARIF's shortDescription and the docs' table. */
  summary: string;
  /** One paragraph: what the rule finds, why it matters and how to fix it. */
  explanation: string;
  /** Which layer reports it: the lexer/parser, the include loader, the checker, or lint itself. */
  source: 'parser' | 'loader' | 'checker' | 'lint';
}

/** A configured severity: a diagnostic severity, or `off` to drop the rule. */
export type RuleSetting = Severity | 'off';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value);
}
