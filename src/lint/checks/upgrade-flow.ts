// upgrade-unguarded and upgrade-backend-settings: follow each subroutine's flow to every
// `return(upgrade)`, tracking whether an Upgrade check encloses it and which backends req.backend may hold.
import type { Expression, IfStatement, Property, ReturnStatement } from '../../parser/ast.js';
import { TUNNEL_PROPERTIES } from '../../runtime/backend-properties.js';
import type { Symbols } from '../../runtime/check/symbols.js';
import { forEachExpression } from '../../runtime/check/walk.js';
import { CallSites } from '../call-sites.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

const UPGRADE_HEADER = /^req\.http\.upgrade(?::|$)/i;
const REQ_BACKEND = /^req\.backend$/i;

/** Stands for "whatever req.backend held on entry to this subroutine" in a set of backend names. */
const ON_ENTRY = '\0entry';

interface FlowState {
  guarded: boolean;
  backends: Set<string>;
}

interface Upgrade extends FlowState {
  node: ReturnStatement;
  sub: string;
}

interface IfFrame {
  conditions: boolean[]; // which branch conditions test the Upgrade header
  before: Set<string>;
  deadBefore: boolean;
  after: Set<string>;
  live: boolean; // does some path come out of the if?
}

export function isUpgrade(s: { kind: string; state?: { name: string } | null }): s is ReturnStatement {
  return s.kind === 'Return' && s.state?.name === 'upgrade';
}

/** The backends a backend or director name stands for: a director stands for its members. */
function expandDirectors(names: Iterable<string>, symbols: Symbols, out = new Set<string>()): Set<string> {
  for (const name of names) {
    if (out.has(name)) continue;
    const director = symbols.directors.get(name);
    if (!director) {
      if (symbols.backends.has(name)) out.add(name);
      continue;
    }
    out.add(name);
    const members = director.members.flatMap((m) => m.properties.filter((p) => p.name.name === 'backend'));
    expandDirectors(members.flatMap((p) => (p.value.kind === 'Identifier' ? [p.value.name] : [])), symbols, out);
    out.delete(name);
  }
  return out;
}

function ignoredSettings(properties: Property[]): string[] {
  return properties.map((p) => p.name.name).filter((name) => !TUNNEL_PROPERTIES.has(name));
}

export function upgradeFlow(ctx: LintContext): Visitor {
  const { symbols } = ctx.info;
  const sites = new CallSites<FlowState>();
  const upgrades: Upgrade[] = [];
  let sub = '';
  let backends = new Set<string>([ON_ENTRY]);
  let dead = false;
  let ifs: IfFrame[] = [];
  let guards: boolean[] = []; // one per enclosing branch
  let guardedAfter = false; // an earlier if tested the Upgrade header (early-exit pattern)
  let upgradeLocals = new Set<string>(); // locals set from the Upgrade header

  const testsUpgrade = (e: Expression): boolean => {
    let found = false;
    forEachExpression(e, (x) => {
      if (x.kind === 'Identifier' && (UPGRADE_HEADER.test(x.name) || upgradeLocals.has(x.name))) found = true;
    });
    return found;
  };
  const state = (): FlowState => ({ guarded: guardedAfter || guards.includes(true), backends: new Set(backends) });

  return {
    enterSub(s) {
      sub = s.name;
      ifs = [];
      guards = [];
      if (s.part > 0) return; // the parts of a split built-in subroutine continue one flow
      backends = new Set([ON_ENTRY]);
      dead = false;
      guardedAfter = false;
      upgradeLocals = new Set();
    },
    statement(s) {
      if (s.kind === 'If') {
        // Pushed even on a dead path: the branch hooks pair with this frame.
        ifs.push({ conditions: s.branches.map((b) => testsUpgrade(b.condition)), before: backends, deadBefore: dead, after: new Set(), live: false });
        return;
      }
      if (dead) return;
      switch (s.kind) {
        case 'Set':
          if (s.operator === '=' && REQ_BACKEND.test(s.target.name)) {
            const known = s.value.kind === 'Identifier' && (symbols.backends.has(s.value.name) || symbols.directors.has(s.value.name));
            backends = new Set(known ? [(s.value as { name: string }).name] : []);
          } else if (s.target.name.startsWith('var.') && testsUpgrade(s.value)) upgradeLocals.add(s.target.name);
          return;
        case 'Declare':
          if (s.init && testsUpgrade(s.init)) upgradeLocals.add(s.name.name);
          return;
        case 'Return':
          if (isUpgrade(s)) upgrades.push({ node: s, sub, ...state() });
          dead = true;
          return;
        case 'Error':
        case 'Restart':
          dead = true;
          return;
        default:
          return;
      }
    },
    call(callee) {
      if (!dead) sites.add(callee, sub, state());
    },
    enterBranch(_s: IfStatement, index) {
      const frame = ifs[ifs.length - 1]!;
      guards.push(frame.conditions.slice(0, index + 1).includes(true));
      backends = new Set(frame.before);
      dead = frame.deadBefore;
    },
    leaveBranch() {
      guards.pop();
      const frame = ifs[ifs.length - 1]!;
      if (dead) return;
      frame.live = true;
      for (const b of backends) frame.after.add(b);
    },
    leaveIf(s) {
      const frame = ifs.pop()!;
      if (!s.otherwise && !frame.deadBefore) {
        frame.live = true;
        for (const b of frame.before) frame.after.add(b);
      }
      backends = frame.after;
      dead = frame.deadBefore || !frame.live;
      if (frame.conditions.includes(true)) guardedAfter = true;
    },
    finish() {
      const fallback = new Set(symbols.backendOrder.slice(0, 1)); // Fastly's default: the first backend
      const resolve = (names: Set<string>, entry: Set<string>) => {
        const out = new Set([...names].filter((n) => n !== ON_ENTRY));
        if (names.has(ON_ENTRY)) for (const n of entry) out.add(n);
        return out;
      };
      const guardOnEntry = sites.entryState<boolean>({ builtin: false, uncalled: false, through: (site, e) => site.guarded || e, merge: (a, b) => a || b });
      const backendsOnEntry = sites.entryState<Set<string>>({
        builtin: fallback,
        uncalled: fallback,
        through: (site, e) => resolve(site.backends, e),
        merge: (a, b) => new Set([...a, ...b]),
      });
      for (const u of upgrades) {
        if (!u.guarded && !guardOnEntry(u.sub)) {
          ctx.report('upgrade-unguarded', u.node.range, 'return(upgrade) is not guarded by a check of req.http.Upgrade: a plain HTTP request reaching it would be handed off as a WebSocket');
        }
        for (const name of expandDirectors(resolve(u.backends, backendsOnEntry(u.sub)), symbols)) {
          const ignored = ignoredSettings(symbols.backends.get(name)!.properties);
          if (ignored.length === 0) continue;
          const list = ignored.map((p) => `.${p}`).join(', ');
          ctx.report('upgrade-backend-settings', u.node.range, `backend ${name}, which this upgrade can reach, sets ${list}: a WebSocket tunnel ignores ${ignored.length === 1 ? 'it' : 'them'}`);
        }
      }
    },
  };
}
