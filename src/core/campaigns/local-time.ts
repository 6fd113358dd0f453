import type { DeliveryWindow } from './campaign.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** Minutes after local midnight. */
  minutes: number;
  weekday: string;
}

export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: parts.weekday ?? '',
  };
}

/** Whether a name is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The instant a local wall-clock time occurs at in a time zone (DST gaps move forward). */
function toInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day) + minutes * MINUTE;
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const seen = Date.UTC(p.year, p.month - 1, p.day) + p.minutes * MINUTE;
    guess += wall - seen;
  }
  return new Date(guess);
}

/** The local minutes of a day when delivery is allowed: the window minus quiet hours. */
function allowedSpan(window: DeliveryWindow): [number, number] {
  let { start, end } = window;
  const { quietStart, quietEnd } = window;
  if (quietStart > quietEnd) {
    // Quiet hours wrap midnight: allowed is [quietEnd, quietStart).
    start = Math.max(start, quietEnd);
    end = Math.min(end, quietStart);
  } else if (quietStart < quietEnd) {
    if (start >= quietStart && start < quietEnd) start = quietEnd;
    if (end > quietStart && end <= quietEnd) end = quietStart;
  }
  return [start, end];
}

/**
 * The earliest instant at or after `from` that falls inside the delivery window in the
 * recipient's time zone, outside quiet hours and (when asked) not on a Saturday or Sunday.
 * `undefined` when the window is empty.
 */
export function nextDeliveryTime(from: Date, timeZone: string, window: DeliveryWindow): Date | undefined {
  const [start, end] = allowedSpan(window);
  if (end <= start) return undefined;
  for (let k = 0; k < 9; k++) {
    const day = localParts(new Date(from.getTime() + k * DAY), timeZone);
    if (window.skipWeekends && (day.weekday === 'Sat' || day.weekday === 'Sun')) continue;
    const open = toInstant(day.year, day.month, day.day, start, timeZone);
    const close = toInstant(day.year, day.month, day.day, end, timeZone);
    if (from < open) return open;
    if (from < close) return from;
  }
  return undefined;
}

/** Parses `HH:MM-HH:MM` into minutes after midnight. */
export function parseTimeRange(text: string): [number, number] | undefined {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59) return undefined;
  return [h1 * 60 + m1, h2 * 60 + m2];
}
