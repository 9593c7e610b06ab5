/**
 * Relative session arrival rate per UTC hour. Hours 0–6 and 19–23 follow the hourly event counts
 * of the real slices (the November head rises from 10.9k events at 00h to 73k at 05h, the October
 * tail falls from ~50k at 19h to 7k at 23h); the daytime plateau between is assumed.
 */
const HOURLY_WEIGHTS = [
  0.12, 0.15, 0.36, 0.55, 0.68, 0.82, 0.9, 0.95, 1, 1, 1, 1, 0.98, 0.96, 0.93, 0.9, 0.85, 0.78, 0.65, 0.5, 0.24, 0.15, 0.1, 0.09,
] as const;

/** Sessions per second at weight 1 (~90k events an hour at the peak, as the real slices suggest). */
const PEAK_SESSIONS_PER_SECOND = 6.1;

const SECONDS_PER_HOUR = 3600;

/** Arrival rate at `second` (epoch seconds), interpolated between hour centres. */
export function sessionRateAt(second: number): number {
  const hours = (second / SECONDS_PER_HOUR - 0.5) % 24;
  const h = Math.floor(hours < 0 ? hours + 24 : hours);
  const f = (hours < 0 ? hours + 24 : hours) - h;
  return PEAK_SESSIONS_PER_SECOND * ((HOURLY_WEIGHTS[h] ?? 0) * (1 - f) + (HOURLY_WEIGHTS[(h + 1) % 24] ?? 0) * f);
}
