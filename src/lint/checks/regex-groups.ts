// uncaptured-regex-group: `re.group.N` read with no earlier `~` or `!~` match capturing group N.
// "Earlier" is source order within the subroutine (and, for a custom subroutine, before a call to it):
// an approximation that ignores which branch actually ran.
import type { Identifier } from '../../ast/ast.js';
import { CallSites } from '../call-sites.js';
import type { LintContext } from '../context.js';
import type { Visitor } from '../walk.js';

const GROUP = /^re\.group\.(\d+)$/i;

/** How many capture groups a regex has: `(` that is not `(?`, plus named groups; escapes and classes skipped. */
export function countGroups(pattern: string): number {
  let groups = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++; // `[]...]`: a literal ] first in the class
    } else if (c === '(') {
      const rest = pattern.slice(i + 1, i + 5);
      if (!rest.startsWith('?') || /^\?P?<[A-Za-z_]/.test(rest) || rest.startsWith("?'")) groups++;
    }
  }
  return groups;
}

interface Read {
  node: Identifier;
  sub: string;
  group: number;
  /** The most groups any match before it in its subroutine captured (-1: no match at all). */
  captured: number;
}

export function uncapturedRegexGroups(ctx: LintContext): Visitor {
  const sites = new CallSites<number>();
  const reads: Read[] = [];
  let sub = '';
  let captured = -1;
  const capture = (pattern: string) => {
    captured = Math.max(captured, countGroups(pattern));
  };
  return {
    enterSub(s) {
      // The parts of a split built-in subroutine run one after the other: captures carry over.
      if (s.part === 0) captured = -1;
      sub = s.name;
    },
    statement(s) {
      if (s.kind !== 'Switch') return;
      for (const c of s.cases) if (c.test?.regex && c.test.value.kind === 'String') capture(c.test.value.value);
    },
    expression(e) {
      // `!~` is a match operator too: where it is false the regex matched and re.group.N holds its groups
      // (`if (x !~ "^(a)(b)$") { error 403; } set … = re.group.1;`).
      if (e.kind === 'Binary' && (e.operator === '~' || e.operator === '!~') && e.right.kind === 'String') capture(e.right.value);
      if (e.kind !== 'Identifier') return;
      const m = GROUP.exec(e.name);
      if (m && Number(m[1]) > captured) reads.push({ node: e, sub, group: Number(m[1]), captured });
    },
    call(callee) {
      sites.add(callee, sub, captured);
    },
    finish() {
      const onEntry = sites.entryState<number>({
        builtin: -1,
        uncalled: -1,
        through: (site, callerEntry) => Math.max(site, callerEntry),
        merge: Math.max,
      });
      for (const r of reads) {
        if (Math.max(r.captured, onEntry(r.sub)) >= r.group) continue;
        const why = r.captured < 0 && onEntry(r.sub) < 0 ? 'no "~" match comes before it' : `no "~" match before it captures ${r.group} group${r.group === 1 ? '' : 's'}`;
        ctx.report('uncaptured-regex-group', r.node.range, `${r.node.name} is read but ${why}`);
      }
    },
  };
}
