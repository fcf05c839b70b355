// SARIF 2.1.0, the format GitHub code scanning (and other CI dashboards) ingest. Every rule of the
// registry is described in tool.driver.rules; results point into it by ruleIndex. URIs are relative
// to the working folder, declared as %SRCROOT%.
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../diagnostics.js';
import type { LintResult } from '../lint.js';
import { RULES } from '../rules.js';
import { displayPath } from './paths.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/vcl-edge';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  cwd: string;
  version: string;
}

export function sarifLog(result: LintResult, options: SarifOptions): object {
  const rules = [...RULES];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = result.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.rule,
      ...(index.has(d.rule) ? { ruleIndex: index.get(d.rule)! } : {}),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(displayPath(f.file, options.cwd)), uriBaseId: '%SRCROOT%' },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        },
      ],
    })),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vcl-edge',
            version: options.version,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.explanation },
              defaultConfiguration: { level: LEVEL[r.severity] },
              help: { text: r.explanation, markdown: `**${r.id}** (${r.category})\n\n${r.explanation}` },
              properties: { category: r.category },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(options.cwd).href.replace(/\/?$/, '/')}` } },
        results,
      },
    ],
  };
}

export function formatSarif(result: LintResult, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(result, options), null, 2)}\n`;
}
