// Today's date in UTC (`YYYY-MM-DD`), for `until=` dates of suppressions.
//
// Computed from Date.now() by arithmetic: the first `toISOString()` of a process has
// V8 set up its date cache, which reads the local time zone (/etc/localtime and the
// zone data) — 0.15 ms, at times 1 ms, of every run, for a UTC date that needs no zone.

const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` of the UTC day holding `ms` (milliseconds since the epoch); as `new Date(ms).toISOString().slice(0, 10)` for years 0–9999. */
export function utcDate(ms: number): string {
  // Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date.
  const z = Math.floor(ms / MS_PER_DAY) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today in UTC. */
export function utcToday(): string {
  return utcDate(Date.now());
}
