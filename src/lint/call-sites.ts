// What a check knew at each call of a custom subroutine, and from that what holds on entry to it.
// Flow-following checks (regex captures, Upgrade guards, the backend in use) need this because a
// custom subroutine inherits the state of the code that calls it.
import { scopeOfSub } from '../builtins/subroutines.js';

export interface EntryRules<Site, State> {
  /** The state on entry to a built-in subroutine. */
  builtin: State;
  /** The state on entry to a subroutine nothing calls (and inside a recursive cycle). */
  uncalled: State;
  /** The state after a call site, given what holds on entry to the caller. */
  through(site: Site, callerEntry: State): State;
  /** Two possible states at once (two call sites). */
  merge(a: State, b: State): State;
}

export class CallSites<Site> {
  private readonly byCallee = new Map<string, { caller: string; site: Site }[]>();

  add(callee: string, caller: string, site: Site): void {
    let list = this.byCallee.get(callee);
    if (!list) this.byCallee.set(callee, (list = []));
    list.push({ caller, site });
  }

  /** A memoised look-up of the state on entry to each subroutine. */
  entryState<State>(rules: EntryRules<Site, State>): (sub: string) => State {
    const memo = new Map<string, State>();
    const resolving = new Set<string>();
    const entry = (sub: string): State => {
      if (scopeOfSub(sub)) return rules.builtin;
      const known = memo.get(sub);
      if (known !== undefined) return known;
      const sites = this.byCallee.get(sub);
      if (!sites || resolving.has(sub)) return rules.uncalled;
      resolving.add(sub);
      let state: State | undefined;
      for (const { caller, site } of sites) {
        const s = rules.through(site, entry(caller));
        state = state === undefined ? s : rules.merge(state, s);
      }
      resolving.delete(sub);
      memo.set(sub, state!);
      return state!;
    };
    return entry;
  }
}
