// Benchmark processes: a file forked in a role, which reports the port it listens on over IPC and may answer requests to collect garbage.
import { fork, type ChildProcess } from 'node:child_process';

/** Fork `file` with `args`; resolves with the child and the port it reports (in 10 s at most). */
export function forkReportingPort(file: string, args: string[], execArgv: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(file, args, { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0] ?? file} did not start within 10 s`)), 10_000);
    child.once('error', reject);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve({ child, port: message.port });
    });
  });
}

/** SIGKILL the child (a benchmark target has nothing to finish) and resolve once it is gone. */
export function killChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

/** A forked role's side of the benchmark's IPC: answer {gc:true} by collecting garbage and replying; exit with the parent. */
export function serveGcRequests(): void {
  process.on('disconnect', () => process.exit(0)); // the benchmark ended (maybe by a signal): so do we
  process.on('message', (message: { gc?: boolean }) => {
    if (!message.gc) return;
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ gcDone: true });
  });
}

/** Ask a child that serves gc requests (forked with --expose-gc) to collect garbage; resolves on its reply, or after 2 s. */
export function collectGarbage(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ gc: true });
  });
}
