// POSIX strftime in the C locale, always in UTC (Fastly formats TIME values as GMT).

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

/** Composite directives expand to others first. */
const ALIASES: Record<string, string> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  F: '%Y-%m-%d',
  h: '%b',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  x: '%m/%d/%y',
  X: '%H:%M:%S',
};

export function strftime(format: string, epochMs: number): string {
  const date = new Date(Math.floor(epochMs / 1000) * 1000);
  return format.replace(/%([a-zA-Z%])/g, (whole, directive: string) => {
    const alias = ALIASES[directive];
    if (alias) return strftime(alias, epochMs);
    const value = field(date, directive);
    return value ?? whole; // unknown directives are left as written
  });
}

function field(d: Date, directive: string): string | undefined {
  const year = d.getUTCFullYear();
  const hour = d.getUTCHours();
  switch (directive) {
    case 'a': return DAYS[d.getUTCDay()]!.slice(0, 3);
    case 'A': return DAYS[d.getUTCDay()];
    case 'b': return MONTHS[d.getUTCMonth()]!.slice(0, 3);
    case 'B': return MONTHS[d.getUTCMonth()];
    case 'C': return pad(Math.floor(year / 100));
    case 'd': return pad(d.getUTCDate());
    case 'e': return pad(d.getUTCDate(), 2, ' ');
    case 'G': return String(isoWeek(d).year);
    case 'g': return pad(isoWeek(d).year % 100);
    case 'H': return pad(hour);
    case 'I': return pad(hour % 12 || 12);
    case 'j': return pad(dayOfYear(d), 3);
    case 'k': return pad(hour, 2, ' ');
    case 'l': return pad(hour % 12 || 12, 2, ' ');
    case 'm': return pad(d.getUTCMonth() + 1);
    case 'M': return pad(d.getUTCMinutes());
    case 'n': return '\n';
    case 'p': return hour < 12 ? 'AM' : 'PM';
    case 'P': return hour < 12 ? 'am' : 'pm';
    case 's': return String(Math.floor(d.getTime() / 1000));
    case 'S': return pad(d.getUTCSeconds());
    case 't': return '\t';
    case 'u': return String(d.getUTCDay() || 7);
    case 'U': return pad(Math.floor((dayOfYear(d) - 1 + 7 - d.getUTCDay()) / 7));
    case 'V': return pad(isoWeek(d).week);
    case 'w': return String(d.getUTCDay());
    case 'W': return pad(Math.floor((dayOfYear(d) - 1 + 7 - ((d.getUTCDay() + 6) % 7)) / 7));
    case 'y': return pad(year % 100);
    case 'Y': return String(year);
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
