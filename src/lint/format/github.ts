// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`,
// which GitHub shows as annotations on the pull request. Escaping follows the runner's rules
// (actions/toolkit: `%`, CR and LF in the message; also `:` and `,` in property values).
import type { Severity } from '../../diagnostics.js';
import type { LintResult } from '../lint.js';
import { displayPath } from './paths.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: LintResult, cwd: string): string {
  const lines = result.files.flatMap((f) =>
    f.diagnostics.map((d) => {
      const props = [
        `file=${escapeProperty(displayPath(f.file, cwd))}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `endLine=${d.endLine}`,
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(d.rule)}`,
      ];
      return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
    }),
  );
  return lines.length ? `${lines.join('\n')}\n` : '';
}
