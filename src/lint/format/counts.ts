// How many problems of each severity a lint result holds.
import type { LintResult } from '../lint.js';

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countSeverities(result: LintResult): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of result.files) {
    for (const d of f.diagnostics) {
      if (d.severity === 'error') counts.errors++;
      else if (d.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}
