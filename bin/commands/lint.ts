// `vcl-edge lint`: check VCL files for CI. Flags are parsed here; src/lint/command.ts does the work.
import type { Command } from 'commander';
import { runLintCommand, type LintCommandOptions } from '../../src/lint/command.js';
import { addProjectOptions, collect, exitTwoOnUsageErrors } from './project-options.js';

export function registerLint(program: Command): void {
  const command = program
    .command('lint')
    .description('Lint VCL files: syntax, checker diagnostics, WebSocket handoffs and hygiene (docs/rules.md)')
    .argument('[paths...]', "files, folders or globs (default: the project's service and every *.vcl under the current folder)");
  addProjectOptions(command)
    .option('--snippet <type>', 'the files are snippets of this type (recv, fetch, …, init): statements linted as that subroutine\'s body')
    .option('--format <format>', 'text, json, sarif or github', 'text')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this')
    .option('--rule <rule=severity>', 'set a rule to off, info, warning or error (repeatable)', collect, [])
    .option('--explain <rule>', 'print what a rule checks and why, then exit');
  exitTwoOnUsageErrors(command)
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
