// Device detection (client.browser.*, client.os.*, client.platform.*, client.class.*, client.display.*),
// autonomous system (client.as.*) and bots (client.bot.*, fastly.bot.*). Fastly derives them from the
// User-Agent and the address with its datasets; locally every one reads as Fastly's "not known" shape
// (-1, false, "") unless a run overrides it.
import { ALL, at, env, type VariableSpec } from './spec.js';
import type { TypeName } from '../../ast/ast.js';

const UNKNOWN = 'not known locally (no device dataset): override it to test a device';
const NOT_KNOWN: Record<string, string | number | boolean> = { STRING: '', INTEGER: -1, BOOL: false };

function device(name: string, type: TypeName, doc: string, deprecated?: string): VariableSpec {
  return env(name, type, ALL, doc, NOT_KNOWN[type]!, { local: UNKNOWN, deprecated });
}

const NO_CLASS = 'use fastly.bot.* (bot detection) or client.bot.name instead';
const NO_DISPLAY = 'Fastly no longer detects it and has no replacement';

export const CLIENT_DEVICE_VARIABLES: readonly VariableSpec[] = [
  device('client.browser.name', 'STRING', 'The browser name.'),
  device('client.browser.version', 'STRING', 'The browser version.'),
  device('client.os.name', 'STRING', 'The operating system name.'),
  device('client.os.version', 'STRING', 'The operating system version.'),
  device('client.platform.hwtype', 'STRING', 'The hardware type (desktop, mobile, tablet…).'),
  device('client.platform.vendor', 'STRING', 'The device vendor.'),
  device('client.platform.model', 'STRING', 'The device model.'),
  device('client.platform.mobile', 'BOOL', 'Whether the device is a mobile phone.'),
  device('client.platform.tablet', 'BOOL', 'Whether the device is a tablet.'),
  device('client.platform.smarttv', 'BOOL', 'Whether the device is a smart TV.'),
  device('client.platform.gameconsole', 'BOOL', 'Whether the device is a game console.'),
  device('client.platform.mediaplayer', 'BOOL', 'Whether the device is a media player.'),
  device('client.platform.ereader', 'BOOL', 'Whether the device is an e-reader.', 'use client.platform.hwtype instead'),
  device('client.platform.tvplayer', 'BOOL', 'Whether the device is a TV player.', 'use client.platform.hwtype instead'),
  device('client.class.bot', 'BOOL', 'Whether the client is non-human traffic.'),
  device('client.class.browser', 'BOOL', 'Whether the client is a web browser.'),
  device('client.class.checker', 'BOOL', 'Whether the client is an automated checker (e.g. a validator).', NO_CLASS),
  device('client.class.downloader', 'BOOL', 'Whether the client is a download tool.', NO_CLASS),
  device('client.class.feedreader', 'BOOL', 'Whether the client is a feed reader.', NO_CLASS),
  device('client.class.filter', 'BOOL', 'Whether the client is a filtering proxy.', NO_CLASS),
  device('client.class.masquerading', 'BOOL', 'Whether the client pretends to be another client.', NO_CLASS),
  device('client.class.spam', 'BOOL', 'Whether the client is a spam bot.', NO_CLASS),
  device('client.display.width', 'INTEGER', 'The display width in pixels.', NO_DISPLAY),
  device('client.display.height', 'INTEGER', 'The display height in pixels.', NO_DISPLAY),
  device('client.display.ppi', 'INTEGER', 'The display density in pixels per inch.', NO_DISPLAY),
  device('client.display.touchscreen', 'BOOL', 'Whether the display is a touchscreen.'),
  device('client.bot.name', 'STRING', 'The name of the bot the client is, if it is one.'),
  env('client.as.number', 'INTEGER', ALL, 'The autonomous system (AS) number of the client address.', 64496, { local: '64496, an AS number reserved for documentation' }),
  env('client.as.name', 'STRING', ALL, 'The name of the autonomous system of the client address.', 'vcl-edge local network', { local: '"vcl-edge local network"' }),
];

const BOT = 'false unless overridden: no bot detection locally';
const ANALYZED = at('recv,hash,deliver,log');
const BOT_CATEGORIES = [
  'accessibility', 'ai_crawler', 'ai_fetcher', 'content_fetcher', 'monitoring_and_site_tools', 'online_marketing', 'page_preview',
  'platform_integrations', 'research', 'search_engine_crawler', 'search_engine_optimization', 'security_tools', 'verified',
];

/** fastly.bot.*: Fastly's bot management; listed with the fastly.* variables. */
export const FASTLY_BOT_VARIABLES: readonly VariableSpec[] = [
  env('fastly.bot.analyzed', 'BOOL', ANALYZED, 'Whether bot detection ran on this request.', false, { local: BOT }),
  env('fastly.bot.detected', 'BOOL', ANALYZED, 'Whether the client was detected as a bot.', false, { local: BOT }),
  env('fastly.bot.name', 'STRING', ALL, 'The name of the detected bot.', '', { local: BOT }),
  env('fastly.bot.category', 'STRING', ALL, 'The category of the detected bot.', '', { local: BOT }),
  ...BOT_CATEGORIES.map((c) => env(`fastly.bot.category.is_${c}`, 'BOOL', ALL, `Whether the detected bot is in the ${c.replace(/_/g, ' ')} category.`, false, { local: BOT })),
];
