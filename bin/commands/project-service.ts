// What serve and test share: the project's service, assembled and compiled, and one way to report a
// failure to load it (a VCL error in lint's format, a usage error in one line; both exit 2).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { VclError } from '../../src/diagnostics.js';
import { compileProject } from '../../src/engine/project-service.js';
import { formatLoadErrors } from '../../src/lint/format/load-errors.js';
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
  for (const [name, value] of Object.entries(flagOverrides)) project.overrides.set(name, value as string | number | boolean);
  // A missing main is named as the user spelt it, as lint and test name a file they cannot read.
  if (main !== undefined && !existsSync(main)) throw cannotRead(main, { code: 'ENOENT' });
  const assembled = assembleService(project, { main: main === undefined ? undefined : resolve(main) });
  return { project, assembled, service: compile(assembled, project) };
}

function compile(assembled: AssembledService, project: ProjectConfig): Service {
  try {
    return compileProject(assembled.load, project);
  } catch (e) {
    if (e instanceof VclError) throw e;
    // A bad override (a name that is no environment variable, a value of the wrong type).
    throw new UsageError((e as Error).message);
  }
}

/** Print why the service could not be loaded; the exit code (2) for it. Rethrows anything else. */
export function reportLoadError(e: unknown, command: string): number {
  if (e instanceof VclError) {
    const color = Boolean(process.stderr.isTTY) && process.env['NO_COLOR'] === undefined;
    process.stderr.write(formatLoadErrors(e.diagnostics, e.sources, { cwd: process.cwd(), color }));
    return 2;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`vcl-edge ${command}: ${e.message}\n`);
    return 2;
  }
  throw e;
}
