/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function localDay(at: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Consecutive local days, ending today (or yesterday, so a streak survives until the day is
 * over), on which the learner completed at least one lesson.
 */
export function currentStreak(completions: Date[], now: Date, timeZone = 'UTC'): number {
  const days = new Set(completions.map((d) => localDay(d, timeZone)));
  const dayMs = 86_400_000;
  let cursor = now.getTime();
  if (!days.has(localDay(new Date(cursor), timeZone))) cursor -= dayMs;
  let streak = 0;
  while (days.has(localDay(new Date(cursor), timeZone))) {
    streak++;
    cursor -= dayMs;
  }
  return streak;
}
