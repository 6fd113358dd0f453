import { InputError } from '../errors.js';
import type { DateRange } from '../ports.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A range from `since` / `until` as people type them: `YYYY-MM-DD` or an ISO timestamp. A
 * date-only `until` includes that whole day (UTC); a timestamp `until` is exclusive.
 */
export function parseDateRange(since?: string, until?: string): DateRange {
  const range: DateRange = {};
  if (since) range.since = parseDate('since', since);
  if (until) {
    const end = parseDate('until', until);
    range.until = DATE_ONLY.test(until) ? new Date(end.getTime() + 86_400_000) : end;
  }
  if (range.since && range.until && range.since >= range.until) {
    throw new InputError(
      'date_range',
      `since ${since} is not before until ${until}`,
      '"since" must come before "until".',
    );
  }
  return range;
}

function parseDate(name: string, value: string): Date {
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new InputError(
      'date',
      `--${name} "${value}" is not a date`,
      `"${name}" must be a date such as 2026-11-01 or 2026-11-01T09:00:00Z.`,
    );
  }
  return date;
}
