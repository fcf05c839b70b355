// The options lint, serve and test share, so the three speak one style: -I/--include-path (and the
// older --include), --config, --env and --terraform, which all say where the project's service comes from.
import { Option, type Command } from 'commander';
import type { ProjectOptions } from '../../src/project/index.js';

export const collect = (value: string, previous: string[]) => [...previous, value];

export interface ProjectFlags {
  includePath: string[];
  include?: string[];
  config?: string;
  env?: string;
  terraform?: string;
}

export function addProjectOptions(command: Command): Command {
  return command
    .option('-I, --include-path <dir>', 'a folder to look up included files in (repeatable)', collect, [])
    .addOption(new Option('--include <dir>', 'the older name of --include-path').argParser(collect).default([]).hideHelp())
    .option('--config <file>', 'the project config: .vcl-edge.json (default: found upward from here) or a .falco.yml')
    .option('--env <name>', 'apply the config\'s environments.<name> (backends, overrides, logging)')
    .option('--terraform <plan.json>', 'read the Fastly service from `terraform show -json` output (plan.json#NAME picks one of several)');
}

export function projectOptions(flags: ProjectFlags, cwd: string): ProjectOptions {
  return { cwd, config: flags.config, env: flags.env, terraform: flags.terraform, includePaths: [...flags.includePath, ...(flags.include ?? [])] };
}

/** Usage errors exit 2, like every other problem with the command line rather than with the VCL. */
export function exitTwoOnUsageErrors(command: Command): Command {
  return command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}
