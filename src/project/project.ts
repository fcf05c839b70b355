// Gathering a project's config from its sources: a Terraform plan (`--terraform`), falco's .falco.yml and
// vcl-edge's own .vcl-edge.json, read in that order so each may refine what the one before said, then
// the command line's include paths.
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';
import { applyConfigFile, CONFIG_FILES } from './config-file.js';
import { applyFalcoFile, FALCO_FILES } from './falco.js';
import { applyTerraformPlan } from './terraform.js';
import { emptyProjectConfig, type ProjectConfig } from './types.js';

export interface ProjectOptions {
  /** The working folder: config files are found upward from it, command-line paths start from it. */
  cwd: string;
  /** `--config FILE`: this file only (a .vcl-edge.json or .yaml, or a .falco.yml), nothing found upward. */
  config?: string;
  /** `--terraform plan.json` (or `plan.json#service` when the plan holds several services), a .tf file or a folder of them. */
  terraform?: string;
  /** `--env NAME`: the config's `environments.NAME` applies over its backends, overrides and logging. */
  env?: string;
  /** `-I` folders, relative to cwd. */
  includePaths?: readonly string[];
  /** `--no-fastly-macros` (false): `#FASTLY <sub>` lines stay comments, whatever the config says. */
  fastlyMacros?: boolean;
}

/** The first of `names` found in `from` or a folder above it. */
export function findUp(names: readonly string[], from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return null;
  }
}

const isFalcoFile = (path: string) => (FALCO_FILES as readonly string[]).includes(basename(path));

export function loadProject(options: ProjectOptions): ProjectConfig {
  const config = emptyProjectConfig(options.cwd);
  if (options.terraform) applyTerraformPlan(config, resolve(options.cwd, options.terraform));
  let envFound = false;
  if (options.config) {
    const path = resolve(options.cwd, options.config);
    if (isFalcoFile(path)) applyFalcoFile(config, path);
    else envFound = applyConfigFile(config, path, options.env, Boolean(options.terraform)).envFound;
  } else {
    const falco = findUp(FALCO_FILES, options.cwd);
    if (falco) applyFalcoFile(config, falco);
    const own = findUp(CONFIG_FILES, options.cwd);
    if (own) envFound = applyConfigFile(config, own, options.env, Boolean(options.terraform)).envFound;
  }
  if (options.env !== undefined && !envFound) {
    throw new UsageError(`--env ${options.env}: no config sets "environments": { "${options.env}": … }${config.files.length ? ` (read ${config.files.join(', ')})` : ' (no .vcl-edge.json found)'}`);
  }
  config.includePaths.push(...(options.includePaths ?? []).map((p) => resolve(options.cwd, p)));
  if (options.fastlyMacros === false) config.fastlyMacros = false;
  // Notes start with the file they are about: named as the user sees it, relative to the working folder.
  config.notes = config.notes.map((note) => note.replace(/^([^:]+)(?=(:\d+:\d+)?: )/, (path) => (isAbsolute(path) ? relative(options.cwd, path) : path)));
  return config;
}
