// A Fastly service offline: a project's config (.vcl-edge.json, .falco.yml, a Terraform plan) and the one
// assembled service lint, serve and test see.
export { loadProject, findUp, type ProjectOptions } from './project.js';
export { assembleService, assembleSnippet, withProject, hasMain, type AssembledService, type AssembleOptions } from './assemble.js';
export { loggedEndpoints } from './log-endpoints.js';
export { CONFIG_FILES, CONFIG_KEYS } from './config-file.js';
export { FALCO_FILES, FALCO_RULES } from './falco.js';
export { backendVclName } from './terraform.js';
export { SNIPPET_TYPES, isSnippetType, emptyProjectConfig, type ProjectConfig, type SnippetType, type BackendSetting, type OverrideValue } from './types.js';
