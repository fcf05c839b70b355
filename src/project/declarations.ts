// The declarations a project's config makes: an edge dictionary is a `table`, an ACL an `acl`, a backend
// configured outside VCL a `backend`, as Fastly renders them into the VCL it generates. The nodes are
// placed in the file that described them (a dictionary's JSON file, the plan, the config), so what the
// checker says about them (an invalid ACL address) points there.
import type { AclDeclaration, BackendDeclaration, Expression, Property, TableDeclaration } from '../ast/ast.js';
import { AclEntryNode, AclNode, BoolNode, IdentifierNode, IntegerNode, NamedObjectNode, PropertyNode, RTimeNode, StringNode, TableEntryNode, TableNode } from '../ast/nodes.js';
import type { Span } from '../lexer/source-range.js';
import type { AclSource, BackendSetting, DictionarySource, Origin } from './types.js';

const span = (at: Origin, length = 1): Span => ({ lines: at.lines, startOffset: at.offset, endOffset: at.offset + length });

/** A VCL string literal for any text: `"…"` when it needs no escape, else a long string `{"…"}` or `{X"…"X}`. */
export function stringLiteral(value: string, at: Origin): StringNode {
  let raw: string;
  if (!/["%\n\r]/.test(value)) raw = `"${value}"`;
  else if (!value.includes('"}')) raw = `{"${value}"}`;
  else {
    let delimiter = 'X';
    while (value.includes(`"${delimiter}}`)) delimiter += 'X';
    raw = `{${delimiter}"${value}"${delimiter}}`;
  }
  return new StringNode(value, raw, span(at, 1));
}

export function tableOf(dictionary: DictionarySource): TableDeclaration {
  const entries = dictionary.items.map((item) => new TableEntryNode(stringLiteral(item.key, item.at), stringLiteral(item.value, item.at), span(item.at)));
  return new TableNode(new IdentifierNode(dictionary.name, span(dictionary.at)), null, entries, span(dictionary.at));
}

export function aclOf(acl: AclSource): AclDeclaration {
  const entries = acl.entries.map((e) => new AclEntryNode(e.negated, e.address, e.prefix, span(e.at)));
  return new AclNode(new IdentifierNode(acl.name, span(acl.at)), entries, span(acl.at));
}

/** The host, port and TLS of a backend URL (http://host:port or https://host:port). */
export function addressOf(url: string): { host: string; port: number; tls: boolean } {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'https:';
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port === '' ? (tls ? 443 : 80) : Number(parsed.port), tls };
}

export function backendOf(name: string, setting: BackendSetting): BackendDeclaration {
  const at = setting.at;
  const { host, port, tls } = addressOf(setting.url);
  const property = (key: string, value: Expression): Property => new PropertyNode(new IdentifierNode(key, span(at)), value, span(at));
  const text = (value: string) => stringLiteral(value, at);
  const rtime = (ms: number) => new RTimeNode(ms, `${ms}ms`, span(at));
  const properties = [property('host', text(host)), property('port', text(String(port)))];
  if (tls) properties.push(property('ssl', new BoolNode(true, span(at))));
  if (setting.certHostname) properties.push(property('ssl_cert_hostname', text(setting.certHostname)));
  if (setting.sniHostname) properties.push(property('ssl_sni_hostname', text(setting.sniHostname)));
  if (setting.hostHeader) properties.push(property('host_header', text(setting.hostHeader)));
  if (setting.connectTimeoutMs !== undefined) properties.push(property('connect_timeout', rtime(setting.connectTimeoutMs)));
  if (setting.firstByteTimeoutMs !== undefined) properties.push(property('first_byte_timeout', rtime(setting.firstByteTimeoutMs)));
  if (setting.betweenBytesTimeoutMs !== undefined) properties.push(property('between_bytes_timeout', rtime(setting.betweenBytesTimeoutMs)));
  if (setting.maxConnections !== undefined) properties.push(property('max_connections', new IntegerNode(setting.maxConnections, String(setting.maxConnections), false, span(at))));
  return new NamedObjectNode('Backend', new IdentifierNode(name, span(at)), properties, span(at)) as BackendDeclaration;
}
