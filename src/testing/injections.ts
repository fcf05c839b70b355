// falco's `testing.overrides` (.falco.yml) set a value for any variable falco gives a tentative value,
// `req.digest.ratio` or `tls.client.certificate.is_cert_missing` included. vcl-edge overrides only
// environment variables (geo, POP…) for a service; in a test run the others are injected into every
// test, as testing.inject_variable("name", value) would inject them, so a falco config runs unchanged.
import type { TypeName } from '../ast/ast.js';
import { resolveVariable, valueFromText } from '../builtins/variables.js';
import type { Value } from '../values/values.js';

/**
 * A config value (YAML gives booleans, numbers and strings) read as the variable's type, as an override's
 * text is: an INTEGER past int64 is refused, not kept as an inexact number.
 */
function asType(type: TypeName, name: string, raw: string | number | boolean): Value {
  const value = valueFromText(type, String(raw));
  if (value === undefined) throw new Error(`testing override ${name} is ${type}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Take out of `overrides` every predefined variable that is not an environment variable, and return
 * those as injections: lower-case name → typed value. Names that are no variable are left in place,
 * for the service's own check to report.
 */
export function takeTestInjections(overrides: Map<string, string | number | boolean>): Map<string, Value> {
  const injections = new Map<string, Value>();
  for (const [name, raw] of [...overrides]) {
    const r = resolveVariable(name);
    const lower = name.toLowerCase();
    if (r?.kind !== 'predefined' || r.declared || r.spec.overridable || lower === 'client.ip' || lower === 'server.ip') continue;
    injections.set(r.spec.name.toLowerCase(), asType(r.spec.type, r.spec.name, raw));
    overrides.delete(name);
  }
  return injections;
}
