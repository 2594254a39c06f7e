/** The configured clock and human-readable relative times ("expires in 12 minutes"). */

/** Evaluation time in Unix seconds: `system`, or a fixed ISO date or Unix seconds from the settings. */
export function resolveClock(setting: unknown, systemNowMs: number): number {
  if (typeof setting === 'number' && Number.isFinite(setting)) return Math.floor(setting);
  if (typeof setting === 'string') {
    const trimmed = setting.trim();
    if (trimmed === '' || trimmed.toLowerCase() === 'system') return Math.floor(systemNowMs / 1000);
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.floor(Number(trimmed));
    const parsed = Date.parse(trimmed);
    if (!Number.isNaN(parsed)) return Math.floor(parsed / 1000);
  }
  return Math.floor(systemNowMs / 1000);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** "in 12 minutes" / "3 days ago" for `targetSeconds` seen from `nowSeconds`. */
export function relativeTime(targetSeconds: number, nowSeconds: number): string {
  const delta = targetSeconds - nowSeconds;
  const magnitude = Math.abs(delta);
  for (const [unit, seconds] of UNITS) {
    if (magnitude >= seconds || unit === 'second') {
      return relativeFormat.format(Math.trunc(delta / seconds), unit);
    }
  }
  return relativeFormat.format(delta, 'second');
}

export function isoDate(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  return Number.isNaN(date.getTime()) ? String(unixSeconds) : date.toISOString().replace('.000Z', 'Z');
}

/** The sentence for one of a token's time claims, e.g. "expired 3 days ago" or "valid from in 5 minutes". */
export function describeTimeClaim(claim: string, targetSeconds: number, nowSeconds: number): string {
  const relative = relativeTime(targetSeconds, nowSeconds);
  const past = targetSeconds <= nowSeconds;
  switch (claim) {
    case 'exp':
      return past ? `expired ${relative}` : `expires ${relative}`;
    case 'nbf':
      return past ? `valid since ${relative}` : `not valid before ${relative}`;
    case 'iat':
      return `issued ${relative}`;
    case 'auth_time':
      return `signed in ${relative}`;
    default:
      return relative;
  }
}
