// `vcl-edge serve`: not written yet.
import type { Command } from 'commander';

export function registerServe(program: Command): void {
  void program;
}
