// upgrade-unguarded and upgrade-backend-settings: follow each subroutine's flow to every
// `return(upgrade)`, tracking whether an Upgrade check encloses it and which backends req.backend may hold.
import type { Expression, IfStatement, Property, ReturnStatement } from '../../ast/ast.js';
import { TUNNEL_PROPERTIES } from '../../builtins/backend-properties.js';
import type { Symbols } from '../../check/symbols.js';
import { forEachExpression } from '../../ast/walk.js';
import { CallSites } from '../call-sites.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

const UPGRADE_HEADER = /^req\.http\.upgrade(?::|$)/i;
const REQ_BACKEND = /^req\.backend$/i;

/** Stands for "whatever req.backend held on entry to this subroutine" in a set of backend names. */
const ON_ENTRY = '\0entry';

/**
 * The backend names req.backend may hold. A set is never changed once the flow has handed it on (to a
 * branch, a call site, an upgrade): the flow replaces it instead, so they share one set, not copies.
 * Only a set an if made for its own `after` grows, while the if is open.
 */
type Backends = ReadonlySet<string>;

interface FlowState {
  guarded: boolean;
  backends: Backends;
}

interface Upgrade extends FlowState {
  node: ReturnStatement;
  sub: string;
}

interface IfFrame {
  conditions: boolean[]; // which branch conditions test the Upgrade header
  before: Backends;
  deadBefore: boolean;
  /**
   * The union of what the live paths out of the if leave, built as they end; null until one does. It is
   * the first path's own set until a path leaves a different one (most paths leave req.backend alone).
   */
  after: Backends | null;
  /** Whether `after` is a set this if made, which it may grow. */
  ownsAfter: boolean;
  live: boolean; // does some path come out of the if?
}

/** Add what a path out of the if leaves to the if's `after`, copying a shared set before it grows. */
function addPath(frame: IfFrame, names: Backends): void {
  if (frame.after === null || frame.after === names) {
    frame.after ??= names;
    return;
  }
  if (!frame.ownsAfter) {
    frame.after = new Set(frame.after);
    frame.ownsAfter = true;
  }
  for (const n of names) (frame.after as Set<string>).add(n);
}

const NONE: Backends = new Set();

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
  let backends: Backends = new Set([ON_ENTRY]);
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
  const state = (): FlowState => ({ guarded: guardedAfter || guards.includes(true), backends });

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
        ifs.push({ conditions: s.branches.map((b) => testsUpgrade(b.condition)), before: backends, deadBefore: dead, after: null, ownsAfter: false, live: false });
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
      const firstGuard = frame.conditions.indexOf(true);
      guards.push(firstGuard !== -1 && firstGuard <= index); // this branch or an earlier one tested Upgrade
      backends = frame.before;
      dead = frame.deadBefore;
    },
    leaveBranch() {
      guards.pop();
      const frame = ifs[ifs.length - 1]!;
      if (dead) return;
      frame.live = true;
      addPath(frame, backends);
    },
    leaveIf(s) {
      const frame = ifs.pop()!;
      if (!s.otherwise && !frame.deadBefore) {
        frame.live = true;
        addPath(frame, frame.before);
      }
      backends = frame.after ?? NONE;
      dead = frame.deadBefore || !frame.live;
      if (frame.conditions.includes(true)) guardedAfter = true;
    },
    finish() {
      const fallback = new Set(symbols.backendOrder.slice(0, 1)); // Fastly's default: the first backend
      const resolve = (names: Backends, entry: Backends): Backends => {
        const out = new Set([...names].filter((n) => n !== ON_ENTRY));
        if (names.has(ON_ENTRY)) for (const n of entry) out.add(n);
        return out;
      };
      const guardOnEntry = sites.entryState<boolean>({ builtin: false, uncalled: false, through: (site, e) => site.guarded || e, merge: (a, b) => a || b });
      const backendsOnEntry = sites.entryState<Backends>({
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
