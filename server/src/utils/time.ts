/** The configured clock (times are worded by core/token/timeClaims.ts). */

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
