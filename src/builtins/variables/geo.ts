// Geolocation: client.geo.* and its older names geoip.*. Fastly looks the client address up in its
// dataset; locally every address reads as one plausible fixed place (San Francisco, US), unless a run
// overrides a field (`--override client.geo.country_code=DE`). A geoip.* name follows an override of its
// client.geo.* twin, so one override serves both spellings.
import type { TypeName } from '../../ast/ast.js';
import type { Value } from '../../values/values.js';
import { ALL, env, inert, type VariableSpec } from './spec.js';

/** The fixed place every client reads as, field by field (name after `client.geo.`). */
export const LOCAL_PLACE: Readonly<Record<string, { type: TypeName; value: Value; doc: string }>> = {
  city: { type: 'STRING', value: 'San Francisco', doc: 'The city or town (ASCII).' },
  'city.ascii': { type: 'STRING', value: 'San Francisco', doc: 'The city or town, ASCII.' },
  'city.latin1': { type: 'STRING', value: 'San Francisco', doc: 'The city or town, Latin-1.' },
  'city.utf8': { type: 'STRING', value: 'San Francisco', doc: 'The city or town, UTF-8.' },
  country_code: { type: 'STRING', value: 'US', doc: 'The ISO 3166-1 alpha-2 country code.' },
  country_code3: { type: 'STRING', value: 'USA', doc: 'The ISO 3166-1 alpha-3 country code.' },
  country_name: { type: 'STRING', value: 'United States', doc: 'The country name (ASCII).' },
  'country_name.ascii': { type: 'STRING', value: 'United States', doc: 'The country name, ASCII.' },
  'country_name.latin1': { type: 'STRING', value: 'United States', doc: 'The country name, Latin-1.' },
  'country_name.utf8': { type: 'STRING', value: 'United States', doc: 'The country name, UTF-8.' },
  continent_code: { type: 'STRING', value: 'NA', doc: 'The continent code.' },
  region: { type: 'STRING', value: 'CA', doc: 'The region (ISO 3166-2 subdivision) code (ASCII).' },
  'region.ascii': { type: 'STRING', value: 'CA', doc: 'The region code, ASCII.' },
  'region.latin1': { type: 'STRING', value: 'CA', doc: 'The region code, Latin-1.' },
  'region.utf8': { type: 'STRING', value: 'CA', doc: 'The region code, UTF-8.' },
  postal_code: { type: 'STRING', value: '94107', doc: 'The postal code.' },
  latitude: { type: 'FLOAT', value: 37.7697, doc: 'The latitude, in degrees.' },
  longitude: { type: 'FLOAT', value: -122.3933, doc: 'The longitude, in degrees.' },
  area_code: { type: 'INTEGER', value: 415, doc: 'The telephone area code (US only).' },
  metro_code: { type: 'INTEGER', value: 807, doc: 'The metro (DMA) code (US only).' },
  gmt_offset: { type: 'INTEGER', value: -800, doc: 'The time zone offset from UTC as hours and minutes (-800: UTC-08:00).' },
  utc_offset: { type: 'INTEGER', value: -800, doc: 'The time zone offset from UTC as hours and minutes (-800: UTC-08:00).' },
  conn_speed: { type: 'STRING', value: 'broadband', doc: 'The connection speed class.' },
  conn_type: { type: 'STRING', value: 'wired', doc: 'The connection type.' },
  proxy_type: { type: 'STRING', value: '?', doc: 'The kind of proxy the address is, "?" when none is known.' },
  proxy_description: { type: 'STRING', value: '?', doc: 'More about the proxy, "?" when none is known.' },
};

/** Fields geoip.* also has (the older names lack the connection and proxy ones). */
const GEOIP_FIELDS = [
  'area_code', 'city', 'city.ascii', 'city.latin1', 'city.utf8', 'continent_code', 'country_code', 'country_code3', 'country_name', 'country_name.ascii',
  'country_name.latin1', 'country_name.utf8', 'latitude', 'longitude', 'metro_code', 'postal_code', 'region', 'region.ascii', 'region.latin1', 'region.utf8',
];

const LOCAL = 'one fixed place for every address (San Francisco, US); override it per run';
const clientGeo = Object.entries(LOCAL_PLACE).map(([field, f]) => env(`client.geo.${field}`, f.type, ALL, f.doc, f.value, { local: `${JSON.stringify(f.value)}: ${LOCAL}` }));
const byField = new Map(Object.keys(LOCAL_PLACE).map((field, i) => [field, clientGeo[i]!]));

const geoip = GEOIP_FIELDS.map((field) => {
  const twin = byField.get(field)!;
  return env(`geoip.${field}`, twin.type, ALL, `Older name of client.geo.${field}.`, (c) => twin.get(c), { local: `as client.geo.${field}` });
});

const NO_LOOKUP = 'kept and read back; locally it changes no lookup (there is no dataset)';

export const GEO_VARIABLES: readonly VariableSpec[] = [
  ...clientGeo,
  inert('client.geo.ip_override', 'STRING', ALL, 'Look this address up instead of client.ip.', null, NO_LOOKUP),
  ...geoip,
  inert('geoip.ip_override', 'STRING', ALL, 'Older name of client.geo.ip_override.', null, NO_LOOKUP),
  inert('geoip.use_x_forwarded_for', 'BOOL', ALL, 'Look up the first address of X-Forwarded-For instead of client.ip.', false, NO_LOOKUP),
];
