#!/usr/bin/env node
// The vcl-edge command line: a thin layer over the library (src/index.ts).
import { Command } from 'commander';
import { registerLint } from './commands/lint.js';
import { registerServe } from './commands/serve.js';
import { registerTest } from './commands/test.js';

const program = new Command();
program
  .name('vcl-edge')
  .description('Run, lint and unit-test Fastly-style VCL locally')
  .version('0.1.0')
  .showHelpAfterError()
  // An unknown command is a usage error like any other: exit 2 (help and --version still exit 0).
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

registerServe(program);
registerLint(program);
registerTest(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`vcl-edge: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
