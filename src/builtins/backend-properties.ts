// The one table of declaration properties: what a `backend` (and its `.probe`), each kind of `director`
// and its members, a `ratecounter` and a `penaltybox` may set, with the type each takes. The checker
// holds declarations to it; the compiler reads the values it allows. Add a property here, nowhere else.
// Sources: Fastly's backend and director declaration pages, and the properties Fastly-generated VCL sets.
import type { TypeName } from '../ast/ast.js';

/** A property's type: a value type, `PERCENT` (`.quorum = 50%;`) or `OBJECT` (`.probe = { … }`). */
export type PropertyType = TypeName | 'PERCENT' | 'OBJECT';

export const BACKEND_PROPERTIES: Readonly<Record<string, PropertyType>> = {
  dynamic: 'BOOL',
  share_key: 'STRING',
  host: 'STRING',
  port: 'STRING',
  ssl: 'BOOL',
  ssl_cert_hostname: 'STRING',
  ssl_sni_hostname: 'STRING',
  // The older name Fastly still compiles (its API's deprecated `ssl_hostname`): both the certificate
  // name and the SNI name, each where the newer property is not set.
  ssl_hostname: 'STRING',
  ssl_check_cert: 'ID', // `always` / `never`
  ssl_ca_cert: 'STRING',
  ssl_client_cert: 'STRING',
  ssl_client_key: 'STRING',
  ssl_ciphers: 'STRING',
  min_tls_version: 'STRING',
  max_tls_version: 'STRING',
  between_bytes_timeout: 'RTIME',
  connect_timeout: 'RTIME',
  first_byte_timeout: 'RTIME',
  fetch_timeout: 'RTIME',
  keepalive_time: 'RTIME',
  max_connections: 'INTEGER',
  // In Fastly-generated VCL of older services; it tunes Fastly's saint mode, which has no local part.
  saintmode_threshold: 'INTEGER',
  host_header: 'STRING',
  always_use_host_header: 'BOOL',
  bypass_local_route_table: 'BOOL',
  prefer_ipv6: 'BOOL',
  // Fastly-generated VCL declares the caches of a shield POP as backends with `.is_shield = true`
  // (older services, before shield directors). Locally it is neither probed nor fetched from: a request
  // for it goes where a shield director's goes (engine/directors).
  is_shield: 'BOOL',
  probe: 'OBJECT',
};

/** A backend must say where it is. */
export const BACKEND_REQUIRED = ['host'] as const;

export const PROBE_PROPERTIES: Readonly<Record<string, PropertyType>> = {
  dummy: 'BOOL',
  request: 'STRING',
  url: 'STRING',
  expected_response: 'INTEGER',
  interval: 'RTIME',
  timeout: 'RTIME',
  window: 'INTEGER',
  initial: 'INTEGER',
  threshold: 'INTEGER',
};

/**
 * Fastly's health-check defaults (its API's healthcheck object): a probe that leaves a setting out
 * gets these. `initial` good results count in the window when the probe starts.
 */
export const PROBE_DEFAULTS = {
  url: '/',
  expectedResponse: 200,
  intervalMs: 5_000,
  timeoutMs: 500,
  window: 5,
  threshold: 3,
  initial: 4,
} as const;

/** One director policy: its own properties, its members' properties, and what each must have. */
export interface DirectorKind {
  properties: Readonly<Record<string, PropertyType>>;
  /** Properties every `{ … }` member may set; null: the kind has no members (shield). */
  member: Readonly<Record<string, PropertyType>> | null;
  /** Properties the director itself must set. */
  required: readonly string[];
  /** Properties each member must set. */
  memberRequired: readonly string[];
}

const WEIGHTED_MEMBER = { backend: 'BACKEND', weight: 'INTEGER' } as const;

export const DIRECTOR_KINDS: Readonly<Record<string, DirectorKind>> = {
  random: { properties: { quorum: 'PERCENT', retries: 'INTEGER' }, member: WEIGHTED_MEMBER, required: [], memberRequired: ['backend', 'weight'] },
  fallback: { properties: {}, member: { backend: 'BACKEND' }, required: [], memberRequired: ['backend'] },
  hash: { properties: { quorum: 'PERCENT' }, member: WEIGHTED_MEMBER, required: [], memberRequired: ['backend', 'weight'] },
  client: { properties: { quorum: 'PERCENT' }, member: WEIGHTED_MEMBER, required: [], memberRequired: ['backend', 'weight'] },
  chash: {
    properties: { quorum: 'PERCENT', key: 'ID', seed: 'INTEGER', vnodes_per_node: 'INTEGER' },
    member: { backend: 'BACKEND', id: 'STRING' },
    required: [],
    memberRequired: ['backend', 'id'],
  },
  // Fastly-generated VCL for a shielded service: `.shield` names the shield POP. Locally a shield
  // director resolves to the fallback backend fastly.try_select_shield is given.
  shield: { properties: { shield: 'STRING', is_ssl: 'BOOL' }, member: null, required: ['shield'], memberRequired: [] },
};

/** `.key` of a chash director: hash the cache key (object) or client.identity (client). */
export const CHASH_KEYS = new Set(['object', 'client']);
/** Fastly's limit on `.vnodes_per_node`. */
export const MAX_VNODES_PER_NODE = 8_388_608;

/** `ratecounter NAME { }` and `penaltybox NAME { }` take no properties. */
export const RATECOUNTER_PROPERTIES: Readonly<Record<string, PropertyType>> = {};
export const PENALTYBOX_PROPERTIES: Readonly<Record<string, PropertyType>> = {};

/** Backend settings that apply to a WebSocket tunnel; every other setting is ignored by it. */
export const TUNNEL_PROPERTIES = new Set([
  'host',
  'port',
  'ssl',
  'ssl_cert_hostname',
  'ssl_sni_hostname',
  'ssl_hostname',
  'ssl_check_cert',
  'host_header',
  'always_use_host_header',
  'dynamic',
  'share_key',
]);
