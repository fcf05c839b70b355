// Fixed parts of PCRE2's syntax the parser reads: start-of-pattern options, backtracking verbs, the
// alphabetic assertion names, and the node \X stands for.
import { alt, INFINITE, seq, type CharClass, type Node } from './ast.js';
import { dictionary } from '../../dictionary.js';

export const START_OPTION = /^\(\*(UTF|UCP|NOTEMPTY|NOTEMPTY_ATSTART|NO_AUTO_POSSESS|NO_DOTSTAR_ANCHOR|NO_JIT|NO_START_OPT|CR|LF|CRLF|ANYCRLF|ANY|NUL|BSR_ANYCRLF|BSR_UNICODE|LIMIT_(?:MATCH|DEPTH|HEAP|RECURSION)=(\d+))\)/;
export const VERB = /^\(\*(ACCEPT|FAIL|F|COMMIT|PRUNE|SKIP|THEN|MARK|)(?::([^)]*))?\)/;
export const ALPHA_ASSERTION = dictionary<{ look?: { behind: boolean; negate: boolean }; atomic?: boolean }>({
  pla: { look: { behind: false, negate: false } },
  positive_lookahead: { look: { behind: false, negate: false } },
  napla: { look: { behind: false, negate: false } },
  non_atomic_positive_lookahead: { look: { behind: false, negate: false } },
  nla: { look: { behind: false, negate: true } },
  negative_lookahead: { look: { behind: false, negate: true } },
  plb: { look: { behind: true, negate: false } },
  positive_lookbehind: { look: { behind: true, negate: false } },
  naplb: { look: { behind: true, negate: false } },
  non_atomic_positive_lookbehind: { look: { behind: true, negate: false } },
  nlb: { look: { behind: true, negate: true } },
  negative_lookbehind: { look: { behind: true, negate: true } },
  atomic: { atomic: true },
  sr: {},
  script_run: {},
  asr: { atomic: true },
  atomic_script_run: { atomic: true },
});

/** \X, approximated as a base character with its combining marks (or CR LF). */
export function graphemeCluster(): Node {
  const marks: CharClass = { negate: false, ranges: [], props: ['\\p{M}'], caseless: false };
  const base: CharClass = { negate: true, ranges: [], props: ['\\p{M}'], caseless: false };
  const markRun: Node = { type: 'repeat', body: { type: 'class', cls: marks }, min: 0, max: INFINITE, mode: 'greedy' };
  return {
    type: 'atomic',
    body: alt([
      seq([{ type: 'char', cp: 13 }, { type: 'char', cp: 10 }]),
      seq([{ type: 'class', cls: base }, markRun]),
      { type: 'repeat', body: { type: 'class', cls: marks }, min: 1, max: INFINITE, mode: 'greedy' },
    ]),
  };
}
