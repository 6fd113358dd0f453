import type { CampaignDraft } from './campaign-desk.js';
import { parseTimeRange } from './local-time.js';

/** A campaign as people type it (CLI flags, the admin form); `toDraft` checks and converts it. */
export interface DraftInput {
  name: string;
  lesson?: string;
  message?: string;
  audience: string;
  start?: string;
  window: string;
  quiet: string;
  weekends?: boolean;
  reminders: string;
  perDay: string;
  perWeek: string;
  by?: string;
}

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 24 * 60 };

/** Parses `2h,1d,3d` (or `none`) into minutes. */
export function parseReminders(text: string): number[] {
  if (text.trim() === 'none' || text.trim() === '') return [];
  return text.split(',').map((part) => {
    const match = /^(\d+)([mhd])$/.exec(part.trim());
    if (!match) throw new Error(`reminder "${part}" is not understood; use delays such as 2h,1d,3d or none`);
    return Number(match[1]) * UNIT_MINUTES[match[2]!]!;
  });
}

function range(text: string, flag: string): [number, number] {
  const parsed = parseTimeRange(text);
  if (!parsed) throw new Error(`${flag} "${text}" is not understood; use HH:MM-HH:MM such as 09:00-17:00`);
  return parsed;
}

function whole(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${flag} "${text}" must be a whole number`);
  return Number(text);
}

/** Turns the flags into a draft, naming the flag of the first bad value. */
export function toDraft(o: DraftInput): CampaignDraft {
  const [start, end] = range(o.window, '--window');
  const [quietStart, quietEnd] = range(o.quiet, '--quiet');
  const startsAt = o.start ? new Date(o.start) : undefined;
  if (startsAt && Number.isNaN(startsAt.getTime())) {
    throw new Error(`--start "${o.start}" is not a date; use ISO 8601 such as 2026-12-01T09:00:00Z`);
  }
  return {
    name: o.name,
    ...(o.lesson ? { lessonId: o.lesson } : {}),
    ...(o.message ? { message: o.message } : {}),
    audience: o.audience,
    ...(startsAt ? { startsAt } : {}),
    window: { start, end, quietStart, quietEnd, skipWeekends: !o.weekends },
    reminders: parseReminders(o.reminders),
    caps: { perDay: whole(o.perDay, '--per-day'), perWeek: whole(o.perWeek, '--per-week') },
    createdBy: o.by ?? process.env.USER ?? 'L&D',
  };
}
