// `vcl-edge lint`: check VCL files for CI. Flags are parsed here; src/lint/command.ts does the work.
import type { Command } from 'commander';
import { runLintCommand, type LintCommandOptions } from '../../src/lint/command.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('Lint VCL files: syntax, checker diagnostics, WebSocket handoffs and hygiene (docs/rules.md)')
    .argument('[paths...]', 'files, folders or globs (default: every *.vcl under the current folder)')
    .option('-I, --include <path>', 'a folder to look up included files in (repeatable)', collect, [])
    .option('--format <format>', 'text, json, sarif or github', 'text')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this')
    .option('--rule <rule=severity>', 'set a rule to off, info, warning or error (repeatable)', collect, [])
    .option('--config <file>', 'the config file (default: .vcl-edge.json found upward from here)')
    .option('--explain <rule>', 'print what a rule checks and why, then exit')
    // Usage errors exit 2, like every other problem with the command line rather than with the VCL.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action((paths: string[], options: LintCommandOptions) => {
      process.exitCode = runLintCommand(paths, options, {
        cwd: process.cwd(),
        color: Boolean(process.stdout.isTTY) && process.env['NO_COLOR'] === undefined,
        version: program.version() ?? '0.0.0',
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
    });
}
