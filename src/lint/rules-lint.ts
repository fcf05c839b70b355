// The rules lint itself adds on top of the checker: WebSocket handoffs and code hygiene.
import type { LintRuleId } from '../rule-ids.js';
import type { RuleSpec } from './rule-spec.js';

const rule = (id: LintRuleId, category: RuleSpec['category'], summary: string, explanation: string): RuleSpec => ({
  id,
  source: 'lint',
  category,
  severity: 'warning',
  summary,
  explanation,
});

export const LINT_RULES: readonly RuleSpec[] = [
  {
    id: 'lint-skipped',
    source: 'lint',
    category: 'syntax',
    severity: 'info',
    summary: "Lint's own rules did not run on a file with syntax errors.",
    explanation:
      "After a syntax error the tree is what error recovery rebuilt, with code missing: lint's own rules (WebSocket handoffs, unused declarations, unreachable code, #FASTLY macros) would report noise about it, so they are not run and this note says so. The parser's and the checker's findings are still reported. Fix the syntax errors and lint again.",
  },
  rule(
    'upgrade-unguarded',
    'websockets',
    '`return(upgrade)` not guarded by a check of the Upgrade header.',
    'Returning `upgrade` hands the connection to a WebSocket tunnel whatever the request is, so a plain HTTP request reaching it would be sent to the origin as a handoff instead of being served. Put it under a condition that tests `req.http.Upgrade`, as Fastly\'s example does: `if (req.http.Upgrade) { return(upgrade); }`. A return counts as guarded when an enclosing `if`/`else` branch condition, or an earlier `if` in the same subroutine (the early-exit pattern), reads `req.http.Upgrade` or a local variable set from it; inside a custom subroutine it is also guarded when a call to that subroutine is.',
  ),
  rule(
    'upgrade-backend-settings',
    'websockets',
    'A backend an upgrade can reach uses settings a WebSocket tunnel ignores.',
    'Fastly supports only the Name, Address, Enable TLS and Override Host origin settings for WebSockets: `.host`, `.port`, `.ssl` and its certificate names, `.host_header`/`.always_use_host_header`, `.dynamic` and `.share_key`. Timeouts, `.probe`, `.max_connections`, TLS version and cipher settings and the like are silently ignored on the tunnel, which is easy to miss when the same backend also serves HTTP. The backends checked are those `req.backend` can hold at the `return(upgrade)`: the last `set req.backend = ...` on each path before it in the subroutine (through if/else branches, and through the call sites of a custom subroutine), or the first declared backend (Fastly\'s default) when none is set. A director stands for its member backends. Use a dedicated backend for WebSockets, or accept the warning for settings you know only matter for HTTP.',
  ),
  rule(
    'upgrade-shielding',
    'websockets',
    'An upgrade path on a service that uses shielding.',
    'Fastly: "WebSockets is not compatible with shielding". A service with shielding forwards edge requests to a shield POP, which a tunnel cannot go through. vcl-edge considers a service shielded when it declares a backend or director named like Fastly\'s generated shield backends (`shield_*` or `ssl_shield_*`) or with a `.shield` property, or when its code reads `req.http.Fastly-FF`, `fastly.ff.visits_this_service` or `req.backend.is_shield` (the usual edge-or-shield logic). Each `return(upgrade)` in such a service is reported with the evidence; remove shielding, or move WebSockets to a service without it.',
  ),
  rule(
    'fastly-macro',
    'hygiene',
    'A built-in subroutine without its `#FASTLY <sub>` macro.',
    'Fastly expands the `#FASTLY recv` (hash, hit, miss, pass, fetch, error, deliver, log) comment in custom VCL into the code generated from the service configuration: backends set by conditions, headers, logging endpoints, VCL snippets. Without the macro that configuration silently stops applying. Put the line in every `vcl_*` subroutine, as Fastly\'s boilerplate does (one of the parts is enough when a subroutine is split).',
  ),
  rule(
    'unused-backend',
    'hygiene',
    'A backend or director that nothing uses.',
    'The backend is never assigned to `req.backend`, named by a director or a BACKEND table. The first declared backend is not reported: Fastly uses it as the default. An unused backend is dead configuration (and, with a probe, still health-checked).',
  ),
  rule('unused-acl', 'hygiene', 'An ACL that nothing uses.', 'No `client.ip ~ name` match, ACL argument or ACL table value names this ACL: dead configuration, or a check that was lost in an edit.'),
  rule('unused-table', 'hygiene', 'A table that nothing reads.', 'No `table.lookup`, `table.contains` or other table function reads this table: dead configuration, or a lookup that was lost in an edit.'),
  rule(
    'unused-subroutine',
    'hygiene',
    'A custom subroutine that is never called.',
    'No `call` statement or expression reaches this subroutine, so its code never runs. Built-in `vcl_*` subroutines are never reported: Fastly calls them.',
  ),
  rule(
    'unused-variable',
    'hygiene',
    'A local variable that is never read.',
    'The variable is declared (and maybe assigned) but its value is never read in the subroutine: dead code, or a typo in the name where it is read. Subroutine parameters are not reported.',
  ),
  rule(
    'unreachable-code',
    'hygiene',
    'Code after `return`, `error` or `restart` in the same block.',
    'Statements that follow a `return`, `error`, `restart`, `goto`, `break` or `fallthrough` in the same block, or an `if` whose every branch (with an `else`) ends that way, never run. A `label:` after them is reachable through `goto` and ends the unreachable part.',
  ),
  rule(
    'uncaptured-regex-group',
    'hygiene',
    '`re.group.N` read with no earlier `~` or `!~` match capturing group N.',
    '`re.group.N` holds the N-th capture group of the most recent match operator, `~` or `!~` (`regsub` does not set it). Reading it with no match before gives a stale value from some other match, or nothing. vcl-edge approximates "before" by source order within the subroutine: a `~` or `!~` (or `case ~`) earlier in the text whose regex has at least N capture groups (any match for `re.group.0`); in a custom subroutine, also a capturing match before a call to it. A match in an earlier, mutually exclusive branch still counts, so this rule finds missing captures, not every misuse.',
  ),
  rule(
    'deprecated-variable',
    'hygiene',
    'A variable Fastly marks deprecated.',
    'Fastly still accepts the variable but has deprecated it: it may stop carrying a meaningful value (the device-detection classes and display sizes are no longer detected) or be removed. The message names what to use instead, where Fastly has a replacement. The variables are those its reference marks deprecated (`client.class.checker`, `client.display.width`, `client.platform.ereader`…).',
  ),
  rule(
    'constant-condition',
    'hygiene',
    'An `if` condition that is a constant.',
    'The condition is made only of literals (`if (true)`, `if (!false)`, `if ("a")`), so its branch always or never runs: debugging left-overs, or a variable name lost in an edit. Remove the `if`, or the dead branch.',
  ),
];
