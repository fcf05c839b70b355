// upgrade-shielding: `return(upgrade)` in a service that uses shielding, which WebSockets do not support.
// Evidence of shielding: a backend or director named like Fastly's generated shield backends
// (shield_*, ssl_shield_*) or with a `.shield` property, or code reading the edge-or-shield signals.
import type { Range, ReturnStatement } from '../../ast/ast.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';
import { isUpgrade } from './upgrade-flow.js';

const SHIELD_SIGNAL = /^(?:req\.http\.fastly-ff(?::|$)|fastly\.ff\.visits_this_service$|req\.backend\.is_shield$)/i;
const SHIELD_BACKEND = /^(ssl_)?shield_/i;

function at(range: Range): string {
  const file = range.file.split(/[\\/]/).pop();
  return `${file}:${range.start.line}`;
}

function declaredShield(ctx: LintContext): string | null {
  const { backends, directors } = ctx.info.symbols;
  for (const decl of [...backends.values(), ...directors.values()]) {
    if (SHIELD_BACKEND.test(decl.name.name)) return `shield backend ${decl.name.name} at ${at(decl.name.range)}`;
    const shield = decl.properties.find((p) => p.name.name === 'shield');
    if (shield) return `.shield on ${decl.name.name} at ${at(shield.range)}`;
  }
  return null;
}

export function upgradeShielding(ctx: LintContext): Visitor {
  const upgrades: ReturnStatement[] = [];
  let signal: string | null = null;
  return {
    statement(s) {
      if (isUpgrade(s)) upgrades.push(s);
    },
    expression(e) {
      if (signal || e.kind !== 'Identifier') return;
      if (SHIELD_SIGNAL.test(e.name)) signal = `${e.name} read at ${at(e.range)}`;
    },
    finish() {
      if (upgrades.length === 0) return;
      const evidence = declaredShield(ctx) ?? signal;
      if (!evidence) return;
      for (const u of upgrades) {
        ctx.report('upgrade-shielding', u.range, `WebSockets are not compatible with shielding, and this service uses shielding (${evidence})`);
      }
    },
  };
}
