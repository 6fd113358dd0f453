import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveryWindow } from '../../../src/core/campaigns/campaign.js';
import { localParts, nextDeliveryTime } from '../../../src/core/campaigns/local-time.js';

const ZONES = [
  'UTC',
  'Europe/Lisbon',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];
const MINUTE = 60_000;

describe('nextDeliveryTime (property)', () => {
  it('returns a time at or after the start, inside the local window, outside quiet hours and weekends', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 20 * 60 }),
        fc.integer({ min: 30, max: 8 * 60 }),
        fc.boolean(),
        (from, zone, start, length, skipWeekends) => {
          const window: DeliveryWindow = {
            start,
            end: Math.min(24 * 60, start + length),
            quietStart: 21 * 60,
            quietEnd: 7 * 60,
            skipWeekends,
          };
          const at = nextDeliveryTime(from, zone, window);
          const allowedStart = Math.max(window.start, window.quietEnd);
          const allowedEnd = Math.min(window.end, window.quietStart);
          if (allowedEnd <= allowedStart) {
            expect(at).toBeUndefined();
            return;
          }
          expect(at).toBeDefined();
          expect(at!.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(at!.getTime() - from.getTime()).toBeLessThan(4 * 24 * 60 * MINUTE);
          const local = localParts(at!, zone);
          // A DST jump can move a window edge by an hour; otherwise the minute is inside the window.
          expect(local.minutes).toBeGreaterThanOrEqual(allowedStart - 60);
          expect(local.minutes).toBeLessThan(allowedEnd + 60);
          if (skipWeekends) expect(['Sat', 'Sun']).not.toContain(local.weekday);
          // No earlier allowed moment was skipped: a minute before is either before `from` or not allowed.
          const before = new Date(at!.getTime() - MINUTE);
          if (before >= from) {
            const b = localParts(before, zone);
            const inside =
              b.minutes >= allowedStart &&
              b.minutes < allowedEnd &&
              !(skipWeekends && ['Sat', 'Sun'].includes(b.weekday));
            expect(inside).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
