// The `log` statement's syntax: how a line names the logging endpoint it goes to.

export interface LogStatement {
  /** The endpoint named by `syslog <service_id> <endpoint> :: …`, or null for any other form. */
  endpoint: string | null;
  message: string;
}

// Fastly's convention for routing a log line: `syslog <service id> <endpoint name> :: <message>`.
// No `s` flag: a message with a line break is not in that form.
const SYSLOG_FORM = /^syslog (\S+) (.+?) :: (.*)$/;

export function parseLogStatement(text: string): LogStatement {
  const m = SYSLOG_FORM.exec(text);
  return m ? { endpoint: m[2]!, message: m[3]! } : { endpoint: null, message: text };
}
