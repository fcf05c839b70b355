// Inline suppression comments:
//   # vcl-edge-disable-next-line RULE[, RULE...]   the line after the comment
//   # vcl-edge-disable RULE[, RULE...]             from the comment to a matching `vcl-edge-enable` (or the end of the file)
//   # vcl-edge-enable RULE[, RULE...]
// Without a rule list they apply to every rule; `//` and `/* */` comments work too; text after `--` is a reason.
// A bare `vcl-edge-enable` ends every open disable; `vcl-edge-enable RULE` ends only that rule's.
import type { Diagnostic } from '../diagnostics.js';
import type { Comment } from '../ast/ast.js';

const DIRECTIVE = /^(?:#|\/\/|\/\*)\s*vcl-edge-(disable-next-line|disable|enable)(?![\w-])([^]*)$/;
const ALL = '*';

interface Span {
  rule: string; // as written in the comment: an id, or * for every rule
  from: number;
  to: number; // inclusive
}

export class Suppressions {
  private readonly spans = new Map<string, Span[]>();

  constructor(comments: readonly Comment[]) {
    const open = new Map<string, Map<string, number>>(); // file -> rule -> line of the disable
    for (const c of comments) {
      const m = DIRECTIVE.exec(c.text.trim());
      if (!m) continue;
      const rules = ruleList(m[2]!);
      const file = c.range.file;
      const line = c.range.start.line;
      let fileOpen = open.get(file);
      if (!fileOpen) open.set(file, (fileOpen = new Map()));
      if (m[1] === 'disable-next-line') {
        for (const rule of rules) this.add(file, { rule, from: line + 1, to: line + 1 });
      } else if (m[1] === 'disable') {
        for (const rule of rules) if (!fileOpen.has(rule)) fileOpen.set(rule, line);
      } else {
        const closing = rules.includes(ALL) ? [...fileOpen.keys()] : rules;
        for (const rule of closing) {
          const from = fileOpen.get(rule);
          if (from === undefined) continue;
          this.add(file, { rule, from, to: line });
          fileOpen.delete(rule);
        }
      }
    }
    for (const [file, rules] of open) for (const [rule, from] of rules) this.add(file, { rule, from, to: Infinity });
  }

  private add(file: string, span: Span): void {
    let list = this.spans.get(file);
    if (!list) this.spans.set(file, (list = []));
    list.push(span);
  }

  has(d: Diagnostic): boolean {
    const list = this.spans.get(d.file);
    return list !== undefined && list.some((s) => (s.rule === ALL || s.rule === d.rule) && d.line >= s.from && d.line <= s.to);
  }
}

function ruleList(text: string): string[] {
  const body = text.replace(/\*\/\s*$/, '').split(/\s--\s|\s--$/)[0]!;
  const rules = body.split(/[\s,]+/).filter(Boolean);
  return rules.length ? rules : [ALL];
}
