// A Fastly service as vcl-edge assembles it: the pieces that live outside the VCL files (edge
// dictionaries, ACL entries, snippets, backends, logging endpoints, environment overrides), gathered
// from .vcl-edge.json, .falco.yml and a Terraform plan into one shape.
import type { LineIndex } from '../lexer/source-range.js';

/** Where Fastly places a snippet: a subroutine's `#FASTLY <type>` line, the top level (`init`), or nowhere until included (`none`). */
export const SNIPPET_TYPES = ['init', 'recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log', 'none'] as const;
export type SnippetType = (typeof SNIPPET_TYPES)[number];

export function isSnippetType(value: unknown): value is SnippetType {
  return typeof value === 'string' && (SNIPPET_TYPES as readonly string[]).includes(value);
}

/** Fastly's default snippet priority (its API and Terraform provider). */
export const DEFAULT_PRIORITY = 100;

/** A place in a file, for the declarations made from config: diagnostics about them point here. */
export interface Origin {
  lines: LineIndex;
  offset: number;
}

export interface SnippetSource {
  name: string;
  type: SnippetType;
  priority: number;
  /** The snippet's file (its diagnostics' file name). */
  file: string;
  /** The text, when it comes from memory (a Terraform plan) rather than from `file` on disk. */
  text?: string;
}

export interface DictionaryItem {
  key: string;
  value: string;
  at: Origin;
}

export interface DictionarySource {
  name: string;
  /** Declared but its content unknown here (a private dictionary, items managed outside): lookups read as not set. */
  external: boolean;
  items: DictionaryItem[];
  at: Origin;
}

export interface AclEntrySource {
  negated: boolean;
  address: string;
  prefix: number | null;
  at: Origin;
}

export interface AclSource {
  name: string;
  external: boolean;
  entries: AclEntrySource[];
  at: Origin;
}

/** Where a backend is, as the config or a Terraform backend block says. */
export interface BackendSetting {
  /** http://host:port or https://host:port. */
  url: string;
  hostHeader?: string;
  certHostname?: string;
  sniHostname?: string;
  connectTimeoutMs?: number;
  firstByteTimeoutMs?: number;
  betweenBytesTimeoutMs?: number;
  maxConnections?: number;
  at: Origin;
}

/** Whether `url` is a backend address as a config gives one: http(s)://host[:port], nothing after. */
export function isBackendUrl(url: unknown): url is string {
  if (typeof url !== 'string' || !/^https?:\/\/[^/?#\s@]+\/?$/.test(url)) return false;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false; // a port that is no number, a malformed IPv6 literal
  }
}

export type OverrideValue = string | number | boolean;

/** Everything a project's config sources say, merged (Terraform, then .falco.yml, then .vcl-edge.json). */
export interface ProjectConfig {
  /** The files read, in the order they were merged. */
  files: string[];
  /** The folder relative paths start from (the .vcl-edge.json's, else the working folder). */
  dir: string;
  /** The entry VCL on disk, absolute; null when there is none (or it comes from Terraform). */
  main: string | null;
  /** The main VCL held in memory (a Terraform `vcl` block with main = true), with its diagnostics' name. */
  mainText: { file: string; text: string } | null;
  /** VCL held in memory that `include "name";` can name (Terraform's other `vcl` blocks), by name. */
  includes: Map<string, { file: string; text: string }>;
  /** Include paths, absolute. */
  includePaths: string[];
  /** Lint rule severities as written (lint checks the names and values). */
  rules: Record<string, unknown>;
  /** Globs of files lint skips, relative to `dir`. */
  ignore: string[];
  dictionaries: Map<string, DictionarySource>;
  acls: Map<string, AclSource>;
  snippets: SnippetSource[];
  /** Whether `#FASTLY <sub>` lines run the code Fastly generates there (src/project/fastly-macros.ts). */
  fastlyMacros: boolean;
  /** By VCL backend name: replaces the address of a backend the VCL declares, or declares one it does not. */
  backends: Map<string, BackendSetting>;
  /** Predefined variables fixed for a run (client.geo.*, server.*, fastly.*, client.ip), by name. */
  overrides: Map<string, OverrideValue>;
  /** `file:line:col` where each of `overrides` was written, for the errors about it (none for a command-line one). */
  overridePlaces: Map<string, string>;
  /** Logging endpoint → file path (absolute), or null for stdout. */
  logging: Map<string, string | null>;
  /** Subroutines checked as if they ran in these subroutines (falco's linter.enforce_subroutine_scopes). */
  scopeOverrides: Map<string, string[]>;
  /** What was read but has no counterpart here (ignored keys, blocks): printed as a note. */
  notes: string[];
  /** The text of every data file read (config, dictionaries, ACLs, plan), for code frames. */
  sources: Map<string, string>;
}

export function emptyProjectConfig(dir: string): ProjectConfig {
  return {
    files: [],
    dir,
    main: null,
    mainText: null,
    includes: new Map(),
    includePaths: [],
    rules: {},
    ignore: [],
    dictionaries: new Map(),
    acls: new Map(),
    snippets: [],
    fastlyMacros: true,
    backends: new Map(),
    overrides: new Map(),
    overridePlaces: new Map(),
    logging: new Map(),
    scopeOverrides: new Map(),
    notes: [],
    sources: new Map(),
  };
}
