// ACLs: `acl name { "10.0.0.0"/8; !"10.1.2.3"; }`. Fastly evaluates negated entries after the
// inclusions and a negated match always wins, whatever the order in the source.
import { formatIp, parseIpBytes, unmapIpv4, type ParsedIp } from './ip.js';

export interface AclEntry {
  negated: boolean;
  address: string;
  /** CIDR prefix length; null means the whole address (/32 or /128). */
  prefix: number | null;
}

export interface AclMatcher {
  readonly name: string;
  /** True when `ip` is inside some included entry and no negated entry. Not set never matches. */
  match(ip: string | null): boolean;
}

interface Network {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Build a matcher; throws an Error naming the ACL and entry when an address or prefix is invalid. */
export function buildAcl(name: string, entries: readonly AclEntry[]): AclMatcher {
  const included: Network[] = [];
  const excluded: Network[] = [];
  for (const entry of entries) {
    const list = entry.negated ? excluded : included;
    // The one host name an entry may give (falco's acl table): the loopback addresses, as Varnish resolves it.
    if (entry.address.toLowerCase() === 'localhost' && entry.prefix === null) list.push(...LOCALHOST.map((address) => toNetwork(name, { ...entry, address })));
    else list.push(toNetwork(name, entry));
  }
  return {
    name,
    match(ip: string | null): boolean {
      const parsed = parseIpBytes(ip);
      if (!parsed) return false;
      const client = unmapIpv4(parsed);
      return included.some((n) => contains(n, client)) && !excluded.some((n) => contains(n, client));
    },
  };
}

const LOCALHOST = ['127.0.0.1', '::1'];

function toNetwork(aclName: string, entry: AclEntry): Network {
  const describe = `${entry.negated ? '!' : ''}"${entry.address}"${entry.prefix === null ? '' : `/${entry.prefix}`}`;
  const parsed = parseIpBytes(entry.address);
  if (!parsed) {
    throw new Error(`acl ${aclName}: ${describe} is not a valid IPv4 or IPv6 address`);
  }
  const width = parsed.family === 4 ? 32 : 128;
  const prefix = entry.prefix ?? width;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) {
    throw new Error(`acl ${aclName}: ${describe} has prefix /${prefix}, expected 0 to ${width} for IPv${parsed.family}`);
  }
  // An IPv4-mapped IPv6 network (::ffff:a.b.c.d/96+) is the IPv4 network it maps.
  const unmapped = unmapIpv4(parsed);
  if (unmapped.family === 4 && parsed.family === 6 && prefix >= 96) {
    return { family: 4, bytes: unmapped.bytes, prefix: prefix - 96 };
  }
  return { family: parsed.family, bytes: parsed.bytes, prefix };
}

function contains(network: Network, ip: ParsedIp): boolean {
  if (network.family !== ip.family) return false;
  const fullBytes = Math.floor(network.prefix / 8);
  for (let i = 0; i < fullBytes; i++) if (network.bytes[i] !== ip.bytes[i]) return false;
  const restBits = network.prefix % 8;
  if (restBits === 0) return true;
  const mask = (0xff << (8 - restBits)) & 0xff;
  return (network.bytes[fullBytes]! & mask) === (ip.bytes[fullBytes]! & mask);
}

/** Canonical text of an ACL entry, for messages and docs. */
export function describeAclEntry(entry: AclEntry): string {
  const parsed = parseIpBytes(entry.address);
  const address = parsed ? formatIp(parsed) : entry.address;
  return `${entry.negated ? '!' : ''}"${address}"${entry.prefix === null ? '' : `/${entry.prefix}`}`;
}
