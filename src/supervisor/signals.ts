// SIGINT and SIGTERM stop the edge gracefully, once. Where `again` is 'exit' (a single process, a
// cluster's primary), a second one while it drains (a second Ctrl-C) exits at once, as a user pressing
// it again expects. A worker ignores repeats: Ctrl-C reaches it from the terminal and the primary's
// SIGTERM follows, and the primary is the one that escalates (SIGKILL after the grace period).
export function onStopSignals(stop: () => Promise<void>, again: 'exit' | 'ignore' = 'exit'): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      if (again === 'ignore') return;
      process.stderr.write(`vcl-edge serve: ${signal} again: stopping now, without waiting for open connections\n`);
      process.exit(1);
    }
    stopping = true;
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
