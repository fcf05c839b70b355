// fastly.try_select_shield: the shield director when its POP can take the request, else the fallback
// (reference/vcl/functions/miscellaneous/fastly-try-select-shield). There is no shield POP on a
// developer's machine, so locally it is always the fallback: the request goes straight to the origin.
import type { FunctionSpec } from './types.js';

export const SHIELD_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'fastly.try_select_shield',
    returns: 'BACKEND',
    params: ['BACKEND', 'BACKEND'],
    paramNames: ['shield', 'fallback'],
    doc: 'The shield director if its POP is healthy and not yet visited by this request; else the fallback.',
    local: 'No shield POP exists locally: always the fallback.',
    impl: (_ctx, _shield: string, fallback: string) => fallback,
  },
];
