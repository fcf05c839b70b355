// strftime in the C locale, always in UTC (Fastly formats TIME values as GMT). Fastly's page points at
// FreeBSD's strftime(3), so its extensions work too: the padding flags `%-d` (none), `%_d` (spaces) and
// `%0e` (zeros), the ignored `E`/`O` modifiers (`%Ey`), `%+` and `%v`.
import { dictionary } from '../../dictionary.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Composite directives expand to others first (the C locale's forms). */
const ALIASES = dictionary<string>({
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  F: '%Y-%m-%d',
  h: '%b',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  v: '%e-%b-%Y',
  x: '%m/%d/%y',
  X: '%H:%M:%S',
  '+': '%a %b %e %H:%M:%S %Z %Y',
});

/** A number and how it is padded when no flag says otherwise. */
type Numeric = [value: number, width: number, fill: '0' | ' '];

const DIRECTIVE = /%([-_0]?)([EO]?)([a-zA-Z%+])/g;

export function strftime(format: string, epochMs: number): string {
  const date = new Date(Math.floor(epochMs / 1000) * 1000);
  return format.replace(DIRECTIVE, (whole, flag: string, _modifier: string, directive: string) => {
    const alias = ALIASES[directive];
    if (alias) return strftime(alias, epochMs);
    const numeric = numericField(date, directive);
    if (numeric) return padded(numeric, flag);
    return textField(date, directive) ?? whole; // unknown directives are left as written
  });
}

function padded([value, width, fill]: Numeric, flag: string): string {
  if (flag === '-') return String(value);
  const pad = flag === '_' ? ' ' : flag === '0' ? '0' : fill;
  return String(value).padStart(width, pad);
}

function numericField(d: Date, directive: string): Numeric | undefined {
  const hour = d.getUTCHours();
  switch (directive) {
    case 'C': return [Math.floor(d.getUTCFullYear() / 100), 2, '0'];
    case 'd': return [d.getUTCDate(), 2, '0'];
    case 'e': return [d.getUTCDate(), 2, ' '];
    case 'g': return [isoWeek(d).year % 100, 2, '0'];
    case 'H': return [hour, 2, '0'];
    case 'I': return [hour % 12 || 12, 2, '0'];
    case 'j': return [dayOfYear(d), 3, '0'];
    case 'k': return [hour, 2, ' '];
    case 'l': return [hour % 12 || 12, 2, ' '];
    case 'm': return [d.getUTCMonth() + 1, 2, '0'];
    case 'M': return [d.getUTCMinutes(), 2, '0'];
    case 'S': return [d.getUTCSeconds(), 2, '0'];
    case 'U': return [Math.floor((dayOfYear(d) - 1 + 7 - d.getUTCDay()) / 7), 2, '0'];
    case 'V': return [isoWeek(d).week, 2, '0'];
    case 'W': return [Math.floor((dayOfYear(d) - 1 + 7 - ((d.getUTCDay() + 6) % 7)) / 7), 2, '0'];
    case 'y': return [d.getUTCFullYear() % 100, 2, '0'];
    default: return undefined;
  }
}

function textField(d: Date, directive: string): string | undefined {
  switch (directive) {
    case 'a': return DAYS[d.getUTCDay()]!.slice(0, 3);
    case 'A': return DAYS[d.getUTCDay()];
    case 'b': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
    case 'B': return MONTHS[d.getUTCMonth()];
    case 'G': return String(isoWeek(d).year);
    case 'n': return '\n';
    case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'P': return d.getUTCHours() < 12 ? 'am' : 'pm';
    case 's': return String(Math.floor(d.getTime() / 1000));
    case 't': return '\t';
    case 'u': return String(d.getUTCDay() || 7);
    case 'w': return String(d.getUTCDay());
    case 'Y': return String(d.getUTCFullYear());
    case 'z': return '+0000';
    case 'Z': return 'GMT';
    case '%': return '%';
    default: return undefined;
  }
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeek(d: Date): { year: number; week: number } {
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { year, week };
}
