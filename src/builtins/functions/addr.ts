// addr.*: the family of an IP address and bits cut out of it.
import { parseIpBytes } from '../../values/ip.js';
import type { ArgumentFacts, FunctionSpec } from './types.js';

export const ADDR_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'addr.is_ipv4',
    returns: 'BOOL',
    params: ['IP'],
    paramNames: ['ip'],
    doc: 'True if the address is IPv4 (an IPv4-mapped IPv6 address is IPv6).',
    impl: (_ctx, ip: string | null) => parseIpBytes(ip)?.family === 4,
  },
  {
    name: 'addr.is_ipv6',
    returns: 'BOOL',
    params: ['IP'],
    paramNames: ['ip'],
    doc: 'True if the address is IPv6.',
    impl: (_ctx, ip: string | null) => parseIpBytes(ip)?.family === 6,
  },
  {
    name: 'addr.extract_bits',
    returns: 'INTEGER',
    params: ['IP', 'INTEGER', 'INTEGER'],
    paramNames: ['ip', 'start_bit', 'bit_count'],
    doc: 'bit_count bits (at most 32) from bit start_bit, bit 0 being the last bit; IPv4 is zero-padded to 128 bits.',
    checkArgs: constantBitRange,
    impl: (_ctx, ip: string | null, start: number, count: number) => extractBits(ip, start, count),
  },
];

/** Fastly rejects at load a start bit or bit count that is not a constant, or a range off the 128 bits. */
function constantBitRange(args: readonly ArgumentFacts[]): { index: number; message: string } | null {
  const [start, count] = [args[1]?.literal, args[2]?.literal];
  if (typeof start !== 'number' || start < 0) return { index: 1, message: 'the start bit must be a constant from 0 to 127' };
  if (typeof count !== 'number' || count < 0) return { index: 2, message: 'the bit count must be a constant from 0 to 32' };
  if (start > 127) return { index: 1, message: 'the start bit must be lower than 128' };
  if (count > 32) return { index: 2, message: 'the bit count can be at most 32' };
  if (start + count > 128) return { index: 2, message: 'the start bit plus the bit count can be at most 128' };
  return null;
}

/** Bits [start, start + count) of the address counted from its last bit; 0 for a bad range or no address. */
export function extractBits(ip: string | null, start: number, count: number): number {
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) return 0;
  if (count > 32 || start >= 128 || start + count > 128) return 0;
  const parsed = parseIpBytes(ip);
  if (!parsed) return 0;
  let address = 0n;
  for (const byte of parsed.bytes) address = (address << 8n) | BigInt(byte);
  return Number((address >> BigInt(start)) & ((1n << BigInt(count)) - 1n));
}
