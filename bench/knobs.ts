// Environment knobs of `npm run bench`, so a quick run is possible (defaults: the full run).
//   BENCH_ROUNDS=3    interleaved HTTP rounds (medians are taken over them)
//   BENCH_SECONDS=5   seconds of wrk load per target and path per round
//   BENCH_TUNNELS=5000 idle tunnels opened for the relay's memory figure

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return value;
}

export const knobs = {
  rounds: positiveInteger('BENCH_ROUNDS', 3),
  seconds: positiveInteger('BENCH_SECONDS', 5),
  tunnels: positiveInteger('BENCH_TUNNELS', 5000),
};
