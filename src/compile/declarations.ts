// Backends, directors and tables as runtime objects, read from their (literal) declarations.
import type { BackendDeclaration, DirectorDeclaration, Expression, Property, TableDeclaration } from '../ast/ast.js';
import type { VclTable } from '../values/function-context.js';
import type { Value } from '../values/values.js';

export interface BackendConfig {
  name: string;
  host: string;
  port: number;
  ssl: boolean;
  sniHostname: string | null;
  certHostname: string | null;
  hostHeader: string | null;
  alwaysUseHostHeader: boolean;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  betweenBytesTimeoutMs: number;
  maxConnections: number | null;
  /** Every property as written, for lint and the docs. */
  properties: ReadonlyMap<string, Value>;
}

export interface DirectorConfig {
  name: string;
  type: string;
  members: { backend: string; weight: number }[];
}

/** The value of a literal property expression (`"x"`, `10s`, `true`, `"a" "b"`, an identifier). */
export function constantValue(e: Expression): Value {
  switch (e.kind) {
    case 'String':
      return e.value;
    case 'Integer':
    case 'Float':
    case 'Bool':
      return e.value;
    case 'RTime':
      return e.milliseconds;
    case 'Identifier':
      return e.name;
    case 'Group':
      return constantValue(e.expression);
    case 'Unary': {
      const v = constantValue(e.operand);
      return e.operator === '-' && typeof v === 'number' ? -v : v;
    }
    case 'Binary':
      return `${constantValue(e.left) ?? ''}${constantValue(e.right) ?? ''}`;
    default:
      return null;
  }
}

function propertyMap(props: readonly Property[]): Map<string, Value> {
  const map = new Map<string, Value>();
  for (const p of props) if (p.value.kind !== 'PropertyObject') map.set(p.name.name, constantValue(p.value));
  return map;
}

function readBackend(decl: BackendDeclaration): BackendConfig {
  const props = propertyMap(decl.properties);
  const str = (k: string): string | null => (typeof props.get(k) === 'string' ? (props.get(k) as string) : null);
  const num = (k: string, fallback: number): number => (typeof props.get(k) === 'number' ? (props.get(k) as number) : fallback);
  const ssl = props.get('ssl') === true;
  const port = Number.parseInt(String(props.get('port') ?? (ssl ? '443' : '80')), 10);
  return {
    name: decl.name.name,
    host: str('host') ?? '127.0.0.1',
    port: Number.isFinite(port) ? port : ssl ? 443 : 80,
    ssl,
    sniHostname: str('ssl_sni_hostname'),
    certHostname: str('ssl_cert_hostname'),
    hostHeader: str('host_header'),
    alwaysUseHostHeader: props.get('always_use_host_header') === true,
    connectTimeoutMs: num('connect_timeout', 1_000),
    firstByteTimeoutMs: num('first_byte_timeout', 15_000),
    betweenBytesTimeoutMs: num('between_bytes_timeout', 10_000),
    maxConnections: typeof props.get('max_connections') === 'number' ? (props.get('max_connections') as number) : null,
    properties: props,
  };
}

export function readBackends(decls: ReadonlyMap<string, BackendDeclaration>): Map<string, BackendConfig> {
  return new Map([...decls].map(([name, d]) => [name, readBackend(d)]));
}

export function readDirectors(decls: ReadonlyMap<string, DirectorDeclaration>): Map<string, DirectorConfig> {
  return new Map(
    [...decls].map(([name, d]) => [
      name,
      {
        name,
        type: d.directorType.name,
        members: d.members.map((m) => {
          const props = propertyMap(m.properties);
          return { backend: String(props.get('backend') ?? ''), weight: typeof props.get('weight') === 'number' ? (props.get('weight') as number) : 1 };
        }),
      },
    ]),
  );
}

export function readTable(decl: TableDeclaration): VclTable {
  return {
    name: decl.name.name,
    valueType: decl.valueType ?? 'STRING',
    entries: new Map(decl.entries.map((e) => [e.key.value, constantValue(e.value)])),
  };
}
