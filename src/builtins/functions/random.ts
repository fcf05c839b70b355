// Randomness: randombool, randomint, randomstr and uuid.*. All draw from ctx.random() so tests
// can seed them; none is cryptographically secure (neither are Fastly's, except uuid).
import { int, text } from './args.js';
import type { FunctionSpec } from './types.js';
import type { FunctionContext } from '../../values/function-context.js';

/** randomstr's default alphabet: the 64 characters a-z A-Z 0-9 - _. */
const DEFAULT_CHARSET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const RANDOM_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'randombool',
    returns: 'BOOL',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['numerator', 'denominator'],
    doc: 'True numerator/denominator of the time.',
    impl: (ctx, numerator: number, denominator: number) =>
      denominator > 0 && ctx.random() * int(denominator) < int(numerator),
  },
  {
    name: 'randomint',
    returns: 'INTEGER',
    params: ['INTEGER', 'INTEGER'],
    paramNames: ['from', 'to'],
    doc: 'A random integer between from and to, inclusive.',
    impl: (ctx, from: number, to: number) => randomInt(ctx, int(from), int(to)),
  },
  {
    name: 'randomstr',
    returns: 'STRING',
    params: ['INTEGER', 'STRING'],
    paramNames: ['len', 'characters'],
    optional: 1,
    doc: 'A random string of len characters drawn from characters (default a-zA-Z0-9-_).',
    impl: (ctx, length: number, characters: string | null = DEFAULT_CHARSET) => {
      const alphabet = Array.from(text(characters) || DEFAULT_CHARSET);
      let out = '';
      for (let i = 0; i < int(length); i++) out += alphabet[Math.floor(ctx.random() * alphabet.length)];
      return out;
    },
  },
  {
    name: 'uuid.version4',
    returns: 'STRING',
    params: [],
    paramNames: [],
    doc: 'A random (version 4) UUID in lower-case 8-4-4-4-12 form.',
    impl: (ctx) => uuidVersion4(ctx),
  },
  {
    name: 'uuid.is_valid',
    returns: 'BOOL',
    params: ['STRING'],
    paramNames: ['uuid'],
    doc: 'True if the string is a UUID in 8-4-4-4-12 hex form (either case).',
    impl: (_ctx, s: string | null) => UUID.test(text(s)),
  },
  {
    name: 'uuid.is_version4',
    returns: 'BOOL',
    params: ['STRING'],
    paramNames: ['uuid'],
    doc: 'True if the string is a valid version 4 (RFC 4122 variant) UUID.',
    impl: (_ctx, s: string | null) => UUID.test(text(s)) && /^.{14}4.{4}[89ab]/i.test(text(s)),
  },
];

function randomInt(ctx: FunctionContext, from: number, to: number): number {
  const [low, high] = from <= to ? [from, to] : [to, from];
  return low + Math.floor(ctx.random() * (high - low + 1));
}

export function uuidVersion4(ctx: FunctionContext): string {
  const fast = ctx.randomUUID?.();
  if (fast) return fast;
  // Four 32-bit draws rather than sixteen byte draws: same distribution, a quarter of the calls.
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(ctx.random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16); // RFC 4122 variant
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}
