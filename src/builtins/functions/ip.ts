// IP addresses from and to strings: std.str2ip and its alias std.ip, std.anystr2ip (inet_aton's
// looser IPv4 forms) and std.ip2str.
import { parseIp } from '../../values/ip.js';
import type { FunctionSpec } from './types.js';

export const IP_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'std.str2ip',
    returns: 'IP',
    params: ['STRING', 'STRING'],
    paramNames: ['addr', 'fallback'],
    doc: 'Parse a numeric IPv4/IPv6 address; the fallback when it does not parse.',
    impl: (_ctx, addr: string | null, fallback: string | null) => parseIp(addr) ?? parseIp(fallback),
  },
  {
    name: 'std.ip',
    returns: 'IP',
    params: ['STRING', 'STRING'],
    paramNames: ['addr', 'fallback'],
    doc: 'Alias of std.str2ip.',
    impl: (_ctx, addr: string | null, fallback: string | null) => parseIp(addr) ?? parseIp(fallback),
  },
  {
    name: 'std.anystr2ip',
    returns: 'IP',
    params: ['STRING', 'STRING'],
    paramNames: ['addr', 'fallback'],
    doc: 'Like std.str2ip, but IPv4 parts may be hex (0x), octal (0) or decimal, and fewer than four.',
    impl: (_ctx, addr: string | null, fallback: string | null) => parseAnyIp(addr) ?? parseAnyIp(fallback),
  },
  {
    name: 'std.ip2str',
    returns: 'STRING',
    params: ['IP'],
    paramNames: ['ip'],
    doc: 'The address as text (IPv4 dotted quad, IPv6 in RFC 5952 form); not set for a not-set IP.',
    impl: (_ctx, ip: string | null) => ip,
  },
];

function parseAnyIp(s: string | null): string | null {
  return s === null ? null : (parseLooseIpv4(s) ?? parseIp(s));
}

/**
 * inet_aton's IPv4 forms: one to four numbers, each hex (0x…), octal (0…) or decimal; all but the
 * last are one byte, the last fills the remaining bytes (0x8.010.2056 is 8.8.8.8).
 */
function parseLooseIpv4(s: string): string | null {
  const parts = s.split('.');
  if (parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIpv4Number(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  const lastBytes = 4 - numbers.length;
  if (numbers.some((n) => n > 255) || last >= 2 ** (8 * lastBytes)) return null;
  for (let i = lastBytes - 1; i >= 0; i--) numbers.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return numbers.join('.');
}

function parseIpv4Number(part: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(part)) return Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]*$/.test(part)) return Number.parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return Number.parseInt(part, 10);
  return null;
}
