// The one error for a problem with the command line or a project file rather than with the VCL: a bad
// flag or config, a file or folder that cannot be read. Every command turns it into exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}
