// waf.*: Fastly's legacy WAF, which runs between vcl_miss/vcl_pass and the fetch. There is no WAF
// locally: the scores read 0 and the flags false unless VCL sets them or a run overrides them.
import type { TypeName } from '../../ast/ast.js';
import type { Value } from '../../values/values.js';
import { at, env, inert, type VariableSpec } from './spec.js';

const SCORES = at('pass,miss,deliver,log');
const FLAGS = at('pass,miss,deliver,log,error');
const NO_WAF = 'no WAF runs locally: reads what VCL set, else the override, else the default';

function setting(name: string, type: TypeName, scopes: typeof SCORES, doc: string, fallback: Value): VariableSpec {
  return inert(name, type, scopes, doc, fallback, NO_WAF);
}

const score = (name: string, what: string) => setting(`waf.${name}`, 'INTEGER', SCORES, `The WAF's ${what} score.`, 0);

export const WAF_VARIABLES: readonly VariableSpec[] = [
  score('anomaly_score', 'total anomaly'),
  setting('waf.inbound_anomaly_score', 'INTEGER', at('pass,miss'), "The WAF's inbound anomaly score.", 0),
  score('http_violation_score', 'HTTP violation'),
  score('lfi_score', 'local file inclusion'),
  score('php_injection_score', 'PHP injection'),
  score('rce_score', 'remote code execution'),
  score('rfi_score', 'remote file inclusion'),
  score('session_fixation_score', 'session fixation'),
  score('xss_score', 'cross-site scripting'),
  env('waf.sql_injection_score', 'FLOAT', at('log'), "The WAF's SQL injection score.", 0, { local: NO_WAF }),
  setting('waf.counter', 'INTEGER', at('pass,miss,deliver'), 'How many WAF rules matched.', 0),
  setting('waf.rule_id', 'INTEGER', SCORES, 'The id of the last WAF rule that matched.', 0),
  setting('waf.severity', 'INTEGER', SCORES, 'The severity of the last WAF rule that matched.', 0),
  setting('waf.message', 'STRING', SCORES, 'The message of the last WAF rule that matched.', ''),
  setting('waf.logdata', 'STRING', SCORES, 'The log data of the last WAF rule that matched.', ''),
  setting('waf.blocked', 'BOOL', FLAGS, 'Whether the WAF blocked the request.', false),
  setting('waf.executed', 'BOOL', FLAGS, 'Whether the WAF ran.', false),
  setting('waf.logged', 'BOOL', FLAGS, 'Whether the WAF logged the request.', false),
  setting('waf.passed', 'BOOL', FLAGS, 'Whether the request passed the WAF.', false),
  env('waf.failures', 'INTEGER', FLAGS, 'How many times the WAF failed to run.', 0, { local: NO_WAF }),
];
