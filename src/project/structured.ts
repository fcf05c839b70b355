// Reading a JSON or YAML file so that every value can be found again in the text: a config error, or a
// dictionary item or ACL entry a diagnostic points at, is reported at its own file:line:col.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { LineIndex } from '../lexer/source-range.js';
import { cannotRead, UsageError } from '../usage-error.js';

export type Path = readonly (string | number)[];

export interface StructuredFile {
  path: string;
  text: string;
  lines: LineIndex;
  /** The file's value as plain data (objects, arrays, strings, numbers, booleans, null). */
  value: unknown;
  /** Where the value at `at` starts (for an object member, where its key starts); 0 when not found. */
  offsetOf(at: Path): number;
  /** `file:line:col` of the value at `at`, for messages. */
  where(at: Path): string;
}

/** Where each line of `text` starts: the line index nodes and diagnostics made from the file use. */
export function lineIndexOf(file: string, text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return new LineIndex(file, starts);
}

/** Read and parse a JSON or YAML file (JSON is read as YAML 1.2, of which it is a part). Throws UsageError. */
export function readStructured(path: string, text?: string): StructuredFile {
  let source: string;
  try {
    source = text ?? readFileSync(path, 'utf8');
  } catch (e) {
    throw cannotRead(path, e);
  }
  const lines = lineIndexOf(path, source);
  const doc = parseDocument(source, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = lines.position(error.pos[0]);
    throw new UsageError(`${path}:${at.line}:${at.column}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const offsetOf = (at: Path) => locate(doc, at);
  const where = (at: Path) => {
    const p = lines.position(offsetOf(at));
    return `${path}:${p.line}:${p.column}`;
  };
  return { path, text: source, lines, value: doc.toJS({ maxAliasCount: 100 }) as unknown /* a bounded count of aliases: no "billion laughs" */, offsetOf, where };
}

function locate(doc: Document, at: Path): number {
  if (at.length === 0) return doc.contents?.range?.[0] ?? 0;
  const parent = at.length === 1 ? doc.contents : doc.getIn(at.slice(0, -1), true);
  const last = at[at.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    const key = pair?.key as { range?: [number, number, number] } | undefined;
    return key?.range?.[0] ?? parent.range?.[0] ?? 0;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as { range?: [number, number, number] } | undefined;
    return item?.range?.[0] ?? parent.range?.[0] ?? 0;
  }
  return 0;
}
