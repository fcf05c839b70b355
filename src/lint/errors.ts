// The one error lint throws for a problem with its input rather than with the VCL: a bad flag or
// config, a file that cannot be read. The command line turns it into exit code 2.
export class LintUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LintUsageError';
  }
}
