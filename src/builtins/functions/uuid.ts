// uuid.*: make and check UUIDs (RFC 9562): random (v4), name-based (v3 MD5, v5 SHA-1), time-ordered (v7),
// the four namespaces RFC 4122 defines, and the textual checks.
import { createHash } from 'node:crypto';
import { toBytes } from '../../values/bytes.js';
import type { FunctionContext } from '../../values/function-context.js';
import { text } from './args.js';
import type { FunctionSpec } from './types.js';

const NAMESPACES = {
  dns: ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'DNS'],
  url: ['6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'URL'],
  oid: ['6ba7b812-9dad-11d1-80b4-00c04fd430c8', 'ISO OID'],
  x500: ['6ba7b814-9dad-11d1-80b4-00c04fd430c8', 'X.500'],
} as const;

/** 8-4-4-4-12 hex digits, either case; capture 1 is the version digit, 2 the variant digit. */
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The versions uuid.is_valid accepts, per its reference page: 1, 3, 4, 5 and 7. */
const VALID_VERSIONS = new Set(['1', '3', '4', '5', '7']);

/** The UUID's version digit when the text is a UUID of the RFC variant (10xx), else null. */
function versionOf(s: string | null): string | null {
  const match = s === null ? null : UUID_TEXT.exec(s);
  return match && '89abAB'.includes(match[2]!) ? match[1]! : null;
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Set the version nibble and the RFC variant bits of 16 bytes, and print them. */
function stamp(bytes: Buffer, version: number): string {
  bytes[6] = (bytes[6]! & 0x0f) | (version << 4);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes.toString('hex'));
}

export function uuidVersion4(ctx: FunctionContext): string {
  const fast = ctx.randomUUID?.();
  if (fast) return fast;
  // Four 32-bit draws rather than sixteen byte draws: same distribution, a quarter of the calls.
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) bytes.writeUInt32BE(Math.floor(ctx.random() * 0x1_0000_0000), i * 4);
  return stamp(bytes, 4);
}

/** The first 48 bits are the Unix time in ms; the other 74 (beside version and variant) random. */
function uuidVersion7(ctx: FunctionContext): string {
  const random = uuidVersion4(ctx).replace(/-/g, '');
  const bytes = Buffer.from(random, 'hex');
  bytes.writeUIntBE(Math.max(0, Math.floor(ctx.now())) % 2 ** 48, 0, 6);
  return stamp(bytes, 7);
}

/** A name-based UUID: the hash of the namespace's 16 bytes and the name's (cut at its first NUL, as Fastly does). */
function nameBased(ctx: FunctionContext, algorithm: 'md5' | 'sha1', version: number, namespace: string | null, name: string | null): string | null {
  if (namespace === null || !UUID_TEXT.test(namespace)) {
    ctx.fastlyError = 'EINVAL';
    return null;
  }
  const nameBytes = toBytes(text(name));
  const nul = nameBytes.indexOf(0);
  const hash = createHash(algorithm)
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(nul < 0 ? nameBytes : nameBytes.subarray(0, nul))
    .digest();
  return stamp(hash.subarray(0, 16), version);
}

function namespaceSpec(name: keyof typeof NAMESPACES): FunctionSpec {
  const [id, what] = NAMESPACES[name];
  return { name: `uuid.${name}`, returns: 'STRING', params: [], paramNames: [], doc: `The ${what} namespace's UUID, ${id}.`, impl: () => id };
}

function isVersionSpec(version: '3' | '4' | '5' | '7'): FunctionSpec {
  return {
    name: `uuid.is_version${version}`,
    returns: 'BOOL',
    params: ['STRING'],
    paramNames: ['uuid'],
    doc: `True if the string is a version ${version} UUID (8-4-4-4-12 hex, either case, RFC variant).`,
    impl: (_ctx, s: string | null) => versionOf(s) === version,
  };
}

function nameBasedSpec(version: 3 | 5): FunctionSpec {
  const algorithm = version === 3 ? 'md5' : 'sha1';
  return {
    name: `uuid.version${version}`,
    returns: 'STRING',
    params: ['STRING', 'STRING'],
    paramNames: ['namespace', 'name'],
    doc: `The version ${version} (${algorithm.toUpperCase()}) UUID of name within the namespace UUID; the name is cut at its first NUL byte.`,
    local: 'A namespace that is not a UUID gives not set and sets fastly.error to EINVAL (Fastly does not document this case).',
    impl: (ctx, namespace: string | null, name: string | null) => nameBased(ctx, algorithm, version, namespace, name),
  };
}

export const UUID_FUNCTIONS: FunctionSpec[] = [
  ...(['dns', 'url', 'oid', 'x500'] as const).map(namespaceSpec),
  nameBasedSpec(3),
  {
    name: 'uuid.version4',
    returns: 'STRING',
    params: [],
    paramNames: [],
    doc: 'A random (version 4) UUID in lower-case 8-4-4-4-12 form.',
    impl: (ctx) => uuidVersion4(ctx),
  },
  nameBasedSpec(5),
  {
    name: 'uuid.version7',
    returns: 'STRING',
    params: [],
    paramNames: [],
    doc: 'A time-ordered (version 7) UUID: the Unix time in milliseconds, then 74 random bits.',
    local: 'The time is the clock when called; Fastly uses one timestamp for every call within a subroutine.',
    impl: (ctx) => uuidVersion7(ctx),
  },
  {
    name: 'uuid.is_valid',
    returns: 'BOOL',
    params: ['STRING'],
    paramNames: ['uuid'],
    doc: 'True if the string is a UUID of version 1, 3, 4, 5 or 7 (8-4-4-4-12 hex, either case, RFC variant).',
    impl: (_ctx, s: string | null) => VALID_VERSIONS.has(versionOf(s) ?? ''),
  },
  ...(['3', '4', '5', '7'] as const).map(isVersionSpec),
];
