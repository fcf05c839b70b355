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
  /** Commander's `--no-fastly-macros`: false when given (serve and test have it). */
  fastlyMacros?: boolean;
}

export function addProjectOptions(command: Command): Command {
  return command
    .option('-I, --include-path <dir>', 'a folder to look up included files in (repeatable)', collect, [])
    .addOption(new Option('--include <dir>', 'the older name of --include-path').argParser(collect).default([]).hideHelp())
    .option('--config <file>', 'the project config: .vcl-edge.json (default: found upward from here) or a .falco.yml')
    .option('--env <name>', 'apply the config\'s environments.<name> (backends, overrides, logging)')
    .option('--terraform <path>', 'read the Fastly service from its .tf files (a file, or a folder of them) or from `terraform show -json` output (PATH#NAME picks one of several services)');
}

export function projectOptions(flags: ProjectFlags, cwd: string): ProjectOptions {
  return { cwd, config: flags.config, env: flags.env, terraform: flags.terraform, fastlyMacros: flags.fastlyMacros, includePaths: [...flags.includePath, ...(flags.include ?? [])] };
}

/** `--no-fastly-macros`, for serve and test: run only the user's own code at the `#FASTLY <sub>` lines. */
export function addFastlyMacrosOption(command: Command): Command {
  return command.option('--no-fastly-macros', "leave #FASTLY <sub> lines as comments instead of running the code Fastly generates there (X-Timer, Fastly-Cachetype, the 801 redirect…)");
}

/** Usage errors exit 2, like every other problem with the command line rather than with the VCL. */
export function exitTwoOnUsageErrors(command: Command): Command {
  return command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}
