// IP addresses from strings: std.str2ip and its alias std.ip.
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
  },  {
    name: 'std.ip',
    returns: 'IP',
    params: ['STRING', 'STRING'],
    paramNames: ['addr', 'fallback'],
    doc: 'Alias of std.str2ip.',
    impl: (_ctx, addr: string | null, fallback: string | null) => parseIp(addr) ?? parseIp(fallback),
  },];
