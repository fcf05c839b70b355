// The code Fastly generates at a subroutine's `#FASTLY <sub>` line, for a service with nothing set in its
// UI (no conditions, headers, logging endpoints, shielding or force-TLS setting): the `#--FASTLY <SUB>
// BEGIN … END` sections of the VCL Fastly shows for such a service (fixtures/fastly-generated/main.vcl,
// guides "Custom VCL" and "Fastly-generated VCL"). Each line says where its behaviour is documented.
// The statements are parsed under a file name of their own, so the checker, the compiler, lint and the
// test runner see them as generated, never as lines the user wrote.
import type { Comment, Statement } from '../ast/ast.js';
import { withFields } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics.js';
import { parseStatementsWithDiagnostics } from '../parser/parse-statements.js';

/** The subroutines whose `#FASTLY` line expands to generated code. */
export const MACRO_TYPES = ['recv', 'hash', 'hit', 'miss', 'pass', 'fetch', 'error', 'deliver', 'log'] as const;
export type MacroType = (typeof MACRO_TYPES)[number];

// What Fastly adds to every backend request, in vcl_miss and vcl_pass alike (its `#--FASTLY BEREQ` section).
const BEREQ = `
  # A request from another Fastly node (shielding) is marked for the origin (http-headers/Fastly-FF).
  if (req.http.Fastly-FF) {
    set bereq.http.Fastly-Client = "1";
  }
  # Fastly's internal headers never reach the origin (http-headers/Fastly-Vary-String).
  unset bereq.http.Fastly-Original-Cookie;
  unset bereq.http.Fastly-Original-URL;
  unset bereq.http.Fastly-Vary-String;
  unset bereq.http.X-Varnish-Client;
`;

const TEXT: Readonly<Record<MacroType, string>> = {
  recv: `
  # X-Timer's start: "S<seconds>.<micro>,VS0" (reference/http/http-headers/X-Timer), once per request.
  if (req.restarts == 0) {
    if (!req.http.X-Timer) {
      set req.http.X-Timer = "S" time.start.sec "." time.start.usec_frac;
    }
    set req.http.X-Timer = req.http.X-Timer ",VS0";
  }
`,
  // The service's generation, so "purge all" makes every cached key new (guides/purging: purge all).
  hash: `
  set req.hash += req.vcl.generation;
`,
  hit: `
  # obj.ttl and obj.grace cannot be read in vcl_deliver: kept for Fastly-Debug-TTL (http-headers/Fastly-Debug).
  set req.http.Fastly-Tmp-Obj-TTL = obj.ttl;
  set req.http.Fastly-Tmp-Obj-Grace = obj.grace;
  # How the request was answered, for logging (generated VCL: Fastly-Cachetype).
  set req.http.Fastly-Cachetype = "HIT";
`,
  miss: `
  # Not a hit after all: the values vcl_hit kept are dropped.
  unset req.http.Fastly-Tmp-Obj-TTL;
  unset req.http.Fastly-Tmp-Obj-Grace;
  # A Fastly-Check-SHA1 request asks whether the object is cached; a miss answers 550 (generated VCL).
  if (req.http.Fastly-Check-SHA1) {
    error 550 "Doesnt exist";
  }
${BEREQ}
  # The X-Forwarded-For a shielding node passed on (Fastly-Temp-XFF) replaces the backend request's.
  if (req.http.Fastly-Temp-XFF) {
    if (req.http.Fastly-Temp-XFF == "") {
      unset bereq.http.X-Forwarded-For;
    } else {
      set bereq.http.X-Forwarded-For = req.http.Fastly-Temp-XFF;
    }
  }
  set req.http.Fastly-Cachetype = "MISS";
`,
  pass: `
${BEREQ}
  set req.http.Fastly-Cachetype = "PASS";
`,
  fetch: `
  # Which cache ran vcl_fetch for the object and when (http-headers/Fastly-Debug-Path).
  set beresp.http.Fastly-Debug-Path = "(F " server.identity " " now.sec ") " if(beresp.http.Fastly-Debug-Path, beresp.http.Fastly-Debug-Path, "");
  # Fastly-Vary-String: a generic way to vary on something (http-headers/Fastly-Vary-String).
  if (req.http.Fastly-Vary-String) {
    if (beresp.http.Vary) {
      set beresp.http.Vary = "Fastly-Vary-String, " beresp.http.Vary;
    } else {
      set beresp.http.Vary = "Fastly-Vary-String, ";
    }
  }
`,
  error: `
  # Status 801 is Fastly's force-TLS redirect: a 301 to the same URL over https (guides/force-tls).
  if (obj.status == 801) {
    set obj.status = 301;
    set obj.response = "Moved Permanently";
    set obj.http.Location = "https://" req.http.host req.url;
    synthetic {""};
    return(deliver);
  }
  # A service may ask for one restart on a 503 from the origin (generated VCL: Fastly-Restart-On-Error).
  if (req.http.Fastly-Restart-On-Error) {
    if (obj.status == 503 && req.restarts == 0) {
      restart;
    }
  }
  # The 550 of a Fastly-Check-SHA1 miss goes out as it is.
  if (obj.status == 550) {
    return(deliver);
  }
`,
  deliver: `
  # The object's journey, shown only to Fastly-Debug requests and other Fastly nodes (http-headers/Fastly-Debug).
  if (req.http.Fastly-Debug || req.http.Fastly-FF) {
    set resp.http.Fastly-Debug-Path = "(D " server.identity " " now.sec ") " if(resp.http.Fastly-Debug-Path, resp.http.Fastly-Debug-Path, "");
    set resp.http.Fastly-Debug-TTL = if(obj.hits > 0, "(H ", "(M ") server.identity if(req.http.Fastly-Tmp-Obj-TTL && req.http.Fastly-Tmp-Obj-Grace, " " req.http.Fastly-Tmp-Obj-TTL " " req.http.Fastly-Tmp-Obj-Grace " ", " - - ") if(resp.http.Age, resp.http.Age, "-") ") " if(resp.http.Fastly-Debug-TTL, resp.http.Fastly-Debug-TTL, "");
    set resp.http.Fastly-Debug-Digest = digest.hash_sha256(req.digest);
  } else {
    unset resp.http.Fastly-Debug-Path;
    unset resp.http.Fastly-Debug-TTL;
    unset resp.http.Fastly-Debug-Digest;
  }
  # X-Served-By, X-Cache, X-Cache-Hits: each cache node appends its own (http-headers/X-Cache).
  if (!resp.http.X-Served-By) {
    set resp.http.X-Served-By = server.identity;
  } else {
    set resp.http.X-Served-By = resp.http.X-Served-By ", " server.identity;
  }
  set resp.http.X-Cache = if(resp.http.X-Cache, resp.http.X-Cache ", ", "") if(fastly_info.state ~ "HIT(?:-|\\z)", "HIT", "MISS");
  if (!resp.http.X-Cache-Hits) {
    set resp.http.X-Cache-Hits = obj.hits;
  } else {
    set resp.http.X-Cache-Hits = resp.http.X-Cache-Hits ", " obj.hits;
  }
  # X-Timer's end: ",VE<milliseconds spent>" (http-headers/X-Timer).
  if (req.http.X-Timer) {
    set resp.http.X-Timer = req.http.X-Timer ",VE" time.elapsed.msec;
  }
  # The Fastly-Vary-String vcl_fetch added to Vary is not the client's business.
  set resp.http.Vary = regsub(resp.http.Vary, "Fastly-Vary-String, ", "");
  if (resp.http.Vary ~ "^\\s*$") {
    unset resp.http.Vary;
  }
  unset resp.http.X-Varnish;
  # Surrogate headers are for the edge: kept on the request, removed from the response unless another
  # Fastly node or a debug request asks (http-headers/Surrogate-Key, Surrogate-Control).
  set req.http.Surrogate-Key = resp.http.Surrogate-Key;
  set req.http.Surrogate-Control = resp.http.Surrogate-Control;
  if (!req.http.Fastly-FF && !req.http.Fastly-Debug) {
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
  }
  if (resp.status == 550) {
    return(deliver);
  }
`,
  // Without logging endpoints set in the UI Fastly generates nothing here.
  log: '',
};

