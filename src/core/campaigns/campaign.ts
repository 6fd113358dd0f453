/** Who a campaign reaches. */
export type Audience =
  | { kind: 'everyone' }
  | { kind: 'group'; group: string }
  | { kind: 'role'; role: string }
  | { kind: 'not_completed'; lessonId: string }
  | { kind: 'conversation'; conversationPrefix: string };

/** Local delivery hours, e.g. 09:00-17:00 in each recipient's time zone, minus quiet hours. */
export interface DeliveryWindow {
  /** Minutes after local midnight. */
  start: number;
  end: number;
  /** Quiet hours, minutes after local midnight; may wrap midnight (e.g. 20:00-08:00). */
  quietStart: number;
  quietEnd: number;
  skipWeekends: boolean;
}

/** 09:00-17:00 on weekdays, quiet from 20:00 to 08:00. */
export const DEFAULT_WINDOW: DeliveryWindow = {
  start: 9 * 60,
  end: 17 * 60,
  quietStart: 20 * 60,
  quietEnd: 8 * 60,
  skipWeekends: true,
};

/** At most one lesson nudge a day and three a week per person, across campaigns. */
export const DEFAULT_CAPS = { perDay: 1, perWeek: 3 };

/** Reminders for unstarted lessons: 2 hours, 1 day, then 3 days after the previous nudge; then stop. */
export const DEFAULT_REMINDERS = [120, 24 * 60, 3 * 24 * 60];

export type CampaignStatus = 'active' | 'cancelled' | 'finished';

/** An L&D nudge: a lesson or a message sent to an audience at a good local time, at a safe pace. */
export interface Campaign {
  id: string;
  name: string;
  lessonId?: string;
  message?: string;
  audience: Audience;
  startsAt: Date;
  window: DeliveryWindow;
  /** Minutes after the first nudge at which unstarted learners are reminded, then no more. */
  reminders: number[];
  /** Most lesson nudges a person gets per day and per week, across campaigns. */
  caps: { perDay: number; perWeek: number };
  status: CampaignStatus;
  createdBy: string;
  createdAt: Date;
}

export type RecipientState = 'pending' | 'sending' | 'done' | 'failed' | 'skipped';

/** One person's delivery state in one campaign, persisted so a restart resumes where it stopped. */
export interface CampaignRecipient {
  campaignId: string;
  userId: string;
  channel: string;
  conversationKey: string;
  timeZone?: string;
  state: RecipientState;
  /** 0 for the first nudge, then one per reminder. */
  step: number;
  nextAt: Date;
  attempts: number;
  /** While `sending`: when another worker may take the recipient over. */
  leaseUntil?: Date;
  lastSentAt?: Date;
  sentCount: number;
  /** When the person first pressed the nudge's Start button. */
  openedAt?: Date;
  error?: string;
}

/** Campaigns and their recipients. */
export interface CampaignRepository {
  create(campaign: Campaign): Promise<void>;
  get(id: string): Promise<Campaign | undefined>;
  list(): Promise<Campaign[]>;
  setStatus(id: string, status: CampaignStatus): Promise<void>;
  /** Adds recipients; ones already present are left as they are. */
  addRecipients(recipients: CampaignRecipient[]): Promise<void>;
  recipients(campaignId: string): Promise<CampaignRecipient[]>;
  getRecipient(campaignId: string, userId: string): Promise<CampaignRecipient | undefined>;
  /** Records the first time a recipient opened the campaign's lesson from its nudge. */
  markOpened(campaignId: string, userId: string, at: Date): Promise<void>;
  /** How many recipients still wait for a nudge (pending or being sent). */
  countWaiting(campaignId: string): Promise<number>;
  /** Pending recipients of active campaigns due at `now`, and sending ones whose lease ran out; optionally of one channel. */
  due(now: Date, limit: number, channel?: string): Promise<CampaignRecipient[]>;
  /**
   * Takes a recipient for sending if it is still in the expected state and step and its
   * campaign is active; false when another worker (or an earlier run) already did.
   */
  claim(
    r: Pick<CampaignRecipient, 'campaignId' | 'userId' | 'step' | 'state'>,
    now: Date,
    leaseUntil: Date,
  ): Promise<boolean>;
  updateRecipient(
    campaignId: string,
    userId: string,
    changes: Partial<Omit<CampaignRecipient, 'campaignId' | 'userId'>>,
  ): Promise<void>;
  /**
   * Settles a sent nudge in one transaction: the recipient's new state and, for lesson nudges,
   * the entry in the nudge log that frequency caps count.
   */
  settleSent(
    campaignId: string,
    userId: string,
    changes: Partial<Omit<CampaignRecipient, 'campaignId' | 'userId'>>,
    nudgeAt?: Date,
  ): Promise<void>;
  /** Records one nudge sent to a person, for frequency caps. */
  recordNudge(userId: string, campaignId: string, sentAt: Date): Promise<void>;
  /** When the person was nudged since `since`, oldest first. */
  nudgesSince(userId: string, since: Date): Promise<Date[]>;
}
