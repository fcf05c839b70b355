// The human format: problems grouped by file, each `line:col severity message rule` with a code frame
// under it, then a summary line. Colour only when asked (the CLI asks on a TTY without NO_COLOR).
import { codeFrame, type Diagnostic, type Severity } from '../../diagnostics.js';
import type { LintResult } from '../lint.js';
import { countSeverities } from './counts.js';
import { displayPath } from './paths.js';

export interface TextOptions {
  cwd: string;
  color: boolean;
}

type Paint = (code: string, text: string) => string;

const SEVERITY_COLOUR: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(result: LintResult): string {
  const { errors, warnings, infos } = countSeverities(result);
  const total = errors + warnings + infos;
  if (total === 0) return 'no problems';
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos) parts.push(`${infos} info`);
  return `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
}

function problem(d: Diagnostic, source: string | undefined, paint: Paint): string {
  const severity = paint(SEVERITY_COLOUR[d.severity], d.severity.padEnd(7));
  const head = `  ${`${d.line}:${d.column}`.padEnd(8)} ${severity} ${d.message}  ${paint('2', d.rule)}`;
  const frame = codeFrame(source, d);
  if (!frame) return head;
  const lines = frame.split('\n').map((l, i, all) => `      ${i === all.length - 1 ? l.replace(/\^+/, (c) => paint(SEVERITY_COLOUR[d.severity], c)) : l}`);
  return `${head}\n${lines.join('\n')}`;
}

export function formatText(result: LintResult, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;
  const blocks: string[] = [];
  for (const f of result.files) {
    if (f.diagnostics.length === 0) continue;
    const source = result.sources.get(f.file);
    blocks.push([paint('4', displayPath(f.file, options.cwd)), ...f.diagnostics.map((d) => problem(d, source, paint))].join('\n'));
  }
  const summary = summaryLine(result);
  const { errors } = countSeverities(result);
  const colour = summary === 'no problems' ? '32' : errors ? '31;1' : '33;1';
  blocks.push(paint(colour, summary));
  return `${blocks.join('\n\n')}\n`;
}