const FILE_PREFIX = 'fastly-generated #FASTLY ';

/** The name the code generated for `type` goes by in diagnostics, coverage and traces. */
export const generatedFile = (type: MacroType): string => `${FILE_PREFIX}${type}`;

/** Whether `file` names code Fastly generates rather than a file the user wrote. */
export const isGeneratedFile = (file: string): boolean => file.startsWith(FILE_PREFIX);

export const isMacroType = (type: string): type is MacroType => (MACRO_TYPES as readonly string[]).includes(type);

/** The VCL text generated at `#FASTLY <type>` (one place: this table). */
export const macroText = (type: MacroType): string => TEXT[type];

/**
 * The statements generated at `#FASTLY <type>`, parsed anew for each program (the checker keys what it
 * learns by node, so two programs never share one). The text is ours: a syntax error is a bug here.
 */
export function generatedStatements(type: MacroType): Statement[] {
  const parsed = parseStatementsWithDiagnostics(TEXT[type], generatedFile(type));
  if (parsed.diagnostics.length > 0) throw new Error(`the generated VCL of #FASTLY ${type} does not parse: ${parsed.diagnostics[0]!.message}`);
  return parsed.statements;
}

/** The generated texts by file name, for code frames and coverage. */
export function generatedSources(): Map<string, string> {
  return new Map(MACRO_TYPES.map((t) => [generatedFile(t), TEXT[t]]));
}

/**
 * A checker finding about generated code. Warnings there are Fastly's business, not the user's, and are
 * dropped; an error (a `#FASTLY deliver` line put in a subroutine that vcl_recv calls, say) is kept, under
 * the generated file's name, which says whose code it is.
 */
export const keepDiagnostic = (d: Diagnostic): boolean => !isGeneratedFile(d.file) || d.severity === 'error';

// After expansion a macro line is marked as done, so a program expanded once (a project's service, then
// compiled) is never expanded twice; lint's fastly-macro rule still sees the line (`#--FASTLY RECV …`).
const DONE = (type: string) => `#--FASTLY ${type.toUpperCase()} (expanded)`;

export const markExpanded = (comments: readonly Comment[], comment: Comment, type: string): Comment[] =>
  comments.map((c) => (c === comment ? withFields(c, { text: DONE(type) }) : c));
