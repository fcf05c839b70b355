// falco's test annotations, read from the comments just before a test sub:
//   // @scope: recv,fetch    // @suite: a readable name    // @skip    // @tag: prod,!dev
// A sub without @scope runs in the scope its name ends with (`test_x_fetch` → fetch), else recv.
import type { Comment, SubDeclaration } from '../ast/ast.js';
import { SCOPES, type Scope } from '../values/context.js';

export interface Tag {
  name: string;
  inverse: boolean;
}

export interface TestMetadata {
  /** The @suite name, else the sub's name. */
  name: string;
  scopes: Scope[];
  skip: boolean;
  tags: Tag[];
}

const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);

/** The comments between `after` (an offset) and the sub, in the sub's file. */
export function leadingComments(sub: SubDeclaration, comments: readonly Comment[], after: number): Comment[] {
  const { file, start } = sub.range;
  return comments.filter((c) => c.range.file === file && c.range.start.offset >= after && c.range.end.offset <= start.offset);
}

/** `// @tag: a, !b` → [{a}, {b, inverse}] */
export function parseTags(text: string): Tag[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((t) => (t.startsWith('!') ? { name: t.slice(1).trim(), inverse: true } : { name: t, inverse: false }));
}

export function readMetadata(sub: SubDeclaration, comments: readonly Comment[]): TestMetadata {
  const meta: TestMetadata = { name: sub.name.name, scopes: [], skip: false, tags: [] };
  for (const c of comments) {
    // Each line of a block comment may carry an annotation.
    for (const raw of c.text.split(/\r?\n/)) {
      const line = raw.replace(/^[\s*/#]+/, '').trim();
      if (!line.startsWith('@')) continue;
      const [, key = '', value = ''] = /^@([a-z_]+)\s*:?\s*(.*)$/i.exec(line) ?? [];
      if (key === 'suite') meta.name = value.trim() || meta.name;
      else if (key === 'skip') meta.skip = true;
      else if (key === 'tag') meta.tags.push(...parseTags(value));
      else if (key === 'scope') addScopes(meta, value);
      else addScopes(meta, line.slice(1)); // falco's shorthand: `// @recv,fetch`
    }
  }
  if (meta.scopes.length === 0) meta.scopes.push(scopeFromName(sub.name.name));
  return meta;
}

function addScopes(meta: TestMetadata, list: string): void {
  for (const s of list.split(',').map((x) => x.trim().toLowerCase())) {
    if (isScope(s) && !meta.scopes.includes(s)) meta.scopes.push(s);
  }
}

function scopeFromName(name: string): Scope {
  return SCOPES.find((s) => name.endsWith(`_${s}`)) ?? 'recv';
}

/**
 * falco's tag rule: an untagged test always runs; a test tagged `prod` runs only when `--tag prod`
 * is given; one tagged `!prod` runs unless it is.
 */
export function tagsAllow(tags: readonly Tag[], wanted: readonly string[]): boolean {
  if (tags.length === 0) return true;
  if (wanted.length === 0) return tags.every((t) => t.inverse);
  return wanted.some((w) => tags.some((t) => (t.name === w ? !t.inverse : t.inverse)));
}
