// Choosing an output format.
import type { LintResult } from '../lint.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export interface FormatOptions {
  cwd: string;
  color: boolean;
  version: string;
}

export function formatResult(format: Format, result: LintResult, options: FormatOptions): string {
  switch (format) {
    case 'text':
      return formatText(result, options);
    case 'json':
      return formatJson(result, options.cwd);
    case 'sarif':
      return formatSarif(result, options);
    case 'github':
      return formatGithub(result, options.cwd);
  }
}

export { countSeverities, type Counts } from './counts.js';
export { summaryLine } from './text.js';
