// What serve and test share: the project's service, assembled and compiled, and one way to report a
// failure to load it (a VCL error in lint's format, a usage error in one line; both exit 2).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { VclError } from '../../src/diagnostics.js';
import { compileProject } from '../../src/engine/project-service.js';
import { formatLoadErrors } from '../../src/lint/format/load-errors.js';
import type { CheckOptions } from '../../src/check/checker.js';
import type { LoadResult } from '../../src/parser/loader.js';
import { assembleService, loadProject, type AssembledService, type ProjectConfig } from '../../src/project/index.js';
import { UsageError, cannotRead } from '../../src/usage-error.js';
import type { Value } from '../../src/values/values.js';
import type { Service } from '../../src/engine/service.js';
import { projectOptions, type ProjectFlags } from './project-options.js';

export interface LoadedProject {
  project: ProjectConfig;
  assembled: AssembledService;
  service: Service;
}

/** Read the project's config (notes go to stderr), assemble its service with `main` if given, and compile it. */
export function loadProjectService(main: string | undefined, flags: ProjectFlags, flagOverrides: Record<string, Value> = {}): LoadedProject {
  const project = loadProject(projectOptions(flags, process.cwd()));
  for (const note of project.notes) process.stderr.write(`vcl-edge: note: ${note}\n`);
  for (const [name, value] of Object.entries(flagOverrides)) {
    project.overrides.set(name, value as string | number | boolean);
    project.overridePlaces.delete(name); // given on the command line, not where the config wrote it
  }
  // A missing main is named as the user spelt it, as lint and test name a file they cannot read.
  if (main !== undefined && !existsSync(main)) throw cannotRead(main, { code: 'ENOENT' });
  const assembled = assembleService(project, { main: main === undefined ? undefined : resolve(main) });
  return { project, assembled, service: compileService(assembled.load, project) };
}

/** Compile `load` with the project's overrides: VclError for the VCL, UsageError for a bad override. */
export function compileService(load: LoadResult, project: ProjectConfig, options: CheckOptions = {}): Service {
  try {
    return compileProject(load, project, options);
  } catch (e) {
    if (e instanceof VclError) throw e;
    // A bad override (a name that is no environment variable, a value of the wrong type).
    throw new UsageError((e as Error).message);
  }
}

/** What to print when the service cannot be loaded (a VCL error as lint prints it, a usage error in one line); null for any other error. */
export function loadErrorText(e: unknown, command: string): string | null {
  if (e instanceof VclError) {
    const color = Boolean(process.stderr.isTTY) && process.env['NO_COLOR'] === undefined;
    return formatLoadErrors(e.diagnostics, e.sources, { cwd: process.cwd(), color });
  }
  return e instanceof UsageError ? `vcl-edge ${command}: ${e.message}\n` : null;
}

/** Print why the service could not be loaded; the exit code (2) for it. Rethrows anything else. */
export function reportLoadError(e: unknown, command: string): number {
  const text = loadErrorText(e, command);
  if (text === null) throw e;
  process.stderr.write(text);
  return 2;
}
