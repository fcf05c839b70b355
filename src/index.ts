// vcl-edge's library API: parse, check, compile and run Fastly-style VCL.
export { VclError, formatDiagnostic, formatDiagnostics, codeFrame, hasErrors, type Diagnostic, type Severity } from './diagnostics.js';
export type * as ast from './parser/ast.js';
export { parse, parseWithDiagnostics, print } from './parser/index.js';
export { check, type CheckOptions, type CheckResult } from './runtime/check/checker.js';
export { compile, loadVcl, Service, type CompileOptions, type SubResult } from './runtime/service.js';
export { loadFile, loadSource, type LoadOptions, type LoadResult } from './runtime/loader.js';
export { RequestContext, SCOPES, type RequestInit, type Scope, type LogLine } from './runtime/context.js';
export { Headers } from './runtime/headers.js';
export { VARIABLES, HEADER_FAMILIES, PROTECTED_HEADERS, type VariableSpec } from './runtime/variables.js';
export { FUNCTIONS, FUNCTION_TABLE } from './runtime/functions/index.js';
export type { FunctionSpec } from './runtime/functions/types.js';
export { SUB_RULES } from './runtime/lifecycle-rules.js';
export { simulate, HttpCache, type Origin, type OriginReply, type SimulateOptions, type SimulatedResponse, type SimulatedBackendRequest } from './runtime/simulate.js';
