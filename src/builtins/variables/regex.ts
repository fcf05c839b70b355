// re.group.0 … re.group.19: the capture groups of the last successful `~` match (Fastly's page
// re.group.{N}; its variables table leaves them out).
import { ALL, ro, type VariableSpec } from './spec.js';

export const REGEX_VARIABLES: readonly VariableSpec[] = Array.from({ length: 20 }, (_, n) =>
  ro(`re.group.${n}`, 'STRING', ALL, `Capture group ${n} of the last successful \`~\` match.`, (c) => c.reGroups[n] ?? null),
);
