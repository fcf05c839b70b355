// table.*: lookups in `table name TYPE { "key": value, ... }` declarations. A lookup must name a table of
// its own value type (Fastly rejects table.lookup_integer on a STRING table at load); table.contains takes any.
import type { TypeName } from '../../ast/ast.js';
import type { AclMatcher } from '../../values/acl.js';
import type { Value } from '../../values/values.js';
import { text } from './args.js';
import type { ArgumentFacts, FunctionSpec } from './types.js';
import type { VclTable } from '../../values/function-context.js';

/** The load-time check that the table argument (the first) holds `type` values. */
function tableOf(type: TypeName): (args: readonly ArgumentFacts[]) => { index: number; message: string } | null {
  return (args) => {
    const declared = args[0]?.tableType;
    return declared && declared !== type ? { index: 0, message: `the table holds ${declared} values, ${type} values are needed` } : null;
  };
}

/** table.lookup_<kind> for a typed table: the default is required and returned when the key is absent. */
function typedLookup(suffix: string, type: TypeName): FunctionSpec {
  return {
    name: `table.lookup_${suffix}`,
    returns: type,
    params: ['TABLE', 'STRING', type],
    paramNames: ['table', 'key', 'default'],
    doc: `Look up a key in a ${type} table; the default when absent.`,
    checkArgs: tableOf(type),
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
    checkArgs: tableOf('STRING'),
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
  {
    name: 'table.lookup_acl',
    returns: 'ACL',
    params: ['TABLE', 'STRING', 'ACL'],
    paramNames: ['table', 'key', 'default'],
    doc: 'The ACL a key names in an ACL table, the default ACL when absent; use it on the right of "~" (client.ip ~ table.lookup_acl(t, k, acl)).',
    checkArgs: tableOf('ACL'),
    // An ACL value is the ACL's name; `~` finds the matcher (compile/expressions.ts).
    impl: (_ctx, table: VclTable, key: string | null, fallback: AclMatcher) => lookup(table, key) ?? fallback.name,
  },
  {
    name: 'table.lookup_regex',
    returns: 'REGEX',
    params: ['TABLE', 'STRING'],
    paramNames: ['table', 'key'],
    doc: 'The regex a key names in a REGEX table, for "~" or a REGEX local; when absent, a regex that matches nothing.',
    checkArgs: tableOf('REGEX'),
    // A REGEX value is its pattern (compiled when the table was checked); not set matches nothing.
    impl: (_ctx, table: VclTable, key: string | null) => lookup(table, key) ?? null,
  },
];

function lookup(table: VclTable, key: string | null): Value | undefined {
  return table.entries.get(text(key));
}
