/**
 * A token's time claims (NumericDate: seconds since 1970-01-01 UTC) in words, worded once for every
 * surface: the simulation trace (CLI, JWT hover, reports), the hover's dates and the Decode token report.
 */

/** Claims whose value is a NumericDate. */
export const NUMERIC_DATE_CLAIMS: readonly string[] = ['exp', 'nbf', 'iat', 'auth_time', 'updated_at'];

/** The time claims shown with a decoded token, in the order they happen. */
export const TIME_CLAIMS = ['iat', 'auth_time', 'nbf', 'exp'] as const;

/** `2026-11-26 13:05:00 UTC`, or undefined when the seconds are outside what a Date can hold. */
export function formatUtc(seconds: number): string | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  const date = new Date(Math.floor(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `2026-01-01T00:12:00Z` (the protocol's `nowIso` and `TokenDate.iso`), or the number when no Date holds it. */
export function isoDate(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return Number.isNaN(date.getTime()) ? String(unixSeconds) : date.toISOString().replace('.000Z', 'Z');
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `45 seconds`, `1 minute`, `3 hours 5 minutes` (minutes only under 10 hours), `47 hours`, `3 days`. */
export function formatDuration(seconds: number): string {
  const s = Math.floor(Math.abs(seconds));
  if (s < 60) return count(s, 'second');
  if (s < 3600) return count(Math.floor(s / 60), 'minute');
  if (s < 2 * 86400) {
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return minutes > 0 && hours < 10 ? `${count(hours, 'hour')} ${count(minutes, 'minute')}` : count(hours, 'hour');
  }
  return count(Math.floor(s / 86400), 'day');
}

/**
 * A time claim relative to `now` (both Unix seconds), with the claim's own verb: `expires in 12 minutes`,
 * `expired 3 days ago`, `not valid for another 30 seconds`, `issued 1 minute ago`, `signed in 2 minutes ago`.
 */
export function describeTimeClaim(claim: string, value: number, now: number): string {
  const diff = Math.floor(value) - Math.floor(now);
  const span = formatDuration(diff);
  const [future, present, past] = PHRASES[claim] ?? PHRASES.default;
  return diff > 0 ? future(span) : diff === 0 ? present : past(span);
}

type Phrases = [future: (span: string) => string, now: string, past: (span: string) => string];

const PHRASES: Record<string, Phrases> = {
  exp: [(span) => `expires in ${span}`, 'expired just now', (span) => `expired ${span} ago`],
  nbf: [(span) => `not valid for another ${span}`, 'valid from now', (span) => `valid since ${span} ago`],
  iat: [(span) => `issued ${span} from now, in the future`, 'issued just now', (span) => `issued ${span} ago`],
  auth_time: [(span) => `signed in ${span} from now, in the future`, 'signed in just now', (span) => `signed in ${span} ago`],
  default: [(span) => `in ${span}, in the future`, 'now', (span) => `${span} ago`],
};

/**
 * A NumericDate claim as a date and its relative time, e.g. `2026-11-26 13:05:00 UTC (expires in 12 minutes)`;
 * a value that is no NumericDate is said to be one.
 */
export function describeNumericDate(value: unknown, now: number, claim = 'iat'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return 'not a NumericDate (expected a number of seconds since 1970-01-01 UTC)';
  }
  const when = formatUtc(value);
  if (!when) return `${value} (out of the range of dates)`;
  return `${when} (${describeTimeClaim(claim, value, now)})`;
}

export interface TimeClaimDate {
  claim: (typeof TIME_CLAIMS)[number];
  unixSeconds: number;
  iso: string;
  /** e.g. `expires in 12 minutes`. */
  relative: string;
}

/** The token's time claims that are numbers, each with its date and relative time. */
export function timeClaimDates(claims: Record<string, unknown>, now: number): TimeClaimDate[] {
  const dates: TimeClaimDate[] = [];
  for (const claim of TIME_CLAIMS) {
    const value = claims[claim];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    dates.push({ claim, unixSeconds: value, iso: isoDate(value), relative: describeTimeClaim(claim, value, now) });
  }
  return dates;
}
