// Regex costs: one match on a typical URL for each engine (native V8, re2js, the backtracking
// matcher), and the worst case of pathological patterns on the backtracker: the time grows with
// the subject until the step limit stops it, so it stays bounded (the match then sets EREGRECUR).
import { fileURLToPath } from 'node:url';
import { DEFAULT_STEP_LIMIT, Regex } from '../src/values/regex.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median microseconds of one call, over `batches` batches of `perBatch` calls. */
function micros(run: () => void, perBatch = 2_000, batches = 25): number {
  for (let i = 0; i < perBatch; i++) run(); // warm up
  const runs: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < perBatch; i++) run();
    runs.push(((performance.now() - started) * 1000) / perBatch);
  }
  return Number(median(runs).toFixed(3));
}

const URL_PATH = '/products/shoes/12345?colour=blue&size=42';
const TYPICAL: [string, string][] = [
  ['^/products/', 'native'],
  ['^/([^/]+)/([^/]+)/(\\d+)', 're2'],
  ['^/(?!admin/)([^/]+)/([^/]+)/(\\d+)', 'backtrack'],
  ['(?<=/)(\\d+)(?=\\?)', 'backtrack'],
];

export interface WorstCase {
  pattern: string;
  subjectLength: number;
  ms: number;
  steps: number;
  gaveUp: boolean;
}

type Sink = { fastlyError: string | null };

/** `~` by default; regsuball's worst case passes its own call. */
function worstCase(pattern: string, subject: string, call = (re: Regex, sink: Sink) => void re.test(subject, sink)): WorstCase {
  const re = new Regex(pattern, { backtrackOnly: true });
  const sink: Sink = { fastlyError: null };
  call(re, sink); // warm up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    sink.fastlyError = null;
    const started = performance.now();
    call(re, sink);
    runs.push(performance.now() - started);
  }
  return { pattern, subjectLength: subject.length, ms: Number(median(runs).toFixed(2)), steps: re.lastSteps, gaveUp: sink.fastlyError === 'EREGRECUR' };
}

export function benchRegex() {
  const typical = TYPICAL.map(([pattern, engine]) => {
    const re = new Regex(pattern);
    if (re.engine !== engine) throw new Error(`${pattern} ran on ${re.engine}, not ${engine}`);
    return { pattern, engine, execMicros: micros(() => re.exec(URL_PATH)) };
  });
  const nested = [10, 16, 20, 24, 30, 1000].map((n) => worstCase('(a+)+$', `${'a'.repeat(n)}b`));
  const backref = [10, 20, 30, 40].map((n) => worstCase('(a|a)*\\1b', 'a'.repeat(n)));
  // Each match is cheap enough, the call as a whole quadratic: one step budget bounds the whole call.
  const quadratic = '(?:(\\w+)x\\1)?a';
  const regsuball = [1_000, 8_000].map((n) => worstCase(quadratic, 'a'.repeat(n), (re, sink) => void re.replace('a'.repeat(n), 'b', true, sink)));
  const linear = new Regex('(a+)+$');
  const linearSubject = `${'a'.repeat(30_000)}b`;
  return {
    stepLimit: DEFAULT_STEP_LIMIT,
    typicalUrl: URL_PATH,
    typical,
    worstCase: { nestedQuantifier: nested, backreference: backref, regsuball },
    linearEngine: { pattern: '(a+)+$', engine: linear.engine, subjectLength: linearSubject.length, micros: micros(() => linear.test(linearSubject), 5, 11) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(benchRegex()));
