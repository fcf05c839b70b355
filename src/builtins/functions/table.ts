// table.*: lookups in `table name TYPE { "key": value, ... }` declarations.
import type { TypeName } from '../../ast/ast.js';
import type { Value } from '../../values/values.js';
import { text } from './args.js';
import type { FunctionSpec } from './types.js';
import type { VclTable } from '../../values/function-context.js';

/** table.lookup_<kind> for a typed table: the default is required and returned when the key is absent. */
function typedLookup(suffix: string, type: TypeName): FunctionSpec {
  return {
    name: `table.lookup_${suffix}`,
    returns: type,
    params: ['TABLE', 'STRING', type],
    paramNames: ['table', 'key', 'default'],
    doc: `Look up a key in a ${type} table; the default when absent.`,
    impl: (_ctx, table: VclTable, key: string | null, fallback: Value) => lookup(table, key) ?? fallback,
  };
}

export const TABLE_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'table.lookup',
    returns: 'STRING',
    params: ['TABLE', 'STRING', 'STRING'],
    paramNames: ['table', 'key', 'default'],
    optional: 1,
    doc: 'Value for a key in a STRING table; the default (or not set) when absent.',
    impl: (_ctx, table: VclTable, key: string | null, fallback: string | null = null) =>
      (lookup(table, key) as string | undefined) ?? fallback,
  },
  {
    name: 'table.contains',
    returns: 'BOOL',
    params: ['TABLE', 'STRING'],
    paramNames: ['table', 'key'],
    doc: 'True if the table has an entry for the key.',
    impl: (_ctx, table: VclTable, key: string | null) => table.entries.has(text(key)),
  },
  typedLookup('integer', 'INTEGER'),
  typedLookup('float', 'FLOAT'),
  typedLookup('bool', 'BOOL'),
  typedLookup('rtime', 'RTIME'),
  typedLookup('ip', 'IP'),
  typedLookup('backend', 'BACKEND'),
];

function lookup(table: VclTable, key: string | null): Value | undefined {
  return table.entries.get(text(key));
}
