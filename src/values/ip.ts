// IP addresses as VCL sees them: an IP value is its canonical text (see values.ts), so parsing
// and printing live here, shared by std.ip / std.str2ip and ACL matching.
import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
}

/**
 * Canonical text of a numeric IPv4/IPv6 address, or null when `s` is not one.
 * IPv6 is printed per RFC 5952 (lower case, longest zero run compressed); no names, zones or brackets.
 */
export function parseIp(s: string | null): string | null {
  const parsed = parseIpBytes(s);
  return parsed ? formatIp(parsed) : null;
}

export function parseIpBytes(s: string | null): ParsedIp | null {
  if (s === null) return null;
  if (isIPv4(s)) return { family: 4, bytes: Uint8Array.from(s.split('.'), Number) };
  if (isIPv6(s) && !s.includes('%')) return { family: 6, bytes: ipv6Bytes(s) };
  return null;
}

/** `::ffff:a.b.c.d` → the IPv4 address a.b.c.d; anything else unchanged. */
export function unmapIpv4(ip: ParsedIp): ParsedIp {
  if (ip.family === 6 && isV4Mapped(ip.bytes)) return { family: 4, bytes: ip.bytes.slice(12) };
  return ip;
}

export function isV4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

export function formatIp(ip: ParsedIp): string {
  if (ip.family === 4) return Array.from(ip.bytes).join('.');
  if (isV4Mapped(ip.bytes)) return `::ffff:${Array.from(ip.bytes.slice(12)).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  const [runStart, runLength] = longestZeroRun(groups);
  const hex = groups.map((g) => g.toString(16));
  if (runLength < 2) return hex.join(':');
  const head = hex.slice(0, runStart).join(':');
  const tail = hex.slice(runStart + runLength).join(':');
  return `${head}::${tail}`;
}

function longestZeroRun(groups: number[]): [start: number, length: number] {
  let best: [number, number] = [-1, 0];
  let start = -1;
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start > best[1]) best = [start, i - start];
      start = -1;
    }
  }
  return best;
}

/** Bytes of an address already validated by net.isIPv6. */
function ipv6Bytes(s: string): Uint8Array {
  let text = s.toLowerCase();
  const tailV4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tailV4) {
    const [a, b, c, d] = tailV4[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, tailV4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = text.includes('::') ? text.split('::') : [text, undefined];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...rightGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    bytes[i * 2] = v >> 8;
    bytes[i * 2 + 1] = v & 0xff;
  });
  return bytes;
}
