// The properties a `backend` (and its `.probe`) and a `director` may set, with their types,
// and which of them a WebSocket tunnel honours (Fastly: name, address, TLS, override host).
import type { TypeName } from '../ast/ast.js';

export const BACKEND_PROPERTIES: Readonly<Record<string, TypeName>> = {
  dynamic: 'BOOL',
  share_key: 'STRING',
  host: 'STRING',
  port: 'STRING',
  ssl: 'BOOL',
  ssl_cert_hostname: 'STRING',
  ssl_sni_hostname: 'STRING',
  ssl_check_cert: 'ID',
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
  host_header: 'STRING',
  always_use_host_header: 'BOOL',
  bypass_local_route_table: 'BOOL',
  prefer_ipv6: 'BOOL',
  probe: 'VOID', // an object: see PROBE_PROPERTIES
};

export const PROBE_PROPERTIES: Readonly<Record<string, TypeName>> = {
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

export const DIRECTOR_PROPERTIES: Readonly<Record<string, TypeName>> = {
  quorum: 'INTEGER',
  retries: 'INTEGER',
  key: 'ID',
  seed: 'INTEGER',
  vnodes_per_node: 'INTEGER',
};

export const DIRECTOR_MEMBER_PROPERTIES: Readonly<Record<string, TypeName>> = {
  backend: 'BACKEND',
  weight: 'INTEGER',
  id: 'STRING',
};

export const DIRECTOR_TYPES = new Set(['random', 'fallback', 'hash', 'client', 'chash']);

/** Backend settings that apply to a WebSocket tunnel; every other setting is ignored by it. */
export const TUNNEL_PROPERTIES = new Set([
  'host',
  'port',
  'ssl',
  'ssl_cert_hostname',
  'ssl_sni_hostname',
  'ssl_check_cert',
  'host_header',
  'always_use_host_header',
  'dynamic',
  'share_key',
]);
