// The one error for a problem with the command line or a project file rather than with the VCL: a bad
// flag or config, a file or folder that cannot be read. Every command turns it into exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

const REASONS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' };

/** The one wording every command uses for a file it cannot read: `cannot read main.vcl: no such file`. */
export function cannotRead(path: string, error: unknown): UsageError {
  return new UsageError(`cannot read ${path}: ${reasonOf(error)}`);
}

/** The same for a file a command appends to: `cannot write logs/access.log: no such file`. */
export function cannotWrite(path: string, error: unknown): UsageError {
  return new UsageError(`cannot write ${path}: ${reasonOf(error)}`);
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && REASONS[code]) ?? code ?? (error instanceof Error ? error.message : String(error));
}
