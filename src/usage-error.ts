// The one error for a problem with the command line or a project file rather than with the VCL: a bad
// flag or config, a file or folder that cannot be read. Every command turns it into exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

const REASONS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' };

/** The one wording every command uses for a file it cannot read: `cannot read main.vcl: no such file`. */
export function cannotRead(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && REASONS[code]) ?? code ?? (error instanceof Error ? error.message : String(error));
  return new UsageError(`cannot read ${path}: ${reason}`);
}
