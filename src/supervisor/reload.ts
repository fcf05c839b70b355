// One reload, as the single process and a cluster's primary both do it: load the files again; a
// service with errors is refused with the usual diagnostics, and the one serving stays.
import { basename } from 'node:path';
import type { EdgeProgram, LoadedService } from './types.js';

export type Reloaded = { loaded: LoadedService } | { refused: string };

/** Load the files again: the new service, or the text saying why it was refused (diagnostics included). */
export function loadAgain(program: EdgeProgram): Reloaded {
  try {
    return { loaded: program.load() };
  } catch (e) {
    // Anything unexpected (a bug, a file that vanished mid-read) refuses the reload too: serving goes on.
    return { refused: program.explain(e) ?? `vcl-edge serve: ${(e as Error).stack ?? String(e)}\n` };
  }
}

/** The main VCL's file name, as the reload lines name it. */
export function mainName(loaded: LoadedService): string {
  const main = loaded.service.files[0];
  return main === undefined ? 'the service' : basename(main);
}

export const reloadedLine = (loaded: LoadedService, version: number): string => `reloaded ${mainName(loaded)} (version ${version})\n`;

/** The diagnostics, then one line saying the old service still serves. */
export const refusedText = (why: string, serving: LoadedService, version: number): string =>
  `${why}${why.endsWith('\n') ? '' : '\n'}reload refused: ${mainName(serving)} was not reloaded; version ${version} keeps serving\n`;
