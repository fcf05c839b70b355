// `vcl-edge lint`: not written yet.
import type { Command } from 'commander';

export function registerLint(program: Command): void {
  void program;
}
