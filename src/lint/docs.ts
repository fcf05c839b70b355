// docs/rules.md, generated from lint's rule registry, beside the language docs builtins generates.
import { GENERATED, languageDocs, table } from '../builtins/docs.js';
import { RULES, type RuleCategory } from './rules.js';

const CATEGORY_TITLES: Record<RuleCategory, string> = {
  syntax: 'Syntax and includes',
  semantics: 'Semantics (the checker)',
  websockets: 'WebSockets',
  hygiene: 'Hygiene',
};

export function rulesMarkdown(): string {
  const out = [
    '# Lint rules',
    '',
    GENERATED,
    '',
    'Every rule `vcl-edge lint` reports, with its default severity. Change a severity in `.vcl-edge.json`',
    '(`{ "rules": { "unused-acl": "off" } }`) or with `--rule unused-acl=off`; silence one place with',
    '`# vcl-edge-disable-next-line RULE`, or a region with `# vcl-edge-disable RULE` … `# vcl-edge-enable RULE`.',
    '`vcl-edge lint --explain RULE` prints a rule\'s explanation.',
    '',
    table(
      ['Rule', 'Default', 'Category', 'Summary'],
      RULES.map((r) => [`[\`${r.id}\`](#${r.id})`, r.severity, r.category, r.summary]),
    ),
  ];
  for (const category of Object.keys(CATEGORY_TITLES) as RuleCategory[]) {
    out.push('', `## ${CATEGORY_TITLES[category]}`);
    for (const r of RULES.filter((x) => x.category === category)) {
      out.push('', `### ${r.id}`, '', `Default: **${r.severity}**. Reported by the ${r.source}.`, '', r.explanation);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Each generated document by its path under docs/. */
export function generatedDocs(): Record<string, string> {
  return { 'rules.md': rulesMarkdown(), ...languageDocs() };
}
