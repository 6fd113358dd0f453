import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW } from '../../../src/core/campaigns/campaign.js';
import { localParts, nextDeliveryTime, parseTimeRange } from '../../../src/core/campaigns/local-time.js';

describe('nextDeliveryTime', () => {
  // Monday 23 November 2026.
  const monday10utc = new Date('2026-11-23T10:00:00Z');

  it('delivers now when it is inside the window in the recipient time zone', () => {
    expect(nextDeliveryTime(monday10utc, 'Europe/Lisbon', DEFAULT_WINDOW)).toEqual(monday10utc);
  });

  it('waits for 09:00 local time when it is still early there', () => {
    // 10:00 UTC is 05:00 in New York.
    expect(nextDeliveryTime(monday10utc, 'America/New_York', DEFAULT_WINDOW)).toEqual(
      new Date('2026-11-23T14:00:00Z'),
    );
  });

  it('moves to the next working day when the local window is over', () => {
    // 10:00 UTC is 19:00 in Tokyo: next window opens Tuesday 09:00 JST.
    expect(nextDeliveryTime(monday10utc, 'Asia/Tokyo', DEFAULT_WINDOW)).toEqual(
      new Date('2026-11-24T00:00:00Z'),
    );
  });

  it('skips weekends', () => {
    const friday18 = new Date('2026-11-27T18:00:00Z');
    expect(nextDeliveryTime(friday18, 'UTC', DEFAULT_WINDOW)).toEqual(new Date('2026-11-30T09:00:00Z'));
    expect(nextDeliveryTime(friday18, 'UTC', { ...DEFAULT_WINDOW, skipWeekends: false })).toEqual(
      new Date('2026-11-28T09:00:00Z'),
    );
  });

  it('keeps out of quiet hours that overlap the window', () => {
    const window = { ...DEFAULT_WINDOW, start: 6 * 60, end: 22 * 60 };
    const early = new Date('2026-11-23T06:30:00Z');
    expect(nextDeliveryTime(early, 'UTC', window)).toEqual(new Date('2026-11-23T08:00:00Z'));
    const late = new Date('2026-11-23T20:30:00Z');
    expect(nextDeliveryTime(late, 'UTC', window)).toEqual(new Date('2026-11-24T08:00:00Z'));
  });

  it('follows daylight saving time changes', () => {
    // Europe/Berlin is UTC+2 in summer and UTC+1 in winter.
    expect(nextDeliveryTime(new Date('2026-07-01T05:00:00Z'), 'Europe/Berlin', DEFAULT_WINDOW)).toEqual(
      new Date('2026-07-01T07:00:00Z'),
    );
    expect(nextDeliveryTime(new Date('2026-12-01T05:00:00Z'), 'Europe/Berlin', DEFAULT_WINDOW)).toEqual(
      new Date('2026-12-01T08:00:00Z'),
    );
  });

  it('returns undefined when quiet hours cover the whole window', () => {
    const window = { ...DEFAULT_WINDOW, start: 21 * 60, end: 23 * 60 };
    expect(nextDeliveryTime(monday10utc, 'UTC', window)).toBeUndefined();
  });
});

describe('localParts', () => {
  it('gives the wall-clock minutes and weekday in a time zone', () => {
    expect(localParts(new Date('2026-11-23T23:30:00Z'), 'Asia/Kolkata')).toMatchObject({
      day: 24,
      minutes: 5 * 60,
      weekday: 'Tue',
    });
  });
});

describe('parseTimeRange', () => {
  it('parses HH:MM-HH:MM and refuses anything else', () => {
    expect(parseTimeRange('09:00-17:30')).toEqual([540, 1050]);
    expect(parseTimeRange('9-17')).toBeUndefined();
    expect(parseTimeRange('25:00-26:00')).toBeUndefined();
  });
});
